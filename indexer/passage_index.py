"""Keeps the passage stores (Chroma vectors + BM25) in step with the parsed documents.

Embedding is the slow step, so it is incremental: a manifest records each document's
content_hash, and only new or changed documents are re-embedded; removed ones are dropped.
With a Chroma server the manifest also names the build's collection (see indexer.vector_store).
BM25 is rebuilt from all passages every time (it takes well under a second).
A change of chunking settings or embedding model invalidates every vector: full rebuild.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from pathlib import Path

from core.config import Settings
from indexer.bm25_store import BM25Store, user_words
from indexer.embeddings import load_embedder, vector_precision
from indexer.models import Document, Passage
from indexer.passages import dense_text, document_passages
from indexer.vector_store import VectorStore

MANIFEST = "passages_manifest.json"
# Bump when chunking, search_text or dense_text changes meaning, so old vectors are not reused.
FORMAT_VERSION = 1


def _signature(settings: Settings) -> dict:
    return {
        "format": FORMAT_VERSION,
        "model": Path(settings.model_path).name,
        "precision": vector_precision(settings),
        "chunk_max_chars": settings.chunk_max_chars,
        "chunk_overlap_chars": settings.chunk_overlap_chars,
        "chunk_min_chars": settings.chunk_min_chars,
        "table_passage_max_chars": settings.table_passage_max_chars,
        "table_dense_max_chars": settings.table_dense_max_chars,
    }


def _passages_digest(passages: list[Passage]) -> str:
    """Changes when the parser cuts the same file differently (e.g. after a parser fix)."""
    return hashlib.sha1("\n".join(p.passage_id for p in passages).encode("utf-8")).hexdigest()


def read_manifest(index_dir: Path) -> dict:
    path = index_dir / MANIFEST
    if not path.is_file():
        return {"signature": None, "docs": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def sync_passages(documents: Iterable[Document], index_dir: Path, settings: Settings, progress: bool = False) -> dict:
    """Bring the passage stores under index_dir in line with `documents` (the whole corpus).

    `documents` is consumed once, one document at a time, and no document is kept: only its
    passages and dictionary words are (what BM25 needs at the end), so a build's memory grows with
    the passages, not with the parsed corpus.
    Returns {"docs_embedded": [...], "docs_removed": [...], "passages": n, "passages_embedded": n,
    "seconds": s}."""
    started = time.perf_counter()
    index_dir.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(index_dir)
    signature = _signature(settings)
    known = manifest["docs"] if manifest["signature"] == signature else {}
    store = VectorStore.for_build(index_dir, settings, manifest.get("collection"))
    have = store.docs()

    entries: dict[str, dict] = {}
    everything: list[Passage] = []
    words: set[str] = set()
    embedded: list[str] = []
    pending: list[Passage] = []
    n_embedded = 0

    def flush() -> None:
        nonlocal n_embedded
        if pending:
            vectors = load_embedder(settings).encode([dense_text(p, settings) for p in pending], progress=progress)
            store.add(pending, vectors)
            n_embedded += len(pending)
            pending.clear()

    for document in documents:
        doc = document.meta.doc
        passages = document_passages(document, settings)
        # agency and year are part of every embedded text (search_text): a corrected name re-embeds
        entries[doc] = {"content_hash": document.meta.content_hash, "passages_digest": _passages_digest(passages),
                        "agency": document.meta.agency, "year": document.meta.year}
        everything += passages
        words |= user_words([document])
        # The manifest alone is not proof: vectors a server lost (or never got) are embedded again.
        if known.get(doc) == entries[doc] and (doc in have or not passages):
            store.keep(doc)
            continue
        store.delete_doc(doc)
        embedded.append(doc)
        pending += passages
        if len(pending) >= settings.embedding_flush_passages:
            flush()
    flush()
    stale = (set(known) | have) - set(entries)
    for doc in stale:
        store.delete_doc(doc)

    BM25Store(everything, words).save(index_dir)
    manifest = {"signature": signature, "docs": entries}
    if settings.chroma_host:  # embedded, the vectors are found by the folder itself
        manifest["collection"] = store.name
    (index_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return {
        "docs_embedded": sorted(embedded),
        "docs_removed": sorted(stale),
        "passages": len(everything),
        "passages_embedded": n_embedded,
        "seconds": round(time.perf_counter() - started, 2),
    }

"""Hybrid passage retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank.

Rank fusion needs no score calibration between cosine similarities and BM25 scores, and a
passage that either side ranks highly survives: dense retrieval carries loose paraphrases
("管什么的" -> 主要职责), BM25 carries exact budget terms and names.
"""
from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.config import Settings
from indexer.bm25_store import BM25_DIR, BM25Store
from indexer.embeddings import load_embedder
from indexer.models import Passage
from indexer.passage_index import MANIFEST, read_manifest
from indexer.vector_store import VectorStore, VectorStoreError
from qa_app import heap
from qa_app.synonyms import expand
from qa_app.types import IndexNotFoundError

# How deep each ranking is read before fusion; ranks below this add almost nothing to RRF.
CANDIDATES = 50
OVERFETCH = 10


@dataclass(frozen=True)
class Filters:
    doc: str | None = None
    agency: str | None = None
    year: int | None = None
    section: str | None = None  # a substring of the heading path, e.g. "名词解释"

    def where(self, sections: list[str] | None = None) -> dict[str, Any] | None:
        """As a Chroma metadata filter; the section substring test, which Chroma cannot do, comes
        in as the list of heading paths that pass it."""
        named = (("doc", self.doc), ("agency", self.agency), ("year", self.year))
        clauses = [{k: v} for k, v in named if v is not None]
        if sections is not None:
            clauses.append({"section": {"$in": sections}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts(self, p: Passage) -> bool:
        return (
            (self.doc is None or p.doc == self.doc)
            and (self.agency is None or p.agency == self.agency)
            and (self.year is None or p.year == self.year)
            and (self.section is None or self.section in p.section)
        )


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # fused reciprocal-rank score
    dense_rank: int | None  # 1-based rank in each list, None when the list missed it
    bm25_rank: int | None


class HybridRetriever:
    def __init__(self, index_dir: Path, settings: Settings) -> None:
        if not (index_dir / MANIFEST).is_file() or not (index_dir / BM25_DIR).is_dir():
            raise IndexNotFoundError(f"no passage index in {index_dir}: build it first (python -m indexer build)")
        self.settings = settings
        manifest = read_manifest(index_dir)
        self.docs = set(manifest["docs"])
        try:
            collection = manifest.get("collection", settings.chroma_collection)
            self._vectors = VectorStore.open(index_dir, settings, collection)
        except VectorStoreError as exc:
            raise IndexNotFoundError(str(exc)) from exc
        self._bm25 = BM25Store.load(index_dir)
        by_doc: dict[str, list[int]] = {}
        for i, p in enumerate(self._bm25.passages):
            by_doc.setdefault(p.doc, []).append(i)
        self._doc_rows = {doc: np.array(rows) for doc, rows in by_doc.items()}
        self._no_rows = np.array([], dtype=int)
        self._embedder = load_embedder(settings)
        # One answer searches several times with the same question (per document, per section):
        # encoding it is the costly part, so it is done once.
        self._vector = functools.lru_cache(maxsize=256)(lambda text: self._embedder.encode([text])[0])
        self._doc_matrix = functools.lru_cache(maxsize=settings.vector_cache_docs)(self._document_matrix)

    def passages_of(self, doc: str) -> list[Passage]:
        """Every passage of one document, in index order."""
        return [self._bm25.passages[i] for i in self._doc_rows.get(doc, self._no_rows)]

    def _rows(self, filters: Filters) -> np.ndarray:
        """Positions in the passage list that the document filter leaves (all without one)."""
        if filters.doc:
            return self._doc_rows.get(filters.doc, self._no_rows)
        return np.arange(len(self._bm25.passages))

    def dense(self, query: str, filters: Filters, n: int = CANDIDATES) -> list[tuple[Passage, float]]:
        if filters.doc:
            return self._dense_in_document(query, filters, n)
        vector = self._vector(query)
        if filters == Filters():
            return self._vectors.query(vector, n)
        # Chroma's metadata filter costs grow with the collection (90 ms at 50,000 passages); its
        # unfiltered nearest neighbours are cheap (20 ms for 500). The filtered passages among the
        # nearest OVERFETCH * n are the filtered ranking's head exactly; only a head shorter than
        # n // 5 (a rare section far from the question) asks Chroma to filter.
        wide = self._vectors.query(vector, OVERFETCH * n)
        head = [(p, s) for p, s in wide if filters.accepts(p)][:n]
        if len(head) >= n // 5 or len(wide) < OVERFETCH * n:
            return head
        sections = None
        if filters.section:
            passages = self._bm25.passages
            sections = sorted({passages[i].section for i in self._rows(filters) if filters.accepts(passages[i])})
            if not sections:
                return []
        hits = self._vectors.query(vector, n, filters.where(sections))
        return [(p, s) for p, s in hits if filters.accepts(p)]

    def _dense_in_document(self, query: str, filters: Filters, n: int) -> list[tuple[Passage, float]]:
        """Exact cosine over one document's vectors. Chroma's filtered query grew with the whole
        collection (70 ms at 50,000 passages for a 50-passage document), a document's own vectors
        are a few dozen rows: fetched once, then a dot product."""
        passages, vectors = self._doc_matrix(filters.doc)
        if not passages:
            return []
        scores = vectors @ self._vector(query)  # the vectors are unit length: dot = cosine
        ranked = [(passages[i], float(scores[i])) for i in np.argsort(-scores, kind="stable")
                  if filters.accepts(passages[i])]
        return ranked[:n]

    def _document_matrix(self, doc: str) -> tuple[list[Passage], np.ndarray]:
        """The document's passages (those BM25 already holds) and their vectors, rows aligned; a
        passage without a vector (a store that lost it) is left out of dense search."""
        by_id = self._vectors.doc_vectors(doc)
        passages = [p for p in (self._bm25.passages[i] for i in self._doc_rows.get(doc, self._no_rows))
                    if p.passage_id in by_id]
        if not passages:
            return [], np.zeros((0, 0), dtype=np.float32)
        return passages, np.stack([by_id[p.passage_id] for p in passages])

    def lexical(self, query: str, filters: Filters, n: int = CANDIDATES) -> list[tuple[Passage, float]]:
        # Only the filtered document's rows are scored and ranked, and the walk stops at n: with
        # hundreds of documents indexed, scoring, sorting and testing every passage was most of a
        # search's time.
        rows = self._rows(filters)
        scores = self._bm25.scores(expand(query), rows)
        hit = scores > 0
        rows, scores = rows[hit], scores[hit]
        passages = self._bm25.passages
        ranked = []
        for j in np.argsort(-scores, kind="stable"):
            if filters.accepts(passages[rows[j]]):
                ranked.append((passages[rows[j]], float(scores[j])))
                if len(ranked) == n:
                    break
        return ranked

    def search(self, query: str, k: int | None = None, filters: Filters | None = None) -> list[Hit]:
        """The k best passages for a question, best first."""
        filters = filters or Filters()
        k = k or self.settings.retrieval_k
        rankings = [self.dense(query, filters), self.lexical(query, filters)]
        passages: dict[str, Passage] = {}
        ranks: dict[str, list[int | None]] = {}
        for which, ranking in enumerate(rankings):
            for rank, (passage, _) in enumerate(ranking, start=1):
                passages.setdefault(passage.passage_id, passage)
                ranks.setdefault(passage.passage_id, [None, None])[which] = rank
        rrf_k = self.settings.rrf_k
        fused = [
            Hit(passages[pid], sum(1.0 / (rrf_k + r) for r in pair if r is not None), pair[0], pair[1])
            for pid, pair in ranks.items()
        ]
        fused.sort(key=lambda h: -h.score)
        return fused[:k]


_loaded: dict[tuple[Path, Settings], tuple[int, HybridRetriever]] = {}
_loading = threading.Lock()


def get_retriever(index_dir: Path, settings: Settings) -> HybridRetriever:
    """The process-wide retriever for an index folder, reloaded when the index is rebuilt (the
    manifest's modification time changes). The replaced retriever is dropped before the new one
    is frozen, so a long-running app that sees many rebuilds holds one index, not all of them."""
    manifest = index_dir / MANIFEST
    stamp = manifest.stat().st_mtime_ns if manifest.is_file() else 0
    key = (index_dir, settings)
    with _loading:
        held = _loaded.get(key)
        if held is None or held[0] != stamp:
            _loaded.pop(key, None)
            held = _loaded[key] = (stamp, HybridRetriever(index_dir, settings))
            heap.freeze_loaded()
    return held[1]

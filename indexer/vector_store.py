"""Dense passage vectors in Chroma: embedded (PersistentClient under the index folder) or, when
Settings.chroma_host is set, a Chroma server. Vectors are always computed by us (see
indexer.embeddings); Chroma's own embedding function would try to download a model."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from indexer.models import Passage
from qa_app.config import Settings

CHROMA_DIR = "chroma"
_ADD_BATCH = 1000  # Chroma rejects very large single inserts


def _client(index_dir: Path, settings: Settings) -> chromadb.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    return chromadb.PersistentClient(path=str(index_dir / CHROMA_DIR), settings=chroma_settings)


def _metadata(p: Passage) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc": p.doc,
        "agency": p.agency,
        "section": p.section,
        "line_start": p.line_start,
        "line_end": p.line_end,
        "kind": p.kind,
    }
    if p.year is not None:  # Chroma metadata cannot hold None
        meta["year"] = p.year
    return meta


def _passage(passage_id: str, text: str, meta: dict[str, Any]) -> Passage:
    return Passage(
        passage_id=passage_id,
        doc=meta["doc"],
        agency=meta["agency"],
        year=meta.get("year"),
        section=meta["section"],
        line_start=meta["line_start"],
        line_end=meta["line_end"],
        text=text,
        kind=meta["kind"],
    )


class VectorStore:
    def __init__(self, index_dir: Path, settings: Settings) -> None:
        self._client = _client(index_dir, settings)
        self._collection = self._client.get_or_create_collection(
            settings.chroma_collection,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )

    def count(self) -> int:
        return self._collection.count()

    def add(self, passages: list[Passage], vectors: np.ndarray) -> None:
        for i in range(0, len(passages), _ADD_BATCH):
            batch = passages[i : i + _ADD_BATCH]
            self._collection.upsert(
                ids=[p.passage_id for p in batch],
                embeddings=vectors[i : i + _ADD_BATCH],
                documents=[p.text for p in batch],
                metadatas=[_metadata(p) for p in batch],
            )

    def delete_doc(self, doc: str) -> None:
        self._collection.delete(where={"doc": doc})

    def docs(self) -> set[str]:
        got = self._collection.get(include=["metadatas"])
        return {m["doc"] for m in got["metadatas"] or []}

    def query(self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[tuple[Passage, float]]:
        """The k nearest passages with cosine similarity, best first. `where` is a Chroma
        metadata filter, e.g. {"doc": "x"} or {"$and": [{"doc": "x"}, {"year": 2023}]}."""
        n = min(k, self.count())
        if n == 0:
            return []
        got = self._collection.query(
            query_embeddings=[vector], n_results=n, where=where or None, include=["documents", "metadatas", "distances"]
        )
        return [
            (_passage(pid, text, meta), 1.0 - float(dist))
            for pid, text, meta, dist in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        ]

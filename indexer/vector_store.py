"""Dense passage vectors in Chroma: embedded (PersistentClient under the index folder) or, when
Settings.chroma_host is set, a Chroma server. Vectors are always computed by us (see
indexer.embeddings); Chroma's own embedding function would try to download a model.

On a server the vectors are not inside the index folder, so the crash-safe build (indexer.build)
would lose its guarantee if every build wrote one shared collection. Instead each build folder
has its own collection, named after the folder: a build in progress or killed never changes what
readers of the current build query, and the folder name alone says which collection to drop
when the build is pruned. The passage manifest records the name; readers open that one.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from core.config import Settings
from indexer.models import Passage

CHROMA_DIR = "chroma"
_ADD_BATCH = 1000  # Chroma rejects very large single inserts
_SPACE = {"hnsw": {"space": "cosine"}}


class VectorStoreError(RuntimeError):
    """The Chroma server is unreachable or the index's collection is not there."""


def _client(index_dir: Path, settings: Settings) -> chromadb.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_host:
        return chromadb.PersistentClient(path=str(index_dir / CHROMA_DIR), settings=chroma_settings)
    try:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    except ValueError as exc:  # what chromadb raises when nothing answers at host:port
        raise VectorStoreError(f"no Chroma server at {settings.chroma_host}:{settings.chroma_port} ({exc})") from exc


def collection_name(index_dir: Path, settings: Settings) -> str:
    """The collection the passage stores under index_dir write: embedded, the vectors live in the
    folder, so the configured name is enough; on a server, one per folder (see the module doc)."""
    if not settings.chroma_host:
        return settings.chroma_collection
    # Chroma accepts [a-zA-Z0-9._-] without "..", starting and ending alphanumeric; build folders
    # (build-<ns>-<pid>) pass through unchanged.
    folder = re.sub(r"[^a-zA-Z0-9]+", "-", index_dir.name).strip("-") or "index"
    return f"{settings.chroma_collection}.{folder}"


def _delete(client: chromadb.ClientAPI, name: str) -> None:
    try:
        client.delete_collection(name)
    except NotFoundError:  # e.g. a build killed before it created its collection
        pass


def drop_collection(index_dir: Path, settings: Settings) -> None:
    """Delete the server collection of a build folder that is being pruned (embedded, the vectors
    go with the folder)."""
    if settings.chroma_host:
        _delete(_client(index_dir, settings), collection_name(index_dir, settings))


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
    def __init__(self, collection: chromadb.Collection) -> None:
        self._collection = collection
        self.name = collection.name
        self._seed: chromadb.Collection | None = None
        self._count: int | None = None  # a query asked the collection's size each time: 6 ms at 50,000

    @classmethod
    def open(cls, index_dir: Path, settings: Settings, name: str) -> VectorStore:
        """A reader's view of an existing collection; a missing one is an error, not an empty index."""
        try:
            return cls(_client(index_dir, settings).get_collection(name, embedding_function=None))
        except NotFoundError as exc:
            where = f"Chroma server {settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(index_dir / CHROMA_DIR)
            raise VectorStoreError(
                f"passage vectors '{name}' not found in {where}: rebuild the index (python -m indexer build) "
                "with the same BUDGETQA_CHROMA_HOST/PORT as the app"
            ) from exc

    @classmethod
    def for_build(cls, index_dir: Path, settings: Settings, seed: str | None) -> VectorStore:
        """The collection a build under index_dir writes. When the previous build's vectors are in
        another collection (`seed`, on a server), this one starts empty and `keep(doc)` copies a
        document's vectors over from the seed, so unchanged documents are not embedded again."""
        client = _client(index_dir, settings)
        name = collection_name(index_dir, settings)
        if seed is None or seed == name:
            return cls(client.get_or_create_collection(name, embedding_function=None, configuration=_SPACE))
        _delete(client, name)  # left by a killed earlier attempt on this folder: its content is unknown
        store = cls(client.create_collection(name, embedding_function=None, configuration=_SPACE))
        try:
            store._seed = client.get_collection(seed, embedding_function=None)
        except NotFoundError:  # e.g. the server was reset: everything is embedded again
            pass
        return store

    def keep(self, doc: str) -> None:
        """Carry an unchanged document's vectors into this build (already there unless seeded)."""
        if self._seed is not None:
            got = self._seed.get(where={"doc": doc}, include=["embeddings", "documents", "metadatas"])
            self._upsert(got["ids"], got["embeddings"], got["documents"], got["metadatas"])

    def count(self) -> int:
        if self._count is None:
            self._count = self._collection.count()
        return self._count

    def doc_vectors(self, doc: str) -> dict[str, np.ndarray]:
        """One document's vectors by passage id."""
        got = self._collection.get(where={"doc": doc}, include=["embeddings"])
        return dict(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32)))

    def _upsert(self, ids: list[str], embeddings: Any, documents: list[str], metadatas: list[Any]) -> None:
        self._count = None
        for i in range(0, len(ids), _ADD_BATCH):
            self._collection.upsert(
                ids=ids[i : i + _ADD_BATCH],
                embeddings=embeddings[i : i + _ADD_BATCH],
                documents=documents[i : i + _ADD_BATCH],
                metadatas=metadatas[i : i + _ADD_BATCH],
            )

    def add(self, passages: list[Passage], vectors: np.ndarray) -> None:
        self._upsert([p.passage_id for p in passages], vectors, [p.text for p in passages], [_metadata(p) for p in passages])

    def delete_doc(self, doc: str) -> None:
        self._count = None
        self._collection.delete(where={"doc": doc})

    def docs(self) -> set[str]:
        """Documents with vectors here or, for a seeded build, in the seed (see keep)."""
        return {m["doc"] for c in (self._collection, self._seed) if c is not None
                for m in c.get(include=["metadatas"])["metadatas"] or []}

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

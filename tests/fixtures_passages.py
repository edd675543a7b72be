"""Shared, cached builds for the passage tests (tests/conftest.py belongs to the suite owner).

The index is built once per test session however many modules ask for it: the builders are
cached functions, and the pytest fixtures only hand out their results.
"""
from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import pytest

from core.config import ROOT, Settings, load_settings
from indexer.models import Document
from indexer.parse import parse_file

CORPUS = ROOT / "corpus"


@functools.cache
def corpus_documents() -> tuple[Document, ...]:
    return tuple(parse_file(f) for f in sorted(CORPUS.glob("*.txt")))


def document(stem: str) -> Document:
    return next(d for d in corpus_documents() if d.meta.doc == stem)


@functools.cache
def built_index() -> tuple[Path, dict]:
    """The passage index of the real corpus in a temporary folder, and the sync stats."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from indexer.passage_index import sync_passages

    index_dir = Path(tempfile.mkdtemp(prefix="passage-index-"))
    stats = sync_passages(list(corpus_documents()), index_dir, settings())
    return index_dir, stats


@functools.cache
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def passage_index() -> tuple[Path, dict]:
    return built_index()

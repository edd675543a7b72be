"""A loaded index stays out of the cycle collector's walk. At 1,000 documents a full collection
over it stalled whichever question triggered it by 75-90 ms (bench/RESULTS.md, scale step), so
what the service and the retriever load must sit in the permanent generation."""
from __future__ import annotations

import gc
import os
import shutil
import weakref
from pathlib import Path

from core.config import load_settings
from indexer.passage_index import MANIFEST
from qa_app.retrieval import Filters, get_retriever
from qa_app.service import QAService


def test_loaded_service_and_retriever_state_is_skipped_by_collections(built_index):
    settings = load_settings(index_dir=str(built_index))
    service = QAService(settings)
    retriever = get_retriever(Path(settings.index_dir), settings)
    walked = {id(o) for o in gc.get_objects()}  # generations 0-2: what a full collection walks
    passages = retriever._bm25.passages
    assert len(passages) > 200 and not any(id(p) in walked for p in passages)
    assert len(service.doc_infos) == 5 and not any(id(d) in walked for d in service.doc_infos)
    assert not any(id(r) in walked for r in service.compose.finding_rows)


def test_a_rebuilt_index_frees_the_retriever_it_replaces(built_index, tmp_path):
    """The retriever holds reference cycles (its caches refer back to it), which frozen objects
    never lose; the one a rebuild replaces must still be freed, not kept for the process's life."""
    index = tmp_path / "index"
    shutil.copytree(Path(built_index).resolve(), index)
    settings = load_settings(index_dir=str(index))
    old = get_retriever(index, settings)
    replaced = weakref.ref(old)
    assert old.search("北戴河医保局的主要职责", 1, Filters(doc="beidaihe_2023_budget"))
    del old
    manifest = index / MANIFEST
    stamp = manifest.stat().st_mtime_ns
    os.utime(manifest, ns=(stamp, stamp + 1_000_000_000))  # what a rebuild does to the manifest
    new = get_retriever(index, settings)
    assert replaced() is None, "the replaced retriever is still alive"
    hit = new.search("北戴河医保局的主要职责", 1, Filters(doc="beidaihe_2023_budget"))[0]
    assert hit.passage.doc == "beidaihe_2023_budget"

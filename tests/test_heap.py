"""A loaded index stays out of the cycle collector's walk. At 1,000 documents a full collection
over it stalled whichever question triggered it by 75-90 ms (bench/RESULTS.md, scale step), so
what the service and the retriever load must sit in the permanent generation."""
from __future__ import annotations

import gc
from pathlib import Path

from qa_app.config import load_settings
from qa_app.retrieval import get_retriever
from qa_app.service import QAService


def test_loaded_service_and_retriever_state_is_skipped_by_collections(built_index):
    settings = load_settings(index_dir=str(built_index))
    service = QAService(settings)
    retriever = get_retriever(Path(settings.index_dir), settings)
    walked = {id(o) for o in gc.get_objects()}  # generations 0-2: what a full collection walks
    passages = retriever._bm25.passages
    assert len(passages) > 200 and not any(id(p) in walked for p in passages)
    assert len(service.doc_infos) == 5 and not any(id(d) in walked for d in service.doc_infos)
    assert not any(id(r) in walked for r in service._finding_rows)

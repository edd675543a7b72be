"""The build streams the corpus: a parsed document is dropped once its items and passages are
stored, so a build's memory does not grow with the number of documents (issue 7's 2 GiB target at
1,000 documents). Checked by watching every parsed Document with a weak reference."""
from __future__ import annotations

import gc
import weakref
from decimal import Decimal

import pytest

import indexer.build as build
from core.config import load_settings
from indexer.store import load_items
from tests.conftest import CORPUS_DIR, CORPUS_STEMS


@pytest.mark.slow
def test_build_holds_at_most_two_parsed_documents_at_a_time(tmp_path, monkeypatch):
    parsed: list[weakref.ref] = []
    parse_file = build.parse_file

    def watched(path):
        doc = parse_file(path)
        parsed.append(weakref.ref(doc))
        return doc

    monkeypatch.setattr(build, "parse_file", watched)
    alive_then: list[int] = []

    def on_file(report) -> None:
        # called right after a file is parsed: that document and the one still being stored may
        # live; every earlier one must be gone
        gc.collect()
        alive_then.append(sum(ref() is not None for ref in parsed[:-2]))

    index = tmp_path / "index"
    report = build.build_index(CORPUS_DIR, index, load_settings(index_dir=str(index), corpus_dir=str(CORPUS_DIR)),
                               on_file=on_file)
    assert report.documents == len(CORPUS_STEMS) == len(alive_then)
    assert alive_then == [0] * len(CORPUS_STEMS)

    # Streaming lost nothing: every document's items are stored, e.g. beidaihe line 1262
    # (一般公共预算财政拨款支出表, 2101501 行政运行, 合计 193.05 万元), and every passage is indexed.
    items = load_items(index)
    assert set(items["doc"]) == set(CORPUS_STEMS)
    row = items[(items["doc"] == "beidaihe_2023_budget") & (items["line"] == 1262) & (items["row_code"] == "2101501")]
    assert Decimal("1930500") in set(row["value_yuan"])
    assert report.passages["passages"] == report.passages["passages_embedded"] > 200

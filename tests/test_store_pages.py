"""Pages kept per source line in the store, so a citation of a PDF can name its page."""
from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from indexer.models import Document, DocumentMeta
from indexer.store import db_path, line_pages, source_lines, stored
from tests.conftest import DEV_PDF

CHANGSHA = DEV_PDF / "changsha_zhijiao_2026_budget.pdf"


def _document(doc: str, lines: list[str], pages: list[int] | None) -> Document:
    meta = DocumentMeta(doc=doc, agency="某单位", aliases=[], region=None, year=2026, kind="部门预算",
                        encoding="pdf", content_hash="x")
    return Document(meta=meta, lines=lines, line_pages=pages)


def test_lines_keep_their_page_and_text_sources_have_none(tmp_path):
    docs = [_document("pdf_doc", ["封面", "一、职责", "表一", "合计\t12.50"], [1, 1, 2, 3]),
            _document("txt_doc", ["一、职责", "合计\t3.00"], None)]
    list(stored(tmp_path, docs))
    assert line_pages(tmp_path, "pdf_doc", 2, 4) == {2: 1, 3: 2, 4: 3}
    assert source_lines(tmp_path, "pdf_doc", 4, 4) == [(4, "合计\t12.50")]
    assert line_pages(tmp_path, "txt_doc", 1, 2) == {}


def test_an_index_built_before_pages_reads_without_them(tmp_path):
    with closing(sqlite3.connect(db_path(tmp_path))) as conn, conn:
        conn.execute("CREATE TABLE lines (doc TEXT, line INTEGER, text TEXT, PRIMARY KEY (doc, line))")
        conn.execute("INSERT INTO lines VALUES ('old', 1, '合计\t1.00')")
    assert line_pages(tmp_path, "old", 1, 1) == {}
    assert source_lines(tmp_path, "old", 1, 1) == [(1, "合计\t1.00")]


@pytest.mark.skipif(not CHANGSHA.is_file(), reason="dev corpus absent")
def test_real_pdf_item_page_is_its_line_page(tmp_path):
    from indexer.parse import parse_file
    # dev_corpus/pdf/changsha_zhijiao_2026_budget.pdf page 13, 部门收入总体情况表: 2050399 其他职业教育支出 656.73
    document = parse_file(CHANGSHA)
    item = next(i for i in document.items if i.row_code == "2050399" and i.page == 13)
    list(stored(tmp_path, [document]))
    assert line_pages(tmp_path, document.meta.doc, item.line, item.line) == {item.line: 13}
    assert "656.73" in source_lines(tmp_path, document.meta.doc, item.line, item.line)[0][1]

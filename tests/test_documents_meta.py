"""What is known about each document, from parse to store to service: the documents table
(`python -m indexer docs`), the build summary line, users' corrections (overrides), and a service
that starts whatever one document lacks. No embedding model: the line-item store is written
directly (indexer.store.stored), which is all `docs` and the service's catalogue read."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest

from core.config import ROOT, load_settings
from indexer.__main__ import summary_line
from indexer.build import FileReport, file_report, parse_each
from indexer.metadata import NO_AGENCY, NO_YEAR
from indexer.overrides import OverridesError, load_overrides, overrides_path, set_override
from indexer.parse import parse_file, parse_upload
from indexer.store import db_path, load_documents, stored
from qa_app.service import QAService
from tests.test_indexer_cli import json_lines, run

# A narrative-only disclosure that names no agency and no year, and has no table.
NARRATIVE = "一、主要职责\n负责本系统的政策研究和组织协调工作。\n二、机构设置\n内设办公室、财务科等三个科室。\n"


@pytest.fixture
def small_index(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "zengdu_2023_budget.txt").write_bytes((ROOT / "corpus" / "zengdu_2023_budget.txt").read_bytes())
    (corpus / "narrative_only.txt").write_text(NARRATIVE, encoding="utf-8")
    index = tmp_path / "index"
    index.mkdir()
    list(stored(index, (parse_file(p) for p in sorted(corpus.iterdir()))))
    return index


def test_docs_command_lists_what_was_read(small_index, parsed):
    proc = run("docs", "--index", str(small_index))
    assert proc.returncode == 0, proc.stderr
    rows = {r["doc"]: r for r in json_lines(proc.stdout)}
    z = parsed["zengdu_2023_budget"]
    # zengdu line 1 "曾都区医疗保障信息中心 2023 年部门预算"
    assert rows["zengdu_2023_budget"] == {
        "doc": "zengdu_2023_budget", "agency": "曾都区医疗保障信息中心", "aliases": z.meta.aliases, "region": "曾都区",
        "year": 2023, "kind": "部门预算", "pages": None, "tables": len(z.tables), "items": len(z.items),
        "findings": len(z.findings), "warnings": [], "note": None}
    assert rows["narrative_only"] == {
        "doc": "narrative_only", "agency": "narrative_only", "aliases": [], "region": None, "year": None, "kind": "预算",
        "pages": None, "tables": 0, "items": 0, "findings": 0, "warnings": [NO_AGENCY, NO_YEAR], "note": None}


def test_service_starts_over_a_document_without_region_year_or_tables(small_index):
    service = QAService(load_settings(index_dir=str(small_index)))
    info = service._by_doc["narrative_only"]
    assert (info.region, info.year, info.aliases) == (None, None, [])
    # zengdu line 125, 收支总表: "一、一般公共预算拨款收入 | 54. 07" (万元)
    answer = service.ask("曾都区医疗保障信息中心2023年一般公共预算拨款收入是多少？")
    assert answer.value == Decimal("54.07") and answer.citations[0].line_start == 125


def test_documents_of_an_index_written_before_the_new_columns(tmp_path):
    # the documents table as it was before pages/warnings/note, with a document lacking region and year
    with closing(sqlite3.connect(db_path(tmp_path))) as conn, conn:
        conn.execute("CREATE TABLE documents (doc TEXT PRIMARY KEY, agency TEXT, aliases TEXT, region TEXT, "
                     "year INTEGER, kind TEXT, encoding TEXT, content_hash TEXT, n_lines INTEGER, n_tables INTEGER, "
                     "n_items INTEGER, n_findings INTEGER)")
        conn.execute("INSERT INTO documents VALUES ('a', 'a', '[]', NULL, NULL, '预算', 'utf-8', '', 3, 0, 0, 0)")
        conn.execute("INSERT INTO documents VALUES ('b', '临江市档案馆', '[\"临江市档案馆\"]', '临江市', 2025, "
                     "'部门预算', 'utf-8', '', 3, 1, 2, 0)")
    row_a, row_b = load_documents(tmp_path).to_dict("records")
    assert (row_a["region"], row_a["year"], row_a["pages"], row_a["warnings"], row_a["note"]) == (None, None, None, [], None)
    assert (row_b["region"], row_b["year"], row_b["aliases"]) == ("临江市", 2025, ["临江市档案馆"])
    assert type(row_b["year"]) is int


# --- overrides -------------------------------------------------------------------------------

def test_overrides_live_beside_the_index_link(tmp_path, monkeypatch):
    monkeypatch.delenv("BUDGETQA_OVERRIDES_FILE", raising=False)
    settings = load_settings(index_dir=str(tmp_path / "idx"))
    assert overrides_path(settings) == tmp_path / "idx.overrides.json"
    assert overrides_path(settings, tmp_path / "other") == tmp_path / "other.overrides.json"
    monkeypatch.setenv("BUDGETQA_OVERRIDES_FILE", str(tmp_path / "mine.json"))
    assert overrides_path(load_settings(index_dir=str(tmp_path / "idx"))) == tmp_path / "mine.json"


def test_corrections_are_applied_when_the_corpus_is_parsed(tmp_path, monkeypatch):
    monkeypatch.delenv("BUDGETQA_OVERRIDES_FILE", raising=False)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "narrative_only.txt").write_text(NARRATIVE, encoding="utf-8")
    settings = load_settings(index_dir=str(tmp_path / "index"))
    assert set_override(settings, "narrative_only", agency=" 临江市档案馆 ") == {"agency": "临江市档案馆"}
    assert set_override(settings, "narrative_only", year=2025) == {"agency": "临江市档案馆", "year": 2025}
    overrides = load_overrides(overrides_path(settings))
    reports: list[FileReport] = []
    (doc,) = parse_each(corpus, reports, overrides=overrides)
    m = doc.meta
    assert (m.agency, m.year, m.region, m.warnings) == ("临江市档案馆", 2025, "临江市", [])
    assert {"临江市档案馆", "临江档案馆"} <= set(m.aliases)
    assert reports[0].warnings == []
    # removing the year correction brings the warning back
    assert set_override(settings, "narrative_only", year=0) == {"agency": "临江市档案馆"}
    (doc,) = parse_each(corpus, [], overrides=load_overrides(overrides_path(settings)))
    assert (doc.meta.year, doc.meta.warnings) == (None, [NO_YEAR])
    with pytest.raises(ValueError):
        set_override(settings, "narrative_only", year=20250)


def test_an_unreadable_overrides_file_stops_the_build_before_it_starts(tmp_path):
    path = tmp_path / "index.overrides.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(OverridesError):
        load_overrides(path)
    proc = run("build", "--corpus", str(ROOT / "corpus"), "--index", str(tmp_path / "index"))
    assert proc.returncode == 2 and "overrides" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "index").exists()


# --- build summary ---------------------------------------------------------------------------

def test_file_report_carries_pages_unplaced_and_warnings(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "narrative_only.txt").write_text(NARRATIVE, encoding="utf-8")
    reports: list[FileReport] = []
    list(parse_each(corpus, reports))
    assert (reports[0].pages, reports[0].unplaced, reports[0].warnings) == (None, 0, [NO_AGENCY, NO_YEAR])
    line = summary_line(FileReport("a", True, "", 3, 40, 1, 5, pages=12, unplaced=2, warnings=["第3页无数字"]))
    assert line == "a: 3 tables, 40 line items, 5 sections, 1 findings, 2 cells unplaced, 12 pages; warnings: 第3页无数字"


def test_unplaced_cells_are_summed_over_tables():
    doc = parse_upload("x.txt", (ROOT / "corpus" / "zengdu_2023_budget.txt").read_bytes())
    doc.tables[0].unplaced, doc.tables[1].unplaced = 2, 3
    assert file_report(doc).unplaced == 5

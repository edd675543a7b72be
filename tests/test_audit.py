"""The reconciliation audit report (indexer/audit.py, `python -m indexer audit`): every finding
with both values and both verbatim source lines, as Markdown grouped by document or as CSV."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest

from core.config import ROOT
from indexer.audit import CSV_COLUMNS, audit_rows, render, to_markdown
from indexer.store import load_findings, source_lines

BEIDAIHE = "beidaihe_2023_budget"


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGETQA_")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "indexer", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def _corpus_line(stem: str, n: int) -> str:
    return (ROOT / "corpus" / f"{stem}.txt").read_text(encoding="utf-8").split("\n")[n - 1]


@pytest.mark.slow
def test_every_finding_is_in_the_report_with_both_verbatim_lines(built_index):
    findings = load_findings(built_index)
    rows = audit_rows(built_index)
    assert len(rows) == len(findings) > 0
    for r in rows:
        assert r.text_a == dict(source_lines(built_index, r.doc, r.line_a, r.line_a))[r.line_a]
        assert r.text_b == dict(source_lines(built_index, r.doc, r.line_b, r.line_b))[r.line_b]
        # verbatim: the stored line is the corpus line, byte for byte
        assert r.text_a == _corpus_line(r.doc, r.line_a) and r.text_b == _corpus_line(r.doc, r.line_b)


@pytest.mark.slow
def test_beidaihe_health_contradiction_appears_with_both_lines(built_index):
    # beidaihe: 卫生健康支出 363.15 in 部门预算支出总表 (line 634) vs 350.24 (its 基本支出 + 项目支出 on
    # lines 635-636, and its children from line 644)
    rows = [r for r in audit_rows(built_index) if r.doc == BEIDAIHE and "卫生健康支出" in r.item]
    pairs = {(r.value_a, r.line_a, r.value_b, r.line_b) for r in rows}
    assert any(va.startswith("363.15") and la == 634 and vb.startswith("350.24") for va, la, vb, lb in pairs), pairs
    assert any(va.startswith("363.15") and la == 634 and vb.startswith("350.24") and lb == 644 for va, la, vb, lb in pairs)
    hit = next(r for r in rows if r.line_a == 634)
    assert "363.15" in hit.text_a and hit.difference.startswith("12.91")

    md = render(built_index, "md")
    section = md.split(f"## {BEIDAIHE}")[1].split("\n## ")[0]
    assert "363.15万元（第634行）" in section and "350.24万元（第644行）" in section
    assert f"```text\n{_corpus_line(BEIDAIHE, 634)}\n```" in section
    assert f"```text\n{_corpus_line(BEIDAIHE, 644)}\n```" in section
    assert "12.91万元" in section


@pytest.mark.slow
def test_markdown_groups_by_document(built_index):
    md = render(built_index, "md")
    docs = list(dict.fromkeys(load_findings(built_index)["doc"]))
    headings = [line[3:].split("（")[0] for line in md.splitlines() if line.startswith("## ")]
    assert headings == docs
    assert md.count("\n### ") == len(load_findings(built_index))


@pytest.mark.slow
def test_csv_round_trips_every_field(built_index):
    text = render(built_index, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == CSV_COLUMNS
    expected = audit_rows(built_index)
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected):
        for col in CSV_COLUMNS:
            assert got[col] == str(getattr(want, col)), col
    hit = next(r for r in rows if r["doc"] == BEIDAIHE and r["line_a"] == "634")
    assert hit["text_a"] == _corpus_line(BEIDAIHE, 634) and "350.24" in hit["value_b"]


def test_markdown_fence_survives_backticks_and_pipes():
    from indexer.audit import AuditRow

    nasty = "| a ``` b | `x`\t# not a heading"
    md = to_markdown([AuditRow("d", "k", "m|x", "t", "i", "1", 1, nasty, "2", 2, "", "-1")])
    assert "````text\n" + nasty + "\n````" in md  # fence longer than the longest backtick run
    assert "```text\n\n```" in md  # an empty line is still shown, as an empty block


@pytest.mark.slow
def test_cli_audit_md_and_csv(built_index):
    md = run("audit", "--index", str(built_index))
    assert md.returncode == 0 and "Traceback" not in md.stderr, md.stderr
    assert md.stdout == render(built_index, "md")
    out = run("audit", "--index", str(built_index), "--format", "csv")
    assert out.returncode == 0 and out.stdout == render(built_index, "csv")


def test_cli_audit_missing_index_is_one_line_exit_2(tmp_path):
    proc = run("audit", "--index", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "no index at" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_cli_audit_bad_format_is_exit_2(built_index):
    proc = run("audit", "--index", str(built_index), "--format", "xlsx")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_audit_module_has_no_corpus_names_or_figures():
    source = (ROOT / "indexer" / "audit.py").read_text(encoding="utf-8")
    for needle in ("beidaihe", "beilin", "lishi", "yongqiao", "zengdu", "北戴河", "363.15", "350.24", "卫生健康"):
        assert needle not in source


def test_excel_has_findings_and_rule_catalogue_sheets():
    import io

    import openpyxl

    from indexer.audit import AuditRow, to_excel
    from indexer.checks.catalogue import RULES

    row = AuditRow("d", "children_sum", "m", "t", "i", "1", 1, "", "2", 2, "", "-1", "R-BAL-06", "错误", "t/i/合计 第1行 1")
    book = openpyxl.load_workbook(io.BytesIO(to_excel([row])))
    assert book.sheetnames == ["核对发现", "规则目录"]
    assert book["核对发现"].cell(2, CSV_COLUMNS.index("rule") + 1).value == "R-BAL-06"
    assert book["规则目录"].max_row == len(RULES) + 1


def test_a_finding_links_each_table_it_rests_on_once():
    from indexer.audit import _tables

    locs = [{"table_id": "T03", "table": "支出总表", "line": 634}, {"table_id": "T03", "table": "支出总表", "line": 644},
            {"table_id": "", "table": "说明", "line": 12}, {"table_id": "T07", "table": "一般公共预算支出表", "line": 1206}]
    assert _tables(locs) == (("T03", "支出总表", 634), ("T07", "一般公共预算支出表", 1206))
    assert _tables(None) == ()


@pytest.mark.slow
def test_audit_page_links_a_finding_to_its_table_and_the_explorer_opens_there(built_index, tmp_path, monkeypatch):
    import shutil

    from streamlit.testing.v1 import AppTest

    from indexer.store import load_tables
    from tests.conftest import CORPUS_DIR

    # a copy: the chat page (the app's entry, which the pages link back to) may refresh the index
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    shutil.copytree(built_index.resolve(), tmp_path / "index")
    monkeypatch.setenv("BUDGETQA_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("BUDGETQA_CORPUS_DIR", str(tmp_path / "corpus"))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300).run()
    at.switch_page("pages/2_核对报告.py").run()
    at.sidebar.selectbox[0].set_value(BEIDAIHE).run()
    at.sidebar.multiselect[0].set_value(["R-BAL-06"]).run()
    labels = [p.proto.label for p in at.main.get("page_link")]
    assert "在明细浏览中打开《部门预算支出总表》（第634行）" in labels, labels
    tables = load_tables(tmp_path / "index", BEIDAIHE)
    table_id = tables.loc[tables["title"] == "部门预算支出总表", "table_id"].iloc[0]
    # the explorer opened with the link's query parameters shows that document, table and line
    at.switch_page("pages/1_明细浏览.py")
    at.query_params.update({"doc": BEIDAIHE, "table": table_id, "line": "634"})
    at.run()
    assert not at.exception, at.exception
    assert (at.sidebar.selectbox[0].value, at.sidebar.selectbox[1].value) == (BEIDAIHE, table_id)
    source = "".join(h.proto.body for h in at.main.get("html"))
    assert '<div class="src-line cited" data-line="634">' in source



def test_audit_page_speaks_chinese():
    # no internal kind name in a heading, and Streamlit's English "Choose options" replaced
    page = (ROOT / "pages" / "2_核对报告.py").read_text(encoding="utf-8")
    assert page.count('placeholder="选择') == 2
    assert 'FINDING_KINDS.get(cause, "其他核对发现")' in page and 'st.subheader(f"{cause}' not in page

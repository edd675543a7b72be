"""The plain functions behind the Streamlit pages: export, feedback, upload, table views."""
from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from core.config import load_settings
from indexer.models import ParseError
from indexer.parse import parse_file
from indexer.store import load_documents, load_findings, load_tables
from qa_app.types import Answer, Citation
from qa_app.ui import charts, conversation, corpus, sources, tables, uploader
from tests.conftest import CORPUS_DIR

BDH = "beidaihe_2023_budget"
# 部门预算支出总表, row 210 卫生健康支出: 合计 363.15 (line 634), 基本支出 213.32 (line 635).
CELL = Citation(BDH, "table", 635, 635, "\t213.32", table="部门预算支出总表", table_id=None,
                row="210 卫生健康支出", column="基本支出", value="213.32")
PASSAGE = Citation("lishi_2023_budget", "passage", 46, 48, "### 一、本单位职责\n\n宣传国家省市医疗保险政策；", section="一、本单位职责")


TINY_DISCLOSURE = "某单位2023年部门预算公开\n\n一、主要职责\n\n负责本单位的日常工作，宣传有关政策。\n"


def numeric_answer(**overrides) -> Answer:
    fields = dict(question="卫生健康支出的基本支出是多少？", text="基本支出为 213.32 万元。", route="table", intent="lookup",
                  value=Decimal("213.32"), unit="万元", citations=[CELL], warnings=["合计与分栏之和不符"], docs=[BDH])
    return Answer(**{**fields, **overrides})


def table_id(index_dir: Path, doc: str, title: str) -> str:
    t = load_tables(index_dir, doc)
    ids = t.loc[t["title"] == title, "table_id"].tolist()
    assert len(ids) == 1, f"{doc}: tables titled {title!r}: {ids}"
    return ids[0]


# --- answers as text ----------------------------------------------------------------------------

@pytest.mark.parametrize("value,unit,text", [
    (Decimal("12753171.62"), "元", "12,753,171.62 元"),
    (Decimal("404.67"), "万元", "404.67 万元"),
    (Decimal("12.5"), "%", "12.50%"),
    (Decimal("24"), None, "24"),
    (Decimal("3"), "辆", "3 辆"),
])
def test_format_value(value, unit, text):
    assert conversation.format_value(value, unit) == text


def test_headline_names_the_cited_cell_and_none_without_a_number():
    assert conversation.headline(numeric_answer()) == ("210 卫生健康支出 · 基本支出", "213.32 万元")
    assert conversation.headline(numeric_answer(formula="363.15 - 213.32 = 149.83"))[0] == "计算结果"
    assert conversation.headline(numeric_answer(value=None)) is None
    assert conversation.headline(numeric_answer(refused=True)) is None


def test_citation_title_names_lines_and_pages_once():
    assert conversation.citation_title(CELL) == f"{BDH} · 部门预算支出总表 · 210 卫生健康支出 · 基本支出 · 第635行"
    assert conversation.citation_title(PASSAGE) == "lishi_2023_budget · 一、本单位职责 · 第46–48行"
    assert conversation.citation_title(PASSAGE, {44: 2, 46: 3, 48: 4, 50: 5}) == \
        "lishi_2023_budget · 一、本单位职责 · 第46–48行 · 第3–4页"
    total = Citation("d", "table", 7, 7, "合计\t9.00", table="表一", row="合计", column="合计", value="9.00")
    assert conversation.citation_title(total, {7: 12}) == "d · 表一 · 合计 · 第7行 · 第12页"
    one_column = Citation("d", "table", 7, 7, "", table="表一", row="公用经费", column="数值", value="9.00")
    assert conversation.headline(numeric_answer(citations=[one_column]))[0] == "公用经费"
    assert conversation.headline(numeric_answer(citations=[CELL, PASSAGE]))[0] == "查到的数字"


def test_plain_step_names_the_intent_in_chinese():
    assert conversation.plain_step("理解：意图 lookup；文件 a") == "理解：问题类型：查一个数；文件 a"
    assert conversation.plain_step("证据：表一 第3行") == "证据：表一 第3行"


def lines_of(body: str) -> list[tuple[str, str]]:
    return re.findall(r'<div class="src-line( cited)?" data-line="\d+"><span class="src-no">\d+</span>'
                      r'<span class="src-text">(.*?)</span></div>', body)


def test_source_html_sets_off_cited_lines_marks_the_figure_and_escapes():
    c = Citation("d", "table", 11, 11, "", value="404.67")
    lines = [(10, "<b>收入总计</b>\t1404.67"), (11, "\t404.67\t404.67万元"), (12, "404.67")]
    body = sources.citation_html(lines, {10: 3, 11: 3, 12: 4}, c)
    assert lines_of(body) == [("", "&lt;b&gt;收入总计&lt;/b&gt;\t1404.67"),
                              (" cited", "\t<mark>404.67</mark>\t<mark>404.67</mark>万元"), ("", "404.67")]
    assert re.findall(r'<div class="src-page">(.*?)</div>', body) == ["第3页", "第4页"]
    assert body.index("第4页") < body.index('data-line="12"')
    assert "src-page" not in sources.citation_html(lines, {}, c)  # a text source has no pages
    assert "<mark>" not in sources.citation_html(lines, {}, Citation("d", "passage", 11, 11, ""))


def test_source_html_marks_a_figure_in_a_real_line():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 135: 合计 45,369.18 37,891.58 4,066.60 2,898.00 513.00
    line = "合计 45,369.18 37,891.58 4,066.60 2,898.00 513.00"
    body = sources.citation_html([(135, line)], {}, Citation("d", "table", 135, 135, line, value="4,066.60"))
    assert lines_of(body) == [(" cited", "合计 45,369.18 37,891.58 <mark>4,066.60</mark> 2,898.00 513.00")]
    body = sources.citation_html([(135, line)], {}, Citation("d", "table", 135, 135, line, value="066.60"))
    assert "<mark>" not in body  # never the tail of a longer figure


def test_source_html_marks_a_scanned_figure_spaced_after_its_point():
    # corpus/zengdu_2023_budget.txt line 288 (OCR): «0. 12	0. 00	0.00	0.00	0. 00	0. 12»; the store reads 0.12
    line = "0. 12\t0. 00\t0.00\t0.00\t0. 00\t0. 12"
    body = sources.citation_html([(288, line)], {}, Citation("d", "table", 288, 288, line, value="0.12"))
    assert lines_of(body) == [(" cited", "<mark>0. 12</mark>\t0. 00\t0.00\t0.00\t0. 00\t<mark>0. 12</mark>")]
    body = sources.citation_html([(1, "合计 10. 12")], {}, Citation("d", "table", 1, 1, "", value="0.12"))
    assert "<mark>" not in body


def test_window_keeps_context_and_never_starts_before_line_one():
    assert sources.window(CELL) == (633, 637) and sources.window(Citation("d", "passage", 1, 2, "")) == (1, 4)


def test_markdown_and_json_export_carry_values_sources_and_feedback(tmp_path):
    turns = [conversation.Turn("卫生健康支出的基本支出是多少？", numeric_answer(), docs=[BDH]),
             conversation.Turn("职责？", Answer("职责？", "宣传医疗保险政策。", "passage", "description", citations=[PASSAGE]))]
    conversation.save_feedback(tmp_path, turns[0], thumbs_up=False, comment=" 单位写错了 ")
    md = conversation.to_markdown(turns)
    for expected in ("## 1. 卫生健康支出的基本支出是多少？", f"限定文件：{BDH}", "**210 卫生健康支出 · 基本支出：213.32 万元**",
                     "> ⚠️ 合计与分栏之和不符", f"1. {conversation.citation_title(CELL)}", "   > \t213.32",
                     "反馈：👎 单位写错了", "## 2. 职责？", "   > 宣传国家省市医疗保险政策；"):
        assert expected in md
    data = json.loads(conversation.to_json(turns))
    first = data["turns"][0]
    assert first["answer"]["value"] == 213.32 and first["docs"] == [BDH]
    assert first["answer"]["citations"][0]["line_start"] == 635
    assert first["feedback"]["rating"] == "down"
    assert data["turns"][1]["answer"]["citations"][0]["section"] == "一、本单位职责"


def test_feedback_appends_one_json_line_per_rating(tmp_path):
    turn = conversation.Turn("问题", numeric_answer())
    conversation.save_feedback(tmp_path, turn, thumbs_up=True)
    conversation.save_feedback(tmp_path, conversation.Turn("问题二", numeric_answer()), thumbs_up=False, comment="不对")
    records = [json.loads(line) for line in (tmp_path / conversation.FEEDBACK_FILE).read_text(encoding="utf-8").splitlines()]
    assert [(r["rating"], r["comment"], r["question"]) for r in records] == [("up", "", "问题"), ("down", "不对", "问题二")]
    assert records[0]["answer"]["citations"][0]["line_start"] == 635
    assert turn.feedback["rating"] == "up"


# --- corpus management --------------------------------------------------------------------------

def test_select_docs():
    docs = pd.DataFrame({"doc": ["a", "b", "c"], "agency": ["甲", "乙", "甲"], "year": [2023, 2023, 2024]})
    assert corpus.select_docs(docs, [], []) is None
    assert corpus.select_docs(docs, ["甲"], []) == ["a", "c"]
    assert corpus.select_docs(docs, ["甲"], [2024]) == ["c"]
    assert corpus.select_docs(docs, ["乙"], [2024]) == []


def test_document_label_names_agency_and_year():
    docs = pd.DataFrame({"doc": ["a", "b"], "agency": ["甲局", "乙中心"], "year": [2023, None]})
    assert corpus.document_label(docs, "a") == "甲局（2023）· a"
    assert corpus.document_label(docs, "b") == "乙中心（年度未知）· b"


def test_add_disclosure_saves_gbk_bytes_verbatim_under_the_file_name(tmp_path):
    data = (CORPUS_DIR / "lishi_2023_budget.txt").read_text(encoding="utf-8").encode("gbk")
    document = corpus.add_disclosure(tmp_path, "C:\\fakepath\\上传_2023.txt".replace("\\", "/"), data)
    assert document.meta.doc == "上传_2023" and document.meta.encoding == "gb18030" and document.items
    assert [p.name for p in tmp_path.iterdir()] == ["上传_2023.txt"]
    assert (tmp_path / "上传_2023.txt").read_bytes() == data


@pytest.mark.parametrize("name,data,message", [
    ("report.txt", bytes(range(256)) * 64, "binary"),
    ("report.txt", b"   \n", "empty"),
    ("report.doc", "部门预算".encode(), "只接受"),
    (".txt", "部门预算".encode(), "只接受"),
])
def test_add_disclosure_rejects_bad_files_and_changes_nothing(tmp_path, name, data, message):
    (tmp_path / "existing.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ParseError, match=message):
        corpus.add_disclosure(tmp_path, name, data)
    assert [p.name for p in tmp_path.iterdir()] == ["existing.txt"]


def test_remove_disclosure_deletes_only_the_named_document(tmp_path):
    for name in ("a_2023.txt", "b_2023.pdf", "notes.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert corpus.remove_disclosure(tmp_path, "b_2023") == tmp_path / "b_2023.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_2023.txt", "notes.json"]
    for stem in ("notes", "../a_2023", "b_2023"):  # not a corpus file, a path, already gone
        with pytest.raises(FileNotFoundError):
            corpus.remove_disclosure(tmp_path, stem)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_2023.txt", "notes.json"]


@pytest.mark.parametrize("configured,entered,unlocked", [
    ("", "", False), ("", "anything", False),  # no token configured: read-only for everyone
    ("令牌-1", None, False), ("令牌-1", "令牌-", False), ("令牌-1", "令牌-1 ", False), ("令牌-1", "令牌-1", True),
])
def test_admin_unlocked_only_by_the_configured_token(configured, entered, unlocked):
    assert corpus.admin_unlocked(load_settings(admin_token=configured), entered) is unlocked


@pytest.mark.slow
def test_index_status_counts_the_build(built_index, build_report):
    status = corpus.index_status(built_index)
    docs = load_documents(built_index)
    assert (status.documents, status.items, status.findings) == (5, docs["n_items"].sum(), docs["n_findings"].sum())
    assert status.passages == build_report.passages["passages"] > 0 and status.skipped == []
    assert corpus.index_status(built_index.parent / "nowhere") is None


@pytest.mark.slow
def test_build_with_progress_reports_every_file_and_finishes_at_one(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(TINY_DISCLOSURE, encoding="utf-8")
    (tmp_path / "corpus" / "b.txt").write_bytes(b"\x00\x01binary")
    calls = []
    settings = load_settings(corpus_dir=str(tmp_path / "corpus"), index_dir=str(tmp_path / "index"))
    report = corpus.build_with_progress(settings, lambda f, text: calls.append((f, text)))
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0 and len(calls) == 4
    assert report.documents == 1 and "binary" in calls[2][1] and "段落向量" in calls[2][1]
    assert corpus.index_status(tmp_path / "index").skipped


def test_build_with_progress_without_corpus_folder(tmp_path):
    with pytest.raises(corpus.CorpusNotFoundError):
        corpus.build_with_progress(load_settings(corpus_dir=str(tmp_path / "none"), index_dir=str(tmp_path / "i")),
                                   lambda *_: None)


# --- table views --------------------------------------------------------------------------------

@pytest.mark.slow
def test_table_grid_pivots_items_back_into_the_printed_table(built_index):
    tid = table_id(built_index, BDH, "部门预算支出总表")
    grid = tables.table_grid(tables.table_items(built_index, BDH, tid))
    assert list(grid.columns) == ["行号", "科目编码", "科目名称", "合计", "基本支出", "项目支出"]  # a text source: no 页码
    row = grid[grid["科目编码"] == "210"].iloc[0]
    # one cell per line: the row's figures stand on lines 634, 635 and 636
    assert (row["行号"], row["科目名称"], row["合计"], row["基本支出"], row["项目支出"]) == \
        ("634–636", "卫生健康支出", "363.15", "213.32", "136.92")
    assert grid.iloc[0]["科目名称"] == "合计"


@pytest.mark.slow
def test_side_by_side_summary_table_keeps_each_value_beside_its_own_name(built_index):
    tid = table_id(built_index, BDH, "部门预算收支总表")
    grid = tables.table_grid(tables.table_items(built_index, BDH, tid)).set_index("科目名称")
    assert (grid.loc["收入总计", "收入/预算数"], grid.loc["收入总计", "支出/预算数"]) == ("404.67", "")
    assert (grid.loc["支出总计", "支出/预算数"], grid.loc["支出总计", "收入/预算数"]) == ("404.67", "")


@pytest.mark.slow
def test_filter_rows_by_code_prefix_or_name(built_index):
    grid = tables.table_grid(tables.table_items(built_index, BDH, table_id(built_index, BDH, "部门预算支出总表")))
    by_code = tables.filter_rows(grid, " 210 ")
    assert len(by_code) > 1 and by_code["科目编码"].str.startswith("210").all()
    by_name = tables.filter_rows(grid, "医疗")
    assert len(by_name) > 1 and by_name["科目名称"].str.contains("医疗").all()
    assert tables.filter_rows(grid, "") is grid
    assert tables.filter_rows(grid, "没有这一行").empty


@pytest.mark.slow
def test_cited_rows_highlight_exactly_the_cited_cell(built_index):
    items = tables.table_items(built_index, BDH, table_id(built_index, BDH, "部门预算支出总表"))
    styled = tables.cited_rows(items, CELL)
    # 行号 is the cited cell's line, as in the citation's title (第635行), not the row's first line
    assert styled.data[["行号", "科目编码", "基本支出"]].values.tolist() == [["635", "210", "213.32"]]
    marks = styled._compute().ctx  # {(row, col): [(css property, value)]}
    highlighted = [(r, styled.data.columns[c]) for (r, c), css in marks.items() if css]
    assert highlighted == [(0, "基本支出")]
    assert tables.cited_rows(items, Citation(BDH, "table", 1, 2, "")) is None


@pytest.mark.slow
def test_csv_and_excel_export(built_index):
    grid = tables.table_grid(tables.table_items(built_index, BDH, table_id(built_index, BDH, "部门预算支出总表")))
    csv = tables.to_csv(grid)
    assert csv.startswith(b"\xef\xbb\xbf") and "卫生健康支出".encode() in csv
    sheet = openpyxl.load_workbook(io.BytesIO(tables.to_excel(grid, "T03"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(grid.columns) and len(rows) == len(grid) + 1
    health = next(r for r in rows if r[1] == "210")
    assert health[3:] == (363.15, 213.32, 136.92)  # numbers, so an auditor can sum them


@pytest.mark.slow
def test_findings_view_names_kinds_in_chinese(built_index):
    view = tables.table_findings(load_findings(built_index, BDH), "部门预算支出总表")
    assert len(view) >= 1 and "合计与分栏之和不符" in set(view["类型"])
    assert list(view.columns) == list(tables.FINDING_COLUMNS.values())


# --- charts -------------------------------------------------------------------------------------

def cell(line: int, column: str, value: str, unit: str | None, yuan: str | None) -> dict:
    return {"line": line, "column": column, "value": value, "unit": unit,
            "value_yuan": None if yuan is None else Decimal(yuan)}


STORE = pd.DataFrame([cell(5, "合计", "12.50", "万元", "125000"), cell(6, "合计", "3.25", "万元", "32500"),
                      cell(7, "合计", "1,500.00", "元", "1500"), cell(8, "比例", "12.5%", "%", None),
                      cell(9, "合计", "4.00", "万元", "40000"), cell(9, "合计", "4.00", "万元", "40000")])


def cite(line: int, row: str, value: str, doc: str = "a", column: str = "合计") -> Citation:
    return Citation(doc, "table", line, line, "", table="表一", table_id="T01", row=row, column=column, value=value)


def chart_of(*citations: Citation, names: dict | None = None):
    return charts.cited_figures(numeric_answer(citations=list(citations)), lambda c: STORE, names or {})


def test_chart_holds_exactly_the_cited_cells_in_their_unit():
    frame, unit = chart_of(cite(5, "基本支出", "12.50"), cite(6, "项目支出", "3.25"), cite(6, "项目支出", "3.25"))
    assert unit == "万元" and frame.to_dict("list") == {
        "项目": ["基本支出", "项目支出"], "数额": [Decimal("12.50"), Decimal("3.25")], "原文数字": ["12.50", "3.25"]}
    assert charts.axis_title(unit) == "金额（万元）"


def test_chart_of_several_documents_names_them_and_converts_yuan_exactly():
    frame, unit = chart_of(cite(5, "合计", "12.50", doc="a"), cite(7, "合计", "1,500.00", doc="b"),
                           names={"a": "甲局2023年", "b": "乙局2024年"})
    assert unit == "万元" and list(frame["项目"]) == ["甲局2023年 · 合计", "乙局2024年 · 合计"]
    assert list(frame["数额"]) == [Decimal("12.5"), Decimal("0.15")] and list(frame["原文数字"]) == ["12.50", "1,500.00"]


def test_no_chart_unless_two_cells_are_found_with_certainty():
    assert chart_of(cite(5, "基本支出", "12.50")) is None  # one figure
    assert chart_of(cite(5, "基本支出", "12.50"), cite(6, "项目支出", "9.99")) is None  # printed figure differs
    assert chart_of(cite(5, "基本支出", "12.50"), cite(9, "公用经费", "4.00")) is None  # two items on that line
    assert chart_of(cite(5, "基本支出", "12.50"), cite(8, "比例", "12.5%", column="比例")) is None  # 万元 and %
    answer = numeric_answer(citations=[cite(5, "基本支出", "12.50"), cite(6, "项目支出", "3.25")], refused=True)
    assert charts.cited_figures(answer, lambda c: STORE, {}) is None


def test_bar_chart_labels_in_chinese_with_the_printed_figure():
    frame, unit = chart_of(cite(5, "基本支出", "12.50"), cite(6, "项目支出", "3.25"))
    spec = charts.bar_chart(frame, unit).to_dict()
    assert spec["encoding"]["x"]["title"] == "金额（万元）" and spec["mark"]["type"] == "bar"
    assert [t["title"] for t in spec["encoding"]["tooltip"] if "title" in t] == ["原文数字（万元）"]
    rows = next(iter(spec["datasets"].values()))
    assert [(r["项目"], r["数额"], r["原文数字"]) for r in rows] == [("基本支出", 12.5, "12.50"), ("项目支出", 3.25, "3.25")]
    # Streamlit fits the axes inside the height: with 120 px for three bars it drew one label of three
    assert spec["height"] >= 80 + 28 * len(rows)


@pytest.mark.slow
def test_chart_of_a_real_ranking_answer(built_index):
    # beilin 单位综合预算专项业务经费支出表: 医保专网建设 524,400.00 (line 496), 劳务派遣人员工作经费 510,000.00 (line 492)
    tid = table_id(built_index, "beilin_2024_budget", "单位综合预算专项业务经费支出表")
    cited = [Citation("beilin_2024_budget", "table", line, line, "", table="单位综合预算专项业务经费支出表", table_id=tid,
                      row=row, column="项目金额", value=value)
             for line, row, value in ((496, "医保专网建设", "524,400.00"), (492, "劳务派遣人员工作经费", "510,000.00"))]
    frame, unit = charts.cited_figures(numeric_answer(citations=cited),
                                       lambda c: tables.table_items(built_index, c.doc, c.table_id), {})
    assert unit == "元" and list(frame["项目"]) == ["医保专网建设", "劳务派遣人员工作经费"]
    assert list(frame["数额"]) == [Decimal("524400.00"), Decimal("510000.00")]


def test_span_lines_reads_back_line_span():
    assert [sources.span_lines(sources.line_span(a, b)) for a, b in ((7, 7), (634, 636))] == [range(7, 8), range(634, 637)]
    assert sources.span_lines("") == range(0)


GRID = pd.DataFrame({"行号": ["3", "4", "5–6", "7"], "科目编码": ["", "201", "", ""],
                     "科目名称": ["合计", "一般公共服务支出", "其他", "其他"],
                     "合计": ["12.50", "1,000.00", "-", "2.00万元"]})


def test_table_figures_leave_out_cells_that_are_no_plain_figure():
    frame = charts.table_figures(GRID, "合计", "万元")
    assert frame.to_dict("list") == {"项目": ["合计", "201 一般公共服务支出"], "数额": [Decimal("12.50"), Decimal("1000.00")],
                                     "原文数字": ["12.50", "1,000.00"]}
    twice = pd.concat([GRID.iloc[[0]], GRID.iloc[[0]].assign(行号="9")])  # the same label on two rows: two bars
    assert list(charts.table_figures(twice, "合计", "万元")["项目"]) == ["合计（第3行）", "合计（第9行）"]


def test_export_frame_names_document_table_unit_lines_and_pages():
    out = tables.export_frame(GRID, "d", "表一", None)
    assert list(out.columns) == ["文件", "表格", "单位", "行号", "页码", "科目编码", "科目名称", "合计"]
    assert out.iloc[2][["文件", "表格", "单位", "行号", "页码"]].tolist() == ["d", "表一", "未声明", "5–6", ""]
    with_pages = tables.export_frame(GRID.assign(页码=["1", "1", "1–2", "2"])[["行号", "页码", *GRID.columns[1:]]],
                                     "d", "表一", "万元")
    assert with_pages.iloc[2][["单位", "行号", "页码"]].tolist() == ["万元", "5–6", "1–2"]
    sheet = openpyxl.load_workbook(io.BytesIO(tables.to_excel(out, "T01"))).active
    assert [c.value for c in sheet[3]][:4] == ["d", "表一", "未声明", "4"] and sheet[3][7].value == 1000


def test_a_conflicting_figure_is_its_own_source_but_no_bar_and_no_headline():
    other = replace(cite(6, "项目支出", "3.25"), role="conflict")
    assert chart_of(cite(5, "基本支出", "12.50"), other) is None
    answer = numeric_answer(citations=[cite(5, "基本支出", "12.50"), other])
    assert conversation.headline(answer)[0] == "基本支出 · 合计"
    assert conversation.citation_title(other) == "不一致的数字：a · 表一 · 项目支出 · 合计 · 第6行"
    assert not conversation.citation_title(cite(5, "基本支出", "12.50")).startswith("不一致")


def test_uploader_style_replaces_streamlits_english_with_chinese():
    css = uploader.uploader_style(50, [".pdf", ".txt"])
    assert re.findall(r'content: "([^"]*)"', css) == ["选择文件", "单个文件不超过 50 MB · PDF、TXT"]
    assert "stFileUploaderDropzoneInstructions" in css


def test_findings_view_never_shows_the_checks_internal_kind_words():
    frame = pd.DataFrame([{**dict.fromkeys(tables.FINDING_COLUMNS, ""), "kind": kind, "rule": rule}
                          for kind, rule in [("column_sum", "R-BAL-03"), ("magnitude", "R-HYG-02"),
                                             ("some_new_check", "")]])
    assert list(tables.findings_view(frame)["类型"]) == ["合计与分栏之和不符", "金额单位与总额量级相符", "其他核对发现"]


def test_real_empty_table_finding_is_named_by_its_rule():
    # corpus/zengdu_2023_budget.txt line 119: 《收支总表》 printed without figures (kind empty_table, R-CMP-02)
    doc = parse_file(CORPUS_DIR / "zengdu_2023_budget.txt")
    frame = pd.DataFrame([f.__dict__ for f in doc.findings])
    view = tables.findings_view(frame)
    empty = view[frame["line_a"] == 119]
    assert list(empty["类型"]) == ["空表有“无…”说明"]
    assert not any(re.fullmatch(r"[a-z_]+", k) for k in view["类型"])


def test_table_label_tells_same_titled_tables_apart_by_their_lines():
    frame = pd.DataFrame([{"title": "一般公共预算基本支出情况表", "line_start": 340, "line_end": 372},
                          {"title": "一般公共预算基本支出情况表", "line_start": 374, "line_end": 400}],
                         index=["T11", "T12"])
    labels = [tables.table_label(frame.loc[t]) for t in frame.index]
    assert labels == ["一般公共预算基本支出情况表 · 第340–372行", "一般公共预算基本支出情况表 · 第374–400行"]

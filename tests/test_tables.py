"""Text lines -> tables on the real disclosures, one test group per physical layout.

Line numbers are 1-based lines of corpus/<stem>.txt.
"""
from __future__ import annotations

import pytest

from bench.cell_coverage import printed_cells
from indexer.models import Document, Table


def table_titled(doc: Document, title: str) -> Table:
    hits = [t for t in doc.tables if t.title == title]
    assert len(hits) == 1, f"{doc.meta.doc}: {len(hits)} tables titled {title!r}: {[t.title for t in doc.tables]}"
    return hits[0]


def table_at(doc: Document, line: int) -> Table:
    hits = [t for t in doc.tables if t.line_start <= line <= t.line_end]
    assert len(hits) == 1, f"{doc.meta.doc} line {line} is in {len(hits)} tables"
    return hits[0]


def row_lines(table: Table) -> set[int]:
    return {c.line for r in table.rows for c in r.cells}


# --- one cell per line (beidaihe) -------------------------------------------------------------

def test_one_cell_per_line_income_expenditure_summary(parsed):
    # beidaihe lines 1-224: 部门预算收支总表, each cell its own TAB-led line, rows split by blank
    # lines; line 4 "部门：万元" declares the unit; header 序号 | 收入/项目,预算数 | 支出/项目,预算数.
    t = table_titled(parsed["beidaihe_2023_budget"], "部门预算收支总表")
    assert (t.line_start, t.line_end) == (1, 224)
    assert (t.unit, t.unit_source) == ("万元", "declared")
    assert t.columns == ["序号", "收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]
    assert len(t.header_rows) == 2
    # Lines 22-26 are one row: 1 | 一、一般公共预算拨款收入 | 404.67 | 一、一般公共服务支出 | (empty).
    first = t.rows[0]
    assert [c.line for c in first.cells] == [22, 23, 24, 25, 26]
    assert first.texts == ["1", "一、一般公共预算拨款收入", "404.67", "一、一般公共服务支出", ""]
    assert (first.line_start, first.line_end) == (22, 26)


def test_one_cell_per_line_cells_keep_their_own_line(parsed):
    # beidaihe 部门预算一般公共预算财政拨款支出表, row 序号14 on lines 1259-1264: 14 | 2101501 |
    # 行政运行 | 193.05 | 193.05 | (empty). Every cell carries the line it is printed on.
    doc = parsed["beidaihe_2023_budget"]
    t = table_titled(doc, "部门预算一般公共预算财政拨款支出表")
    row = next(r for r in t.rows if r.line_start == 1259)
    assert [(c.line, c.text) for c in row.cells] == [
        (1259, "14"), (1260, "2101501"), (1261, "行政运行"), (1262, "193.05"), (1263, "193.05"), (1264, "")]
    for row in t.rows:
        for cell in row.cells:
            assert doc.line(cell.line).strip() == cell.text.strip() or cell.text == ""
            assert row.line_start <= cell.line <= row.line_end


def test_column_number_row_is_not_data(parsed):
    # beidaihe lines 252-264: 栏次 | 1 | 2 | … | 12 numbers the columns of 部门预算收入总表.
    doc = parsed["beidaihe_2023_budget"]
    t = table_titled(doc, "部门预算收入总表")
    assert not row_lines(t) & set(range(252, 265))
    assert not [i for i in doc.items if 252 <= i.line <= 264]


# --- markdown pipe tables (beilin) ------------------------------------------------------------

def test_markdown_table_structure(parsed):
    # beilin 表5 lines 325-349: title 325, "单位：元" 329, header 331, |---| separator 332,
    # 合计 row 333, 16 coded rows 334-349.
    t = table_titled(parsed["beilin_2024_budget"], "单位综合预算一般公共预算支出明细表（按支出功能分类科目）")
    assert (t.line_start, t.line_end) == (325, 349)
    assert (t.unit, t.unit_source) == ("元", "declared")
    assert t.columns == ["功能科目编码", "功能科目名称", "合计", "人员经费支出", "公用经费支出", "专项业务经费支出", "备注"]
    assert [r.line_start for r in t.rows] == list(range(333, 350))
    assert 332 not in row_lines(t)  # the |---| line is a separator, not a row


def test_markdown_multi_level_header(parsed):
    # beilin 表3 lines 275-278: 单位编码 | 单位名称 | 部门预算 spanning 合计, 公共预算拨款 (小计, 其中…), …
    t = table_titled(parsed["beilin_2024_budget"], "单位综合预算支出总表")
    assert len(t.header_rows) == 3
    assert t.columns[2] == "部门预算/合计"
    assert t.columns[3] == "部门预算/公共预算拨款/小计"
    assert t.column_leaves[3] == "小计"


def test_title_without_rows_does_not_take_the_next_table(parsed):
    # beilin 表2 (line 261 单位综合预算收入总表) prints no rows; the next rows (275-281) belong to
    # 表3 单位综合预算支出总表 (line 269).
    doc = parsed["beilin_2024_budget"]
    t = table_at(doc, 279)
    assert t.title == "单位综合预算支出总表" and t.line_start == 269
    assert not [x for x in doc.tables if x.title == "单位综合预算收入总表" and x.rows]


# --- tab-separated (lishi, yongqiao) ----------------------------------------------------------

def test_tab_table_structure_lishi(parsed):
    # lishi 2023年预算支出总表 lines 119-135: header 项目 | | 2023年预算数 (125) / 科目编码 科目名称 合计 基本支出 项目支出 (126).
    t = table_titled(parsed["lishi_2023_budget"], "2023年预算支出总表")
    assert (t.line_start, t.line_end) == (119, 135)
    assert (t.unit, t.unit_source) == ("万元", "declared")
    assert t.columns == ["项目/科目编码", "项目/科目名称", "2023年预算数/合计", "2023年预算数/基本支出", "2023年预算数/项目支出"]
    assert [r.line_start for r in t.rows] == list(range(127, 136))


def test_page_split_table_with_repeated_header_is_one_table(parsed):
    # yongqiao 表1 2023年部门财政拨款收支预算总表: title line 111, header 117-118, rows 119-139,
    # the header repeated after the page break at 141-142, rows 143-153 (收入总计 on 153).
    doc = parsed["yongqiao_2023_budget"]
    tables = [t for t in doc.tables if t.line_start <= 153 and t.line_end >= 111]
    assert len(tables) == 1
    t = tables[0]
    assert t.title == "2023年部门财政拨款收支预算总表"
    assert (t.line_start, t.line_end) == (111, 153)
    assert [r.line_start for r in t.header_rows] == [117, 118]
    lines = [r.line_start for r in t.rows]
    assert lines == list(range(119, 140)) + list(range(143, 154))
    assert 141 not in lines and 142 not in lines  # the repeated header is not data
    assert not [i for i in doc.items if i.line in (141, 142)]
    assert not [i for i in doc.items if i.table_id == t.table_id and i.row_name in ("项目", "收入", "支出", "预算数")]
    # rows after the break are read with the same columns as before it
    after = [i for i in doc.items if i.line == 153]
    assert {i.table_id for i in after} == {t.table_id}
    assert {(i.row_name, i.column) for i in after} == {
        ("收入总计", "预算数"), ("支出总计", "合计"), ("支出总计", "一般公共预算财政拨款")}


def test_table_without_data_gives_no_items(parsed):
    # lishi 2023年一般公共预算“三公”经费支出预算表 lines 269-282 lists the rows but no figures ("注：本表无数据").
    doc = parsed["lishi_2023_budget"]
    t = table_titled(doc, "2023年一般公共预算“三公”经费支出预算表")
    assert t.rows
    assert not [i for i in doc.items if i.table_id == t.table_id]


# --- OCR-spaced tab tables (zengdu) -----------------------------------------------------------

def test_ocr_tables_unit_from_document(parsed):
    # zengdu declares its unit once, "单位:万元" on line 284 (三公 table); every other table takes
    # it from the document.
    doc = parsed["zengdu_2023_budget"]
    sangong = table_at(doc, 288)
    assert (sangong.unit, sangong.unit_source) == ("万元", "declared")
    others = [t for t in doc.tables if t is not sangong]
    assert others and all((t.unit, t.unit_source) == ("万元", "document") for t in others)


def test_ocr_side_by_side_summary(parsed):
    # zengdu 收支总表 lines 119-152: 收 | λ | 支 | 出 (OCR of 收入/支出), rows 125-152 with two panels.
    t = table_titled(parsed["zengdu_2023_budget"], "收支总表")
    assert (t.line_start, t.line_end) == (119, 152)
    assert len(t.header_rows) == 2
    assert t.rows[0].line_start == 125 and t.rows[-1].line_start == 152
    assert 136 not in {r.line_start for r in t.rows}  # the blank-cell line 136 is no row


# --- every layout -----------------------------------------------------------------------------

@pytest.mark.parametrize("stem", [
    "beidaihe_2023_budget", "beilin_2024_budget", "lishi_2023_budget", "yongqiao_2023_budget", "zengdu_2023_budget"])
def test_every_table_with_numeric_cells_yields_items(parsed, stem):
    doc = parsed[stem]
    numeric_lines = {n for n, _ in printed_cells(doc.lines)}
    for t in doc.tables:
        printed = {n for n in numeric_lines if t.line_start <= n <= t.line_end}
        items = [i for i in doc.items if i.table_id == t.table_id]
        if printed:
            assert items, f"{stem} {t.table_id} {t.title!r} (lines {t.line_start}-{t.line_end}) has figures but no items"
        assert all(t.line_start <= i.line <= t.line_end for i in items)


@pytest.mark.parametrize("stem", [
    "beidaihe_2023_budget", "beilin_2024_budget", "lishi_2023_budget", "yongqiao_2023_budget", "zengdu_2023_budget"])
def test_every_printed_numeric_cell_is_a_line_item(parsed, stem):
    # bench/cell_coverage.printed_cells counts every amount printed in a table row, independently
    # of the parser's table logic; the corpus is at 100 %, the floor is 99 %.
    doc = parsed[stem]
    cells = printed_cells(doc.lines)
    got = {(i.line, i.value.rstrip("元万%")) for i in doc.items}
    missed = [c for c in cells if c not in got]
    assert cells
    assert (len(cells) - len(missed)) / len(cells) >= 0.99, f"{stem} missed cells: {missed[:20]}"


def test_corpus_cell_coverage_total(parsed):
    counted = covered = 0
    for doc in parsed.values():
        got = {(i.line, i.value.rstrip("元万%")) for i in doc.items}
        cells = printed_cells(doc.lines)
        counted += len(cells)
        covered += sum(1 for c in cells if c in got)
    assert counted > 1000
    assert covered / counted >= 0.99


def test_table_ids_unique_and_ordered(parsed):
    for stem, doc in parsed.items():
        ids = [t.table_id for t in doc.tables]
        assert len(ids) == len(set(ids)), stem
        starts = [t.line_start for t in doc.tables]
        assert starts == sorted(starts), stem
        for a, b in zip(doc.tables, doc.tables[1:]):
            assert a.line_end < b.line_start, f"{stem}: {a.table_id} and {b.table_id} overlap"

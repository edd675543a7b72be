"""Space-separated tables (PDF text extraction's default layout): tokens, wraps, headers, placement."""
from __future__ import annotations

from decimal import Decimal

import pytest

from indexer.items import table_items
from indexer.page_furniture import is_page_number
from indexer.space_place import Placed, place
from indexer.space_rows import line_kind, segments, tokenize
from indexer.tables import extract_tables
from tests.conftest import DEV_TXT as DEV


def dev_lines(name: str) -> list[str]:
    path = DEV / f"{name}.txt"
    if not path.exists():
        pytest.skip("dev corpus not present")
    return path.read_text(encoding="utf-8").split("\n")


def items_at(name: str, line: int):
    lines = dev_lines(name)
    tables = extract_tables(lines)
    return [it for t in tables for it in table_items(name, t) if it.line == line]


def cells(items) -> dict[str, str]:
    return {it.column: it.value for it in items}


# --- tokens -----------------------------------------------------------------------------------

def test_glued_figure_and_next_label_are_two_cells():
    segs = segments(tokenize("一、本年收入 37,891.58一、本年支出 22,022.92"), False)
    assert [(s.label, s.figs) for s in segs] == [("一、本年收入", ["37,891.58"]), ("一、本年支出", ["22,022.92"])]


def test_codes_in_every_printed_form_normalise_to_digits():
    forms = ["212 01 04 城市建设 1.00", "2120104城市建设 1.00", "[2120104]城市建设 1.00", "2120104-城市建设 1.00"]
    assert {segments(tokenize(f), False)[0].code for f in forms} == {"2120104"}


def test_numbered_label_after_a_label_opens_the_next_panel():
    segs = segments(tokenize("三、甲收入 三、乙支出 19.50"), False)
    assert [(s.label, s.figs) for s in segs] == [("三、甲收入", []), ("三、乙支出", ["19.50"])]


def test_row_numbers_of_a_final_accounts_table_are_not_figures():
    segs = segments(tokenize("9 九、卫生健康支出 39 1,474.23"), True)
    assert [(s.rownum, s.label, s.figs) for s in segs] == [(9, "", []), (39, "九、卫生健康支出", ["1,474.23"])]


def test_line_kinds():
    assert line_kind(tokenize("** ** 1 2 3"), "** ** 1 2 3") == "index"
    assert line_kind(tokenize("科目编码 科目名称 总计"), "科目编码 科目名称 总计") == "labels"
    assert line_kind(tokenize("支出 12.00 万元，比上年增加"), "支出 12.00 万元，比上年增加") is None
    assert is_page_number("— 9 —") and is_page_number("- 17 -") and is_page_number("—7—")
    assert not is_page_number("2026")
    # a wrapped sentence listing figures with their unit is prose, not a row
    assert line_kind(tokenize("万、养老保险缴费 4.76 万、住房公积金 3.12 万)"), "万、养老保险缴费 4.76 万、住房公积金 3.12 万)") is None


def test_real_lines_tokenise():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 117: empty left cell, glued panels
    line = dev_lines("chongqing_xuanchuan_2026_budget")[116]
    segs = segments(tokenize(line), False)
    assert [(s.label, s.figs) for s in segs] == [("三、国有资本经营预算资金", []), ("三、文化旅游体育与传媒支出", ["19,527.61"])]
    # dev_corpus/txt/changsha_zhijiao_2026_budget.txt line 164: code split into 类 款 项
    line = dev_lines("changsha_zhijiao_2026_budget")[163]
    assert segments(tokenize(line), False)[0].code == "2050399"


# --- placement --------------------------------------------------------------------------------

def _p(code, *figs, total=False):
    return Placed(code, total, [Decimal(f) for f in figs], None)


def test_roll_up_decides_the_column_of_a_short_row():
    # 201 = 20101 (basic only) + 20102 (project only); each child prints total + one part
    rows = [_p("201", "10.00", "4.00", "6.00"), _p("20101", "4.00", "4.00"), _p("20102", "6.00", "6.00")]
    assert place(rows, 3, True, 2) == [{0: 0, 1: 1, 2: 2}, {0: 0, 1: 1}, {0: 0, 1: 2}]


def test_no_identity_no_placement():
    # one child printing total + one part, parent also ambiguous: only the total is certain
    rows = [_p("201", "4.00", "4.00"), _p("20101", "4.00", "4.00")]
    assert place(rows, 3, True, 2) == [{0: 0}, {0: 0}]


def test_synthetic_table_places_by_roll_up_and_counts_the_rest():
    text = """支出总体情况表
单位：万元
科目编码 科目名称 总计 基本支出 项目支出
合计 10.00 4.00 6.00
201 一般公共服务支出 10.00 4.00 6.00
20101 人大事务 4.00 4.00
2010101 行政运行 4.00 4.00
20102 政协事务 6.00 6.00
2010201 一般行政管理事务 6.00 6.00
208 社会保障和就业支出 5.00 5.00
注：本表反映……。"""
    (table,) = extract_tables(text.split("\n"))
    got = {(it.row_code, it.column): it.value for it in table_items("x", table)}
    assert got[("2010101", "基本支出")] == "4.00" and got[("2010201", "项目支出")] == "6.00"
    assert ("2010101", "项目支出") not in got
    # 208 prints 5.00 twice but no child says which part: only its total is kept
    assert got[("208", "总计")] == "5.00" and ("208", "基本支出") not in got and ("208", "项目支出") not in got
    assert table.unplaced == 1


def test_real_table_short_rows_placed_by_roll_up():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 199: `2013301 行政运行 3,432.02 3,432.02`
    # under header line 195 (总计 基本支出 项目支出); its parent 20133 (line 198) fixes the column
    assert cells(items_at("chongqing_xuanchuan_2026_budget", 199)) == {"总计": "3,432.02", "基本支出": "3,432.02"}


# --- wrapped labels ----------------------------------------------------------------------------

def test_wrapped_label_joins_around_the_number_row():
    text = """支出表
单位：万元
科目编码 科目名称 合计
201 一般公共服务支出 3.00
机关事业单位基本养老
20101 3.00
保险缴费支出
注：无。"""
    (table,) = extract_tables(text.split("\n"))
    (it,) = [i for i in table_items("x", table) if i.row_code == "20101"]
    assert it.row_name == "机关事业单位基本养老保险缴费支出" and it.value == "3.00"


def test_real_wrapped_label():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt lines 156-158:
    # 国家电影事业发展专项资金安排 / 20707 4,036.60 4,036.60 / 的支出
    its = items_at("chongqing_xuanchuan_2026_budget", 157)
    assert its and {i.row_name for i in its} == {"国家电影事业发展专项资金安排的支出"}
    assert {i.row_code for i in its} == {"20707"}


# --- page furniture ----------------------------------------------------------------------------

def test_table_continues_over_a_page_number_line():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 149 `— 9 —` then a continuation page
    # without header: line 153 (2070205 博物馆) belongs to the same table as line 140
    lines = dev_lines("chongqing_xuanchuan_2026_budget")
    tables = extract_tables(lines)
    owner = {n: t.table_id for t in tables for r in t.rows for n in range(r.line_start, r.line_end + 1)}
    assert owner[153] == owner[140]


# --- a header cell broken around the line that names the columns ------------------------------

BROKEN_HEADER = """2026年财政拨款收支总体情况表
单位：万元
收入 支出
国有资本
项目 预算数 项目 合计 一般公共预算 政府性基金预算
经营预算
一、本年收入 100.00一、本年支出 60.00 50.00 10.00
（一）一般公共预算资金 90.00（一）教育支出 30.00 30.00
""".split("\n")


def test_broken_header_cell_makes_the_column_count_uncertain():
    # 国有资本 / 经营预算 is a fourth value column printed around the naming line: rows printing
    # three figures could hold any three of four, so only the proven row total is placed
    items = [it for t in extract_tables(BROKEN_HEADER) for it in table_items("t", t)]
    assert not any(it.column in ("一般公共预算", "政府性基金预算") for it in items)
    assert {it.value for it in items if it.line == 7} <= {"100.00", "60.00"}


def test_real_broken_header_leaves_the_uncertain_figures_out():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt lines 251-253 (国有资本 / 项目 预算数 … / 经营预算),
    # row 257: 文化旅游体育与传媒支出 16,211.66 12,145.06 4,066.60 for four value columns
    got = items_at("chongqing_xuanchuan_2026_budget", 257)
    assert [it.value for it in got] == ["16,211.66"]


# --- quantity units: one vocabulary with the questions' measure words ----------------------------

def test_form_unit_cells_come_from_the_measure_words():
    # 课时 and 床 are core.lexicon.MEASURE words the question side knows; 月 and 部 are printed bare by
    # forms; 万元 stays money
    from indexer.models import Cell, Row, Table
    rows = [["培训课时", "≥", "120", "课时"], ["开放床位", "≥", "60", "床"], ["完成时限", "≤", "11", "月"],
            ["宣传片", "≥", "3", "部"], ["设备购置成本", "≤", "23.70", "万元"]]
    body = [Row([Cell(t, n) for t in r], n, n) for n, r in enumerate(rows, start=1)]
    table = Table("T01", "项目支出绩效目标表", "万元", "declared", 1, 5, [], ["", "", "", ""], body, ["", "", "", ""])
    got = {it.value: it.unit for it in table_items("t", table)}
    assert got == {"120": None, "60": None, "11": None, "3": None, "23.70": "万元"}


# --- 类 / 款 / 项 printed as pieces, a table cut by a page break -------------------------------

CUT_BLOCK = """一般公共预算支出情况表
单位：万元
科目编码 科目名称 合计 基本支出 项目支出
208 社会保障和就业支出 70.00 40.00 30.00
02 民政管理事务 30.00 20.00 10.00
01 行政运行 20.00 20.00
99 其他民政管理事务支出 10.00 10.00
20 临时救助 40.00 20.00 20.00
01 临时救助支出 15.00 15.00
"""


def _codes(text: str) -> dict[str, str | None]:
    return {it.row_name: it.row_code for t in extract_tables(text.split("\n")) for it in table_items("x", t)}


def test_last_kuan_of_a_cut_block_is_proven_by_the_lei_total():
    got = _codes(CUT_BLOCK)
    # 30.00 + 40.00 = 70.00 (the 类): 临时救助 is its last 款 although its 项 run on past the page
    assert got["民政管理事务"] == "20802" and got["行政运行"] == "2080201" and got["其他民政管理事务支出"] == "2080299"
    assert got["临时救助"] == "20820" and got["临时救助支出"] == "2082001"


def test_cut_block_without_the_lei_total_identity_keeps_no_code():
    # the 类 prints 90.00: the rows after 临时救助 may be 款 of their own on the next page
    got = _codes(CUT_BLOCK.replace("208 社会保障和就业支出 70.00", "208 社会保障和就业支出 90.00"))
    assert got["民政管理事务"] is None and got["临时救助"] is None


def test_real_cut_block_codes():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt lines 305-320: 208 社会保障和就业支出 3,385.35 = 02 1,216.39 +
    # 05 538.60 + 10 536.59 + 20 1,093.77; line 320 `20 临时救助 1,093.77 …` ends the page, its 项 on line 326
    assert {it.row_code for it in items_at("yantai_minzheng_2026_budget", 318)} == {"2081001"}
    assert {it.row_code for it in items_at("yantai_minzheng_2026_budget", 320)} == {"20820"}

"""Side-by-side 收支总表 panels (收入 left, 支出 right on one line): 行次 rows, 栏次 widths, panel names,
halves printed alone, and the 本年…合计 = Σ numbered rows identity."""
from __future__ import annotations

from decimal import Decimal

from indexer.items import table_items
from indexer.space_place import Placed, place
from indexer.space_rows import line_kind, segments, tokenize
from indexer.space_sides import index_widths, is_rownum_row, panel_by_side, panel_names, with_sum_rows
from indexer.space_tables import _label_heading
from indexer.tables import extract_tables
from tests.test_space_tables import items_at


def _items(text: str):
    lines = text.strip("\n").split("\n")
    return [it for t in extract_tables(lines) for it in table_items("x", t)]


# --- the national 决算 template: 行次 after each label -------------------------------------------

FINAL = """
收入支出决算总表
编制部门：某某单位 金额单位：万元
收入 支出
项目 行次 决算数 项目 行次 决算数
栏次 1 栏次 2
一、财政拨款收入 1 300.00 一、一般公共服务支出 4 100.00
二、事业收入 2 二、教育支出 5
3 三、卫生健康支出 6 200.00
本年收入合计 3 300.00 本年支出合计 7 300.00
注：本表反映部门本年度的总收支。
"""


def test_rows_printing_only_row_numbers_stay_inside_the_table():
    assert is_rownum_row(tokenize("四、上级补助收入 4 四、公共安全支出 34"))
    assert is_rownum_row(tokenize("10 十、节能环保支出 40"))
    assert line_kind(tokenize("10 十、节能环保支出 40"), "10 十、节能环保支出 40") is None  # not data by itself
    assert not is_rownum_row(tokenize("二、事业收入 2 三、教育支出 1"))  # row numbers fall: not a 行次 row
    assert not is_rownum_row(tokenize("一、教育支出 2026 年度"))


def test_final_accounts_summary_places_each_half_under_its_heading():
    items = _items(FINAL)
    got = {(it.row_name, it.column_path): it.value for it in items}
    assert got == {
        ("财政拨款收入", "收入/决算数"): "300.00", ("一般公共服务支出", "支出/决算数"): "100.00",
        ("卫生健康支出", "支出/决算数"): "200.00",
        ("本年收入合计", "收入/决算数"): "300.00", ("本年支出合计", "支出/决算数"): "300.00",
    }
    assert {it.table for it in items} == {"收入支出决算总表"}  # rows with no figure did not cut the table


def test_column_number_row_counts_each_panel():
    assert index_widths([tokenize("栏次 1 栏次 2 3 4 5")], 2) == [1, 4]
    assert index_widths([tokenize("栏次 1 2 3")], 2) is None


def test_real_final_accounts_summary():
    # dev_corpus/txt/xian_weijian_2022_final.txt line 5405-5440 (公开01表), 5631-5668 (公开04表)
    row = {it.column_path: it.value for it in items_at("xian_weijian_2022_final", 5437)}
    assert row == {"收入/决算数": "2,015,094.22", "支出/决算数": "2,074,962.01"}  # 本年收入合计 27 … 本年支出合计 57
    assert {it.row_name: it.value for it in items_at("xian_weijian_2022_final", 5438)} == {"结余分配": "6,374.88"}
    assert {(it.row_name, it.column_path): it.value for it in items_at("xian_weijian_2022_final", 5439)} == {
        ("年初结转和结余", "收入/决算数"): "465,278.48", ("年末结转和结余", "支出/决算数"): "399,035.80"}
    # `9 九、卫生健康支出 39 1,474,833.23`: the left half prints only its row number
    assert {(it.row_name, it.column_path): it.value for it in items_at("xian_weijian_2022_final", 5419)} == {
        ("卫生健康支出", "支出/决算数"): "1,474,833.23"}
    # 公开04表: the 支出 half has four columns (栏次 2 3 4 5); `本年支出合计 59 864,099.38 296,047.75 568,051.63`
    # prints three. The numbered rows' sums hold with the parts in any two of the three part columns (no
    # row prints all four); the tables titled by one fund say which (test_real_fund_columns). 年末结转和结余
    # `78.55 78.55` is in no identity: only its 合计 is placed
    total = {it.column_path: it.value for it in items_at("xian_weijian_2022_final", 5663)}
    assert total == {"收入/金额": "805,251.56", "支出/合计": "864,099.38", "支出/一般公共预算财政拨款": "296,047.75",
                     "支出/政府性基金预算财政拨款": "568,051.63"}
    assert {it.column_path: it.value for it in items_at("xian_weijian_2022_final", 5664)} == {
        "收入/金额": "58,926.37", "支出/合计": "78.55"}


# --- panel names ------------------------------------------------------------------------------

def test_panel_names_from_the_line_printing_each_panels_headings():
    lines = [["收入", "支出"], ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算", "政府性基金预算"]]
    got = panel_names(lines, [1, 3], _label_heading, counted=True)
    assert got.paths == ["收入/金额", "支出/合计", "支出/一般公共预算", "支出/政府性基金预算"]
    # a heading broken around the naming line (国有资本 / 经营预算): widths read from the rows prove nothing
    broken = [["国有资本"], ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"], ["经营预算"]]
    assert panel_names(broken, [1, 3], _label_heading, counted=False) is None
    # a panel whose headings do not count its columns stays unnamed
    got = panel_names([["项目", "预算数", "项目", "基本支出"]], [1, 4], _label_heading, counted=False)
    assert got.named == [True, False] and got.leaves == ["预算数", "", "", "", ""]


def test_real_glued_halves_are_named_per_panel():
    # dev_corpus/txt/shanghai_jiaotongzhiyuan_2026_budget.txt line 71: `一、财政拨款收入 304,413,900一、教育支出 …`
    row = {(it.row_name, it.column_path): it.value for it in items_at("shanghai_jiaotongzhiyuan_2026_budget", 71)}
    assert row[("财政拨款收入", "本年收入/预算数")] == "304,413,900"
    assert row[("教育支出", "合计")] == "326,658,710"  # the right panel's proven total, its header's one 合计
    assert len(row) == 2  # 基本支出 (人员经费, 公用经费) and 项目支出: the header does not order them
    # line 75 `二、事业收入 50,000,000`: the 收入 half alone
    assert {(it.row_name, it.column_path): it.value for it in items_at("shanghai_jiaotongzhiyuan_2026_budget", 75)} \
        == {("事业收入", "本年收入/预算数"): "50,000,000"}


# --- a half printed alone -----------------------------------------------------------------------

def test_lone_half_goes_to_the_panel_of_its_side():
    full = [segments(tokenize("一、甲收入 5.00 一、乙支出 3.00"), False),
            segments(tokenize("二、丙收入 1.00 二、丁支出 3.00"), False)]
    alone = segments(tokenize("十、卫生健康支出 8.00"), False)
    assert panel_by_side(alone, full, 2, "十、卫生健康支出 8.00") == [1]
    # two labels read as one (the left half printed no figure): the figure's half is unknown
    joined = segments(tokenize("二、财政专户管理资金 行政事业单位养老支出 396.67"), False)
    assert panel_by_side(joined, full, 2, "二、财政专户管理资金 行政事业单位养老支出 396.67") is None
    unsided = segments(tokenize("二十四、预备费 8.00"), False)
    assert panel_by_side(unsided, full, 2, "二十四、预备费 8.00") is None


def test_real_lone_half():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt line 333 `十、卫生健康支出 8,580.21` (the 收入 half ended at 九、)
    assert {(it.row_name, it.column_path): it.value for it in items_at("wuxi_jiaoyu_2026_budget", 333)} == {
        ("卫生健康支出", "支出预算数"): "8,580.21"}
    # dev_corpus/txt/hangzhou_qixiang_2026_budget.txt line 321 `二、财政专户管理资金 行政事业单位养老支出 396.67`
    assert items_at("hangzhou_qixiang_2026_budget", 321) == []


# --- 本年…合计 = Σ numbered rows ---------------------------------------------------------------

def test_year_total_is_the_sum_of_the_numbered_rows():
    d = Decimal
    labels = ["一、甲支出", "二、乙支出", "本年支出合计", "总计"]
    rows = [Placed(None, False, [d("5.00"), d("5.00")], None), Placed(None, False, [d("7.00"), d("7.00")], None),
            Placed(None, False, [d("12.00"), d("5.00"), d("7.00")], None),
            Placed(None, True, [d("12.00"), d("5.00"), d("7.00")], None)]
    marked = with_sum_rows(rows, labels)
    assert [r.is_total_row for r in marked] == [False, False, True, False]
    # the sums hold whichever two of the three part columns the figures take: only the totals are placed
    assert place(marked, 4, True, 2)[:3] == [{0: 0}, {0: 0}, {0: 0}]
    # the total printing every column fixes its parts, and every child is placed by the sums
    rows[2] = Placed(None, False, [d("12.00"), d("5.00"), d("7.00"), d("0.00")], None)
    got = place(with_sum_rows(rows, labels), 4, True, 2)
    assert got[0] == {0: 0, 1: 1} and got[1] == {0: 0, 1: 2}
    assert place(rows, 4, True, 2)[0] == {0: 0}  # without the identity nothing but the total is certain
    # no numbered rows, or rows with codes: nothing changes
    assert with_sum_rows(rows, ["甲", "乙", "本年支出合计", "总计"]) == rows


# --- fund columns of the 支出 panel, told apart by the tables titled by one fund ----------------

FUNDS = """
财政拨款收入支出决算总表
编制部门：某某单位 金额单位：万元
收入 支出
项目 行次 金额 项目 行次 合计 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款
栏次 1 栏次 2 3 4 5
一、一般公共预算财政拨款 1 100.00 一、一般公共服务支出 4 60.00 60.00
二、政府性基金预算财政拨款 2 50.00 二、教育支出 5 40.00 40.00
3 三、其他支出 6 50.00 50.00
本年收入合计 3 150.00 本年支出合计 7 150.00 100.00 50.00
注：本表反映部门本年度财政拨款的总收支。

一般公共预算财政拨款支出决算表
公开05表
编制部门：某某单位 金额单位：万元
科目代码 科目名称 合计 基本支出 项目支出
合计 100.00 70.00 30.00
"""


def test_fund_columns_placed_by_the_tables_titled_by_one_fund():
    def fund_cells(text: str) -> dict[tuple[str, str], str]:
        return {(it.row_name, it.column): it.value for it in _items(text) if it.table == "财政拨款收入支出决算总表"}
    # without the fund tables the rows add up whichever two fund columns they print: only the totals are placed
    alone = fund_cells(FUNDS.split("\n\n")[0])
    assert not {c for _, c in alone} & {"一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"}
    # 100.00 is the 一般公共预算 table's total: the numbered rows follow the 本年支出合计 row's columns; 50.00 is
    # 政府性基金 or 国有资本经营 still
    got = fund_cells(FUNDS)
    assert got[("本年支出合计", "一般公共预算财政拨款")] == "100.00" and got[("教育支出", "一般公共预算财政拨款")] == "40.00"
    assert ("其他支出", "政府性基金预算财政拨款") not in got and ("其他支出", "国有资本经营预算财政拨款") not in got
    # the 政府性基金 table's 合计 row prints 50.00: its column is certain too
    got = fund_cells(FUNDS + "\n政府性基金预算财政拨款支出决算表\n科目代码 科目名称 合计\n合计 50.00\n")
    assert got[("本年支出合计", "政府性基金预算财政拨款")] == "50.00" and got[("其他支出", "政府性基金预算财政拨款")] == "50.00"


def test_real_fund_columns():
    # dev_corpus/txt/xian_weijian_2022_final.txt line 5663 (公开04表, 支出 panel 合计 | 一般公共预算 | 政府性基金 | 国有资本经营);
    # 公开05表 一般公共预算财政拨款支出决算表 prints `合计 296,047.75 …` (line 5677), 公开07表 政府性基金 prints 568,051.63
    # (line 5808); line 5645 九、卫生健康支出 then follows the 一般公共预算 column
    got = {(it.row_name, it.column): it.value for it in items_at("xian_weijian_2022_final", 5663)}
    assert got[("本年支出合计", "一般公共预算财政拨款")] == "296,047.75"
    assert got[("本年支出合计", "政府性基金预算财政拨款")] == "568,051.63"
    got = {it.column: it.value for it in items_at("xian_weijian_2022_final", 5645) if it.row_name == "卫生健康支出"}
    assert got == {"合计": "271,800.87", "一般公共预算财政拨款": "271,800.87"}

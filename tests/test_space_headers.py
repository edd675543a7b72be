"""Space-separated tables, third pass: headers repeated or stacked, code headings, second
classifications, side-by-side panels whose left figures are unplaced — and the txt-vs-PDF oracle."""
from __future__ import annotations

from decimal import Decimal

from bench.txt_vs_pdf import classify
from indexer.items import table_items
from indexer.models import LineItem
from indexer.space_rows import segments, tokenize
from indexer.space_tables import _header_words
from indexer.tables import extract_tables
from tests.test_space_tables import cells, items_at


def _items(text: str):
    return [it for t in extract_tables(text.split("\n")) for it in table_items("x", t)]


# --- a header printed again after a page break ------------------------------------------------

REPEATED_HEADER = """收入预算总表
单位：元
科目名称 合计 财政拨款收入 事业收入
205 教育支出 30.00 20.00 10.00
20503 职业教育 30.00 20.00 10.00

科目名称 合计 财政拨款收入 事业收入
2050302 中等职业教育 30.00 20.00 10.00
"""


def test_repeated_header_names_each_column_once():
    got = {(it.row_code, it.column): it.value for it in _items(REPEATED_HEADER)}
    assert got[("205", "合计")] == "30.00" and got[("205", "财政拨款收入")] == "20.00"
    assert got[("2050302", "事业收入")] == "10.00"
    assert not any("合计合计" in c for _, c in got)


def test_real_repeated_header_is_not_a_second_header():
    # dev_corpus/txt/shanghai_jiaotongzhiyuan_2026_budget.txt lines 82-87 and again 101-106 (收入预算总表
    # over a page break): the repeat named every column twice (合计合计 = 326,658,710 on line 88)
    assert not any(it.column.startswith("合计合计") or "收入收入" in it.column
                   for it in items_at("shanghai_jiaotongzhiyuan_2026_budget", 88))
    assert not any("合计合计" in it.column for it in items_at("shanghai_jiaotongzhiyuan_2026_budget", 107))


# --- side-by-side panels whose left figure is unplaced ----------------------------------------

def test_right_panel_figures_keep_the_right_panel_label():
    # the left panel (one value column, no header names) cannot be placed; its label must not
    # take the right panel's figures
    text = """收支预算总表
单位：元
本年收入 本年支出
预算数
项目 预算数 项目 基本支出
合计 项目支出
人员经费 公用经费
一、财政拨款收入 300.00一、教育支出 326.00 150.00 104.00 72.00
收入总计 300.00 支出总计 326.00 150.00 104.00 72.00
"""
    rows = {(it.row_name, it.value) for it in _items(text)}
    assert ("财政拨款收入", "326.00") not in rows and ("教育支出", "326.00") in rows


def test_real_right_panel_figures_keep_the_right_panel_label():
    # dev_corpus/txt/shanghai_jiaotongzhiyuan_2026_budget.txt line 71:
    # `一、财政拨款收入 304,413,900一、教育支出 326,658,710 150,119,030 104,154,210 72,385,470`
    # (the left panel keeps its own figure: indexer/space_sides.py names it)
    got = items_at("shanghai_jiaotongzhiyuan_2026_budget", 71)
    assert {(it.row_name, it.value) for it in got} == {("教育支出", "326,658,710"), ("财政拨款收入", "304,413,900")}
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 254: `一、本年收入 39,238.43一、本年支出 41,958.18 …`
    got = items_at("chongqing_xuanchuan_2026_budget", 254)
    assert {(it.row_name, it.value) for it in got} == {("本年支出", "41,958.18")}


# --- 类 款 项 headings --------------------------------------------------------------------------

def test_code_part_headings_are_not_joined_into_a_column_name():
    assert _header_words("类 款 项 小 计 人员支出 日常公用支出") == ["类", "款", "项", "小计", "人员支出", "日常公用支出"]
    assert _header_words("项 目 合 计") == ["项目", "合计"]


def test_real_code_part_headings():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt line 300 `类 款 项 小 计 人员支出 日常公用支出`
    # under `科目名称 合 计 项目支出` (line 299) and `科目编码 基本支出` (line 298): five value columns
    # over three header levels. Joined as 类款 | 项小 | 计 it named the five figures of line 301 wrong
    # (2,989.71 under 项小, 784.00 under 日常公用支出 — it is 项目支出)
    got = cells(items_at("yantai_minzheng_2026_budget", 301))
    assert not {"类款", "项小", "计"} & set(got)
    assert got.get("日常公用支出") in (None, "219.99")


# --- a second classification printed beside the first ----------------------------------------

def test_second_classification_code_is_not_a_figure():
    (seg,) = segments(tokenize("301 工资福利支出 501 机关工资福利支出 767.54 767.54"), False)
    assert (seg.code, seg.label, seg.figs) == ("301", "工资福利支出", ["767.54", "767.54"])
    assert seg.extra == ["501", "机关工资福利支出"]
    # a whole number after an uncoded label is still a figure (a yuan amount)
    (seg, nxt) = segments(tokenize("其他收入 500 住房保障支出 300.00"), False)
    assert seg.figs == ["500"] and nxt.label == "住房保障支出"


def test_real_second_classification_code():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt line 348:
    # `301 工资福利支出 501 机关工资福利支出 767.54 767.54` — 501 was read as a figure (小计 = 501)
    assert all(it.value != "501" for it in items_at("yantai_minzheng_2026_budget", 348))
    line = items_at.__globals__["dev_lines"]("yantai_minzheng_2026_budget")[347]
    (seg,) = segments(tokenize(line), False)
    assert seg.code == "301" and seg.figs == ["767.54", "767.54"]


# --- two header lines of equal length -----------------------------------------------------------

def test_equal_lines_with_a_level_below_are_not_wrapped_halves():
    text = """基本支出预算情况表
单位：万元
合计 单位资金 结转 上年结转
一般公共预 政府性基金 国有资本经 理资金
小计 余
302 商品和服务支出 121.17 116.37 116.37 4.80
"""
    assert not any(it.column in ("合计一般公共预", "单位资金政府性基金") for it in _items(text))


def test_real_equal_lines_with_a_level_below():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt lines 496-499 and row 508
    # (`302 商品和服务支出 505 对事业单位经常性补助 121.17 116.37 116.37 4.80`): 合计 单位资金 … over
    # 一般公共预 政府性基金 … were joined into 合计一般公共预 | 单位资金政府性基金 …
    assert not any("一般公共预" in it.column for it in items_at("yantai_minzheng_2026_budget", 508))


def test_label_lines_after_the_first_row_are_no_header_level():
    # dev_corpus/txt/beijing_yibao_2026_budget.txt lines 3-5: `收 入 支 出` over `项 目 预算数 项 目 预算数`;
    # label-only rows further down (二、政府性基金预算拨款收入 二、外交支出, line 6) are rows, not a
    # third header line that would unname both columns
    assert cells(items_at("beijing_yibao_2026_budget", 5)) == {"收入预算数": "110,387.976749"}


# --- the oracle ---------------------------------------------------------------------------------

def _item(table: str, name: str, column: str, value: str, line: int = 1, row: int = 0) -> LineItem:
    return LineItem("d", table, "T01", None, name, column, column, value, "万元", Decimal(value), line, row, 0)


def test_oracle_flags_a_wrong_column_and_a_wrong_row():
    pdf = [_item("支出表", "教育支出", "基本支出", "5.00"), _item("支出表", "教育支出", "项目支出", "7.00"),
           _item("支出表", "收入", "预算数", "9.00", row=1)]
    txt = [_item("支出表", "教育支出", "基本支出", "5.00"), _item("支出表", "教育支出", "项目支出", "5.00"),
           _item("支出表", "教育支出", "总计", "7.00"), _item("支出表", "收入", "", "7.00")]
    classed, covered = classify(txt, pdf)
    assert [c for c, _, _ in classed] == ["same", "WRONG column", "WRONG column", "WRONG value"]
    assert covered == {0}


# --- fourth pass: placement ---------------------------------------------------------------------

CODE_NAME_HEADING = """一般公共预算财政拨款支出决算表
项目 本年支出
科目代码 科目名称 小计 基本支出 项目支出
栏次 1 2 3
合计 30.00 20.00 10.00
201 一般公共服务支出 30.00 20.00 10.00
"""


def test_code_heading_is_no_value_column():
    # 科目代码 heads the code, like 科目编码: the line naming the three value columns is not one too many
    got = {(it.row_code, it.column): it.value for it in _items(CODE_NAME_HEADING)}
    assert got[("201", "基本支出")] == "20.00" and got[("201", "项目支出")] == "10.00"
    assert got[("201", "小计")] == "30.00"


def test_real_code_heading():
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 5674-5676 (header), 5681 (205 教育支出)
    assert cells(items_at("xian_weijian_2022_final", 5681)) == {
        "小计": "4,902.65", "基本支出": "3,462.85", "项目支出": "1,439.81"}


STACKED_WITH_TOTAL = """支出总表
单位：万元
事业单位 对附属单位补
科目编码 科目名称 合计 基本支出 项目支出 上缴上级支出
经营支出 助支出
合计 30.00 20.00 10.00
205 教育支出 30.00 20.00 10.00
20502 普通教育 30.00 20.00 10.00
2050201 学前教育 12.00 12.00
2050202 小学教育 18.00 8.00 10.00
"""


def test_stacked_header_names_its_proven_total_only():
    # six columns, two of them broken around the naming line: which of them the rows' 20.00 and 10.00
    # sit in is unknown, but each row prints first the sum of the rest, under the one 合计 heading
    got = {(it.row_code, it.column): it.value for it in _items(STACKED_WITH_TOTAL)}
    assert got == {(None, "合计"): "30.00", ("205", "合计"): "30.00", ("20502", "合计"): "30.00",
                   ("2050201", "合计"): "12.00", ("2050202", "合计"): "18.00"}


def test_a_total_printed_last_is_not_named_first():
    text = STACKED_WITH_TOTAL.replace("合计 30.00 20.00 10.00", "合计 20.00 10.00 30.00").replace(
        "205 教育支出 30.00 20.00 10.00", "205 教育支出 20.00 10.00 30.00")
    assert not any(it.column == "合计" for it in _items(text))


def test_real_stacked_header_names_its_total():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt lines 448-450 (支出总表 header, 事业单位经营支出 and
    # 对附属单位补助支出 broken around the naming line), line 452 (205 教育支出): the total is named by its
    # heading; the parts by the total row (line 451) whose figures the document names (indexer.space_totals)
    assert cells(items_at("wuxi_jiaoyu_2026_budget", 452)) == {
        "合计": "366,490.44", "基本支出": "185,108.04", "项目支出": "181,382.40"}


GROUP_BETWEEN = """一般公共预算支出表
单位：万元
基本支出
科目编码 科目名称 合计 项目支出
小计 人员经费 公用经费
合计 100.00 60.00 50.00 10.00 40.00
205 教育支出 100.00 60.00 50.00 10.00 40.00
20502 普通教育 100.00 60.00 50.00 10.00 40.00
2050201 学前教育 16.00 16.00 10.00 6.00
2050202 小学教育 84.00 44.00 40.00 4.00 40.00
"""


def test_group_heading_stands_where_its_subtotal_adds_up():
    # 基本支出 over 小计 人员经费 公用经费, between 合计 and 项目支出: 60 = 50 + 10 at the second column
    # only, and 合计 100 = 60 + 40
    got = {(it.row_code, it.column_path): it.value for it in _items(GROUP_BETWEEN)}
    assert got[("205", "合计")] == "100.00" and got[("205", "基本支出/小计")] == "60.00"
    assert got[("205", "基本支出/人员经费")] == "50.00" and got[("205", "基本支出/公用经费")] == "10.00"
    assert got[("205", "项目支出")] == "40.00"


def test_row_missing_a_cell_is_placed_by_the_group_sums():
    # 16 16 10 6 of five columns: only 合计 | 小计 人员经费 公用经费 keeps 合计 = 小计 + 项目支出 and
    # 小计 = 人员经费 + 公用经费 (a total-first reading, 16 = 16 + 10 + 6, fails)
    got = {it.column_path: it.value for it in _items(GROUP_BETWEEN) if it.row_code == "2050201"}
    assert got == {"合计": "16.00", "基本支出/小计": "16.00", "基本支出/人员经费": "10.00", "基本支出/公用经费": "6.00"}


def test_group_heading_unsettled_by_the_sums_names_nothing():
    # with the group second (10 = 10 + 0, 合计 20 = 10 + 10) or last (10 = 0 + 10, 合计 20 = 10 + 10) both
    # sums hold: no names are given
    text = GROUP_BETWEEN.split("2050201")[0].replace("100.00 60.00 50.00 10.00 40.00", "20.00 10.00 10.00 0.00 10.00")
    assert not any(it.column_path.startswith("基本支出") for it in _items(text))


def test_real_group_heading_between_columns():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt lines 549-551 (基本支出 / 合计 项目支出 / 小计 人员经费 公用经费)
    # and line 553 (205 教育支出)
    got = {it.column_path: it.value for it in items_at("wuxi_jiaoyu_2026_budget", 553)}
    assert got == {"合计": "336,653.50", "基本支出/小计": "184,599.10", "基本支出/人员经费": "167,275.49",
                   "基本支出/公用经费": "17,323.61", "项目支出": "152,054.40"}
    # line 555 (2050101 行政运行): four figures, no 项目支出
    got = {it.column_path: it.value for it in items_at("wuxi_jiaoyu_2026_budget", 555)}
    assert got == {"合计": "1,631.11", "基本支出/小计": "1,631.11", "基本支出/人员经费": "1,495.82",
                   "基本支出/公用经费": "135.29"}
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt lines 272-274 (功能分类科目 基本支出 / 总计 项目支出 /
    # 科目编码 科目名称 小计 人员经费 公用经费), line 276 (201 一般公共服务支出)
    got = {it.column_path: it.value for it in items_at("chongqing_xuanchuan_2026_budget", 276)}
    assert got["总计"] == "22,006.16" and got["基本支出/公用经费"] == "973.00" and got["项目支出"] == "18,049.22"


PANELS_OF_CODES = """一般公共预算财政拨款基本支出决算表
金额单位：万元
科目代 科目代
科目名称 决算数 科目名称 决算数
码 码
301 工资福利支出 100.00 302 商品和服务支出 35.00
30101 基本工资 60.00 30201 办公费 20.00
30106 伙食补助费 30204 手续费
30102 津贴补贴 40.00 30205 水费 10.00
30206 电费 5.00
"""


def test_codes_of_side_by_side_panels():
    got = {(it.table, it.row_code, it.column): it.value for it in _items(PANELS_OF_CODES)}
    title = "一般公共预算财政拨款基本支出决算表"
    # the next panel's code after a figure is a code, not a figure; 科目代 / 码 head the code column
    assert got[(title, "301", "决算数")] == "100.00" and got[(title, "302", "决算数")] == "35.00"
    # a row of codes and labels printing no figure neither ends the table nor titles the rest
    assert got[(title, "30102", "决算数")] == "40.00" and got[(title, "30205", "决算数")] == "10.00"
    # a row printing one panel: the panel listing 302 … takes 30206
    assert got[(title, "30206", "决算数")] == "5.00"
    assert not any(v in ("302", "30201") for v in got.values())


def test_real_codes_of_side_by_side_panels():
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 5756-5758 (科目代 / 科目名称 决算数 ×3 / 码), line 5759
    got = {it.row_code: it.value for it in items_at("xian_weijian_2022_final", 5759)}
    assert got == {"301": "92,835.98", "302": "2,085.91", "310": "7.17"}
    # line 5763 prints codes and labels only (30106 伙食补助费 30204 手续费 31005 基础设施建设): line 5764 is
    # still a row of the same table
    assert {(it.row_code, it.table) for it in items_at("xian_weijian_2022_final", 5764)} == {
        ("30107", "一般公共预算财政拨款基本支出决算表"), ("30205", "一般公共预算财政拨款基本支出决算表")}
    # line 5792 prints two of the three panels: 30299 is the 302 panel's
    assert {it.row_code: it.value for it in items_at("xian_weijian_2022_final", 5792)} == {"30299": "62.37"}


# --- a label column the rows leave empty, printed before the code heading ---------------------

LEADING_LABEL_COLUMN = """一般公共预算支出表（按经济分类）
单位：万元
预算单位 科目编码 科目名称 支出总计 基本支出 项目支出
302 商品和服务支出 90.00 30.00 60.00
30211 差旅费 50.00 20.00 30.00
30213 维修（护）费 40.00 10.00 30.00
"""


def test_leading_label_heading_is_no_value_column():
    got = {(it.row_code, it.column): it.value for it in _items(LEADING_LABEL_COLUMN)}
    assert got[("30211", "支出总计")] == "50.00" and got[("30211", "基本支出")] == "20.00"
    assert got[("30211", "项目支出")] == "30.00" and not any(c == "预算单位" for _, c in got)


def test_real_leading_label_heading():
    # dev_corpus/txt/shenzhen_weijian_2026_budget.txt line 861 (预算单位 科目编码 科目名称 支出总计 基本支出
    # 项目支出), line 866 (30211 差旅费 1,063.02 28.00 1,035.02): only 支出总计 was placed
    assert cells(items_at("shenzhen_weijian_2026_budget", 866)) == {
        "支出总计": "1,063.02", "基本支出": "28.00", "项目支出": "1,035.02"}

"""Space-separated tables whose broken header leaves the columns unnamed: the total row prints only the
columns the table uses, and the document names the total row's figures elsewhere."""
from __future__ import annotations

from decimal import Decimal

from indexer.items import table_items
from indexer.space_totals import printed_before, total_row_names
from indexer.tables import extract_tables
from tests.test_space_tables import cells, items_at

# 附属单位上 / 缴收入 broken around the naming line: where that heading stands cannot be read from the text
BROKEN = """本年收入100.00万元，其中：财政拨款收入60.00万元，事业
收入30.00万元，其他收入10.00万元。

收入决算表
单位：万元
项目 附属单位上
本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 其他收入
科目代码 科目名称 缴收入
栏次 1 2 3 4 5 6 7
合计 100.00 60.00 30.00 10.00
201 一般公共服务支出 60.00 50.00 10.00
20101 人大事务 60.00 50.00 10.00
205 教育支出 40.00 10.00 20.00 10.00
"""


def _cells(text: str) -> dict[tuple[str | None, str], str]:
    return {(it.row_code, it.column): it.value
            for t in extract_tables(text.split("\n")) for it in table_items("x", t)}


def test_total_row_columns_named_by_the_document_fill_every_row():
    got = _cells(BROKEN)
    assert got[("205", "本年收入合计")] == "40.00" and got[("205", "财政拨款收入")] == "10.00"
    assert got[("205", "事业收入")] == "20.00" and got[("205", "其他收入")] == "10.00"
    # three figures under four used columns: the 合计 row = 201 + 205 leaves one placement
    assert got[("201", "财政拨款收入")] == "50.00" and got[("201", "事业收入")] == "10.00"
    assert got[("20101", "事业收入")] == "10.00"
    assert not any(column in ("上级补助收入", "经营收入") for _, column in got)


def test_without_the_documents_names_only_the_total_is_placed():
    got = _cells(BROKEN.split("\n\n", 1)[1])
    assert got[("205", "本年收入合计")] == "40.00"
    assert {column for code, column in got if code == "205"} == {"本年收入合计"}


def test_a_negative_figure_or_a_row_wider_than_the_total_row_turns_the_rule_off():
    header = [["本年收入合计", "财政拨款收入", "事业收入", "其他收入"]]
    lines = tuple(BROKEN.split("\n"))
    rows = [("合计", [Decimal("100.00"), Decimal("60.00"), Decimal("40.00")]),
            ("a", [Decimal("60.00"), Decimal("60.00")]), ("b", [Decimal("40.00"), Decimal("40.00")])]
    assert total_row_names("本年收入合计", header, rows, 2, lines) is None  # 40.00 is named by nothing
    rows[0] = ("合计", [Decimal("100.00"), Decimal("60.00"), Decimal("30.00"), Decimal("10.00")])
    rows += [("c", [Decimal("30.00"), Decimal("20.00"), Decimal("10.00")])]
    assert total_row_names("本年收入合计", header, rows, 2, lines) == ["本年收入合计", "财政拨款收入", "事业收入", "其他收入"]
    assert total_row_names("本年收入合计", header, [*rows, ("d", [Decimal("-1.00"), Decimal("-1.00")])], 2, lines) is None
    wide = ("d", [Decimal("4.00"), Decimal("1.00"), Decimal("1.00"), Decimal("1.00"), Decimal("1.00")])
    assert total_row_names("本年收入合计", header, [*rows, wide], 2, lines) is None


def test_a_figure_is_named_by_the_text_right_before_it():
    printed = printed_before(("五、事业收入 5 1,110.00 五、教育支出 35 5.00", "其中：基本", "支出1,168.29万元，项目"))
    assert "五、事业收入" in printed[Decimal("1110.00")]
    assert any(p.endswith("其中:基本支出") for p in printed[Decimal("1168.29")])
    # a table figure does not take the line above (a header line naming a column)
    assert printed_before(("基本支出 项目支出", "1,000.00 600.00")).get(Decimal("1000.00")) is None


def test_real_income_table_under_a_broken_header():
    # dev_corpus/txt/xian_weijian_2022_final.txt line 5454 (收入决算表, header 5446-5449 with 附属单位上 / 缴收入
    # broken around the naming line; 收支总表 line 5415 prints 五、事业收入 1,110,972.11, prose line 163-164
    # 财政拨款 / 收入805,251.56万元)
    got = cells(items_at("xian_weijian_2022_final", 5454))
    assert got == {"本年收入合计": "5,624.16", "财政拨款收入": "4,902.65", "事业收入": "720.50", "其他收入": "1.00"}


def test_real_short_row_placed_by_its_parent():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt line 454 (支出总表, header 448-450 with 事业单位 / 经营支出 and
    # 对附属单位补 / 助支出 broken): `2050101 行政运行 1,631.11 1,631.11` is 基本支出, as 20501's 基本支出
    # 5,833.45 = 1,631.11 + 4,202.34 (line 455)
    got = cells(items_at("wuxi_jiaoyu_2026_budget", 454))
    assert got == {"合计": "1,631.11", "基本支出": "1,631.11"}


def test_a_piece_of_a_broken_heading_names_no_figure():
    # 预算拨款收入 is the lower piece of 一般公共预算拨款收入 printed on the naming line: the prose before 60.00
    # ends with it, but it is no whole column name
    header = [["合计", "预算拨款收入", "事业收入"]]
    lines = ("一般公共预算拨款收入60.00万元，事业收入40.00万元。",)
    rows = [("合计", [Decimal("100.00"), Decimal("60.00"), Decimal("40.00")]),
            ("a", [Decimal("70.00"), Decimal("40.00"), Decimal("30.00")]),
            ("b", [Decimal("30.00"), Decimal("20.00"), Decimal("10.00")])]
    assert total_row_names("合计", header, rows, 2, lines) is None
    header = [["合计", "一般公共预算拨款收入", "事业收入"]]
    assert total_row_names("合计", header, rows, 2, lines) == ["合计", "一般公共预算拨款收入", "事业收入"]


# a group 小计 beside the total (财政拨款收入 小计 over 一般公共预 / 算收入 …), its member headings broken over lines
SUBTOTAL = """收支总表
一、财政拨款收入 90.00
一般公共预算收入 60.00
政府性基金预算收入 30.00
二、事业收入（不含教育收费） 8.00
三、其他收入 2.00

收入总体情况表
单位：万元
科目编码 财政拨款收入
事业收入
科目名称 合计 （不含教育 其他收入
一般公共预 政府性基金 国有资本经
类 款 项 小计 收费）
算收入 预算收入 营预算收入
合计 100.00 90.00 60.00 30.00 8.00 2.00
201 一般公共服务支出 68.00 60.00 60.00 8.00
205 教育支出 32.00 30.00 30.00 2.00
"""


def test_group_subtotal_beside_the_total():
    got = {(it.row_code, it.column_path): it.value for t in extract_tables(SUBTOTAL.split("\n"))
           for it in table_items("x", t) if t.title == "收入总体情况表"}
    assert got[(None, "财政拨款收入/一般公共预算收入")] == "60.00" and got[(None, "事业收入（不含教育收费）")] == "8.00"
    # 68.00 = 60.00 + 8.00: the 8.00 is 事业收入 or 其他收入 by the row's sums; the 合计 row = 201 + 205 says 事业收入
    assert got[("201", "合计")] == "68.00" and got[("201", "财政拨款收入/小计")] == "60.00"
    assert got[("201", "事业收入（不含教育收费）")] == "8.00" and got[("205", "其他收入")] == "2.00"
    assert got[("201", "财政拨款收入/一般公共预算收入")] == "60.00" and got[("205", "财政拨款收入/政府性基金预算收入")] == "30.00"
    # a name the header does not print (broken or whole) names nothing: the rule is off
    other = SUBTOTAL.replace("三、其他收入 2.00", "三、上级补助收入 2.00")
    assert not any(t.title == "收入总体情况表" and any(c.startswith("财政拨款收入") for c in t.columns)
                   for t in extract_tables(other.split("\n")))


def test_real_group_subtotal_beside_the_total():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt line 127 (收入总体情况表, header 120-126: 一般公共预 / 算收入 …);
    # the 收支总表 (lines 88-95) names each total-row figure; line 131 `208 … 3,667.59 3,385.35 3,385.35 277.23 5.00`
    assert {it.column_path: it.value for it in items_at("yantai_minzheng_2026_budget", 127)} == {
        "合计": "5,609.33", "财政拨款收入/小计": "5,274.99", "财政拨款收入/一般公共预算收入": "3,773.71",
        "财政拨款收入/政府性基金预算收入": "1,501.28", "事业收入（不含教育收费）": "329.34", "其他收入": "5.00"}
    # 3,385.35 is 一般公共预算 or 政府性基金 for the row's sums (the page lists too few 类 for the 合计 row's sums)
    assert {it.column_path: it.value for it in items_at("yantai_minzheng_2026_budget", 131)} == {
        "合计": "3,667.59", "财政拨款收入/小计": "3,385.35", "事业收入（不含教育收费）": "277.23", "其他收入": "5.00"}

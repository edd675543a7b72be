"""三公经费 tables whose header is broken over lines: the parts are placed by total = 出国 + 车小计 + 接待 and
车小计 = 购置 + 运行, over every order of the three parts the header does not rule out."""
from __future__ import annotations

from decimal import Decimal

from indexer.items import table_items
from indexer.space_sangong import ABROAD, CARS, RECEPTION, sangong_columns
from indexer.tables import extract_tables
from tests.test_space_tables import items_at

# the national 决算 template's 三公 table, its header broken as pdfplumber prints it
NATIONAL = """财政拨款“三公”经费及会议费、培训费支出决算表
单位：万元
财政拨款安排的“三公”经费
公务用车购置及运行维护费
项目 因公出国（境）费 会议费 培训费
小计 公务用车运行维护 公务接待费
用 小计 公务用车购置费
费
栏次 1 2 3 4 5 6 7 8
预算数 30.00 20.00 5.00 15.00 10.00 4.00 6.00
决算数 28.00 2.00 20.00 5.00 15.00 6.00 3.00 7.00
"""


def _paths(text: str) -> dict[tuple[str, str], str]:
    return {(it.row_name, it.column_path): it.value
            for t in extract_tables(text.split("\n")) for it in table_items("x", t)}


def _paths_at(name: str, line: int) -> dict[str, str]:
    return {it.column_path: it.value for it in items_at(name, line)}


def test_parts_placed_by_the_two_identities():
    group = "公务用车购置及运行维护费"
    # without 决算数: 预算数 drops one cell; 30.00 = 20.00 + 10.00 with 20.00 = 5.00 + 15.00, so 10.00 is 出国 or 接待
    # (出国 | 车 | 接待 and 车 | 出国 | 接待 both keep the sums; the header prints 出国 and the cars on no one line)
    got = _paths(NATIONAL.replace("决算数 28.00 2.00 20.00 5.00 15.00 6.00 3.00 7.00\n", ""))
    assert got[("预算数", "财政拨款安排的“三公”经费/小计")] == "30.00"
    assert got[("预算数", f"{group}/小计")] == "20.00" and got[("预算数", f"{group}/公务用车运行维护费")] == "15.00"
    assert got[("预算数", "会议费")] == "4.00" and got[("预算数", "培训费")] == "6.00"
    assert "10.00" not in got.values()
    # 决算数 prints every column and adds up only with 出国 | 车 | 接待: that order places 预算数's 10.00 too
    got = _paths(NATIONAL)
    assert got[("决算数", "因公出国（境）费")] == "2.00" and got[("决算数", "公务接待费")] == "6.00"
    assert got[("决算数", f"{group}/公务用车购置费")] == "5.00" and got[("决算数", "会议费")] == "3.00"
    assert got[("预算数", "公务接待费")] == "10.00" and ("预算数", "因公出国（境）费") not in got


def test_one_header_line_fixes_the_order_of_the_parts_it_prints():
    rows = [[Decimal("10.00"), Decimal("4.00"), Decimal("6.00")]]
    header = [["公务用车购置及运行费"], ["合计", "公务接待费", "因公出国（境）费"], ["小计", "公务用车购置费", "公务用车运行费"]]
    table = sangong_columns(header, None, rows, 2)
    assert table is not None and all(v.index(RECEPTION) < v.index(ABROAD) for v in table.orders)
    # the cars stand after both (4.00 + 6.00 adds up with the cars empty): nothing but the total is certain
    assert any(v.index(CARS) > v.index(ABROAD) for v in table.orders)


def test_rows_no_order_can_add_up_turn_the_rule_off():
    header = [["公务用车购置及运行费"], ["合计", "因公出国（境）费", "公务接待费"], ["小计", "公务用车购置费", "公务用车运行费"]]
    assert sangong_columns(header, None, [[Decimal(x) for x in ("10", "1", "2", "3", "4", "5")]], 0) is None
    # a heading of another column (not a piece of a 三公 part) is no 三公 table of this form
    other = [header[0], [*header[1], "机构运转经费合计"], header[2]]
    assert sangong_columns(other, None, [[Decimal("10"), Decimal("10")]], 0) is None


def test_the_documents_text_tells_twin_parts_apart():
    # 出国 and 接待 add to the total alike (so do 购置 and 运行): a figure the text names as one of them stands there
    without = NATIONAL.replace("决算数 28.00 2.00 20.00 5.00 15.00 6.00 3.00 7.00\n", "")
    got = _paths("2026年公务接待费预算10.00万元。\n\n" + without)
    assert got[("预算数", "公务接待费")] == "10.00" and ("预算数", "因公出国（境）费") not in got
    # a figure named as two parts names none
    got = _paths("公务接待费预算10.00万元，因公出国（境）费预算10.00万元。\n\n" + without)
    assert "10.00" not in got.values()


def test_real_national_template():
    # dev_corpus/txt/xian_weijian_2022_final.txt line 5837 (header 5830-5836, 栏次 1..8): 因公出国 is empty; 1.86 is
    # 出国 or 接待 for the rows' sums (the order of the parts is not printed on one line), and the explanation
    # (line 433) prints `安排公务接待费预算1.86万元`; 决算数 0.11 (line 5838) is named by no text: left out
    got = _paths_at("xian_weijian_2022_final", 5837)
    group = "公务用车购置及运行维护费"
    assert got == {"财政拨款安排的“三公”经费/小计": "593.46", f"{group}/小计": "591.60",
                   f"{group}/公务用车购置费": "136.48", f"{group}/公务用车运行维护费": "455.12", "公务接待费": "1.86",
                   "会议费": "86.81", "培训费": "2,795.78"}
    assert "0.11" not in _paths_at("xian_weijian_2022_final", 5838).values()


def test_real_row_printing_no_label_under_a_broken_heading():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt line 736: `护费` (line 735, the piece of 公务用车运行维 / 护费) is
    # no row label; the row prints every column
    items = items_at("wuxi_jiaoyu_2026_budget", 736)
    assert {it.row_name for it in items} == {""}
    got = {it.column_path: it.value for it in items}
    assert got["“三公”经费合计"] == "241.17" and got["因公出国（境）费"] == "0.00"
    assert got["公务用车购置及运行维护费/公务用车购置费"] == "36.00" and got["公务接待费"] == "100.37"
    assert got["培训费"] == "925.46"


def test_real_parts_in_another_order():
    # dev_corpus/txt/beijing_yibao_2026_budget.txt line 250: 77.672600 = 50.332600 + 1.920000 + 25.420000 puts the
    # cars last (出国 | 接待 | 车); which of 出国 / 接待 comes first is not printed on one line, but the 经济分类 rows
    # `30217-公务接待费 1.920000` (line 69) and `3021202-其他因公出国（境）费用 50.332600` (line 86) name them
    got = _paths_at("beijing_yibao_2026_budget", 250)
    assert got == {"“三公”经费财政拨款预算总额": "77.672600", "因公出国（境）费": "50.332600", "公务接待费": "1.920000",
                   "公务用车购置及运行维护费/小计": "25.420000", "公务用车购置及运行维护费/公务用车购置费": "18.690000",
                   "公务用车购置及运行维护费/公务用车运行维护费": "6.730000"}

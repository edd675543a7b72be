"""Money or not: a figure is money in the table's unit unless its column, its row's unit words or the
unit cell printed after it say it is a quantity (months, items, points, a percentage)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from indexer.items import table_items
from indexer.models import Cell, Row, Table
from tests.conftest import DEV_PDF, DEV_TXT


def _table(columns: list[str], rows: list[list[str]]) -> Table:
    body = [Row([Cell(t, n) for t in r], n, n) for n, r in enumerate(rows, start=1)]
    return Table("T01", "项目支出绩效目标表", "万元", "declared", 1, len(rows), [], columns, body, columns)


def _by_value(items):
    return {i.value: (i.unit, i.value_yuan) for i in items}


def test_unit_cell_after_a_figure_makes_it_a_quantity():
    table = _table(["", "", "", "", ""], [
        ["产出指标", "时效指标", "项目完成时限", "≤", "12", "月"],
        ["产出指标", "数量指标", "培训场次", "≥", "30", "场"],
        ["产出指标", "质量指标", "验收通过率", "＝", "95", "%"],
        ["成本指标", "经济成本指标", "设备购置成本", "≤", "23.70", "万元"],
    ])
    got = _by_value(table_items("t", table))
    assert got["12"] == (None, None)  # 12 months, not 12 万元
    assert got["30"] == (None, None)
    assert got["95"] == ("%", None)
    assert got["23.70"] == ("万元", Decimal("237000.00"))  # a money unit cell leaves it money


def test_one_character_unit_counts_only_in_brackets():
    table = _table(["科目编码", "科目名称", "合计"], [
        ["2050502", "教育电视台", "4,008.94"],  # 台 inside a name
        ["", "车辆维修和保养服务", "110.00"],  # a purchase of a service, paid in money
        ["", "办公设备（台、套）", "12"],  # a unit in brackets: a count
    ])
    got = _by_value(table_items("t", table))
    assert got["4,008.94"] == ("万元", Decimal("40089400.00"))
    assert got["110.00"] == ("万元", Decimal("1100000.00"))
    assert got["12"] == (None, None)


def test_score_columns_are_points():
    table = _table(["项目名称", "全年执行数", "分值", "得分"], [["日常公用经费", "120.50", "10", "9.5"]])
    got = _by_value(table_items("t", table))
    assert got["120.50"] == ("万元", Decimal("1205000.00"))
    assert got["10"] == (None, None) and got["9.5"] == (None, None)


@pytest.mark.skipif(not (DEV_TXT / "wuxi_jiaoyu_2026_budget.txt").is_file(), reason="dev corpus absent")
def test_real_name_with_tai_is_money():
    from indexer.parse import parse_file
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt line 467, 支出总表: 2050502 教育电视台 4,008.94 508.94 3,500.00
    doc = parse_file(DEV_TXT / "wuxi_jiaoyu_2026_budget.txt")
    it = next(i for i in doc.items if i.line == 467 and i.value == "4,008.94")
    assert (it.row_code, it.unit, it.value_yuan) == ("2050502", "万元", Decimal("40089400.00"))


@pytest.mark.skipif(not (DEV_PDF / "beijing_yibao_2026_budget.pdf").is_file(), reason="dev corpus absent")
def test_real_months_after_figure_are_not_money():
    from indexer.parse import parse_file
    # dev_corpus/pdf/beijing_yibao_2026_budget.pdf page 16, parsed lines 390-391 (txt line 425): 产出指标 时效指标
    # 启动北京医保抖音宣传服务项目采购工作 ≤ 11 月; the next row ＝ 100 %
    doc = parse_file(DEV_PDF / "beijing_yibao_2026_budget.pdf")
    row = [i for i in doc.items if i.page == 16 and i.line in (390, 391)]
    assert {(i.value, i.unit, i.value_yuan) for i in row} == {("11", None, None), ("100", "%", None)}

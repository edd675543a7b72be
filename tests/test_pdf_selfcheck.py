"""bench/table_selfcheck judges a row by the identities its own table prints: which columns a total
sums, which panel a code's figures belong to, where a table continues."""
from __future__ import annotations

import pytest

from bench.table_selfcheck import check_table, measure
from indexer.items import table_items
from indexer.models import Cell, Row, Table
from tests.conftest import DEV_PDF


def _table(columns: list[str], rows: list[list[str]]) -> Table:
    body = [Row([Cell(t, n) for t in r], n, n) for n, r in enumerate(rows, start=1)]
    leaves = [c.split("/")[-1] for c in columns]
    return Table("T01", "表", "万元", "declared", 1, len(rows), [], columns, body, leaves)


def _check(table: Table) -> tuple[int, int, list]:
    items = table_items("t", table)
    return check_table(table, items, {it.row_index for it in items})


def test_outer_group_subtotal_stands_for_nested_groups():
    # 合计 | 三公/小计 | 三公/出国 | 三公/车/小计 | 三公/车/购置 | 三公/车/运行 | 三公/接待 | 会议费 | 培训费
    cols = ["合计", "三公/小计", "三公/出国", "三公/车/小计", "三公/车/购置", "三公/车/运行", "三公/接待", "会议费", "培训费"]
    ok = _table(cols, [["2,382.02", "513.75", "160.00", "266.80", "", "266.80", "86.95", "271.02", "1,597.25"]])
    assert _check(ok)[:2] == (1, 1)
    bad = _table(cols, [["2,382.02", "513.75", "160.00", "266.80", "", "266.80", "86.95", "271.02", "1,500.00"]])
    assert _check(bad)[:2] == (0, 1)


def test_leaf_ending_in_zongshu_stands_for_its_group():
    cols = ["科目编码", "科目名称", "预算数/合计", "预算数/基本支出/小计", "预算数/基本支出/人员经费",
            "预算数/基本支出/公用经费", "预算数/项目支出/项目支出总数", "预算数/项目支出/扣除基建项目后预算数"]
    t = _table(cols, [["2050803", "培训支出", "99.81", "18.00", "", "18.00", "81.81", "81.81"]])
    held, checked, failures = _check(t)
    assert (held, checked) == (1, 1), failures


def test_second_total_as_high_opens_its_own_panel():
    cols = ["2025年/合计", "2025年/出国", "2025年/接待", "2026年/合计", "2026年/出国", "2026年/接待"]
    assert _check(_table(cols, [["15.00", "5.00", "10.00", "14.00", "5.00", "9.00"]]))[:2] == (1, 1)
    wrong = _check(_table(cols, [["15.00", "5.00", "10.00", "14.00", "5.00", "8.00"]]))
    assert wrong[:2] == (0, 1) and [f.identity for f in wrong[2]] == ["col 3 = Σ cols [4, 5]"]


def test_total_printed_last_sums_the_figures_before_it():
    cols = ["采购品目", "资金来源/一般公共预算资金", "资金来源/其他资金", "总计"]
    assert _check(_table(cols, [["货物", "816.10", "58.00", "874.10"]]))[:2] == (1, 1)
    assert _check(_table(cols, [["货物", "816.10", "58.00", "870.10"]]))[:2] == (0, 1)


def test_side_by_side_panels_check_each_code_in_its_own_cells():
    cols = ["科目代码", "科目名称", "决算数", "科目代码", "科目名称", "决算数"]
    # the 302 panel runs a row longer than the 301 panel: 302's children are not 301's rows
    # (xian_weijian_2022_final.pdf page 157, 公开06表: 301 | 302 | 310 side by side)
    t = _table(cols, [["301", "工资福利支出", "100.00", "302", "商品和服务支出", "35.00"],
                      ["30101", "基本工资", "60.00", "30201", "办公费", "10.00"],
                      ["30102", "津贴补贴", "40.00", "30202", "印刷费", "20.00"],
                      ["", "", "", "30203", "咨询费", "5.00"]])
    assert _check(t)[:2] == (1, 1)


@pytest.mark.skipif(not (DEV_PDF / "changsha_zhijiao_2026_budget.pdf").is_file(), reason="dev corpus absent")
def test_real_table_continued_over_a_page_break_is_checked_whole():
    from indexer.parse import parse_file
    # dev_corpus/pdf/changsha_zhijiao_2026_budget.pdf page 18 ends 2026年一般公共预算基本支出情况表 with
    # 302 商品和服务支出 34.98 and 30201 办公费 6.20; 30202 … 30299 follow on page 19 under the same title
    doc = parse_file(DEV_PDF / "changsha_zhijiao_2026_budget.pdf")
    m = measure(doc)
    assert m["held"] == m["checked"] == 47

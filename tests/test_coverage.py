"""The coverage check: a located fact is answered only when it is the row the question named (by
code when a code is named) and the kind of figure asked (a count for 几辆/多少人, money otherwise).
Synthetic facts pin each rule; each rule is also checked on a real line of the seed corpus."""
from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

import pandas as pd
import pytest

from qa_app import coverage
from qa_app.matching import RowMatch
from qa_app.prose import prose_figure
from qa_app.records import Fact


def cell(row_name: str, column: str, table: str, value: str, unit: str = "万元", code: str | None = None) -> Fact:
    yuan = Decimal(value) * (10000 if unit == "万元" else 1) if unit in ("万元", "元") else None
    return Fact(doc="d", table=table, table_id="t1", row_code=code, row_name=row_name, column=column,
                value_text=value, unit=unit, value_yuan=yuan, line=10, column_path=column)


def named(name: str) -> RowMatch:
    return RowMatch(name, None, 0)


def test_a_named_item_is_not_covered_by_its_tables_total():
    # 基本工资 asked; the row has no cell there, and the 合计 of the 基本支出 table was located instead
    total = cell("合计", "基本支出", "基本支出预算表", "120.00")
    verdict = coverage.check(named("基本工资"), total, asks_count=False)
    assert not verdict.covered and "基本工资" in verdict.step


def test_a_column_word_is_covered_by_the_total_rows_column():
    total = cell("合计", "基本支出", "支出总表", "54.07")
    assert coverage.check(named("基本支出"), total, asks_count=False).covered


def test_a_named_code_is_covered_only_by_that_code():
    row = cell("行政运行", "合计", "一般公共预算支出表", "193.05", code="2101501")
    assert coverage.check(RowMatch(None, "2101501", 0), row, asks_count=False).covered
    assert not coverage.check(RowMatch(None, "2080109", 0), row, asks_count=False).covered


def test_a_count_question_is_never_answered_with_money_nor_money_with_a_count():
    money = cell("车辆运行维护费", "合计", "支出表", "3.00")
    count = Fact(doc="d", table=None, table_id=None, row_code=None, row_name="车辆", column=None, value_text="2",
                 unit="辆", value_yuan=None, line=5, kind="prose")
    assert not coverage.check(None, money, asks_count=True).covered
    assert not coverage.check(None, count, asks_count=False).covered
    assert coverage.check(None, count, asks_count=True).covered
    assert coverage.quantity(count) == "count" and coverage.quantity(money) == "money"


def test_closest_rows_name_what_the_document_has():
    items = pd.DataFrame({"row_name": ["基本工资", "津贴补贴", "办公费", "基本工资"]})
    assert coverage.closest_rows("基本工资标准", items)[0] == "基本工资"


# ---- real lines -----------------------------------------------------------------------------------

def _fact_at(document, line: int, column: str) -> Fact:
    item = next(i for i in document.items if i.line == line and i.column == column)
    return Fact.from_row(asdict(item))


def test_real_total_row_covers_its_column_word_but_not_an_item_of_it(parsed):
    # zengdu_2023_budget.txt line 173: 支出总表 合计 | 54.07 (基本支出)
    total = _fact_at(parsed["zengdu_2023_budget"], 173, "基本支出")
    assert total.row_name == "合计" and total.amount == Decimal("54.07")
    assert coverage.check(named("基本支出"), total, asks_count=False).covered
    assert not coverage.check(named("基本工资"), total, asks_count=False).covered


@pytest.mark.parametrize("asks_count, covered", [(True, True), (False, False)])
def test_real_vehicle_count_answers_only_a_count_question(parsed, asks_count, covered):
    # lishi_2023_budget.txt line 617: …车辆实有数1辆，我单位管理使用。
    doc = parsed["lishi_2023_budget"]
    lines = [(n, doc.line(n)) for n in range(1, len(doc.lines) + 1)]
    fact = prose_figure(lines, "lishi_2023_budget", "车辆", counts=True)
    assert (fact.line, fact.value_text, fact.unit) == (617, "1", "辆")
    assert coverage.check(None, fact, asks_count=asks_count).covered is covered

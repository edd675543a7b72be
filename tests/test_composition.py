"""Composition answers (三公经费各项分别是多少): the parts under a figure, only when they add up to it."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from qa_app.composition import rows_below
from qa_app.records import Fact
from tests.conftest import DEV_TXT, items_only_service


def whole(value: str) -> Fact:
    return Fact(doc="a", table="“三公”经费预算表", table_id="T1", row_code=None, row_name="合计", column="合计",
                value_text=value, unit="万元", value_yuan=Decimal(value) * 10000, line=10, kind="table",
                row_index=0, col_index=1, column_path="合计")


def column(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"row_index": i, "row_name": name, "value_yuan": Decimal(v) * 10000}
                         for i, (name, v) in enumerate(rows, start=1)])


def test_parts_skip_a_rows_own_breakdown():
    rows = column(("因公出国（境）费", "5.00"), ("公务用车购置及运行费", "6.70"), ("公务用车购置费", "0.00"),
                  ("公务用车运行费", "6.70"), ("公务接待费", "8.16"), ("会议费", "3.00"))
    parts = rows_below(rows, whole("19.86"))
    assert [p["row_name"] for p in parts] == ["因公出国（境）费", "公务用车购置及运行费", "公务接待费"]


@pytest.mark.parametrize("rows", [
    (("培训费", "2.05"), ("会议费", "0.00")),  # a first row as large as the whole: another breakdown
    (("因公出国（境）费", "1.00"), ("公务接待费", "0.50")),  # short of the whole: parts missing
    (("因公出国（境）费", "1.00"), ("公务接待费", "1.50")),  # beyond it
])
def test_no_parts_unless_two_or_more_add_up_exactly(rows):
    assert rows_below(column(*rows), whole("2.05")) == []


@pytest.mark.skipif(not (DEV_TXT / "guangzhou_tongji_2026_budget.txt").is_file(), reason="dev corpus absent")
def test_real_three_public_expenses_parts_are_cited_each(tmp_path):
    # dev_corpus/txt/guangzhou_tongji_2026_budget.txt lines 342-347: “三公”经费 19.86 (line 342) =
    # 因公出国（境）支出 5.00 (343) + 公务用车购置及运行维护支出 6.70 (344, itself 345 + 346) + 公务接待费支出 8.16 (347)
    text = (DEV_TXT / "guangzhou_tongji_2026_budget.txt").read_text(encoding="utf-8")
    service = items_only_service(tmp_path, {"guangzhou_tongji_2026_budget.txt": text})
    agency = service.documents()["agency"].iloc[0]
    answer = service.ask(f"{agency}2026年三公经费各项分别是多少？")
    assert not answer.refused and answer.value == Decimal("19.86") and answer.unit == "万元"
    assert [(c.line_start, c.value) for c in answer.citations] == [(343, "5.00"), (344, "6.70"), (347, "8.16")]
    assert answer.formula == "19.86 = 5.00 + 6.70 + 8.16"
    assert {c.table for c in answer.citations} == {"财政拨款安排的行政经费及“三公”经费预算表"}

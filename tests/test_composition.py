"""Composition answers (三公经费各项分别是多少): the parts under a figure, only when they add up to it."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pandas as pd
import pytest

from qa_app.composition import columns_beside, rows_below
from qa_app.records import Fact
from tests.conftest import CORPUS_DIR, DEV_TXT, items_only_service


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


def ask_dev(tmp_path, stem: str, question: str):
    """Ask a question of one real dev document, its agency's name put before the question."""
    text = (DEV_TXT / f"{stem}.txt").read_text(encoding="utf-8")
    service = items_only_service(tmp_path, {f"{stem}.txt": text})
    return service.ask(service.documents()["agency"].iloc[0] + question)


@pytest.mark.skipif(not (DEV_TXT / "guangzhou_tongji_2026_budget.txt").is_file(), reason="dev corpus absent")
def test_real_three_public_expenses_parts_are_cited_each(tmp_path):
    # dev_corpus/txt/guangzhou_tongji_2026_budget.txt lines 342-347: “三公”经费 19.86 (line 342) =
    # 因公出国（境）支出 5.00 (343) + 公务用车购置及运行维护支出 6.70 (344, itself 345 + 346) + 公务接待费支出 8.16 (347)
    answer = ask_dev(tmp_path, "guangzhou_tongji_2026_budget", "2026年三公经费各项分别是多少？")
    assert not answer.refused and answer.value == Decimal("19.86") and answer.unit == "万元"
    assert [(c.line_start, c.value) for c in answer.citations] == [(343, "5.00"), (344, "6.70"), (347, "8.16")]
    assert answer.formula == "19.86 = 5.00 + 6.70 + 8.16"
    assert {c.table for c in answer.citations} == {"财政拨款安排的行政经费及“三公”经费预算表"}


def one_row(*cells: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"row_index": 0, "col_index": i, "column": name, "value_yuan": Decimal(v) * 10000}
                         for i, (name, v) in enumerate(cells)])


def row_total(value: str) -> Fact:
    return replace(whole(value), row_name="", column="“三公”经费合计", col_index=0)


def test_one_row_table_components_are_its_columns_and_a_subtotal_gives_way_to_its_breakdown():
    row = one_row(("“三公”经费合计", "7.12"), ("因公出国（境）费", "0.00"), ("小计", "7.00"),
                  ("公务用车购置费", "5.00"), ("公务用车运行费", "2.00"), ("公务接待费", "0.12"))
    parts = columns_beside(row, row_total("7.12"))
    assert [p["column"] for p in parts] == ["因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费"]


def test_zeros_are_parts_of_the_whole_not_a_breakdown_of_the_zero_before_them():
    rows = column(("因公出国（境）费", "0.00"), ("公务用车购置费", "0.00"), ("公务用车运行费", "0.00"),
                  ("公务接待费", "0.12"))
    assert [p["row_name"] for p in rows_below(rows, whole("0.12"))] == [
        "因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费"]


@pytest.mark.parametrize("cells", [
    (("合计", "12.35"), ("人员经费", "10.00"), ("公用经费", "2.34")),  # a cent short: no «12.35 = 10.00 + 2.34»
    (("合计", "1.00"), ("2026年", "3.00"), ("增减", "-2.00")),  # a change column is no part
])
def test_columns_must_add_up_exactly_and_be_no_change(cells):
    row = one_row(*cells)
    assert columns_beside(row, replace(row_total(cells[0][1]), row_name="合计", column="合计")) == []


def test_a_named_rows_columns_are_no_composition_of_it():
    # 工资福利支出 合计 = 人员经费 + 公用经费 is a split by funding, asked of a total row only
    row = one_row(("合计", "5.00"), ("人员经费", "3.00"), ("公用经费", "2.00"))
    assert columns_beside(row, replace(row_total("5.00"), row_name="工资福利支出", column="合计")) == []


def test_real_one_row_three_public_table_cites_each_component_column(tmp_path):
    # corpus/zengdu_2023_budget.txt line 288: “三公”经费合计 0.12 = 因公出国(境)费 0.00 + (小计 0.00 =
    # 公务用车购置费 0.00 + 公务用车运行费 0.00) + 公务接待费 0.12, printed as one row
    text = (CORPUS_DIR / "zengdu_2023_budget.txt").read_text(encoding="utf-8")
    service = items_only_service(tmp_path, {"zengdu_2023_budget.txt": text})
    answer = service.ask("曾都区医疗保障信息中心2023年三公经费各项分别是多少？")
    assert answer.value == Decimal("0.12") and answer.formula == "0.12 = 0.00 + 0.00 + 0.00 + 0.12"
    assert [(c.line_start, c.column, c.value) for c in answer.citations] == [
        (288, "因公出国(境)费", "0.00"), (288, "公务用车购置费", "0.00"), (288, "公务用车运行费", "0.00"),
        (288, "公务接待费", "0.12")]
    assert "公务接待费 0.12万元" in answer.text

    # lines 257-267 of the same file: 基本支出 is found in 支出总表 (line 173) but told by the 基本支出表's
    # economic classes, whose 合计 (line 257) is the same 54.07
    answer = service.ask("曾都区医疗保障信息中心2023年基本支出的构成是什么？")
    assert answer.formula == "54.07 = 50.05 + 4.02"
    assert [(c.line_start, c.row) for c in answer.citations] == [(258, "301 工资福利支出"), (267, "302 商品和服务支出")]
    assert {c.table for c in answer.citations} == {"一般公共预算基本支出表"}


@pytest.mark.skipif(not (DEV_TXT / "yantai_minzheng_2026_budget.txt").is_file(), reason="dev corpus absent")
def test_real_basic_expenditure_split_by_its_total_rows_columns(tmp_path):
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt line 347: 合计 2,989.71 = 人员支出 2,769.72 + 日常公用支出
    # 219.99 (the economic classes follow in tables of their own, so the 合计 row's columns are the parts)
    answer = ask_dev(tmp_path, "yantai_minzheng_2026_budget", "2026年基本支出由哪些构成？")
    assert answer.value == Decimal("2989.71") and answer.formula == "2,989.71 = 2,769.72 + 219.99"
    assert [(c.line_start, c.column) for c in answer.citations] == [(347, "人员支出"), (347, "日常公用支出")]
    assert "人员支出 2,769.72万元；日常公用支出 219.99万元" in answer.text


@pytest.mark.skipif(not (DEV_TXT / "chongqing_xuanchuan_2026_budget.txt").is_file(), reason="dev corpus absent")
def test_real_parts_a_cent_off_their_total_are_no_composition(tmp_path):
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 324: 合计 12,899.62, but 301+302+303+310
    # (lines 325, 344, 362, 370) and 人员经费 + 公用经费 each make 12,899.61: that table gives no «=»; the
    # answer is the 支出总体情况表's 基本支出 (line 196) by its function classes, which add up to the cent
    answer = ask_dev(tmp_path, "chongqing_xuanchuan_2026_budget", "2026年基本支出由哪些构成？")
    assert {c.table for c in answer.citations} == {"2026年单位支出总体情况表"}
    total, parts = answer.formula.split(" = ")
    assert sum(Decimal(p.replace(",", "")) for p in parts.split(" + ")) == Decimal(total.replace(",", ""))

"""A row printed in several tables: when the best-ranked table's cell does not cover the question
(the question names a fund its title lacks), the same row in the next table is tried before the
item is called not found."""
from __future__ import annotations

from decimal import Decimal

import pytest

from qa_app.service import QAService
from tests.conftest import DEV_TXT, items_only_service

DOC = """某县统计局2024年部门预算公开

一、支出总表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合计\t500.00\t300.00\t200.00
2050101\t行政运行\t300.00\t300.00\t
2050102\t统计调查\t200.00\t\t200.00

二、一般公共预算支出表
单位：万元
科目编码\t科目名称\t小计\t基本支出\t项目支出
\t合计\t450.00\t280.00\t170.00
2050101\t行政运行\t280.00\t280.00\t
2050102\t统计调查\t170.00\t\t170.00
"""
# lines: 7 支出总表 行政运行 300.00 (all funds), 14 一般公共预算支出表 行政运行 280.00 (小计)


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> QAService:
    return items_only_service(tmp_path_factory.mktemp("other_tables"), {"mock_2024_budget.txt": DOC})


def test_a_fund_the_first_table_lacks_is_read_in_the_table_titled_by_it(service):
    # the all-funds 合计 (300.00, line 7) ranks first and does not cover 一般公共预算: the next table's 小计 does
    a = service.ask("某县统计局行政运行的一般公共预算支出是多少？")
    assert a.value == Decimal("280.00") and [c.line_start for c in a.citations] == [14], a.text
    assert any("未通过" in s for s in a.steps) and any(s.startswith("覆盖检查：通过") for s in a.steps)


def test_a_code_asked_in_the_table_named_by_its_title(service):
    a = service.ask("某县统计局一般公共预算支出表 2050102 是多少？")
    assert a.value == Decimal("170.00") and [c.line_start for c in a.citations] == [15], a.text


def test_a_fund_no_table_prints_is_still_not_found(service):
    # no table is titled by 政府性基金: no figure, however many tables print the row
    a = service.ask("某县统计局行政运行的政府性基金支出是多少？")
    assert a.value is None, a.text


def test_real_row_of_the_fund_table(tmp_path):
    # dev_corpus/txt/guangzhou_tongji_2026_budget.txt line 165 (本年支出总体情况表 2080105 劳动保障监察 合计 20.92) ranks
    # first; line 251 (表5 一般公共预算支出情况表 [2080105]劳动保障监察 小计 20.92) is the fund's own table
    path = DEV_TXT / "guangzhou_tongji_2026_budget.txt"
    if not path.is_file():
        pytest.skip("dev corpus not available (export BUDGETQA_DEV_CORPUS)")
    service = items_only_service(tmp_path, {path.name: path.read_text(encoding="utf-8")})
    for question in ("广州市统计局劳动保障监察一般公共预算支出是多少？", "广州市统计局 表5 一般公共预算支出表 2080105 是多少？"):
        a = service.ask(question)
        assert a.value == Decimal("20.92") and [c.line_start for c in a.citations] == [251], (question, a.text)

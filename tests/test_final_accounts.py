"""决算 (final accounts) documents: 决算数 questions are answered from them, and a question about the
other kind of document says which kind is indexed."""
from __future__ import annotations

from decimal import Decimal

import pytest

from core.config import ROOT
from qa_app.service import QAService
from tests.conftest import items_only_service

FINAL = """某市统计局2022年度部门决算
一、部门职责
负责全市统计调查工作。
二、支出决算表
单位：万元
科目编码\t科目名称\t年初预算数\t决算数
201\t一般公共服务支出\t100.00\t98.50
2010501\t行政运行\t60.00\t59.25
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> QAService:
    zengdu = (ROOT / "corpus" / "zengdu_2023_budget.txt").read_bytes()
    return items_only_service(tmp_path_factory.mktemp("final"),
                              {"stats_2022_final.txt": FINAL, "zengdu_2023_budget.txt": zengdu})


def test_final_accounts_question_reads_the_final_column(service):
    assert service._by_doc["stats_2022_final"].kind == "部门决算"
    answer = service.ask("某市统计局2022年行政运行决算数是多少？")
    # FINAL line 8: 2010501 行政运行 | 年初预算数 60.00 | 决算数 59.25
    assert answer.value == Decimal("59.25") and answer.citations[0].line_start == 8


def test_budget_column_of_a_final_accounts_document_when_asked_for(service):
    answer = service.ask("某市统计局2022年行政运行年初预算数是多少？")
    assert answer.value == Decimal("60.00") and answer.citations[0].line_start == 8


def test_budget_question_on_final_accounts_reads_its_budget_column_and_says_which_kind_is_indexed(service):
    answer = service.ask("某市统计局2022年一般公共服务支出预算是多少？")
    assert answer.value == Decimal("100.00")  # FINAL line 7, 年初预算数: the budget, not the 决算数 beside it
    assert answer.citations[0].line_start == 7 and any("部门决算" in w for w in answer.warnings)


def test_final_accounts_question_on_a_budget_names_the_kind(service):
    answer = service.ask("曾都区医疗保障信息中心2023年一般公共预算拨款收入决算数是多少？")
    assert answer.refused and answer.value is None and "部门预算" in answer.text

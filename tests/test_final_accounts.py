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


UNITS = """某市某局2024年部门预算
一、收入总表
单位：万元
单位名称\t合计\t一般公共预算\t其他收入
合计\t30.00\t20.00\t10.00
某市某局（本级）\t25.00\t18.00\t7.00
二、收支总表
单位：万元
项目\t预算数
其他收入\t10.00
"""


@pytest.fixture(scope="module")
def units(tmp_path_factory) -> QAService:
    return items_only_service(tmp_path_factory.mktemp("units"), {"unit_2024_budget.txt": UNITS})


def test_the_agencys_own_level_is_not_answered_by_the_departments_figure(units):
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt: 收入总表 «305001 无锡市教育局（本级）… 其他收入 25,335.00» beside
    # the 收支总表's department-wide 其他收入 25,585.00
    answer = units.ask("某市某局本级收入中其他收入有多少？")
    # UNITS line 10: the 收支总表's 其他收入 (the department's) is no answer for 本级; the unit row's column
    # (line 6) is not reached by a row name, so the answer is "not found", never 10.00
    assert answer.value is None and any("本级" in s for s in answer.steps), answer.text
    assert units.ask("某市某局其他收入有多少？").value == Decimal("10.00")


def test_a_multiple_is_asked_as_times():
    # dev_corpus/txt/jiangsu_fayuan_2019_budget.txt line 294: 30302 退休费 1,250.63 / 30301 离休费 526.16 = 2.38 倍
    from qa_app.arithmetic import times
    from qa_app.records import Fact

    def fact(name, v):
        return Fact(doc="d", table="t", table_id="T", row_code=None, row_name=name, column="金额", value_text=v,
                    unit="万元", value_yuan=Decimal(v) * 10000, line=1)
    result = times(fact("退休费", "1250.63"), fact("离休费", "526.16"))
    assert (result.value, result.unit) == (Decimal("2.38"), "倍")

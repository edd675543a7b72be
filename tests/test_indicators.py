"""绩效指标 stated on one line become quantity line items (indexer/indicators.py)."""
from pathlib import Path

import pytest

from indexer.indicators import indicator_items
from indexer.models import LineItem
from indexer.parse import parse_file
from tests.conftest import DEV_TXT

FORM = ["某某项目绩效目标表",
        "一级指标 二级指标 三级指标 指标值",
        "产出指标 数量指标 培训人数 ≥ 120 人",
        "数量指标 维修车辆数 ≥40辆",
        "质量指标 验收合格率 ＝ 100 ％",
        "成本指标 经济成本指标 项目成本控制 ≤ 67.89 万元",
        "效益指标 社会效益指标 群众满意度 ≥90%  满意度 ≥90%"]


def test_indicators_are_quantities_with_their_units_and_comparison():
    items = indicator_items("d", FORM, [])
    got = {(i.line, i.row_name, i.value, i.unit, i.column_path) for i in items}
    assert (3, "培训人数", "120", "人", "指标值（≥）") in got
    assert (4, "维修车辆数", "40", "辆", "指标值（≥）") in got
    assert (5, "验收合格率", "100", "%", "指标值（＝）") in got
    assert all(i.table == "某某项目绩效目标表" and i.value_yuan is None for i in items)


def test_money_bounds_are_not_indicator_figures():
    # a cost ceiling is not an amount budgeted: it must never answer a money question
    assert not [i for i in indicator_items("d", FORM, []) if i.line == 6]


def test_level_words_are_not_names_and_panels_count_once():
    names = [i.row_name for i in indicator_items("d", FORM, []) if i.line == 7]
    assert names == ["群众满意度", "满意度"]
    assert not any("指标" in i.row_name for i in indicator_items("d", FORM, []))


def test_a_figure_a_table_placed_is_not_read_again():
    placed = [LineItem(doc="d", table="t", table_id="t", row_code=None, row_name="培训人数", column="指标值",
                       column_path="指标值", value="120", unit="人", value_yuan=None, line=3, row_index=0, col_index=0)]
    assert not [i for i in indicator_items("d", FORM, placed) if i.line == 3]


@pytest.mark.skipif(not DEV_TXT.is_dir(), reason="dev corpus not available")
def test_real_indicator_line_is_a_count_of_vehicles():
    # dev_corpus/txt/fuzhou_xuntejing_2026_budget.txt line 510: 「数量指标 维保车辆数 ≥40辆」
    doc = parse_file(Path(DEV_TXT) / "fuzhou_xuntejing_2026_budget.txt")
    found = [i for i in doc.items if i.row_name == "维保车辆数"]
    assert [(i.line, i.value, i.unit) for i in found] == [(510, "40", "辆")]
    assert "绩效目标表" in found[0].table


PROJECT = """某县文化馆2024年部门预算公开

一、项目支出表
单位：万元
项目名称\t金额
送戏下乡项目\t30.00

二、送戏下乡项目绩效目标表
产出指标 数量指标 演出场次 ≥ 40 场
产出指标 质量指标 演出合格率 ＝ 100 %
成本指标 经济成本指标 演出成本 ≤ 30 万元
"""
# PROJECT lines: 6 the project's money row, 9 演出场次 ≥ 40 场, 10 演出合格率, 11 a cost bound


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    from tests.conftest import items_only_service
    return items_only_service(tmp_path_factory.mktemp("indicators"), {"culture_2024_budget.txt": PROJECT})


def test_a_count_of_a_named_project_is_its_indicator_not_its_money(service):
    a = service.ask("某县文化馆送戏下乡项目演出场次是多少场？")
    assert a.value == 40 and a.unit == "场" and [c.line_start for c in a.citations] == [9]


def test_a_money_question_is_never_answered_with_an_indicator(service):
    a = service.ask("某县文化馆送戏下乡项目安排了多少钱？")
    assert a.value is not None and a.unit == "万元" and [c.line_start for c in a.citations] == [6]


@pytest.mark.parametrize("question", ["场馆使用次数目标不少于多少次？", "场馆使用次数是多少？"])
def test_a_count_named_by_its_item_and_a_bound_asked_in_words(question):
    # dev_corpus/txt/changsha_zhijiao_2026_budget.txt line 391: 绩效目标表 «场馆使用次数 ≥ 160 次»: 次数 names a count,
    # 不少于 asks the ≥ bound
    import re

    from core import lexicon
    from qa_app import coverage
    from qa_app.locate import COUNT_CUES
    from qa_app.records import Fact
    target = Fact(doc="d", table="部门整体支出绩效目标表", table_id="I", row_code=None, row_name="场馆使用次数",
                  column="指标值", value_text="160", unit="次", value_yuan=None, line=391, column_path="指标值（≥）")
    assert COUNT_CUES.search(question) and coverage.unaccounted(question, target) is None
    assert re.search(lexicon.BOUND_WORDS, "不少于")

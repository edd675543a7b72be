"""Counts stated in prose are the kind asked (stock vs flow, a target is no count, the figure before
the noun), and change questions compare with a named year and find a reason stated later."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from qa_app.prose import SourceLines, counted_nouns, prose_change, prose_delta, prose_figure
from tests.conftest import DEV_TXT

LINES = SourceLines([
    (1, "截至2025年12月31日，本部门共有车辆5辆，其中一般公务用车3辆。"),
    (2, "2026年部门预算安排购置车辆1辆，经费增加的原因是接收调拨车辆2辆。"),
    (3, "数量指标 维保车辆数 ≥40辆"),
    (4, "本部门包括27个内设机构、1个下属单位。"),
    (5, "2026年财政拨款收入300万元，比2025年预算增加15万元；事业收入50万元。"),
    (6, "支出预算350万元。"),
    (7, "财政拨款收入增加的主要原因是新增实训基地建设经费。"),
])


def count(name: str, flow: str | None = None):
    f = prose_figure(LINES, "d", name, counts=True, flow=flow)
    return (f.value_text, f.unit, f.line) if f else None


def test_a_stock_question_takes_the_stock_not_a_purchase_or_a_target():
    assert count("车辆") == ("5", "辆", 1)


def test_a_flow_question_takes_that_flow():
    assert count("车辆", flow="购置") == ("1", "辆", 2)
    assert count("车辆", flow="接收") == ("2", "辆", 2)


def test_a_target_is_no_count():
    assert count("维保车辆数") is None


def test_the_figure_before_the_noun_counts_it_and_a_list_separator_ends_a_figure():
    assert count("内设机构") == ("27", "个", 4)


def test_a_reason_given_in_a_later_sentence_of_its_own():
    change = prose_change(LINES, "d", ["财政拨款收入"])
    assert change.delta_yuan == Decimal("150000") and change.line == 5
    assert change.reason == "新增实训基地建设经费"


def test_comparing_with_a_named_year_is_not_asking_about_it():
    from indexer.models import DocumentMeta
    from qa_app.catalog import Catalog
    from qa_app.understanding import understand
    meta = DocumentMeta(doc="d", agency="某市某局", aliases=["某市某局"], region=None, year=2026, kind="部门预算",
                        encoding="utf-8", content_hash="x")
    q = understand("某市某局财政拨款收入比2025年增加多少？", Catalog([meta]))
    assert not q.prior_year and q.bad_year is None and q.years == [] and not q.odd_codes


@pytest.mark.skipif(not DEV_TXT.is_dir(), reason="dev corpus not available")
def test_real_count_printed_before_its_noun():
    # dev_corpus/txt/jiangsu_fayuan_2019_budget.txt line 69: 「本部门包括 27 个内设机构、1 个下属差额…」
    lines = SourceLines(list(enumerate(Path(DEV_TXT, "jiangsu_fayuan_2019_budget.txt").read_text().splitlines(), 1)))
    f = prose_figure(lines, "jiangsu", "内设机构", counts=True)
    assert (f.value_text, f.unit, f.line) == ("27", "个", 69)


def test_a_change_stated_in_the_next_sentence_and_not_of_the_other_row():
    lines = SourceLines([
        (1, "（2）科学技术支出（类）支出500万元，主要用于高等教育建设。与上年相比减少50万元，减少9.09%。主要原因是"),
        (2, "共建经费减少。"),
        (3, "2.其他科学技术支出（款）支出400万元，与上年相比增加300万元，增长300%。主要原因是科目变更。"),
    ])
    change = prose_change(lines, "d", ["科学技术支出"])
    assert change.delta_yuan == Decimal("-500000") and change.line == 1 and change.reason == "共建经费减少"


PART_AND_WHOLE = """某县某局2024年部门预算公开

一、一般公共预算基本支出表
单位：万元
科目编码\t科目名称\t合计
30216\t培训费\t2.00
30217\t公务接待费\t1.00

二、一般公共预算“三公”经费、会议费、培训费支出表
单位：万元
合计\t公务接待费\t会议费\t培训费
9.00\t3.00\t1.00\t5.00
"""
# PART_AND_WHOLE lines: 6 培训费 (basic part), 7 公务接待费 (basic part), 12 the whole figures


@pytest.fixture(scope="module")
def wholes(tmp_path_factory):
    from tests.conftest import items_only_service
    return items_only_service(tmp_path_factory.mktemp("wholes"), {"agency_2024_budget.txt": PART_AND_WHOLE})


@pytest.mark.parametrize("question, value", [("某县某局培训费是多少？", "5.00"), ("某县某局公务接待费预算多少？", "3.00")])
def test_an_item_printed_whole_in_its_own_table_is_not_answered_with_its_basic_part(wholes, question, value):
    a = wholes.ask(question)
    assert a.value == Decimal(value) and [c.line_start for c in a.citations][:1] == [12]


def test_its_basic_part_answers_when_asked_for(wholes):
    a = wholes.ask("某县某局基本支出中的培训费是多少？")
    assert a.value == Decimal("2.00") and [c.line_start for c in a.citations][:1] == [6]


def test_a_change_stated_after_a_breakdown_is_the_wholes_not_its_parts():
    # dev_corpus/txt/fuzhou_xuntejing_2026_budget.txt lines 418-420: 支出预算 10344.71 万元，其中：基本支出 8974.01
    # 万元、项目支出 1370.70 万元。比上年减少 32.61 万元 — 32.61 is the whole's change, not 基本支出's
    lines = SourceLines([(1, "相应安排支出预算 300.00 万元，其中：基本支出 200.00 万元、项目支出 100.00 万元。比上年减少 9.00 万元，"
                             "主要原因是基本支出减少 6.00 万元。")])
    assert prose_change(lines, "d", ["基本支出"]) is None
    assert prose_change(lines, "d", ["支出预算"]).delta_yuan == Decimal("-90000")


def test_a_count_of_one_kind_is_not_answered_by_the_count_of_all_kinds():
    # dev_corpus/txt/fuzhou_xuntejing_2026_budget.txt line 701: 执法执勤用车95辆 beside 车辆 144 辆 in all
    assert counted_nouns("有多少辆执法执勤用车") == ["执法执勤用车", "执法执勤用车辆"]
    assert "车辆" in counted_nouns("有几辆公车")


def test_a_figure_on_the_line_after_its_name_is_read_with_it():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt lines 71-73: «…政府采购货物预算» / «486.50 万元…；其中一般
    # 公共预算拨款政府采购…» / «…政府采购货物预算 480.50 万元» — the first figure is the item's whole
    lines = SourceLines([(1, "（二）政府采购情况。政府采购预算总额 9.00 万元：政府采购货物预算"),
                         (2, "6.00 万元、政府采购服务预算 3.00 万元；其中一般公共预算拨款"),
                         (3, "政府采购 5.00 万元：政府采购货物预算 4.00 万元。")])
    fact = prose_figure(lines, "d", "政府采购货物预算")
    assert (fact.value_text, fact.line) == ("6.00", 2)


def test_a_piece_of_the_question_after_无_is_no_stated_zero():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt line 108 lists «无锡开放大学»: 无 begins the city's name
    lines = SourceLines([(1, "本部门预算包括：无锡开放大学等12家单位。")])
    assert prose_figure(lines, "d", "开放大学", unit_hint="万元", fragment=True) is None
    assert prose_figure(SourceLines([(1, "本年度无会议费支出。")]), "d", "会议费", unit_hint="万元").value_text == "0"


def test_a_totals_name_at_the_tail_of_a_longer_items_is_not_the_total():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt lines 37, 49: «收入比 2025 年增加 2,734.52 万元» is the
    # total's; «一般公共预算财政拨款收入 37,891.58 万元…比 2025 年增加 800.94 万元» is a fund's
    lines = SourceLines([(1, "一般公共预算财政拨款收入 50.00 万元，比上年增加 8.00 万元。"),
                         (2, "收入比上年增加 20.00 万元，主要是一般公共预算拨款增加 8.00 万元。")])
    assert prose_change(lines, "d", ["收入"]) is None
    found = prose_delta(lines, ["收入"])
    assert (found.delta_yuan, found.line) == (Decimal("200000"), 2) and found.reason.startswith("一般公共预算拨款增加")


def test_a_heading_run_into_the_text_does_not_take_the_next_items_change():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt lines 1823-1847: «九、…会议费、培训费支出预算情况说明» runs into
    # «…“三公”经费支出预算 241.17 万元，比上年预算减少 33.58 万元»; the 培训费 sentence comes later
    lines = SourceLines([(1, "九、三公经费、会议费、培训费支出预算情况说明"),
                         (2, "本局2026年度一般公共预算拨款安排的三公经费支出预算 9.00 万元，比上年预算减少 1.00 万元。"),
                         (3, "本局2026年度一般公共预算拨款安排的培训费预算 5.00 万元，比上年预算减少 2.00 万元，原因：厉行节约。")])
    change = prose_change(lines, "d", ["培训费"])
    assert (change.delta_yuan, change.line, change.reason) == (Decimal("-20000"), 3, "厉行节约")


def test_a_numbered_point_is_read_under_the_change_sentence_that_introduces_it():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt lines 621-623: «（三）增减变化情况：…比上年增加 110.01万元，其中：»
    # / «1.收入预算增加110.01万元，其中一般公共预算收入减少76.46万元»
    head = [(1, "（三）增减变化情况：2026年收支预算 90.00万元，比上年增加"), (2, "10.00万元，其中：")]
    point = (3, "1.收入预算增加10.00万元，其中一般公共预算收入减少6.00万元，事业收入增加16.00万元。")
    found = prose_delta(SourceLines([*head, point]), ["一般公共预算收入"])
    assert (found.delta_yuan, found.line) == (Decimal("-60000"), 3)
    # the same point with no change sentence before it says nothing of last year
    assert prose_delta(SourceLines([(1, "一、收支预算总体情况"), point]), ["一般公共预算收入"]) is None


def test_an_item_at_the_tail_of_a_longer_level_name_takes_not_that_levels_change():
    # dev_corpus/txt/hangzhou_qixiang_2026_budget.txt lines 121-128: «（5）…行政事业单位医疗（款）行政单位医疗（项）…61.17万元，
    # 比上年执行数增加8.97万元» precedes «（6）…行政事业单位医疗（款）事业单位医疗（项）19.35万元，…增加0.87万元»
    lines = SourceLines([(1, "（5）卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）60.00万元，比上年执行数增加8.00万元。"),
                         (2, "（6）卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）19.00万元，比上年执行数增加1.00万元。")])
    change = prose_change(lines, "d", ["事业单位医疗"])
    assert (change.current.value_text, change.delta_yuan, change.line) == ("19.00", Decimal("10000"), 2)


def test_a_change_stated_against_last_years_figure_in_the_same_sentence():
    # corpus/zengdu_2023_budget.txt line 82: «一般公共预算支出 54.07万元,比上年预算 76.82万元减少 22.75万元»
    lines = SourceLines([(1, "2023年度一般公共预算支出 54.07万元,比上年预算 76.82万元减少 22.75万元。")])
    change = prose_change(lines, "d", ["一般公共预算支出"])
    assert (change.current.value_text, change.delta_yuan, change.line) == ("54.07", Decimal("-227500"), 1)


TWO_CELLS = """某县某局2024年部门预算公开
一、一般公共预算基本支出表
单位：万元
科目编码\t科目名称\t合计\t人员经费\t公用经费
合计\t\t30.00\t25.00\t5.00
"""


def test_two_columns_of_one_row_are_not_added_for_a_合计_asked(tmp_path):
    # dev_corpus/txt/beijing_yibao_2026_budget.txt line 229: 一般公共预算基本支出表 合计 11,161.558229, 公用经费
    # 858.991446; «…基本支出中公用经费合计多少» asks the 公用经费 column, never 合计 + 公用经费
    from tests.conftest import items_only_service
    service = items_only_service(tmp_path, {"agency_2024_budget.txt": TWO_CELLS})
    answer = service.ask("某县某局一般公共预算基本支出中公用经费合计多少？")
    assert answer.value == Decimal("5.00") and answer.citations[0].line_start == 5


def test_a_rate_stated_with_a_change_and_the_reason_read_on_past_the_line():
    # dev_corpus/txt/changsha_zhijiao_2026_budget.txt lines 56-57: «收入较去年增加 24.17 万元，上升 3.82%。主要是增加
    # 水费、电» / «费、燃气费等项目支出。»
    lines = SourceLines([(1, "收入较去年增加 5.00 万元，上升 2.50%。主要是增加水费、电"), (2, "费、燃气费等支出。")])
    found = prose_delta(lines, ["收入"])
    assert (found.delta_yuan, found.percent, found.line) == (Decimal("50000"), Decimal("2.50"), 1)
    assert (found.reason, found.line_end) == ("增加水费、电费、燃气费等支出", 2)


def test_a_change_against_last_years_initial_budget():
    # dev_corpus/txt/shenzhen_weijian_2026_budget.txt line 137: «收入…较2025年年初预算增加7,554.11万元，增长5.3%»
    lines = SourceLines([(1, "2026年收入预算 100.00万元，较2025年年初预算增加 5.00万元，增长5.3%。")])
    change = prose_change(lines, "d", ["收入预算"])
    assert (change.delta_yuan, change.percent) == (Decimal("50000"), Decimal("5.3"))


SANGONG_ROW = """某县某局2024年部门预算公开

一、“三公”经费、会议费、培训费支出预算表
单位：万元
合计\t“三公”经费小计\t因公出国（境）费\t公务接待费\t会议费\t培训费
30.00\t8.00\t5.00\t3.00\t2.00\t20.00
"""
# SANGONG_ROW line 6: one unnamed row; the title lists 三公, 会议费 and 培训费


@pytest.fixture(scope="module")
def sangong(tmp_path_factory):
    from tests.conftest import items_only_service
    return items_only_service(tmp_path_factory.mktemp("sangong"), {"agency_2024_budget.txt": SANGONG_ROW})


@pytest.mark.parametrize("question, value", [
    ("某县某局“三公”经费、会议费、培训费表里培训费是多少？", "20.00"),  # the words up to 表里 name the table
    ("某县某局三公经费是多少？", "8.00"),  # the 三公 columns' total, never the table's 合计 of all three
])
def test_a_table_titled_by_several_items(sangong, question, value):
    # dev_corpus/pdf/jiangsu_fayuan_2019_budget.pdf, 公开09表: «2,382.02 513.75 160.00 … 271.02 1,597.25»
    a = sangong.ask(question)
    assert a.value == Decimal(value) and a.citations[0].line_start == 6, a.text


def test_a_heading_naming_the_item_before_its_change_sentence():
    # dev_corpus/txt/shenzhen_weijian_2026_budget.txt line 212: «1.因公出国(境)费用。2026年预算数92.70万元，较2025年
    # 年初预算增加88.70万元，主要是…»
    lines = SourceLines([(1, "1.因公出国（境）费用。2026年预算数9.00万元，较2025年年初预算增加8.00万元，主要是年初安排。")])
    change = prose_change(lines, "d", ["因公出国(境)费用"])
    assert (change.current.value_text, change.delta_yuan, change.reason) == ("9.00", Decimal("80000"), "年初安排")


COUNTS = """某县某局2024年部门预算公开

一、部门基本情况
本局实有在编人员 4 人。截至2023年末，本局共有车辆 6 辆，其中执法执勤用车 2 辆。
本年度实施绩效目标管理的一级预算
项目 10 个，预算资金 30.00 万元。
"""


def test_a_count_is_found_by_its_noun_but_the_rest_of_the_question_must_still_be_said(tmp_path):
    # corpus/zengdu_2023_budget.txt line 46: «实有在编人员4人» answers 有几个人, never 培训多少人;
    # dev_corpus/txt/fuzhou_xuntejing_2026_budget.txt line 699: the body's «车辆 144 辆» is no project's 维保车辆数
    from tests.conftest import items_only_service
    service = items_only_service(tmp_path, {"agency_2024_budget.txt": COUNTS})
    people = service.ask("某县某局有几个人？")
    assert people.value == 4 and people.citations[0].line_start == 4, people.text
    assert service.ask("某县某局培训多少人？").value is None
    assert service.ask("某县某局车辆维修项目要维保多少辆车？").value is None


def test_a_count_whose_sentence_starts_on_the_line_before_is_said_by_it(tmp_path):
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt lines 676-677: «…实施绩效目标管理的一级预算» / «项目10个»
    from tests.conftest import items_only_service
    service = items_only_service(tmp_path, {"agency_2024_budget.txt": COUNTS})
    got = service.ask("某县某局实施绩效目标管理的一级预算项目有多少个？")
    assert got.value == 10 and got.citations[0].line_start == 6, got.text

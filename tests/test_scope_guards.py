"""Guards on the scope of a figure, each a class found on a first replay of a new question set: the side
(收入 / 支出), the fund a sentence's figure is stated for, a fund or part the question leaves out, the year
asked, a table the question names, an item printed on several rows of one table, the two sides of a
difference read in one table, and the words that ask a difference or a fall. Synthetic figures pin each
rule; each is also checked on a real line of a dev disclosure."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from qa_app import coverage
from qa_app.catalog import Catalog
from qa_app.contexts import column_cell, in_one_table, repeated_rows
from qa_app.named import column_of_row_asked
from qa_app.records import Fact
from qa_app.service import QAService
from qa_app.titles import named_table_unsaid
from qa_app.understanding import understand
from tests.conftest import DEV_TXT, items_only_service


def cell(row: str, column: str, table: str, value: str = "10.00", path: str | None = None, **kw) -> Fact:
    return Fact(doc="d", table=table, table_id=kw.pop("table_id", "t1"), row_code=kw.pop("code", None), row_name=row,
                column=column, value_text=value, unit="万元", value_yuan=Decimal(value) * 10000,
                line=kw.pop("line", 10), column_path=path or column, **kw)


def said(value: str, line: int = 5) -> Fact:
    return Fact(doc="d", table=None, table_id=None, row_code=None, row_name="年初结转和结余", column=None,
                value_text=value, unit="万元", value_yuan=Decimal(value.replace(",", "")) * 10000, line=line,
                kind="prose")


# ---- the side: income is never answered by expenditure ----------------------------------------

def test_income_asked_is_not_answered_by_an_expenditure_row_or_table():
    assert coverage.other_side("财政拨款收入决算合计", cell("本年支出合计", "合计", "财政拨款收入支出决算总表")) == \
        ("收入", "支出")
    # a row saying neither side is judged by its table's title; a 收支总表 says both
    assert coverage.other_side("行政运行支出", cell("行政运行", "合计", "收入决算表")) == ("支出", "收入")
    assert coverage.other_side("行政运行支出", cell("行政运行", "合计", "收入支出决算总表")) is None
    assert coverage.other_side("事业收入", cell("综合医院", "事业收入", "收入决算表")) is None
    # both sides or neither asked: no question of side
    assert coverage.other_side("收支总额", cell("本年支出合计", "合计", "收支总表")) is None


def test_a_sentence_figure_is_judged_by_its_own_label():
    fact = said("296,047.75")
    fact.row_name, fact.column = "财政拨款", "支出决算"
    assert coverage.other_side("财政拨款收入决算", fact) == ("收入", "支出")


# ---- a fund the sentence states its figure for --------------------------------------------------

def test_a_sentence_figure_stated_for_one_fund_is_no_answer_to_another_scope():
    # dev_corpus/txt/xian_weijian_2022_final.txt line 403: «2022年度政府性基金预算财政拨款年初结转和结余58,830.98»
    line = "2022年度政府性基金预算财政拨款年初结转和结余58,830.98"
    assert coverage.fund_of_sentence(said("58,830.98"), line) == "政府性基金预算"
    verdict = coverage.check(None, said("58,830.98"), asks_count=False, asked="财政拨款的年初结转和结余", context=line)
    assert not verdict.covered and "政府性基金预算" in verdict.step
    asked_so = coverage.check(None, said("58,830.98"), asks_count=False, asked="政府性基金预算的年初结转和结余",
                              context=line)
    assert asked_so.covered, asked_so.step
    # a fund said in an earlier clause qualifies nothing after the full stop
    assert coverage.fund_of_sentence(said("12.00"), "一般公共预算支出5.00万元。年初结转和结余12.00") is None


# ---- a fund or part the question leaves out -----------------------------------------------------

@pytest.mark.parametrize("asked", ["学前教育的项目支出中，不是财政拨款安排的", "除基本支出以外的教育支出",
                                   "财政拨款以外的项目支出"])
def test_the_rest_beyond_a_fund_or_part_is_never_a_printed_cell(asked):
    for fact in (cell("学前教育", "项目支出", "财政拨款支出表"), cell("学前教育", "项目支出", "支出总表")):
        assert not coverage.check(None, fact, asks_count=False, asked=asked).covered


# ---- the year asked -----------------------------------------------------------------------------

def test_a_year_before_the_documents_needs_a_figure_labelled_by_it():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt line 633: «2026年通过…安排的“三公”经费预算共24.62万»
    line = "2026年通过一般公共预算财政拨款安排的三公经费预算共24.62万元"
    fact = said("24.62")
    assert coverage.year_unsaid(fact, [2025], prior=True, line=line) == "2025年"
    assert coverage.year_unsaid(fact, [2026], prior=False, line=line) is None
    # a cell labelled by no year is the document's own year's
    assert coverage.year_unsaid(cell("合计", "合计", "三公经费表"), [2025], prior=True) == "2025年"
    assert coverage.year_unsaid(cell("合计", "2025年预算数", "三公经费表"), [2025], prior=True) is None
    assert coverage.year_unsaid(said("3.00"), [2025], prior=True, line="上年三公经费3.00万元") is None


# ---- a table the question names -----------------------------------------------------------------

def test_a_sentence_answers_a_question_naming_a_table_only_when_it_says_the_tables_words():
    fact = said("271.02")
    q = "某院政府采购支出预算表里会议费加起来一共多少"
    assert named_table_unsaid(fact, q, "一般公共预算拨款安排的会议费预算支出271.02万元") == "政府采购"
    assert named_table_unsaid(fact, q, "政府采购预算中会议费271.02万元") is None
    assert named_table_unsaid(cell("会议费", "合计", "政府采购支出预算表"), q) is None
    assert named_table_unsaid(cell("会议费", "合计", "基本支出预算表"), q) == "政府采购"
    assert named_table_unsaid(fact, "某院会议费是多少") is None  # no table named


# ---- one table's rows, columns and sides --------------------------------------------------------

def _items(rows: list[tuple]) -> pd.DataFrame:
    cols = ["doc", "table", "table_id", "row_code", "row_name", "column", "value", "unit", "value_yuan", "line",
            "row_index", "col_index", "column_path", "row_group"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows])


def _row(table_id, row_index, col_index, name, column, value, code=None, group=None, table="基本支出表"):
    return ("d", table, table_id, code, name, column, value, "万元", Decimal(value) * 10000, 10 + row_index,
            row_index, col_index, column, group)


def test_an_item_on_two_rows_of_one_column_is_no_one_figure_unless_its_group_is_named():
    # dev_corpus/txt/beijing_yibao_2026_budget.txt lines 66 and 111: 30228-工会经费 under 2101501 and under 2101550
    items = _items([_row("t1", 1, 1, "工会经费", "合计", "107.03", "30228", "行政运行"),
                    _row("t1", 2, 1, "工会经费", "合计", "14.52", "30228", "事业运行"),
                    _row("t1", 3, 1, "办公费", "合计", "5.00", "30201", "事业运行")])
    first = Fact.from_row(items.iloc[0])
    assert [f.value_text for f in repeated_rows(items, first, "工会经费是多少")] == ["14.52"]
    assert repeated_rows(items, first, "行政运行的工会经费是多少") == []
    assert repeated_rows(items, Fact.from_row(items.iloc[2]), "办公费是多少") == []


def test_a_difference_of_two_tables_is_read_in_the_first_table_that_prints_both():
    # dev_corpus/txt/xian_weijian_2022_final.txt 收入支出决算总表: 年初结转和结余 and 年末结转和结余 in one column
    items = _items([_row("t1", 1, 1, "年初结转和结余", "决算数", "465278.48", table="收入支出决算总表"),
                    _row("t1", 2, 1, "年末结转和结余", "决算数", "399035.80", table="收入支出决算总表"),
                    _row("t2", 1, 1, "年末结转和结余", "合计", "78.55", table="财政拨款支出决算表")])
    first, other = Fact.from_row(items.iloc[0]), Fact.from_row(items.iloc[2])
    assert [f.value_text for f in in_one_table(items, [first, other])] == ["465278.48", "399035.80"]
    alone = items.iloc[[0, 2]]
    assert in_one_table(alone, [first, other]) == [first, other]  # no table prints both: left as found
    # one row of two tables (合计 of the 支出总表 − 合计 of the 一般公共预算 table): the tables are compared
    totals = _items([_row("t1", 1, 1, "合计", "基本支出", "336.31", table="支出预算总表"),
                     _row("t1", 1, 2, "合计", "合计", "408.70", table="支出预算总表"),
                     _row("t2", 1, 1, "合计", "基本支出", "283.00", table="一般公共预算支出表")])
    sides = [Fact.from_row(totals.iloc[0]), Fact.from_row(totals.iloc[2])]
    assert in_one_table(totals, sides) == sides


def test_a_column_asked_within_a_row_is_read_in_that_row_or_not_at_all():
    # dev_corpus/txt/xian_weijian_2022_final.txt 收入决算表 2100201 综合医院: 本年收入合计 967,123.13, 事业收入 850,732.60
    assert column_of_row_asked("综合医院的收入里事业收入占百分之多少") == "事业收入"
    assert column_of_row_asked("高中教育里项目支出占几成") == "项目支出"
    assert column_of_row_asked("高中教育占项目支出的比例") is None
    items = _items([_row("t1", 1, 1, "综合医院", "本年收入合计", "967123.13", table="收入决算表"),
                    _row("t1", 1, 2, "综合医院", "事业收入", "850732.60", table="收入决算表")])
    anchor = Fact.from_row(items.iloc[0])
    assert column_cell(items, anchor, "事业收入").value_text == "850732.60"
    assert column_cell(items, anchor, "财政拨款") is None


# ---- words of asking ----------------------------------------------------------------------------

def test_a_two_character_name_is_not_cut_as_a_word_of_asking():
    # 会 is a word of asking (会花多少); in 工会经费 it is half of 工会
    fact = cell("事业运行", "合计", "支出总表", code="2101550")
    assert coverage.unaccounted("事业运行的工会经费是多少", fact) == "工会"
    assert coverage.unaccounted("事业运行会花多少", fact) is None


@pytest.mark.parametrize("question", ["甲比乙多出多少？", "甲比乙高出多少？", "甲比乙超出多少？", "甲比乙低了多少？"])
def test_words_that_ask_a_difference(question):
    assert understand(question, Catalog([])).intent.value == "difference"


# ---- on a small disclosure ----------------------------------------------------------------------

DOC = """某县统计局2026年部门预算公开

一、收支总表
单位：万元
项目\t金额
收入总计\t500.00
支出总计\t500.00

二、项目支出表
单位：万元
项目名称\t金额
统计调查经费\t120.00
普查经费\t80.00

三、基本支出表
单位：万元
科目编码\t科目名称\t合计
30201\t办公费\t40.00
30211\t差旅费\t20.00

四、说明
2026年培训费预算10.00万元，比上年预算减少2.50万元，下降20%。
"""
# lines: 6 收入总计, 7 支出总计, 12-13 projects, 18-19 经济科目 rows, 22 培训费 change


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> QAService:
    return items_only_service(tmp_path_factory.mktemp("guards"), {"mock_2026_budget.txt": DOC})


def test_a_fall_asked_in_percent_is_its_size(service):
    a = service.ask("某县统计局培训费预算比上年下降了百分之几？")
    assert a.value == Decimal("20") and a.unit == "%", a.text
    signed = service.ask("某县统计局培训费预算比上年变化了百分之几？")
    assert signed.value == Decimal("-20"), signed.text


def test_a_ranking_of_classification_rows_is_no_ranking_of_projects(service):
    projects = service.ask("某县统计局哪个项目金额最大？")
    assert projects.value == Decimal("120.00") and [c.line_start for c in projects.citations][0] == 12
    for question in ("某县统计局项目支出按经济科目看，哪一个科目最大？", "某县统计局基本支出表里，哪个项目最大？"):
        assert service.ask(question).value is None, question


def test_income_asked_of_a_total_is_not_answered_by_the_expenditure_total(service):
    a = service.ask("某县统计局收入总计是多少？")
    assert a.value == Decimal("500.00") and [c.line_start for c in a.citations] == [6], a.text


# ---- real lines ---------------------------------------------------------------------------------

def _real(tmp_path, stem: str) -> QAService:
    path = DEV_TXT / f"{stem}.txt"
    if not path.is_file():
        pytest.skip("dev corpus not available (export BUDGETQA_DEV_CORPUS)")
    return items_only_service(tmp_path, {path.name: path.read_text(encoding="utf-8")})


def test_real_final_accounts_scope(tmp_path):
    # dev_corpus/txt/xian_weijian_2022_final.txt: line 5663 本年支出合计 864,099.38 (财政拨款收入支出决算总表) is no
    # 收入; 收入决算表 2100201 综合医院 本年收入合计 967,123.13 / 事业收入 850,732.60 (87.97%)
    service = _real(tmp_path, "xian_weijian_2022_final")
    income = service.ask("西安卫健委2022年财政拨款收入决算合计多少？")
    assert income.value != Decimal("864099.38") and all(c.line_start != 5663 for c in income.citations), income.text
    share = service.ask("西安卫健委综合医院的收入里事业收入占百分之多少？")
    assert share.value is not None and abs(share.value - Decimal("87.97")) < Decimal("0.01"), share.text
    carried = service.ask("西安卫健委2022年财政拨款的年初结转和结余一共多少？")
    assert carried.value != Decimal("58830.98"), carried.text  # line 403 is the 政府性基金 part


def test_real_prior_year_and_stage(tmp_path):
    # dev_corpus/txt/shenzhen_weijian_2026_budget.txt lines 212-213: «2026年预算数92.70万元，较2025年年初预算增加
    # 88.70万元»: last year's 年初预算 is 4.00; its 全年预算 is not stated there
    service = _real(tmp_path, "shenzhen_weijian_2026_budget")
    start = service.ask("深圳市卫健委2025年因公出国（境）费年初预算是多少？")
    assert start.value == Decimal("4.00") and start.citations[0].line_start == 212, start.text
    assert service.ask("深圳市卫健委2025年因公出国（境）费全年预算数是多少？").value is None


def test_a_sentence_figure_for_one_fund_answers_a_question_naming_no_fund():
    # «三公经费是多少» of a narrative that states the 一般公共预算 三公经费: the question sets no scope to miss
    line = "2024年一般公共预算财政拨款安排的三公经费预算0.00万元"
    fact = said("0.00")
    assert coverage.check(None, fact, asks_count=False, asked="三公经费是多少", context=line).covered


def test_a_side_saying_only_what_sets_it_apart_takes_the_first_sides_words():
    # «年末结转和结余比年初少了多少»: 年初 is 年初结转和结余 (dev_corpus xian_weijian_2022_final 收入支出决算总表)
    from qa_app.named import named_items
    q = understand("年末结转和结余比年初少了多少？", Catalog([]))
    assert named_items(q, ["年初结转和结余", "年末结转和结余"]) == ["年末结转和结余", "年初结转和结余"]
    # a side that is a row of its own is left as said
    q = understand("基本工资比奖金多多少？", Catalog([]))
    assert named_items(q, ["基本工资", "奖金", "奖金工资"]) == ["基本工资", "奖金"]


def test_items_listed_as_projects_are_read_as_the_projects(tmp_path):
    # dev corpus beidaihe-like: 城乡医疗救助 is a 功能分类 row (60.00) and a project stated in the narrative (84.42)
    doc = ("某区医保局2023年部门预算公开\n\n一、支出表\n单位：万元\n科目编码\t科目名称\t合计\n"
           "2101301\t城乡医疗救助\t60.00\n2101101\t行政单位医疗\t5.00\n\n二、项目支出说明\n"
           "城乡医疗救助项目84.42万元，劳务派遣专项补助17.70万元。\n")
    service = items_only_service(tmp_path, {"m_2023_budget.txt": doc})
    a = service.ask("某区医保局项目里城乡医疗救助、劳务派遣专项补助哪个最多？")
    assert a.value == Decimal("84.42") and a.citations[0].line_start == 10, a.text
    row = service.ask("某区医保局城乡医疗救助、行政单位医疗哪个最多？")
    assert row.value == Decimal("60.00") and row.citations[0].line_start == 6, row.text


def test_a_question_naming_no_fund_reads_the_all_funds_table_whatever_its_total_column_is_called():
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 5439 / 5664: 年末结转和结余 决算数 399,035.80 (收入支出决算总表)
    # and 合计 78.55 (财政拨款收入支出决算总表): 合计 ranks before 决算数, but one fund's figure is no answer here
    from qa_app.cells import pick
    items = _items([_row("t2", 1, 1, "年末结转和结余", "合计", "78.55", table="财政拨款收入支出决算总表"),
                    _row("t1", 1, 1, "年末结转和结余", "决算数", "399035.80", table="收入支出决算总表")])
    assert pick(items, "年末结转和结余是多少", [])[0].value_text == "399035.80"
    assert pick(items, "财政拨款年末结转和结余是多少", [])[0].value_text == "78.55"


def test_a_sentence_figure_labelled_by_a_part_answers_no_question_about_the_whole():
    # dev_corpus/txt/xian_weijian_2022_final.txt line 388: «2022年度一般公共预算财政拨款基本支出98,606.29万元»
    line = "2022年度一般公共预算财政拨款基本支出98,606.29万元，包"
    fact = said("98,606.29")
    assert coverage.part_of_sentence(fact, line, "一般公共预算财政拨款支出") == "基本支出"
    assert coverage.part_of_sentence(fact, line, "一般公共预算财政拨款基本支出") is None
    # a source named after a fund's clause is the figure's own (政府性基金预算收入…，事业收入329.34)
    income = said("329.34")
    assert coverage.fund_of_sentence(income, "政府性基金预算收入1,501.28万元，事业收入329.34万元") is None


def test_two_scopes_of_one_item_contrasted_name_the_item_twice():
    # dev_corpus/txt/xian_weijian_2022_final.txt: 儿童医院 in 支出决算表 (全部资金 153,180.27) and in the 一般公共预算
    # 财政拨款支出决算表 (9,827.40): «…全部资金支出决算是一般公共预算财政拨款支出的几倍» asks 儿童医院 in both
    from qa_app.named import named_items
    rows = ["儿童医院", "人员经费"]
    q = understand("儿童医院全部资金支出决算是一般公共预算财政拨款支出的几倍？", Catalog([]))
    assert named_items(q, rows) == ["儿童医院全部资金支出决算", "儿童医院一般公共预算财政拨款支出"]
    # a first side with no scope of its own is compared with the scope's whole
    q = understand("人员经费占一般公共预算支出的比重是多少？", Catalog([]))
    assert named_items(q, rows) == ["人员经费", "一般公共预算支出"]


def test_a_count_ending_one_line_is_no_count_of_the_name_on_the_next():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt lines 740-741: «公务接待次数 46次» / «建档立卡老年人保险人数 6000人»
    from qa_app.prose import prose_figure
    lines = [(740, "绩效指标 产出指标 数量指标 公务接待次数 46次"), (741, "建档立卡老年人保险人数 6000人")]
    fact = prose_figure(lines, "d", "建档立卡老年人保险人数", counts=True)
    assert (fact.value_text, fact.unit, fact.line) == ("6000", "人", 741)


def test_scopes_said_after_the_item_name_it_on_both_sides():
    # dev_corpus/txt/xian_weijian_2022_final.txt 2101102 事业单位医疗: 支出决算表 9,009.05, 05表 4,654.08
    from qa_app.named import named_items
    q = understand("事业单位医疗，全部资金比一般公共预算财政拨款多支出多少？", Catalog([]))
    assert q.intent.value == "difference"
    assert named_items(q, ["事业单位医疗"]) == ["事业单位医疗全部资金", "事业单位医疗一般公共预算财政拨款"]


SHARES = """某县统计局2026年部门预算公开

一、项目支出表
单位：元
科目编码\t科目名称\t合计\t基本支出\t专项业务经费支出
\t合计\t300.00\t100.00\t200.00
30201\t办公费\t150.00\t100.00\t50.00
30227\t委托业务费\t150.00\t\t150.00

二、说明
2026年收入预算500万元，其中：财政拨款收入300万元，比2025年预算增加20万元；事业收入200万元。
"""
# lines: 6 合计, 7 办公费, 8 委托业务费, 11 the income sentence


@pytest.fixture(scope="module")
def shares_service(tmp_path_factory) -> QAService:
    return items_only_service(tmp_path_factory.mktemp("shares"), {"s_2026_budget.txt": SHARES})


def test_a_share_of_a_column_word_is_of_the_columns_total_not_the_rows_own_cell(shares_service):
    # dev_corpus/txt/beilin_2024_budget.txt line 373 / 333: 委托业务费 510,000 ÷ 专项业务经费支出 合计 1,889,400
    a = shares_service.ask("某县统计局委托业务费占专项业务经费的百分比？")
    assert a.value == Decimal("75.00") and [c.line_start for c in a.citations] == [8, 6], a.text


def test_which_is_larger_and_by_how_much_is_the_gap(shares_service):
    a = shares_service.ask("某县统计局办公费和委托业务费的专项业务经费哪个多，多多少？")
    assert a.value == Decimal("100.00"), a.text


def test_last_years_figure_of_an_income_source_needs_a_sentence_about_that_source(shares_service):
    # dev_corpus/txt/shanghai_jiaotongzhiyuan_2026_budget.txt line 53: the change is 财政拨款收入's, not 事业收入's
    assert shares_service.ask("某县统计局2025年的事业收入预算是多少？").value is None
    # nor is the whole's: the change stated after «其中：财政拨款收入300万元» is that part's
    assert shares_service.ask("某县统计局2025年的收入预算是多少？").value is None
    fiscal = shares_service.ask("某县统计局财政拨款收入比上年增加多少？")
    assert fiscal.value == Decimal("20.00") and fiscal.citations[0].line_start == 11, fiscal.text


def test_a_name_followed_by_more_name_before_its_figure_is_not_that_figures_name():
    # dev_corpus/txt/fuzhou_xuntejing_2026_budget.txt lines 480-481: «其中：公务用车运行费 226.75 万元…；公务用车购置费
    # 200.00 万元»: neither figure is 公务用车's; each is its longer name's
    from qa_app.prose import prose_figure
    lines = [(480, "2026 年预算安排 426.75 万元，其中：公务用车运行费"),
             (481, "226.75 万元，与上年持平；公务用车购置费 200.00 万元，比上")]
    assert prose_figure(lines, "d", "公务用车") is None
    fact = prose_figure(lines, "d", "公务用车购置费")
    assert (fact.value_text, fact.line) == ("200.00", 481)


def test_a_share_of_another_year_needs_the_whole_labelled_by_that_year(tmp_path):
    # dev_corpus/txt/zengdu_2023_budget.txt 绩效目标申报表: 财政拨款 2023年 54.07; «…是2022年的百分之几» is no 100%
    doc = ("某区中心2023年部门预算公开\n\n一、绩效目标表\n单位：万元\n项目\t2023年预算金额\n合计\t54.07\n"
           "财政拨款\t54.07\n")
    service = items_only_service(tmp_path, {"z_2023_budget.txt": doc})
    assert service.ask("某区中心2023年财政拨款是2022年的百分之几？").value is None


def test_not_counting_a_part_asks_for_the_rest():
    fact = cell("卫生健康支出", "合计", "收支总表")
    assert not coverage.check(None, fact, asks_count=False, asked="卫生健康支出里当年预算安排的是多少（不算上年结转）").covered


def test_a_side_named_by_its_tables_scope_takes_the_first_sides_item():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt 2050201 学前教育: 公开03表 6,611.65, 公开05表 (财政拨款) 6,111.65
    from qa_app.named import named_items
    q = understand("学前教育支出总表（全部资金）比财政拨款支出表多多少？", Catalog([]))
    assert named_items(q, ["学前教育"])[1] == "学前教育财政拨款支出表"


def test_a_share_within_a_scope_needs_the_whole_of_that_scope(tmp_path):
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt 收入总体情况表: 合计 5,609.33 is all funds; «财政拨款里政府性基金
    # 占几成» is of the 财政拨款 total, which this table does not print
    doc = ("某市民政局2026年部门预算公开\n\n一、收入总体情况表\n单位：万元\n项目\t合计\t一般公共预算收入\t政府性基金预算收入\t事业收入\n"
           "合计\t100.00\t60.00\t30.00\t10.00\n")
    service = items_only_service(tmp_path, {"y_2026_budget.txt": doc})
    assert service.ask("某市民政局财政拨款里政府性基金占几成？").value is None
    whole = service.ask("某市民政局收入合计里政府性基金占几成？")
    assert whole.value == Decimal("30.00") and [c.line_start for c in whole.citations] == [6, 6], whole.text


def test_parts_said_after_the_item_name_it_on_both_sides():
    # dev_corpus/txt/guangzhou_tongji_2026_budget.txt 30201 办公费: 表6 基本支出 31.78, 表7 项目支出 4.80
    from qa_app.named import named_items
    q = understand("办公费，基本支出比项目支出高多少？", Catalog([]))
    assert named_items(q, ["办公费"]) == ["办公费基本支出", "办公费项目支出"]
    q = understand("请问，基本支出比项目支出高多少？", Catalog([]))  # a lead-in of asking words names no item
    assert named_items(q, ["办公费"]) == ["基本支出", "项目支出"]
    # a part inside the first side's name (日常公用经费) contrasts with no part: 基本支出 is the whole
    q = understand("日常公用经费占基本支出的比例？", Catalog([]))
    assert named_items(q, ["基本支出"]) == ["日常公用经费", "基本支出"]


def test_a_share_of_a_rows_own_other_total_is_no_share(tmp_path):
    # dev_corpus/pdf/yantai_minzheng_2026_budget.pdf 公开表11: a project's 合计 and 小计 are one figure (586.00)
    doc = ("某市民政局2026年部门预算公开\n\n一、项目支出预算情况表\n单位：万元\n项目名称\t合计\t小计\n"
           "儿童村运转经费\t586.00\t586.00\n养老服务资金\t237.00\t237.00\n")
    service = items_only_service(tmp_path, {"y_2026_budget.txt": doc})
    assert service.ask("某市民政局儿童村运转经费占项目支出的比例是多少？").value != Decimal("100.00")

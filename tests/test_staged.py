"""Final accounts state an item's budget and outturn side by side in one sentence; the stage asked
(年初预算, 决算, 完成率, a plain 预算 of a final account) picks the figure, never the nearest one."""
from decimal import Decimal

import pytest

from qa_app.prose import SourceLines
from qa_app.records import Fact
from qa_app.staged import stage_asked, stage_fits, staged_figure
from tests.conftest import DEV_PDF, DEV_TXT

SENTENCES = SourceLines(enumerate([
    "五、一般公共预算财政拨款支出决算情况说明",
    "1.教育支出（类）普通教育（款）小学教育（项）。年初预",
    "算10.50万元，支出决算12.25万元，完成年初预算的",
    "116.67%。决算数大于年初预算数的主要原因是：学生增加。",
    "2.教育支出（类）普通教育（款）初中教育（项）。年初预算20.00万元，支出决算8.00万元，完成年初预算的40%。",
    "2024年度公务接待费预算3.00万元，支出决算1.20万元，完成预算的40%。",
], start=1))


@pytest.mark.parametrize("question, stage", [
    ("某局小学教育年初预算是多少？", "年初预算"),
    ("某局小学教育决算数？", "决算数"),
    ("某局小学教育实际花了多少？", "决算数"),
    ("某局小学教育完成了年初预算的百分之几？", "完成率"),
    ("某局公务接待费执行率是多少？", "完成率"),
    ("某局小学教育支出完成年初预算的百分之多少？", "完成率"),
    ("某局公务接待费预算是多少？", "预算数"),
    ("某局一般公共预算拨款的小学教育支出是多少？", None),  # 一般公共预算 is a fund, not a stage
    ("某局小学教育决算比年初预算多多少？", None),  # two stages: a difference, not one figure
])
def test_the_stage_a_question_asks(question, stage):
    assert stage_asked(question) == stage


@pytest.mark.parametrize("stage, value, unit, line", [
    ("年初预算", "10.50", "万元", 3), ("决算数", "12.25", "万元", 3), ("完成率", "116.67", "%", 4)])
def test_each_stage_reads_its_own_figure_of_the_sentence(stage, value, unit, line):
    fact = staged_figure(SENTENCES, "d", "小学教育", stage)
    assert (fact.value_text, fact.unit, fact.line) == (value, unit, line)


def test_the_next_items_figures_are_not_this_items():
    # 小学教育 states no 调整预算; the 初中教育 item after it is another item
    assert staged_figure(SENTENCES, "d", "小学教育", "调整预算") is None
    assert staged_figure(SENTENCES, "d", "初中教育", "决算数").value_text == "8.00"


def test_a_plain_budget_of_a_final_account():
    fact = staged_figure(SENTENCES, "d", "公务接待费", "预算数")
    assert (fact.value_text, fact.line) == ("3.00", 6) and stage_fits(fact, "预算数")


def _cell(table: str, column: str, unit: str = "万元") -> Fact:
    return Fact(doc="d", table=table, table_id="T1", row_code=None, row_name="小学教育", column=column,
                value_text="12.25", unit=unit, value_yuan=Decimal("122500"), line=9)


def test_a_final_accounts_table_is_no_budget_figure_though_its_fund_is_called_预算():
    assert not stage_fits(_cell("一般公共预算财政拨款支出决算表", "小计"), "预算数")
    assert stage_fits(_cell("“三公”经费支出决算表", "预算数"), "预算数")
    assert not stage_fits(_cell("支出决算表", "决算数"), "完成率")


def test_real_final_accounts_sentence():
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 191-193: …学前教育（项）。年初预 / 算999.83万元，
    # 支出决算1,182.59万元，完成年初预算的 / 118.28%。
    path = DEV_TXT / "xian_weijian_2022_final.txt"
    if not path.is_file():
        pytest.skip("dev corpus not available (export BUDGETQA_DEV_CORPUS)")
    lines = SourceLines(enumerate(path.read_text(encoding="utf-8").splitlines(), start=1))
    got = {s: staged_figure(lines, "x", "学前教育", s) for s in ("年初预算", "决算数", "完成率")}
    assert {s: (f.value_text, f.line) for s, f in got.items()} == {
        "年初预算": ("999.83", 192), "决算数": ("1,182.59", 192), "完成率": ("118.28", 193)}


FINAL = """某县某局2024年部门决算公开

一、一般公共预算财政拨款支出决算情况说明
1.教育支出（类）普通教育（款）小学教育（项）。年初预算10.50万元，支出决算12.25万元，完成年初预算的116.67%。

二、一般公共预算财政拨款支出决算表
单位：万元
科目编码\t科目名称\t小计\t基本支出\t项目支出
2050202\t小学教育\t12.25\t12.25\t0.00

三、财政拨款“三公”经费支出决算表
单位：万元
项目\t合计\t因公出国（境）费\t公务接待费
预算数\t3.00\t1.00\t2.00
决算数\t2.50\t1.00\t1.50
"""
# FINAL lines: 4 the sentence, 9 the table row, 14 the 三公 budget row, 15 its outturn row


@pytest.fixture(scope="module")
def final(tmp_path_factory):
    from tests.conftest import items_only_service
    return items_only_service(tmp_path_factory.mktemp("final"), {"agency_2024_final.txt": FINAL})


@pytest.mark.parametrize("question, value, line", [
    ("某县某局小学教育决算数是多少？", "12.25", 9),
    ("某县某局小学教育年初预算是多少？", "10.50", 4),
    ("某县某局小学教育预算是多少？", "10.50", 4),
    ("某县某局小学教育完成了年初预算的百分之几？", "116.67", 4),
    # items printed as columns over a 预算数 row and a 决算数 row: a final account asked plainly is asked
    # its outturn (dev_corpus/pdf/xian_weijian_2022_final.pdf 公开09表: 公务接待费 预算数 1.86, 决算数 0.11)
    ("某县某局公务接待费是多少？", "1.50", 15),
    ("某县某局公务接待费决算数是多少？", "1.50", 15),
    ("某县某局公务接待费的实际支出是多少？", "1.50", 15),
    ("某县某局公务接待费预算数是多少？", "2.00", 14),
])
def test_a_final_account_answers_the_stage_asked(final, question, value, line):
    a = final.ask(question)
    assert a.value == Decimal(value) and a.citations[0].line_start == line, a.text


def test_a_heading_that_names_the_item_has_its_figures_in_the_next_paragraph():
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 253-254: «16.卫生健康支出（类）公立医院（款）传染病医院（项）。»
    # closes its line; «年初预算1936.77万元，支出决算10,972.83万元…» follows
    lines = SourceLines(enumerate(["16.卫生健康支出（类）公立医院（款）传染病医院（项）。",
                                   "年初预算12.00万元，支出决算15.00万元，完成年初预算的125%。"], start=1))
    assert (staged_figure(lines, "d", "传染病医院", "年初预算").value_text,
            staged_figure(lines, "d", "传染病医院", "年初预算").line) == ("12.00", 2)


def test_an_item_named_at_the_tail_of_a_longer_level_name_is_not_that_level():
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 353-359: «36.…行政事业单位医疗（款）行政单位医疗（项）。…完成
    # 年初预算的100.13%» comes before «37.…行政事业单位医疗（款）事业单位医疗（项）。…100.19%»
    lines = SourceLines(enumerate(["36.卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。年初预算10.00万元，"
                                   "支出决算10.10万元，完成年初预算的101%。",
                                   "37.卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）。年初预算20.00万元，"
                                   "支出决算20.40万元，完成年初预算的102%。"], start=1))
    got = staged_figure(lines, "d", "事业单位医疗", "完成率")
    assert (got.value_text, got.line) == ("102", 2)


@pytest.mark.parametrize("question, value", [
    ("某县某局小学教育决算比年初预算多了多少？", "1.75"),  # 12.25 − 10.50, both from the FINAL sentence (line 4)
    ("某县某局小学教育支出决算比预算多多少？", "1.75"),  # a side naming only 预算 is the first side's item
])
def test_two_stages_of_an_item_compared_come_from_the_sentence_that_states_both(final, question, value):
    # dev_corpus/txt/xian_weijian_2022_final.txt line 301: 采供血机构 年初预算19779.08万元，支出决算18,750.36万元
    a = final.ask(question)
    assert a.value == Decimal(value) and {c.line_start for c in a.citations} == {4}, a.text


@pytest.mark.skipif(not (DEV_PDF / "xian_weijian_2022_final.pdf").is_file(), reason="dev corpus absent")
def test_real_三公_final_accounts_table_answers_the_outturn_unless_the_budget_is_asked(tmp_path):
    # dev_corpus/pdf/xian_weijian_2022_final.pdf page 161 (公开09表): items as columns over a 预算数 row and a
    # 决算数 row; 公务接待费 预算数 1.86, 决算数 0.11 (it answered 1.86 to «公务接待费决算数» before)
    import pypdfium2 as pdfium
    source = pdfium.PdfDocument(DEV_PDF / "xian_weijian_2022_final.pdf")
    pages = pdfium.PdfDocument.new()
    pages.import_pages(source, [0, 160])  # the title page names the agency and year
    pdf = tmp_path / "xian_weijian_2022_final.pdf"
    pages.save(pdf)
    from tests.conftest import items_only_service
    (tmp_path / "svc").mkdir()
    service = items_only_service(tmp_path / "svc", {pdf.name: pdf.read_bytes()})
    for question, value in (("西安市卫生健康委员会公务接待费是多少？", "0.11"),
                            ("西安市卫生健康委员会公务接待费决算数是多少？", "0.11"),
                            ("西安市卫生健康委员会公务接待费预算数是多少？", "1.86")):
        answer = service.ask(question)
        assert answer.value == Decimal(value), answer.text
        assert answer.citations[0].row == ("预算数" if value == "1.86" else "决算数")


PLAN_FIRST = """某县某局2024年部门决算公开

一、“三公”经费支出决算情况说明
公务用车运行维护费预算4.00万元，支出决算3.50万元，决算数小于预算数的主要原因是压减公车运行。
"""


def test_a_sentences_plan_figure_is_no_outturn_of_a_final_account(tmp_path):
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 430-431: «…公务用车运行维护费预算455.12万元，支出决算450.96万元»;
    # asked plainly (or as an operand) the 决算 document's figure is the outturn, not the first figure after the name
    from tests.conftest import items_only_service
    service = items_only_service(tmp_path, {"agency_2024_final.txt": PLAN_FIRST})
    assert service.ask("某县某局公务用车运行维护费是多少？").value == Decimal("3.50")
    assert service.ask("某县某局公务用车运行维护费预算是多少？").value == Decimal("4.00")

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


def test_a_named_column_must_be_the_cited_cells_column():
    # 项目支出 asked of a row whose located cell is its 合计: the row's total is no 项目支出
    total = cell("行政运行", "合计", "一般公共预算支出表", "193.05", code="2101501")
    verdict = coverage.check(RowMatch(None, "2101501", 0), total, asks_count=False, columns=["项目支出"])
    assert not verdict.covered and "项目支出" in verdict.step
    own = cell("行政运行", "项目支出", "一般公共预算支出表", "0.00", code="2101501")
    assert coverage.check(RowMatch(None, "2101501", 0), own, asks_count=False, columns=["项目支出"]).covered


def test_final_accounts_qualifier_and_year_columns():
    # 年初预算 asked, 决算数 located: the other figure of the same row
    final = cell("卫生健康支出", "决算数", "收入支出决算总表", "98.50")
    assert not coverage.check(named("卫生健康支出"), final, asks_count=False, columns=["年初预算"]).covered
    # a 三公 table with 2025年 and 2026年 columns: 2025 asked, the 2026 column located
    this_year = cell("公务接待费", "2026年预算数", "三公经费预算表", "3.00")
    assert not coverage.check(named("公务接待费"), this_year, asks_count=False, years=[2025]).covered
    assert coverage.check(named("公务接待费"), this_year, asks_count=False, years=[2026]).covered


def test_real_line_column_word_against_the_rows_total(parsed):
    # corpus/zengdu_2023_budget.txt line 173: 合计 | 基本支出 54.07 — the 合计 row's 基本支出 column
    # covers 基本支出, and not 项目支出
    item = next(i for i in parsed["zengdu_2023_budget"].items if i.line == 173 and i.column == "基本支出")
    fact = Fact(doc=item.doc, table=item.table, table_id=item.table_id, row_code=item.row_code,
                row_name=item.row_name, column=item.column, value_text=item.value, unit=item.unit,
                value_yuan=item.value_yuan, line=item.line, column_path=item.column_path)
    assert coverage.check(None, fact, asks_count=False, columns=["基本支出"]).covered
    assert not coverage.check(None, fact, asks_count=False, columns=["项目支出"]).covered


def test_a_named_fund_must_be_the_cells_table_or_column():
    # "一般公共预算支出里，2080505安排了多少": a 收支总表 row of all funds does not say which fund
    all_funds = cell("机关事业单位基本养老保险缴费支出", "合计", "部门支出总表", "482.19", code="2080505")
    match = RowMatch(None, "2080505", 0)
    assert not coverage.check(match, all_funds, asks_count=False, columns=["一般公共预算"]).covered
    general = cell("机关事业单位基本养老保险缴费支出", "合计", "一般公共预算支出表", "480.00", code="2080505")
    assert coverage.check(match, general, asks_count=False, columns=["一般公共预算"]).covered


def test_a_count_answers_only_in_the_measure_asked():
    # 几辆车 asked: a headcount (人) is a count, but not of vehicles
    people = cell("实有人员", "数值", "说明", "10", unit="人")
    assert not coverage.check(named("公务用车"), people, asks_count=True, measure="辆").covered
    cars = cell("车辆", "数量", "国有资产占有使用情况", "2", unit="辆")
    assert coverage.check(named("车辆"), cars, asks_count=True, measure="辆").covered
    # 人 and 名 count the same people; 个 counts anything
    staff = cell("在职人员", "数值", "说明", "24", unit="名")
    assert coverage.check(named("在职人员"), staff, asks_count=True, measure="人").covered
    assert coverage.check(named("车辆"), cars, asks_count=True, measure="个").covered
    assert coverage.measure_asked("有几辆公务用车？") == "辆" and coverage.measure_asked("预算是多少？") is None


# ---- every word of the item asked is accounted for ---------------------------------------------

@pytest.mark.parametrize("asked, fact, left", [
    # a longer item whose one part is a row: the rest is unaccounted for
    ("孩子生活补助及儿童村运转经费多少钱", cell("生活补助", "合计", "一般公共预算基本支出情况表", "6.01", code="30305"),
     "孩子"),
    # a named row's column answered from the table's total row
    ("行政运行的日常公用支出是多少", cell("合计", "日常公用支出", "一般公共预算基本支出预算表", "838.27"), "行政运行"),
    # a project asked, the revenue row of the 收支总表 located by the column word alone
    ("气象业务建设项目一般公共预算安排了多少", cell("一般公共预算", "收入预算数", "收支预算总表", "5753.07"), "气象业务建设"),
])
def test_words_of_the_question_no_label_accounts_for_refuse_the_fact(asked, fact, left):
    assert left in coverage.unaccounted(asked, fact)
    assert not coverage.check(None, fact, asks_count=False, asked=asked).covered


@pytest.mark.parametrize("asked, fact", [
    ("部门预算收入总计是多少", cell("收入总计", "金额", "收支总表", "404.67")),
    ("人员工资（工资福利支出）是多少", cell("工资福利支出", "合计", "基本支出表", "259.63", code="301")),
    ("办公经费一年多少", cell("公用经费", "合计", "基本支出表", "65.00")),   # the colloquial name's wording
    ("项目支出一共多少（含上年结转）", cell("合计", "项目支出", "预算支出总表", "997.72")),  # a scope, not an item
    ("这五家医保单位里谁的预算收入总计最大", cell("收入总计", "金额", "收支总表", "404.67")),
])
def test_words_of_asking_synonyms_and_scopes_are_accounted_for(asked, fact):
    assert coverage.unaccounted(asked, fact) is None


def test_a_sentence_accounts_for_what_it_says():
    stated = Fact(doc="d", table=None, table_id=None, row_code=None, row_name="经费安排", column=None,
                  value_text="839.21", unit="万元", value_yuan=Decimal("8392100"), line=508, kind="prose")
    asked = "第四次全国农业普查经费安排了多少"
    assert coverage.unaccounted(asked, stated, context="2026年统计业务经费安排839.21万元") == "第四次全国农业普查"
    assert coverage.unaccounted(asked, stated, context="第四次全国农业普查经费安排839.21万元") is None


def test_a_subtotal_column_does_not_answer_a_total():
    sub = cell("博物馆", "小计", "一般公共预算支出情况表", "5613.45", code="2070205")
    assert not coverage.check(RowMatch(None, "2070205", 0), sub, asks_count=False, asked="2070205博物馆支出总计").covered
    assert coverage.check(RowMatch(None, "2070205", 0), sub, asks_count=False, asked="2070205博物馆支出").covered


def test_an_unnamed_cell_among_a_rows_other_figures_answers_nothing():
    # dev_corpus/txt/changsha_zhijiao_2026_budget.txt line 226: «205 03 99 其他职业教育支出 656.73 386.73 270.00»
    # under a broken header only 总计 is named; 386.73 and 270.00 stay 数值 and must not be picked
    from qa_app.cells import pick
    rows = pd.DataFrame([
        dict(doc="d", table="t", table_id="T1", row_code="2050399", row_name="其他职业教育支出", column=col,
             column_path=col, value=v, unit="万元", value_yuan=Decimal(v) * 10000, line=226, row_index=5, col_index=i)
        for i, (col, v) in enumerate([("总计", "656.73"), ("数值", "386.73"), ("数值", "270.00")])])
    assert pick(rows, "2050399其他职业教育支出预算多少", [])[0].value_text == "656.73"
    assert pick(rows[rows["column"] == "数值"], "2050399预算多少", [])[0] is None


def test_a_share_of_a_figure_by_itself_and_a_share_naming_a_column_neither_figure_has():
    # dev_corpus/txt/xian_weijian_2022_final.txt line 5677: 合计 | 小计 296,047.75 | 基本支出 98,606.29 …
    basic = cell("合计", "基本支出", "一般公共预算财政拨款支出决算表", "98606.29")
    subtotal = cell("合计", "小计", "一般公共预算财政拨款支出决算表", "296047.75")
    assert coverage.same_figure(basic, basic) and not coverage.same_figure(basic, subtotal)
    # 人员经费 is asked: neither the 基本支出 nor the 小计 cell says it
    assert coverage.qualifiers_missing(basic, ["人员经费", "基本支出"], extra=coverage.labels(subtotal)) == "人员经费"
    assert coverage.qualifiers_missing(basic, ["基本支出"], extra=coverage.labels(subtotal)) is None


def test_a_column_name_the_row_gives_two_figures_answers_nothing():
    # a 三公 table whose columns are named by fund only: «一般公共预算» under 因公出国 and under 公务接待
    from qa_app.cells import pick
    rows = pd.DataFrame([
        dict(doc="d", table="三公经费表", table_id="T9", row_code=None, row_name="合计", column="一般公共预算",
             column_path="一般公共预算", value=v, unit="万元", value_yuan=Decimal(v) * 10000, line=40, row_index=1,
             col_index=i) for i, v in enumerate(["3.00", "5.00"])])
    assert pick(rows, "三公经费一般公共预算是多少", ["一般公共预算"])[0] is None
    assert pick(rows.iloc[:1], "三公经费一般公共预算是多少", ["一般公共预算"])[0].value_text == "3.00"


def test_one_character_words_of_asking_do_not_break_up_a_name():
    # «无锡市第一中学…三公经费»: 一 and 中 are words of asking only at the edges; 第一中学 is a school
    whole = cell("", "“三公”经费合计", "一般公共预算“三公”经费、会议费、培训费支出表", "241.17")
    assert coverage.unaccounted("第一中学 三公经费是多少", whole) == "第一中学"
    assert coverage.unaccounted("三公经费中是多少", whole) is None


def test_a_topic_table_does_not_answer_for_the_items_own_table_and_a_said_total_is_read():
    # dev_corpus/pdf/jiangsu_fayuan_2019_budget.pdf: 办公费 is a row of the 政府采购支出预算表 (总计 18.00)
    # and of the 基本支出 table (30201, 金额 315.00)
    from qa_app.cells import pick

    def row(table, column, value, code=None, idx=0):
        return dict(doc="d", table=table, table_id=table, row_code=code, row_name="办公费", column=column,
                    column_path=column, value=value, unit="万元", value_yuan=Decimal(value) * 10000, line=idx,
                    row_index=idx, col_index=0)
    rows = pd.DataFrame([row("政府采购支出预算表", "总计", "18.00", idx=1),
                         row("财政拨款基本支出预算表（经济科目）", "金额", "315.00", "30201", idx=2)])
    assert pick(rows, "办公费是多少", [])[0].value_text == "315.00"
    assert pick(rows, "政府采购的办公费是多少", [])[0].value_text == "18.00"
    both = pd.DataFrame([row("支出预算总表", "合计", "1980.00", idx=3), row("支出预算总表", "总计", "2103.61", idx=3)])
    assert pick(both, "气象服务支出预算总计多少", [])[0].value_text == "2103.61"


def _item_cells(spec: list[tuple[str, str, str, int]], name: str = "卫生健康支出") -> pd.DataFrame:
    """Cells (table, column, value in 万元, row index) of one row printed in several tables."""
    return pd.DataFrame([dict(doc="d", table=t, table_id=t, row_code="210", row_name=name, column=c, column_path=c,
                              value=v, unit="万元", value_yuan=Decimal(v) * 10000, line=idx, row_index=idx,
                              col_index=i) for i, (t, c, v, idx) in enumerate(spec)])


def test_a_fund_table_does_not_answer_for_an_item_asked_whole():
    # dev_corpus/txt/shanghai_jiaotongzhiyuan_2026_budget.txt: 2050305 高等职业教育 合计 317,058,710 in the
    # 支出预算总表 (line 122), 236,893,390 in the 一般公共预算支出功能分类预算表 (line 160)
    from qa_app.cells import pick
    rows = _item_cells([("支出预算总表", "合计", "300.00", 1), ("一般公共预算支出功能分类预算表", "合计", "200.00", 2)])
    assert pick(rows, "卫生健康支出预算合计多少", [])[0].value_text == "300.00"
    assert pick(rows, "一般公共预算里卫生健康支出多少", [])[0].value_text == "200.00"
    same = _item_cells([("支出预算总表", "合计", "200.00", 1), ("一般公共预算支出功能分类预算表", "合计", "200.00", 2)])
    assert pick(same, "卫生健康支出预算合计多少", [])[0].table == "一般公共预算支出功能分类预算表"  # the detail table


def test_a_basic_expenditure_table_is_no_table_of_the_item_whole():
    # dev_corpus/pdf/shenzhen_weijian_2026_budget.pdf: 委托业务费 总计 4.00 in the 基本支出总表 (its basic part only),
    # 支出总计 16,338.20 in the 一般公共预算支出表（按经济分类）: asked 支出总计, the part table never replaces it
    from qa_app.cells import pick
    rows = _item_cells([("一般公共预算支出表（按经济分类）", "支出总计", "500.00", 2), ("基本支出总表", "总计", "4.00", 1)])
    assert pick(rows, "委托业务费支出总计是多少", [])[0].value_text == "500.00"


def test_a_share_of_one_funds_whole_has_no_part_read_over_all_funds():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt: 其他收入 25,585.00 (收入总表, all funds, line 369) is no part of the
    # 财政拨款收支总表's 本年收入 475,631.69 (line 507, one fund)
    from qa_app.cells import narrower_whole
    part = cell("合计", "其他收入", "收入总表", "25585.00")
    whole = cell("本年收入", "收入预算数", "财政拨款收支总表", "475631.69")
    assert narrower_whole(part, whole, "其他收入占本年收入的百分之几")
    assert not narrower_whole(part, whole, "其他收入占财政拨款本年收入的百分之几")  # the fund said: as asked
    assert not narrower_whole(cell("合计", "其他收入", "财政拨款收入表", "1.00"), whole, "其他收入占本年收入的百分之几")
    # a part larger than its whole is none of it (住房公积金 647.74 «占» 购房补贴 478.00 read as the whole)
    assert narrower_whole(cell("住房公积金", "合计", "支出表", "647.74"), cell("购房补贴", "合计", "支出表", "478.00"),
                          "住房公积金占购房补贴的比例")
    assert not narrower_whole(cell("住房公积金", "合计", "支出表", "647.74"), cell("购房补贴", "合计", "支出表", "478.00"),
                              "住房公积金是购房补贴的几倍")


def test_a_coded_row_outranks_a_same_named_listing_without_a_code():
    # dev_corpus/pdf/jiangsu_fayuan_2019_budget.pdf: 30201 办公费 315.00 (经济分类) against the 政府采购 table's 办公费
    # 18.00 printed first with no code, when the procurement table's title was lost (bench/LAYOUTS.md, fixed)
    from qa_app.cells import pick
    rows = _item_cells([("采购品目大", "合计", "18.00", 1), ("支出表", "合计", "315.00", 2)], name="办公费")
    rows.loc[0, "row_code"] = None
    rows.loc[1, "row_code"] = "30201"
    assert pick(rows, "办公费是多少", [])[0].value_text == "315.00"


def test_a_total_its_own_row_contradicts_is_not_answered_where_another_table_prints_it_sound():
    # corpus/beidaihe_2023_budget.txt line 634: 部门预算支出总表 210 合计 363.15 though 基本 213.32 + 项目 136.92
    # = 350.24, which the 一般公共预算财政拨款支出表 prints (line 1206)
    from qa_app.cells import pick
    rows = _item_cells([("部门预算支出总表", "合计", "363.15", 634), ("部门预算支出总表", "基本支出", "213.32", 634),
                        ("部门预算支出总表", "项目支出", "136.92", 634),
                        ("部门预算一般公共预算财政拨款支出表", "合计", "350.24", 1206)])
    assert pick(rows, "卫生健康支出预算是多少", [])[0].value_text == "350.24"
    # with no other table to correct it, the printed total stands
    assert pick(rows.iloc[:3], "卫生健康支出预算是多少", [])[0].value_text == "363.15"


def test_a_column_named_as_a_total_is_the_rows_total():
    # dev_corpus/txt/xian_weijian_2022_final.txt line 5550: 支出决算表 prints 本年支出合计 for 2050201 学前教育
    from qa_app.cells import column_rank
    assert column_rank("本年支出合计", []) == column_rank("合计", []) < column_rank("年末结转和结余", [])


def test_a_column_word_the_cell_does_not_say_is_left_after_shorter_shared_pieces_are_taken():
    # dev_corpus/txt/shanghai_jiaotongzhiyuan_2026_budget.txt line 110: 收入预算总表 2210201 住房公积金, only its
    # 合计 column read; «事业收入» asked is not that cell (taking 住房公积金 and 收入 out once blanked the rest)
    total = cell("住房公积金", "合计", "2026年预算单位收入预算总表", "17717000", code="2210201")
    asked = "住房公积金收入里事业收入有多少元"
    # 事业收入 is an income source the cell's labels must say: a figure qualifier, not a left-over word
    from qa_app.resolve import qualifiers
    assert coverage.qualifiers_missing(total, qualifiers(asked)) == "事业收入"


def test_an_item_whose_fund_part_and_whole_differ_is_no_one_figure_unless_the_scope_is_said():
    # dev_corpus/txt/xian_weijian_2022_final.txt: 2210201 住房公积金 本年支出合计 10,253.21 in the 支出决算表
    # (line 5620), 小计 7,448.15 in the 一般公共预算财政拨款支出决算表 (line 5749)
    from qa_app.cells import pick, scope_split
    rows = _item_cells([("支出决算表", "本年支出合计", "300.00", 1), ("一般公共预算财政拨款支出决算表", "小计", "200.00", 2),
                        ("一般公共预算财政拨款基本支出决算表", "决算数", "150.00", 3)], name="住房公积金")
    fact = pick(rows, "住房公积金支出决算多少", [])[0]
    assert fact.value_text == "300.00" and scope_split(fact, rows, "住房公积金支出决算多少").line == 2
    assert scope_split(fact, rows, "住房公积金支出决算总计多少") is None  # the whole is asked
    assert scope_split(fact, rows, "一般公共预算的住房公积金支出决算多少") is None  # the fund is named
    same = rows.assign(value=["200.00"] * 3, value_yuan=[Decimal("2000000")] * 3)
    assert scope_split(pick(same, "住房公积金支出决算多少", [])[0], same, "住房公积金支出决算多少") is None


def test_a_one_character_bracket_is_no_second_name():
    # dev_corpus/txt/shenzhen_weijian_2026_budget.txt line 201: «三公经费预算117.90万元，较2025年年初预算减少95.30万元»
    # says nothing of «因公出国（境）费»; (境) is part of that name, not another name for the whole phrase
    stated = Fact(doc="d", table=None, table_id=None, row_code=None, row_name="三公经费", column=None,
                  value_text="117.90", unit="万元", value_yuan=Decimal("1179000"), line=201, kind="prose")
    assert coverage.unaccounted("三公经费里因公出国（境）费预算是多少", stated, context="三公经费预算117.90万元") == "因公出国"


def test_a_grand_total_slipped_onto_an_items_row_is_no_second_scope():
    # corpus/yongqiao_2023_budget.txt line 251: the 收支预算总表 prints «(八)社会保障和就业支出 86.71», the table's
    # 总计, beside the 一般公共预算 table's 208 社会保障和就业支出 10.76 (line 170)
    from qa_app.cells import scope_split
    rows = _item_cells([("一般公共预算支出预算表", "合计", "10.76", 170), ("部门收支预算总表", "预算数", "86.71", 251)],
                       name="社会保障和就业支出")
    fact = Fact.from_row(rows.iloc[0])
    total = _item_cells([("部门收支预算总表", "预算数", "86.71", 260)], name="支出总计")
    assert scope_split(fact, rows, "社会保障和就业支出是多少") is not None
    assert scope_split(fact, rows, "社会保障和就业支出是多少", pd.concat([rows, total])) is None


def test_of_items_named_side_by_side_a_printed_word_accounts_for_one():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 328: 3010201 规范性津补贴 503.79; «规范性津补贴和其他津补贴»
    # names a second row (3010202 其他津补贴), which the first row's 津补贴 does not account for
    row = Fact("d", "一般公共预算基本支出情况表", "t", "3010201", "规范性津补贴", "总计", "503.79", "万元", None, 328)
    assert coverage.unaccounted("规范性津补贴和其他津补贴是多少", row) is not None
    assert coverage.unaccounted("规范性津补贴是多少", row) is None
    # within one item a word may be said twice: dev_corpus/pdf/beijing_yibao_2026_budget.pdf 2050803 培训支出
    within = Fact("d", "一般公共预算支出表", "t", "2050803", "培训支出", "项目支出", "81.81", "万元", None, 154)
    assert coverage.unaccounted("培训支出（2050803）里培训费的项目支出是多少", within) is None

"""Table -> line items on the real disclosures (every layout), units, and the SQLite item store.

Each test that checks a figure names where it is printed: file, 1-based line, table.
"""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from indexer.store import load_documents, load_findings, load_items, source_lines
from tests.conftest import DEV_PDF

BEIDAIHE, BEILIN, LISHI, YONGQIAO, ZENGDU = (
    "beidaihe_2023_budget", "beilin_2024_budget", "lishi_2023_budget", "yongqiao_2023_budget", "zengdu_2023_budget")
FACTOR = {"元": Decimal(1), "万元": Decimal(10000)}


def check(it, **expected):
    got = {k: getattr(it, k) for k in expected}
    assert got == expected
    if it.value_yuan is not None:
        assert isinstance(it.value_yuan, Decimal)


# --- one cell per line: beidaihe (万元 declared by "部门：万元" under each title) ---------------

def test_beidaihe_function_code_row_with_parent(item_at):
    # beidaihe line 1262, 部门预算一般公共预算财政拨款支出表, row 2101501 行政运行 (lines 1259-1264), column 合计.
    it = item_at(BEIDAIHE, 1262)
    check(it, table="部门预算一般公共预算财政拨款支出表", row_code="2101501", parent_code="21015",
          row_name="行政运行", column="合计", value="193.05", unit="万元", value_yuan=Decimal("1930500"), line=1262)
    # line 1263: the same row's 基本支出 cell
    check(item_at(BEIDAIHE, 1263), row_code="2101501", column="基本支出", value="193.05", value_yuan=Decimal("1930500"))


def test_beidaihe_economic_code_row_with_parent(item_at):
    # beidaihe line 1405, 部门预算一般公共预算财政拨款基本支出表, row 30113 住房公积金, column 合计.
    check(item_at(BEIDAIHE, 1405), table="部门预算一般公共预算财政拨款基本支出表", row_code="30113", parent_code="301",
          row_name="住房公积金", column="合计", value="19.55", unit="万元", value_yuan=Decimal("195500"))


def test_beidaihe_side_by_side_summary_cells(item_at):
    # beidaihe 部门预算收支总表 (lines 1-224): 收入 panel, line 24 (一、一般公共预算拨款收入 404.67);
    # 支出 panel, line 80 (十、卫生健康支出 350.24) — each figure takes the label beside it.
    check(item_at(BEIDAIHE, 24), table="部门预算收支总表", row_code=None, row_name="一般公共预算拨款收入",
          column="预算数", column_path="收入/预算数", value="404.67", unit="万元", value_yuan=Decimal("4046700"))
    check(item_at(BEIDAIHE, 80), table="部门预算收支总表", row_code=None, row_name="卫生健康支出",
          column="预算数", column_path="支出/预算数", value="350.24", unit="万元", value_yuan=Decimal("3502400"))
    # line 222 / 224: 收入总计 and 支出总计 of the last row
    check(item_at(BEIDAIHE, 222), row_name="收入总计", column_path="收入/预算数", value_yuan=Decimal("4046700"))
    check(item_at(BEIDAIHE, 224), row_name="支出总计", column_path="支出/预算数", value_yuan=Decimal("4046700"))


def test_beidaihe_sangong_cell(item_at):
    # beidaihe line 1588, 部门预算财政拨款“三公”经费支出表 (1564-1661), row 合计 (1586-1591), column 合计.
    check(item_at(BEIDAIHE, 1588), table="部门预算财政拨款“三公”经费支出表", row_code=None, row_name="合计",
          column="合计", value="2.05", unit="万元", value_yuan=Decimal("20500"))


def test_beidaihe_contradictory_class_row(item_at):
    # beidaihe line 634, 部门预算支出总表, row 210 卫生健康支出, column 合计 (its 款 rows sum to 350.24).
    check(item_at(BEIDAIHE, 634), table="部门预算支出总表", row_code="210", parent_code=None,
          row_name="卫生健康支出", column="合计", value="363.15", value_yuan=Decimal("3631500"))


# --- markdown, 元: beilin -----------------------------------------------------------------

def test_beilin_function_code_row_in_yuan(item_at):
    # beilin line 341, 表5 单位综合预算一般公共预算支出明细表（按支出功能分类科目）, row 2101101 行政单位医疗, column 合计.
    check(item_at(BEILIN, 341, col_index=2),
          table="单位综合预算一般公共预算支出明细表（按支出功能分类科目）", row_code="2101101", parent_code="21011",
          row_name="行政单位医疗", column="合计", value="7,500,000.00", unit="元", value_yuan=Decimal("7500000.00"))
    # line 333: 合计 row, column 专项业务经费支出
    check(item_at(BEILIN, 333, column="专项业务经费支出"), row_code=None, row_name="合计",
          value="1,889,400.00", unit="元", value_yuan=Decimal("1889400"))


def test_beilin_four_panel_summary(item_at):
    # beilin 表1 单位综合预算收支总表 lines 219-257: 收入 | 功能分类 | 部门经济分类 | 政府经济分类 panels.
    # line 238: 10、卫生健康支出 12,512,006.23 (2nd panel)
    check(item_at(BEILIN, 238, col_index=3), table="单位综合预算收支总表", row_name="卫生健康支出",
          column="预算数", column_path="支出/预算数", value="12,512,006.23", unit="元", value_yuan=Decimal("12512006.23"))
    # line 232: (3)对个人和家庭的补助 9,528,020.00 (3rd panel)
    check(item_at(BEILIN, 232, col_index=5), row_name="对个人和家庭的补助", value_yuan=Decimal("9528020"))
    # line 229: 1、财政拨款 (收入 panel) and 1、机关工资福利支出 (4th panel) on one line
    check(item_at(BEILIN, 229, col_index=1), row_name="财政拨款", column_path="收入/预算数",
          value_yuan=Decimal("12753171.62"))
    check(item_at(BEILIN, 229, col_index=7), row_name="机关工资福利支出", value_yuan=Decimal("1256446.75"))


def test_beilin_secondary_classification_not_in_name(item_at):
    # beilin line 379, 表6 (按支出经济分类科目): 30307 医疗费补助 | 50901 社会福利和救助 | 9,500,000.00
    check(item_at(BEILIN, 379, column="合计"), row_code="30307", parent_code="303", row_name="医疗费补助",
          value="9,500,000.00", unit="元", value_yuan=Decimal("9500000"))


def test_beilin_column_declared_wan_in_yuan_document(item_at):
    # beilin line 705, 单位整体支出绩效目标表: header "预算金额(万元)" (line 703) overrides the 元 of the
    # document; 参公及事业人员工资福利及其他 总额 129.8 万元.
    check(item_at(BEILIN, 705, column="总额"), row_name="参公及事业人员工资福利及其他", value="129.8",
          unit="万元", value_yuan=Decimal("1298000"))


# --- tab-separated: lishi ---------------------------------------------------------------

def test_lishi_function_code_row_with_parent(item_at):
    # lishi line 133, 2023年预算支出总表, row 2101599 其他医疗保障管理事务支出, column 项目支出.
    check(item_at(LISHI, 133, column="项目支出"), table="2023年预算支出总表", row_code="2101599", parent_code="21015",
          row_name="其他医疗保障管理事务支出", value="8.07", unit="万元", value_yuan=Decimal("80700"))


def test_lishi_side_by_side_summary(item_at):
    # lishi 2023年预算收支总表 lines 58-99: line 66 一、一般公共预算 1261.36 (收入) ;
    # line 75 十、卫生健康支出 925.05 | 916.98 | 8.07 (支出: 2023年合计, 当年预算安排, 上年结转安排).
    check(item_at(LISHI, 66), table="2023年预算收支总表", row_name="一般公共预算", column_path="收入/2023年",
          value="1261.36", unit="万元", value_yuan=Decimal("12613600"))
    check(item_at(LISHI, 75, column="2023年合计"), row_name="卫生健康支出", value="925.05", value_yuan=Decimal("9250500"))
    check(item_at(LISHI, 75, column="上年结转安排"), row_name="卫生健康支出", value="8.07", value_yuan=Decimal("80700"))


def test_lishi_two_name_columns(item_at):
    # lishi line 210, 2023年一般公共预算安排基本支出分经济科目表: 基本工资 | 工资福利支出 | 100.63 | 100.63
    check(item_at(LISHI, 210, column="合计"), row_code=None, row_name="基本工资", value="100.63",
          value_yuan=Decimal("1006300"))


def test_lishi_row_level_yuan_in_performance_form(item_at):
    # lishi line 424, 项目支出绩效目标申报表 (417-447): "项目资金(元) | | 实施期资金总额: | | 6,919,827 | …"
    # — the row declares 元 although the document's tables are in 万元.
    it = item_at(LISHI, 424, col_index=4)
    check(it, value="6,919,827", unit="元", value_yuan=Decimal("6919827"), line=424)
    assert it.row_name.rstrip(":：") == "实施期资金总额"
    # line 441: 成本指标 "6919827元" — the unit printed inside the cell
    check(item_at(LISHI, 441, col_index=4), value="6919827元", unit="元", value_yuan=Decimal("6919827"))


# --- tab-separated: yongqiao ------------------------------------------------------------

def test_yongqiao_function_code_row_with_parent(item_at):
    # yongqiao line 182, 表2 2023年部门一般公共预算支出预算表, row 2210201 住房公积金, column 合计.
    check(item_at(YONGQIAO, 182, column="合计"), table="2023年部门一般公共预算支出预算表", row_code="2210201",
          parent_code="22102", row_name="住房公积金", value="5.38", unit="万元", value_yuan=Decimal("53800"))


def test_yongqiao_side_by_side_summary(item_at):
    # yongqiao 表1 2023年部门财政拨款收支预算总表: line 123 （一）一般公共预算拨款 86.71 (收入);
    # line 129 （十）卫生健康支出 69.23 (支出, 合计).
    check(item_at(YONGQIAO, 123), row_name="一般公共预算拨款", column_path="收入/预算数", value="86.71",
          unit="万元", value_yuan=Decimal("867100"))
    check(item_at(YONGQIAO, 129, column="合计"), row_name="卫生健康支出", column_path="支出/合计",
          value="69.23", value_yuan=Decimal("692300"))


def test_yongqiao_repeated_code_rows_both_kept(item_at):
    # yongqiao 表3 基本支出预算表 prints 30107 绩效工资 twice: 7.78 (line 200) and 4.61 (line 201).
    check(item_at(YONGQIAO, 200), row_code="30107", row_name="绩效工资", value="7.78", value_yuan=Decimal("77800"))
    check(item_at(YONGQIAO, 201), row_code="30107", row_name="绩效工资", value="4.61", value_yuan=Decimal("46100"))
    # line 210: 30201 办公费 5.00
    check(item_at(YONGQIAO, 210), row_code="30201", parent_code="302", row_name="办公费", column="预算数",
          value="5.00", unit="万元", value_yuan=Decimal("50000"))


# --- OCR-spaced tab tables: zengdu (万元 inferred from the document) --------------------------

def test_zengdu_ocr_spaced_figure(item_at):
    # zengdu line 125, 收支总表: "一、一般公共预算拨款收入 | 54. 07 | …" -> 54.07 万元.
    check(item_at(ZENGDU, 125, col_index=1), table="收支总表", row_name="一般公共预算拨款收入", value="54.07",
          unit="万元", value_yuan=Decimal("540700"), line=125)
    # line 131, right-hand 支出 panel: 七、卫生健康支出 46. 13
    check(item_at(ZENGDU, 131, col_index=3), row_name="卫生健康支出", value="46.13", value_yuan=Decimal("461300"))


def test_zengdu_stray_digit(item_at):
    # zengdu line 324, 项目支出表: "1112 | 一次性奖金 | | 1. 17 | 7 1.17 | …" — a stray 7 bleeds in.
    check(item_at(ZENGDU, 324, col_index=4), row_code="1112", row_name="一次性奖金", value="1.17", unit="万元",
          value_yuan=Decimal("11700"))
    check(item_at(ZENGDU, 324, col_index=3), column="合计", value="1.17", value_yuan=Decimal("11700"))


def test_zengdu_function_code_row_with_parent(item_at):
    # zengdu line 246, 一般公共预算支出表: 2101550 事业运行 44. 04 (合计); line 238 wraps its name
    # "机关事业单位基本养 老保险缴费支出".
    check(item_at(ZENGDU, 246, col_index=2), table="一般公共预算支出表", row_code="2101550", parent_code="21015",
          row_name="事业运行", value="44.04", unit="万元", value_yuan=Decimal("440400"))
    check(item_at(ZENGDU, 238, col_index=2), row_code="2080505", row_name="机关事业单位基本养老保险缴费支出")


def test_zengdu_sangong_cells(item_at):
    # zengdu line 288, 一般公共预算"三公"经费支出表 (280-288, "单位:万元" on 284): "0. 12 | 0. 00 | … | 0. 12".
    total = item_at(ZENGDU, 288, col_index=0)
    check(total, table='一般公共预算"三公"经费支出表', value="0.12", unit="万元", value_yuan=Decimal("1200"))
    assert total.column.startswith('"三公"经费')
    check(item_at(ZENGDU, 288, col_index=5), column="公务接待费", value="0.12", value_yuan=Decimal("1200"))


def test_zengdu_headings_printed_inside_a_form_name_its_columns(item_at):
    # zengdu 部门整体支出绩效目标申报表: line 375 "总体资 金情况 | 2023 年预算金额 (C) | 2022 年预算金
    # 额 (D) | 预算增减变化 (C-D)" heads line 379 "基本支出 | 54. 07 | 106. 32 | -52. 25"; the
    # table's own header names none of those columns.
    check(item_at(ZENGDU, 379, col_index=3), row_name="基本支出", column="2023年预算金额(C)", value="54.07")
    check(item_at(ZENGDU, 379, col_index=4), column="2022年预算金额(D)", value="106.32")
    check(item_at(ZENGDU, 379, col_index=5), column="预算增减变化(C-D)", value="-52.25",
          value_yuan=Decimal("-522500"))
    # line 373 "实有在职人员 | 合计 (A+B) | 在职在编人员(A) | …" heads the head counts on line 374
    check(item_at(ZENGDU, 374, col_index=2), column="合计(A+B)", value="5")


# --- properties over every item of the corpus -------------------------------------------

def _digits(text: str) -> str:
    return re.sub(r"[\s,，]", "", text)


def test_value_yuan_is_exact(parsed):
    n = 0
    for doc in parsed.values():
        for it in doc.items:
            if it.unit in FACTOR:
                printed = Decimal(_digits(it.value).removesuffix("万元").removesuffix("元"))
                assert isinstance(it.value_yuan, Decimal), it
                assert it.value_yuan == printed * FACTOR[it.unit], it
                n += 1
            else:
                assert it.value_yuan is None, it
    assert n > 1400


def test_item_line_prints_the_value(parsed):
    # Every item cites the line where its figure is printed (OCR spacing and commas aside).
    for stem, doc in parsed.items():
        for it in doc.items:
            figure = _digits(it.value).rstrip("元万%")
            assert figure in _digits(doc.line(it.line)), f"{stem} L{it.line}: {it.value!r} not on {doc.line(it.line)!r}"


def test_parent_codes_follow_the_code_hierarchy(parsed):
    n = 0
    for doc in parsed.values():
        for it in doc.items:
            if it.row_code and it.row_code.isdigit() and len(it.row_code) in (5, 7):
                assert it.parent_code == it.row_code[:-2], it
                n += 1
            else:
                assert it.parent_code is None, it
    assert n > 300


def test_units(parsed):
    # declared 万元 (beidaihe "部门：万元"), declared 元 (beilin "单位：元"), document default (zengdu).
    def units(stem, title):
        return {i.unit for i in parsed[stem].items if i.table == title}

    assert units(BEIDAIHE, "部门预算支出总表") == {"万元"}
    assert units(BEILIN, "单位综合预算一般公共预算支出明细表（按支出功能分类科目）") == {"元"}
    assert units(ZENGDU, "收支总表") == {"万元"}
    # zengdu declares 万元 once (line 284) yet no item is left without a unit: figures are 万元 or %
    assert {i.unit for i in parsed[ZENGDU].items} == {"万元", "%"}


def test_percent_and_count_figures_are_not_money(item_at):
    # beilin line 570, 单位专项业务经费绩效目标表: 工作完成率 100% -> a percentage, no yuan value.
    check(item_at(BEILIN, 570), value="100%", unit="%", value_yuan=None)
    # beilin line 518, 表12 政府采购预算表: 数量 1 -> a count, no unit.
    check(item_at(BEILIN, 518, column="数量"), value="1", unit=None, value_yuan=None)
    # beidaihe line 2376, 部门固定资产占用情况表: 车辆 数量 1
    check(item_at(BEIDAIHE, 2376), column="数量", unit=None, value_yuan=None)


# --- parser defects (reported; strict xfail until fixed) -------------------------------

def test_money_column_wins_over_count_row_label(item_at):
    # beidaihe line 2377, 部门固定资产占用情况表: 2、车辆（台、辆） | 1 | 18.15 (column 价值（金额单位：万元）).
    check(item_at(BEIDAIHE, 2377), value="18.15", unit="万元", value_yuan=Decimal("181500"))


def test_count_indicator_is_not_money(item_at):
    # yongqiao line 500, 项目支出绩效目标表: 质量指标 | 日常维护信息系统数量 | 10
    it = item_at(YONGQIAO, 500)
    assert (it.unit, it.value_yuan) == (None, None)


@pytest.mark.parametrize("stem,line,value", [
    (YONGQIAO, 494, "50000"),  # 项目支出绩效目标表: 中期资金总额 | | 50000
    (BEIDAIHE, 2364, "108"),  # 部门固定资产占用情况表: 资产总额 数量 108
])
def test_whole_number_amount_is_not_a_code(item_at, stem, line, value):
    assert item_at(stem, line, value=value).row_code is None


@pytest.mark.parametrize("stem,line,col,name", [
    (LISHI, 424, 8, "年度资金总额"),  # 项目资金(元) | 实施期资金总额: | 6,919,827 | 年度资金总额: | 6,919,827
    (YONGQIAO, 494, 8, "年度资金总额"),  # 项目资金 (万元) | 中期资金总额 | 50000 | 年度资金总额 | 100000
])
def test_second_panel_in_form_row_takes_its_own_label(item_at, stem, line, col, name):
    assert item_at(stem, line, col_index=col).row_name.rstrip(":：") == name


def test_row_name_has_no_trailing_colon(item_at):
    # lishi line 424: "实施期资金总额:" labels 6,919,827.
    assert item_at(LISHI, 424, col_index=4).row_name == "实施期资金总额"


# --- the SQLite item store (built once per session) ------------------------------------

def _key(row) -> tuple:
    return (row["doc"], row["table"], row["row_code"], row["row_name"], row["column"], row["value"], row["unit"],
            row["value_yuan"], int(row["line"]))


@pytest.mark.slow
def test_store_round_trips_every_item(built_index, parsed):
    df = load_items(built_index)
    assert set(df["doc"]) == set(parsed)
    stored = sorted((_key(r) for r in df.to_dict("records")), key=repr)
    expected = sorted(((i.doc, i.table, i.row_code, i.row_name, i.column, i.value, i.unit, i.value_yuan, i.line)
                       for d in parsed.values() for i in d.items), key=repr)
    assert stored == expected
    assert all(v is None or isinstance(v, Decimal) for v in df["value_yuan"])


@pytest.mark.slow
def test_store_filters_by_doc(built_index, parsed):
    df = load_items(built_index, doc=ZENGDU)
    assert set(df["doc"]) == {ZENGDU} and len(df) == len(parsed[ZENGDU].items)
    # zengdu line 324, 项目支出表, 一次性奖金 "7 1.17" read back exactly
    row = df[(df["line"] == 324) & (df["col_index"] == 4)].iloc[0]
    assert (row["row_code"], row["value"], row["unit"], row["value_yuan"]) == ("1112", "1.17", "万元", Decimal("11700"))


@pytest.mark.slow
@pytest.mark.parametrize("doc", ["x' OR '1'='1", "beidaihe_2023_budget' --", "%", "beidaihe_2023_budget\"; DROP TABLE items; --"])
def test_store_doc_filter_is_not_sql(built_index, doc):
    assert load_items(built_index, doc=doc).empty
    assert load_findings(built_index, doc=doc).empty
    assert not load_items(built_index).empty  # nothing was dropped


@pytest.mark.slow
def test_store_documents_and_source_lines(built_index, parsed):
    docs = load_documents(built_index).set_index("doc")
    assert set(docs.index) == set(parsed)
    for stem, d in parsed.items():
        assert docs.loc[stem, "agency"] == d.meta.agency
        assert list(docs.loc[stem, "aliases"]) == d.meta.aliases
        assert int(docs.loc[stem, "n_items"]) == len(d.items)
        assert int(docs.loc[stem, "n_lines"]) == len(d.lines)
    # beidaihe line 1262 is the 行政运行 合计 cell
    assert source_lines(built_index, BEIDAIHE, 1261, 1262) == [(1261, "\t行政运行"), (1262, "\t193.05")]
    # the cited lines of findings are stored too: beidaihe 634 (363.15)
    assert source_lines(built_index, BEIDAIHE, 634, 634) == [(634, "\t363.15")]


@pytest.mark.slow
def test_build_report_and_index_link(built_index, build_report, parsed):
    assert built_index.is_symlink() and (built_index / "items.sqlite").is_file()
    assert (built_index / "build_info.json").is_file()
    assert {f.doc for f in build_report.files if f.ok} == set(parsed)
    for f in build_report.files:
        assert (f.tables, f.items, f.findings) == (
            len(parsed[f.doc].tables), len(parsed[f.doc].items), len(parsed[f.doc].findings))


def _table(rows: list[list[str]]):
    from indexer.models import Cell, Row, Table
    body = [Row([Cell(t, n) for t in r], n, n) for n, r in enumerate(rows, start=1)]
    return Table("T01", "一般公共预算支出表", "万元", "declared", 1, len(rows), [], [""] * len(rows[0]), body,
                 ["类", "款", "项", "科目名称", "合计", "基本支出"])


def test_code_printed_in_class_section_item_columns_is_one_code_and_no_figure():
    from indexer.items import table_items
    # a 款 row prints only its 款 piece: it sits under the 类 printed above it
    table = _table([["205", "", "", "教育支出", "656.73", "386.73"],
                    ["", "03", "", "职业教育", "656.73", "386.73"],
                    ["205", "03", "99", "其他职业教育支出", "656.73", "386.73"]])
    items = table_items("t", table)
    assert [(i.row_code, i.parent_code, i.value) for i in items if i.column == "合计"] == [
        ("205", None, "656.73"), ("20503", "205", "656.73"), ("2050399", "20503", "656.73")]
    assert not any(i.value in ("205", "03", "99") for i in items)


@pytest.mark.skipif(not (DEV_PDF / "changsha_zhijiao_2026_budget.pdf").is_file(), reason="dev corpus absent")
def test_real_class_section_item_code_columns():
    from indexer.parse import parse_file
    # dev_corpus/pdf/changsha_zhijiao_2026_budget.pdf page 13, 部门收入总体情况表: "205 | 03 | 99 | 其他职业教育支出 | 656.73"
    doc = parse_file(DEV_PDF / "changsha_zhijiao_2026_budget.pdf")
    hits = [i for i in doc.items if i.row_code == "2050399" and i.page == 13]
    assert hits and all(i.value == "656.73" and i.row_name == "其他职业教育支出" for i in hits)
    assert not any(i.value == "205" for i in doc.items)


def test_an_economic_code_in_two_columns_is_one_code_and_its_pieces_no_figures():
    from indexer.items import table_items
    from indexer.models import Cell, Row, Table
    # dev_corpus/pdf/shanghai_jiaotongzhiyuan_2026_budget.pdf, 基本支出经济分类预算表: «301 | 01 | 基本工资 | 29,228,000»
    rows = [["301", "", "工资福利支出", "50.00"], ["301", "01", "基本工资", "30.00"], ["", "02", "津贴补贴", "20.00"]]
    body = [Row([Cell(t, n) for t in r], n, n) for n, r in enumerate(rows, start=1)]
    table = Table("T01", "基本支出经济分类预算表", "万元", "declared", 1, 3, [], [""] * 4, body,
                  ["经济分类科目编码/类", "经济分类科目编码/款", "科目名称", "合计"])
    items = table_items("t", table)
    assert [(i.row_code, i.row_name, i.value) for i in items] == [
        ("301", "工资福利支出", "50.00"), ("30101", "基本工资", "30.00"), ("30102", "津贴补贴", "20.00")]


def test_a_piece_of_a_code_under_a_科目编码_header_is_no_figure():
    from indexer.items import table_items
    from indexer.models import Cell, Row, Table
    # dev_corpus/pdf/yantai_minzheng_2026_budget.pdf, 收入总体情况表: 款 pieces (08, 02) were read as 8.00 and 2.00 万元
    rows = [["208", "", "社会保障和就业支出", "100.00"], ["", "08", "", "60.00"]]
    body = [Row([Cell(t, n) for t in r], n, n) for n, r in enumerate(rows, start=1)]
    table = Table("T01", "收入总体情况表", "万元", "declared", 1, 2, [], ["科目编码/类", "科目编码/款", "科目名称", "合计"],
                  body, ["类", "款", "科目名称", "合计"])
    assert not any(i.value == "08" for i in table_items("t", table))

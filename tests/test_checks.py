"""One synthetic case per check family (indexer/checks): each fails without the check it names."""
from __future__ import annotations

import copy
import functools
from decimal import Decimal
from pathlib import Path

import pytest

from core.config import ROOT
from indexer.checks.base import Audit, text_location
from indexer.models import Document, DocumentMeta, LineItem, Section, Table
from indexer.parse import parse_file
from indexer.reconcile import audit_document
from tests.conftest import DEV_PDF, DEV_TXT


def _doc(items=(), text="", lines=None) -> Document:
    meta = DocumentMeta(doc="d", agency="a", aliases=[], region=None, year=2026, kind="部门预算", encoding="utf-8",
                        content_hash="")
    body = text.split("\n")
    sections = [Section("说明", 1, ["说明"], 1, len(body), text, list(range(1, len(body) + 1)))] if text else []
    return Document(meta=meta, lines=lines or body, sections=sections, items=list(items))


def _cell(table, row, col, value, line, r, c, code=None, parent=None) -> LineItem:
    return LineItem(doc="d", table=table, table_id=table[:3], row_code=code, row_name=row, column=col,
                    column_path=col, value=value, unit="万元", value_yuan=Decimal(value) * 10000, line=line,
                    row_index=r, col_index=c, parent_code=parent)


def _rules(doc, severity="错误"):
    return {(f.rule, f.line_a) for f in audit_document(doc).findings if f.severity == severity}


def test_sangong_total_and_car_components():
    # 三公 table, one row: 合计 10 = 出国 2 + 接待 3 + 公务用车 5 (购置 1 + 运行 4); then 接待 blanked to 0
    cols = [("合计", "10.00"), ("因公出国（境）费", "2.00"), ("公务接待费", "3.00"), ("公务用车购置及运行费", "5.00"),
            ("公务用车购置费", "1.00"), ("公务用车运行维护费", "4.00")]
    row = [_cell("三公经费支出表", "本单位", c, v, 5, 0, k) for k, (c, v) in enumerate(cols)]
    assert not _rules(_doc(row))
    row[2].value_yuan = Decimal(0)
    assert ("R-BAL-04", 5) in _rules(_doc(row))
    row[2].value_yuan, row[5].value_yuan = Decimal(30000), Decimal(50000)
    assert ("R-BAL-05", 5) in _rules(_doc(row))


def test_rounding_gap_is_a_hint_not_an_error():
    parent = _cell("支出表", "卫生健康支出", "合计", "10.01", 3, 0, 0, code="210")
    kids = [_cell("支出表", "甲", "合计", "5.00", 4, 1, 0, code="21001", parent="210"),
            _cell("支出表", "乙", "合计", "5.00", 5, 2, 0, code="21002", parent="210")]
    [f] = [f for f in audit_document(_doc([parent, *kids])).findings if f.rule == "R-BAL-06"]
    assert f.severity == "提示" and [x.line for x in f.locations] == [3, 4, 5]


def test_growth_rate_and_direction_words():
    ok = "公务接待费9.54万元，比上年减少1万元，下降9.49%，主要原因是压减。"
    assert not _rules(_doc(text=ok))
    assert ("R-TXT-03", 1) in _rules(_doc(text=ok.replace("9.49%", "19.49%")))
    flipped = {r for r, _ in _rules(_doc(text=ok.replace("减少1万元", "增加1万元")))}
    assert "R-DIR-02" in flipped


def test_share_of_a_named_whole():
    text = "“三公”经费预算10.00万元。公务接待费4.00万元，占“三公”经费的40.00%。"
    assert not _rules(_doc(text=text))
    assert ("R-TXT-02", 1) in _rules(_doc(text=text.replace("40.00%", "45.00%")))
    assert ("R-HYG-04", 1) in _rules(_doc(text=text.replace("40.00%", "140.00%")))


def test_placeholder_and_zero_item_said_to_grow():
    assert ("R-HYG-03", 1) in _rules(_doc(text="增加的主要原因是。"))
    assert ("R-DIR-03", 1) in _rules(_doc(text="公务用车购置费0.00万元，比上年增加2.00万元。"))


def test_a_figure_is_never_compared_with_itself():
    doc = _doc(text="x")
    audit = Audit(doc)
    here = text_location(doc, 1, "三公经费", "1.00", "金额")
    assert audit.report("R-TXT-01", "prose_vs_table", "m", here, here) is None
    item = _cell("支出表", "甲", "合计", "1.00", 2, 0, 0, code="201")
    from indexer.checks.base import item_location

    assert audit.report("R-XT-01", "cross_table", "m", item_location(item), item_location(item)) is None
    assert audit.findings == []


def test_same_titled_tables_are_one_table_continued():
    # a row reprinted on top of the next page under the same title is not a second table
    a = _cell("支出总表", "甲", "合计", "1.00", 2, 0, 0, code="2010101")
    b = _cell("支出总表", "甲", "合计", "2.00", 40, 0, 0, code="2010101")
    b.table_id = "T2"
    assert not [f for f in audit_document(_doc([a, b])).findings if f.rule == "R-XT-01"]


def test_growth_rate_of_a_figure_inside_a_last_year_parenthesis():
    # corpus/zengdu_2023_budget.txt line 54: "(上年…,收入总计133.32万元,…同比减少79.25万元,降幅59.44%)":
    # 133.32 is last year's, and 79.25 ÷ 133.32 = 59.44%
    text = "收入总计54.07万元。(上年财政拨款收入76.82万元,其他收入56.5万元,收入总计133.32万元,收入总合计比上年同比减少79.25万元,降幅59.44%)。"
    assert not _rules(_doc(text=text))
    assert ("R-TXT-03", 1) in _rules(_doc(text=text.replace("59.44%", "69.44%")))


# --- real lines of the dev corpus (txt form: fast to parse) ---

@functools.cache
def _dev_form(stem: str, folder: Path, suffix: str) -> Document:
    path = folder / f"{stem}{suffix}"
    if not path.exists():
        pytest.skip(f"dev corpus not at {folder}")
    return parse_file(path)


def _dev(stem: str) -> Document:
    return _dev_form(stem, DEV_TXT, ".txt")


def _evaluations(doc: Document, rule: str, passed: bool = True):
    return [e for e in audit_document(doc).evaluations if e.rule == rule and e.passed == passed]


def test_narrower_fund_table_may_be_below_the_all_funds_table():
    wide = _cell("支出总表", "一般公共服务支出", "合计", "22.00", 2, 0, 0, code="201")
    narrow = _cell("一般公共预算支出表", "一般公共服务支出", "合计", "20.00", 9, 0, 0, code="201")
    narrow.table_id = "T2"
    assert not [f for f in audit_document(_doc([wide, narrow])).findings if f.rule == "R-XT-01"]
    narrow.value_yuan = Decimal(230000)  # the part above the whole
    [f] = [f for f in audit_document(_doc([wide, narrow])).findings if f.rule == "R-XT-01"]
    assert (f.line_a, f.line_b) == (9, 2)


def test_fund_scopes_real_lines():
    # dev_corpus/txt/shanghai_jiaotongzhiyuan_2026_budget.txt line 119 (支出预算总表, all funds):
    # 205 教育支出 326,658,710; line 158 (一般公共预算支出功能分类预算表): 236,893,390 — no contradiction
    doc = _dev("shanghai_jiaotongzhiyuan_2026_budget")
    lines = {tuple(x.line for x in e.locations) for e in _evaluations(doc, "R-XT-01")}
    assert (158, 119) in lines
    assert not [f for f in audit_document(doc).findings if f.rule == "R-XT-01"]


def test_a_table_continued_on_the_next_page_is_summed_whole():
    # 合计 30 = 类 10 (page 1) + 类 20 (page 2, after the last row of page 1 printed again)
    t1 = [_cell("支出表", "合计", "合计", "30.00", 2, 0, 0), _cell("支出表", "甲", "合计", "10.00", 3, 1, 0, code="201"),
          _cell("支出表", "甲款", "合计", "10.00", 4, 2, 0, code="20101", parent="201")]
    t2 = [_cell("支出表", "甲款", "合计", "10.00", 9, 0, 0, code="20101", parent="201"),
          _cell("支出表", "乙", "合计", "20.00", 10, 1, 0, code="205")]
    for c in t2:
        c.table_id = "T2"
    assert not _rules(_doc(t1 + t2))
    t2[1].value_yuan = Decimal(210000)
    assert ("R-BAL-07", 2) in _rules(_doc(t1 + t2))


def test_total_row_over_pages_real_lines():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt line 207: 合 计 5,609.33 of 支出总体情况表, whose
    # 类 rows continue on the next page (210 卫生健康支出 185.24 at line 236)
    doc = _dev("yantai_minzheng_2026_budget")
    sums = [e for e in _evaluations(doc, "R-BAL-07") if e.locations[0].line == 207 and e.locations[0].value == "5,609.33"]
    assert sums and 236 in {x.line for x in sums[0].locations}


def test_a_table_with_unplaced_figures_is_only_held_to_parts_not_above_the_total():
    rows = [_cell("支出表", "合计", "合计", "30.00", 2, 0, 0), _cell("支出表", "甲", "合计", "10.00", 3, 1, 0, code="201")]
    table = Table("支出", "支出表", "万元", "declared", 1, 5, [], ["合计"], [], unplaced=1)
    table.table_id = rows[0].table_id
    doc = _doc(rows)
    doc.tables = [table]
    assert not {r for r in _rules(doc) if r[0] == "R-BAL-07"}  # 20 may be another 类's unplaced figure
    rows[1].value_yuan = Decimal(400000)
    assert ("R-BAL-07", 2) in _rules(doc)


def test_unplaced_figures_real_lines():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt line 301: 合 计 3,773.71 of 一般公共预算支出情况表,
    # while the figures of 205 教育支出 (line 302) could not be placed: no R-BAL-07 finding there
    doc = _dev("yantai_minzheng_2026_budget")
    assert not [f for f in audit_document(doc).findings if f.rule == "R-BAL-07" and f.line_a == 301]


def _dev_pdf(stem: str) -> Document:
    return _dev_form(stem, DEV_PDF, ".pdf")


def _row(table, cells, line=5, code=None):
    return [_cell(table, "本单位", c, v, line, 0, k, code=code) for k, (c, v) in enumerate(cells)]


def test_total_covers_the_other_kinds_of_spending_printed_after_project_spending():
    cells = _row("支出预算总表", [("合计", "37.00"), ("基本支出", "20.00"), ("项目支出", "10.00"), ("单位预留机动经费", "7.00")])
    assert not _rules(_doc(cells))
    cells[3].value_yuan = Decimal(60000)
    assert ("R-BAL-02", 5) in _rules(_doc(cells))


def test_sangong_total_is_the_total_nearest_the_components():
    # 合计 of 三公 + 会议费 + 培训费 first, then the 三公 小计 (the table's own layout)
    cells = _row("“三公”经费、会议费、培训费支出预算表", [
        ("合计", "100.00"), ("小计", "10.00"), ("因公出国（境）费", "2.00"), ("公务接待费", "3.00"),
        ("公务用车购置及运行维护费", "5.00"), ("会议费", "40.00"), ("培训费", "50.00")])
    assert not _rules(_doc(cells))
    cells[3].value_yuan = Decimal(0)
    assert ("R-BAL-04", 5) in _rules(_doc(cells))


def test_other_spending_and_sangong_subtotal_real_lines():
    # dev_corpus/pdf/jiangsu_fayuan_2019_budget.pdf, extracted line 212 (公开03表):
    # 37,188.34 = 21,968.00 + 10,208.94 + 单位预留机动经费 5,011.40; line 360 (公开09表): 三公 小计 513.75 =
    # 160.00 + 86.95 + 266.80, the 合计 2,382.02 also holding 会议费 and 培训费
    doc = _dev_pdf("jiangsu_fayuan_2019_budget")
    [bal02] = [e for e in _evaluations(doc, "R-BAL-02") if e.locations[0].line == 212]
    assert [x.value for x in bal02.locations] == ["37,188.34", "21,968.00", "10,208.94", "5,011.40"]
    [bal04] = [e for e in _evaluations(doc, "R-BAL-04") if e.locations[0].line == 360]
    assert bal04.locations[0].value == "513.75"


def test_two_total_rows_in_one_table_each_sum_their_own_rows():
    rows = [_cell("表", "合计", "合计", "10.00", 2, 0, 0), _cell("表", "甲", "合计", "10.00", 3, 1, 0, code="205"),
            _cell("表", "合计", "合计", "7.00", 4, 2, 0), _cell("表", "乙", "合计", "7.00", 5, 3, 0, code="301")]
    assert not _rules(_doc(rows))
    rows[3].value_yuan = Decimal(80000)
    assert ("R-BAL-07", 4) in _rules(_doc(rows)) and ("R-BAL-07", 2) not in _rules(_doc(rows))


def test_two_total_rows_real_lines():
    # dev_corpus/pdf/wuxi_jiaoyu_2026_budget.pdf, extracted lines 500 and 550: the 功能科目 table's 合计
    # 475,631.69 and the 经济科目 table's 合计 279,627.29 read as one table; each sums its own 类 rows
    doc = _dev_pdf("wuxi_jiaoyu_2026_budget")
    assert not [f for f in audit_document(doc).findings if f.rule == "R-BAL-07"]
    firsts = [e for e in _evaluations(doc, "R-BAL-07") if e.locations[0].line == 500]
    assert firsts and all(x.line < 550 for e in firsts for x in e.locations)


def test_nothing_said_to_grow_from_zero_by_zero():
    assert not {r for r in _rules(_doc(text="公务用车购置费0万元，比上年增加0万元。")) if r[0] == "R-DIR-03"}
    # dev_corpus/txt/guangzhou_tongji_2026_budget.txt lines 492-493: "公务用车购置费0万 / 元，比上年增加0万元"
    assert not [f for f in audit_document(_dev("guangzhou_tongji_2026_budget")).findings if f.rule == "R-DIR-03"]


def test_headline_amount_found_under_a_subtotal_heading_and_in_a_measure_row():
    basic = _cell("一般公共预算支出表", "合计", "小计", "12.00", 9, 0, 1)
    basic.column_path = "基本支出/小计"
    assert not _rules(_doc([basic], text="其中：基本支出12.00万元，主要用于人员。"))
    # a vertical 三公 table: rows 预算数 / 决算数, a column per component
    budget = _cell("三公经费支出决算表", "预算数", "公务接待费", "1.86", 9, 0, 1)
    assert not _rules(_doc([budget], text="安排公务接待费预算1.86万元。"))
    assert ("R-XT-02", 9) in _rules(_doc([budget], text="安排公务接待费预算1.96万元。"))


def test_headline_amount_real_line():
    # dev_corpus/pdf/chongqing_xuanchuan_2026_budget.pdf, extracted line 47: "其中：基本支出12,899.62万元"
    # = 一般公共预算支出情况表 合计 row, column 基本支出/小计 (line 248)
    doc = _dev_pdf("chongqing_xuanchuan_2026_budget")
    hits = [e for e in _evaluations(doc, "R-TXT-01") if e.locations[0].line == 47]
    assert any(x.line == 248 and x.value == "12,899.62" for e in hits for x in e.locations)


def test_growth_after_a_list_refers_to_the_opening_amount():
    text = "收入总计1,269.43万元，其中：本年收入1,261.36万元，上年结转8.07万元，比上年增加60.73万元，增加5.02%。"
    assert not _rules(_doc(text=text))
    assert ("R-TXT-03", 1) in _rules(_doc(text=text.replace("5.02%", "9.02%")))


def test_growth_after_a_list_real_line():
    # corpus/lishi_2023_budget.txt line 334: 60.73 ÷ (1,269.43 − 60.73) = 5.02%
    doc = parse_file(ROOT / "corpus" / "lishi_2023_budget.txt")
    assert [e for e in _evaluations(doc, "R-TXT-03") if e.locations[0].line == 334]
    assert not [f for f in audit_document(doc).findings if f.rule == "R-TXT-03"]


def _titled(*titles: str) -> Document:
    items, tables = [], []
    for k, title in enumerate(titles):
        tid = f"T{k}"
        cell = _cell(title, "合计", "合计", "1.00", 10 * k + 2, 0, 0)
        cell.table_id = tid
        items.append(cell)
        tables.append(Table(tid, title, "万元", "declared", 10 * k + 1, 10 * k + 3, [], ["合计"], []))
    lines = ["x"] * (10 * len(titles) + 5)
    for k, title in enumerate(titles):
        lines[10 * k], lines[10 * k + 1] = title, "合计 1.00"
    doc = _doc(items, lines=lines)
    doc.tables = tables
    return doc


_BUDGET_SET = ("部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "一般公共预算支出表", "一般公共预算基本支出表",
               "一般公共预算“三公”经费支出表", "政府性基金预算支出表", "国有资本经营预算支出表")


def _missing(doc: Document) -> set[str]:
    return {f.item.split("/")[0] for f in audit_document(doc).findings if f.rule == "R-CMP-01" and f.severity == "错误"}


def test_standard_tables_in_other_templates():
    assert not _missing(_titled(*_BUDGET_SET))
    # 支出总表 published as 基本支出总表 + 项目支出总表; the 基本支出表 as one by 经济分类
    other = [t for t in _BUDGET_SET if t not in ("部门支出总表", "一般公共预算基本支出表")]
    assert not _missing(_titled(*other, "基本支出总表", "项目支出总表", "一般公共预算支出表（按经济分类）"))
    assert _missing(_titled(*other, "基本支出总表")) == {"支出总表", "一般公共预算基本支出表"}


def test_standard_tables_real_lines():
    # dev_corpus/pdf/shanghai_jiaotongzhiyuan_2026_budget.pdf: the section reader takes lines 4-245 for
    # contents, which hold every table (收支预算总表 at line 64); a table with figures is no contents entry
    assert not _missing(_dev_pdf("shanghai_jiaotongzhiyuan_2026_budget"))
    # dev_corpus/txt/shenzhen_weijian_2026_budget.txt: 基本支出总表 + 项目支出总表, no 支出总表
    assert "支出总表" not in _missing(_dev("shenzhen_weijian_2026_budget"))


def test_a_fund_printed_empty_makes_its_missing_table_a_hint():
    doc = _titled(*[t for t in _BUDGET_SET if "国有资本" not in t])
    doc.tables[0].columns = ["合计", "国有资本经营预算"]
    [f] = [f for f in audit_document(doc).findings if f.rule == "R-CMP-01"]
    assert f.severity == "提示"
    doc.items[0].column_path = "国有资本经营预算"  # a nonzero figure of that fund: its table is missing
    assert _missing(doc) == {"国有资本经营预算支出表"}
    noted = _titled(*[t for t in _BUDGET_SET if "国有资本" not in t])
    noted.sections = [Section("说明", 1, ["说明"], 1, 1, "本部门没有使用国有资本经营预算拨款安排的支出。", [1])]
    assert not [f for f in audit_document(noted).findings if f.rule == "R-CMP-01"]


def test_a_fund_printed_empty_real_lines():
    # dev_corpus/pdf/changsha_zhijiao_2026_budget.pdf: no 国有资本经营 table; its 财政拨款收支总表 prints
    # the 国有资本经营预算 column empty (txt line 184) → 提示
    [f] = [f for f in audit_document(_dev_pdf("changsha_zhijiao_2026_budget")).findings if f.rule == "R-CMP-01"]
    assert f.severity == "提示" and "国有资本经营" in f.message
    # corpus/zengdu_2023_budget.txt line 92: "没有使用国有资本经营预算拨款安排的支出。"
    zengdu = parse_file(ROOT / "corpus" / "zengdu_2023_budget.txt")
    assert not [f for f in audit_document(zengdu).findings if f.rule == "R-CMP-01"]


def test_wrong_unit_once_per_table_and_never_on_an_unlabelled_code():
    total = _cell("收支总表", "收入总计", "合计", "86.71", 2, 0, 0)
    form = [_cell("绩效目标表", name, "数值", v, 9, k, 0) for k, (name, v) in
            enumerate([("年度资金总额", "100000"), ("财政拨款", "50000")])]
    code = _cell("绩效目标表", "", "数值", "201056", 12, 5, 0)
    for c in (*form, code):
        c.table_id = "T2"
    [f] = [f for f in audit_document(_doc([total, *form, code])).findings if f.rule == "R-HYG-02"]
    assert f.line_a == 9 and f.value_a.startswith("100,000") and "2 个" in f.message


def test_wrong_unit_real_lines():
    # corpus/yongqiao_2023_budget.txt line 494: 项目资金 (万元) printed as 100000 (10 万元, line 483): one finding
    yongqiao = parse_file(ROOT / "corpus" / "yongqiao_2023_budget.txt")
    [f] = [f for f in audit_document(yongqiao).findings if f.rule == "R-HYG-02"]
    assert f.line_a == 494
    # dev_corpus/pdf/changsha_zhijiao_2026_budget.pdf, extracted line 352: 201056 is a unit code in a form
    assert not [f for f in audit_document(_dev_pdf("changsha_zhijiao_2026_budget")).findings if f.rule == "R-HYG-02"]


def test_real_contradictions_on_the_clean_documents():
    # The 错误 left on the untouched documents are the documents' own, each checked by hand.
    # dev_corpus/pdf/fuzhou_xuntejing_2026_budget.pdf, extracted lines 154-156 (txt lines 167-169, printed
    # again at 224-226): 20402 公安 7,927.40 while its 项 2040201 6,556.70 + 2040299 1,051.46 = 7,608.16
    # (项目支出 1,370.70 vs 1,051.46)
    fuzhou = audit_document(_dev_pdf("fuzhou_xuntejing_2026_budget"))
    assert {(f.line_a, f.line_b) for f in fuzhou.findings if f.severity == "错误"} == {(154, 155), (154, 156),
                                                                                     (209, 210), (209, 211)}
    assert {f.rule for f in fuzhou.findings if f.severity == "错误"} == {"R-BAL-06"}
    # corpus/yongqiao_2023_budget.txt: no 三公 table, and 三公 is never mentioned (its list of tables,
    # lines 17-27, has none); dev_corpus jiangsu_fayuan_2019_budget: no 国有资本经营 table or word
    yongqiao = audit_document(parse_file(ROOT / "corpus" / "yongqiao_2023_budget.txt"))
    assert [f.item for f in yongqiao.findings if f.rule == "R-CMP-01"] == ["三公经费表/标准表"]


@functools.cache
def _seed(stem: str) -> Document:
    return parse_file(ROOT / "corpus" / f"{stem}.txt")


def _located(doc: Document, rule: str, *lines: int) -> bool:
    return any([x.line for x in e.locations][: len(lines)] == list(lines) for e in _evaluations(doc, rule))


def test_income_total_equals_spending_total():
    cells = [_cell("收支总表", "收入总计", "预算数", "404.67", 3, 0, 0), _cell("收支总表", "支出总计", "预算数", "404.67", 5, 1, 0)]
    assert not _rules(_doc(cells))
    cells[1].value_yuan = Decimal(4056700)
    assert ("R-BAL-01", 3) in _rules(_doc(cells))
    # corpus/beidaihe_2023_budget.txt lines 222 and 224: 收入总计 404.67 = 支出总计 404.67
    assert _located(_seed("beidaihe_2023_budget"), "R-BAL-01", 222, 224)


def test_basic_spending_is_personnel_plus_public_funds():
    cells = _row("一般公共预算支出表", [("小计", "54.07"), ("人员经费", "50.05"), ("公用经费", "4.02")])
    assert not _rules(_doc(cells))
    cells[2].value_yuan = Decimal(50000)
    assert ("R-BAL-03", 5) in _rules(_doc(cells))
    # corpus/zengdu_2023_budget.txt line 235: 小计 54.07 = 人员经费 50.05 + 公用经费 4.02
    assert _located(_seed("zengdu_2023_budget"), "R-BAL-03", 235, 235, 235)


def test_level_said_with_a_change_in_the_same_clause():
    assert not {r for r in _rules(_doc(text="三公经费2.05万元，与上年持平。")) if r[0] == "R-DIR-01"}
    assert ("R-DIR-01", 1) in _rules(_doc(text="三公经费2.05万元，比上年增加0.50万元，持平。"))
    # corpus/beidaihe_2023_budget.txt line 1736: "“三公”经费预算安排2.05万元，与上年相比，无增减变化"
    assert _located(_seed("beidaihe_2023_budget"), "R-DIR-01", 1736)


def test_table_title_year():
    doc = _titled("2026年部门收支预算总表", "2025年部门收入预算总表")
    [f] = [f for f in audit_document(doc).findings if f.rule == "R-HYG-01"]
    assert f.line_a == 11 and f.value_a == "2025"
    # corpus/lishi_2023_budget.txt line 58: 2023年预算收支总表 in a 2023 document
    assert _located(_seed("lishi_2023_budget"), "R-HYG-01", 58)


def test_empty_table_needs_its_none_note():
    doc = _titled(*_BUDGET_SET)
    gone = doc.tables[-1]
    doc.items = [i for i in doc.items if i.table_id != gone.table_id]  # 国有资本经营 table without figures
    doc.lines[gone.line_start] = "合计"
    [f] = [f for f in audit_document(doc).findings if f.rule == "R-CMP-02"]
    assert f.line_a == gone.line_start and f.severity == "提示"
    doc.lines[gone.line_start] = "注：本单位无国有资本经营预算支出。"
    assert not [f for f in audit_document(doc).findings if f.rule == "R-CMP-02"]
    # corpus/beidaihe_2023_budget.txt line 1494: 政府基金预算财政拨款支出表 without figures, with its note
    assert _located(_seed("beidaihe_2023_budget"), "R-CMP-02", 1494)


def test_a_whole_number_in_the_text_is_held_to_half_its_last_digit():
    cell = _cell("一般公共预算支出表", "合计", "项目支出", "10.00", 9, 0, 1)
    assert not _rules(_doc([cell], text="项目支出10万元，主要用于系统维护。"))
    assert ("R-TXT-01", 9) in _rules(_doc([cell], text="项目支出11万元，主要用于系统维护。"))
    # corpus/yongqiao_2023_budget.txt line 445: "项目支出10万元" = 一般公共预算支出预算表 项目支出 10.00 (line 169)
    assert _located(_seed("yongqiao_2023_budget"), "R-TXT-01", 445, 169)


def _no_cell_twice(doc: Document) -> None:
    for f in audit_document(doc).findings:
        cells = [x.cell for x in f.locations]
        assert len(set(cells)) == len(cells), (doc.meta.doc, f.rule, f.message)


def test_no_finding_compares_a_cell_with_itself_on_the_dev_texts():
    paths = sorted(DEV_TXT.glob("*.txt"))
    if not paths:
        pytest.skip(f"dev corpus not at {DEV_TXT}")
    for path in paths:
        _no_cell_twice(_dev(path.stem))


@pytest.mark.slow
def test_no_finding_compares_a_cell_with_itself_on_the_dev_pdfs():
    paths = sorted(DEV_PDF.glob("*.pdf"))
    if not paths:
        pytest.skip(f"dev corpus not at {DEV_PDF}")
    for path in paths:
        _no_cell_twice(parse_file(path))


# --- second pass (issue 17): rules by class, with the real lines that showed each class ---

def _findings(doc: Document, rule: str, severity: str = "错误"):
    return [f for f in audit_document(doc).findings if f.rule == rule and f.severity == severity]


def test_car_cost_is_purchase_plus_running_real_line():
    # dev_corpus/txt/fuzhou_xuntejing_2026_budget.txt lines 403-405: 公务用车购置及运行费 426.75 =
    # 购置费 200.00 + 运行费 226.75
    assert _located(_dev("fuzhou_xuntejing_2026_budget"), "R-BAL-05", 403, 404, 405)


def test_share_real_line():
    # corpus/lishi_2023_budget.txt line 344: 271.71 ÷ 1,269.43 = 21.40%
    doc = _seed("lishi_2023_budget")
    assert _located(doc, "R-TXT-02", 344, 344, 344)
    wrong = copy.deepcopy(doc)
    section = next(s for s in wrong.sections if 344 in s.text_lines)
    section.text = section.text.replace("21.40%", "26.40%", 1)
    assert any(f.line_a == 344 for f in _findings(wrong, "R-TXT-02"))


def test_direction_real_lines():
    # corpus/lishi_2023_budget.txt line 334: "比上年增加60.73万元，增加5.02%"; flipped to 减少 the
    # amount's word contradicts the rate's
    doc = _seed("lishi_2023_budget")
    assert _located(doc, "R-DIR-02", 334, 334)
    flipped = copy.deepcopy(doc)
    section = next(s for s in flipped.sections if 334 in s.text_lines)
    section.text = section.text.replace("比上年增加60.73万元", "比上年减少60.73万元", 1)
    assert [f.line_a for f in _findings(flipped, "R-DIR-02")] == [334]
    # dev_corpus/txt/guangzhou_tongji_2026_budget.txt lines 483-484: the change and its rate wrap
    # over two lines ("增加552.08万元，增长" / "6.2%"), read as one sentence
    assert _located(_dev("guangzhou_tongji_2026_budget"), "R-DIR-02", 483, 484)


def test_opening_amount_of_a_list_is_this_years_whatever_the_last_clause_says():
    # the change follows "上年财政拨款80.00万元" (last year's), but its rate fits the opening amount,
    # this year's: 20 ÷ (120 − 20) = 20%
    text = "收入总计120.00万元，其中：上年财政拨款80.00万元，比上年增加20.00万元，增长20.00%。"
    assert not {r for r in _rules(_doc(text=text)) if r[0] == "R-TXT-03"}
    assert ("R-TXT-03", 1) in _rules(_doc(text=text.replace("20.00%", "30.00%")))


def test_a_sentence_about_one_fund_is_held_to_that_funds_tables():
    all_funds = _cell("支出总表", "合计", "基本支出", "70.00", 9, 0, 1)
    text = "一般公共预算财政拨款支出100.00万元。其中：基本支出60.00万元，主要用于人员。"
    assert not _rules(_doc([all_funds], text=text))  # no table of that fund prints it: nothing said
    fund = _cell("一般公共预算支出表", "合计", "基本支出", "65.00", 12, 0, 1)
    fund.table_id = "T2"
    assert ("R-TXT-01", 12) in _rules(_doc([all_funds, fund], text=text))
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 50: "其中：基本支出 12,899.62 万元" after
    # "2026 年一般公共预算财政拨款收入…" — the all-funds 支出总体情况表 (line 196) prints 13,236.18
    assert not [f for f in _findings(_dev("chongqing_xuanchuan_2026_budget"), "R-TXT-01") if f.line_b == 50]


def test_an_economic_code_row_is_only_the_basic_spending_part_of_a_sangong_item():
    part = _cell("一般公共预算基本支出表", "公务接待费", "合计", "3.54", 9, 0, 0, code="30217")
    assert not _rules(_doc([part], text="公务接待费9.54万元，主要用于接待。"))
    assert ("R-XT-02", 9) in _rules(_doc([part], text="公务接待费2.00万元，主要用于接待。"))
    # dev_corpus/txt/jiangsu_fayuan_2019_budget.txt line 661: "公务接待费支出 86.95 万元" (all 三公
    # reception) against 30217 公务接待费 41.95 of the 财政拨款基本支出预算表 (line 285)
    assert not _findings(_dev("jiangsu_fayuan_2019_budget"), "R-XT-02")


def test_a_table_cut_short_at_empty_rows_keeps_its_unread_parts():
    rows = [_cell("支出表", "合计", "合计", "30.00", 2, 0, 0), _cell("支出表", "甲", "合计", "10.00", 3, 1, 0, code="301")]
    rest = Table("T2", "309资本性支出（基本建设）", "万元", "declared", 5, 7, [], ["合计"], [], unplaced=1)
    doc = _doc(rows)
    doc.tables = [Table(rows[0].table_id, "支出表", "万元", "declared", 1, 4, [], ["合计"], []), rest]
    assert not {r for r in _rules(doc) if r[0] == "R-BAL-07"}
    rest.title = "说明"  # not a row of the table: the table is whole, and 10 ≠ 30
    assert ("R-BAL-07", 2) in _rules(doc)
    # dev_corpus/txt/fuzhou_xuntejing_2026_budget.txt line 264: 合计 10344.71; 310 资本性支出 260.00 (line
    # 270) is read under a "title" 309资本性支出（基本建设） (line 269) with figures not placed
    assert not [f for f in _findings(_dev("fuzhou_xuntejing_2026_budget"), "R-BAL-07") if f.line_a == 264]


def test_a_code_twice_under_one_parent_is_another_grouping():
    parent = _cell("基本支出表", "商品和服务支出", "合计", "3.00", 5, 2, 0, code="302")
    kids = [_cell("基本支出表", "办公费", "合计", "9.00", 3, 0, 0, code="30201", parent="302"),
            _cell("基本支出表", "办公费", "合计", "1.00", 6, 3, 0, code="30201", parent="302"),
            _cell("基本支出表", "印刷费", "合计", "2.00", 7, 4, 0, code="30202", parent="302")]
    assert not {r for r in _rules(_doc([parent, *kids])) if r[0] == "R-BAL-06"}
    kids[1].row_code = "30205"
    assert ("R-BAL-06", 5) in _rules(_doc([parent, *kids]))
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt line 384: "302 商品和服务支出 505 … 116.37" sums
    # the 505 group below it (lines 385-398); 30201 办公费 is printed under 502 too (line 377)
    assert not [f for f in _findings(_dev("yantai_minzheng_2026_budget"), "R-BAL-06") if f.line_a == 384]


def test_a_table_with_unplaced_figures_is_no_contents_entry_real_line():
    # dev_corpus/txt/shanghai_jiaotongzhiyuan_2026_budget.txt line 252: the 三公 table, inside what the
    # section reader took for contents (lines 4-262), with figures the table reader could not place
    assert "三公经费表" not in _missing(_dev("shanghai_jiaotongzhiyuan_2026_budget"))


def test_a_fund_named_only_in_a_tables_lines_is_printed_empty():
    doc = _titled(*[t for t in _BUDGET_SET if "国有资本" not in t])
    doc.lines[2] = "3、国有资本经营预算拨款收入"  # a row without figures, not among the parsed rows
    doc.tables[0].line_end = 3
    [f] = [f for f in audit_document(doc).findings if f.rule == "R-CMP-01"]
    assert f.severity == "提示"
    # dev_corpus/txt/changsha_zhijiao_2026_budget.txt line 188: "3、国有资本经营预算拨款收入" with no figure
    [f] = [f for f in audit_document(_dev("changsha_zhijiao_2026_budget")).findings if f.rule == "R-CMP-01"]
    assert f.severity == "提示" and "国有资本经营" in f.message


def test_a_page_whose_columns_were_not_all_named_still_continues_its_table():
    # dev_corpus/txt/yantai_minzheng_2026_budget.txt: 支出总体情况表 page 1 names 合计/基本支出/项目支出 (its total row
    # fixes them), page 2 (line 235-) only 合计, the rest left out; it is one table for R-BAL-07 all the same
    from indexer.checks.base import _continues
    first = ("支出总体情况表", ["项目", "合计", "基本支出", "项目支出"])
    assert _continues(("支出总体情况表", ["项目", "合计", "", ""]), first)
    assert not _continues(("支出总体情况表", ["项目", "合计", "人员经费", ""]), first)
    assert not _continues(("收入总体情况表", ["项目", "合计", "", ""]), first)

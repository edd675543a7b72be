"""One synthetic case per check family (indexer/checks): each fails without the check it names."""
from __future__ import annotations

import functools
from decimal import Decimal

import pytest

from indexer.checks.base import Audit, text_location
from indexer.models import Document, DocumentMeta, LineItem, Section, Table
from indexer.parse import parse_file
from indexer.reconcile import audit_document
from tests.conftest import DEV_TXT


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
def _dev(stem: str) -> Document:
    path = DEV_TXT / f"{stem}.txt"
    if not path.exists():
        pytest.skip(f"dev corpus not at {DEV_TXT}")
    return parse_file(path)


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

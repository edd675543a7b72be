"""Space-separated tables, second pass: titles and units, tables not cut apart by label-only rows."""
from __future__ import annotations

from indexer.space_rows import line_kind, tokenize
from indexer.tables import clean_title, extract_tables, is_meta

from tests.test_space_tables import dev_lines


def titled(tables, title):
    hits = [t for t in tables if t.title == title]
    assert len(hits) == 1, [t.title for t in tables]
    return hits[0]


def test_sub_item_colon_is_a_row_label_not_a_sentence():
    line = "其中：（一）因公出国（境）支出 5.00 5.00 0.00"
    assert line_kind(tokenize(line), line) == "data"
    assert line_kind(tokenize("小计 其中：基本支出 项目支出"), "小计 其中：基本支出 项目支出") == "labels"
    assert line_kind(tokenize("其中：财政拨款安排 12.00 万元，比上年"), "其中：财政拨款安排 12.00 万元，比上年") is None


def test_real_sub_item_row_stays_in_its_table():
    # dev_corpus/txt/guangzhou_tongji_2026_budget.txt lines 338-347: the 其中：（一） row at line 343
    # had cut the table in two (the rest then took it as their title)
    t = titled(extract_tables(dev_lines("guangzhou_tongji_2026_budget")), "财政拨款安排的行政经费及“三公”经费预算表")
    assert (t.line_start, t.line_end) == (338, 347)
    row = next(r for r in t.rows if r.line_start == 343)
    assert [c.text for c in row.cells][2:] == ["5.00", "5.00", "0.00", "0.00"]
    assert t.column_leaves[2:] == ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]


SIDE_BY_SIDE = """收支总表
单位：万元
项目 预算数 项目 预算数
一、财政拨款收入 100.00 一、一般公共服务支出 60.00
二、事业收入 二、外交支出
三、其他收入 三、国防支出
四、教育支出 40.00
本年收入合计 100.00 本年支出合计 100.00""".split("\n")


def test_label_only_rows_inside_a_table_do_not_cut_it():
    tables = extract_tables(SIDE_BY_SIDE)
    assert len(tables) == 1 and tables[0].title == "收支总表" and tables[0].line_end == 8
    # rows printing no figure are not stored; 四、教育支出 40.00 could sit in either panel
    assert [r.line_start for r in tables[0].rows] == [4, 8] and tables[0].unplaced == 1


def test_real_label_only_rows_do_not_cut_the_table():
    # dev_corpus/txt/beijing_yibao_2026_budget.txt lines 1-33: rows 6-8 and 14-30 print no figure
    t = titled(extract_tables(dev_lines("beijing_yibao_2026_budget")), "收支总表")
    assert (t.line_start, t.line_end) == (1, 33)
    row = next(r for r in t.rows if r.line_start == 31)
    assert [c.text for c in row.cells] == ["", "本年收入合计", "110,387.976749", "", "本年支出合计", "110,896.619602"]


def test_table_id_and_numbering_are_not_the_title():
    assert clean_title("预算01表 收支总表") == "收支总表"
    assert clean_title("表1：2026年市级部门收支预算总表") == "2026年市级部门收支预算总表"
    assert clean_title("表11.2026年市级部门项目支出绩效表") == "2026年市级部门项目支出绩效表"
    assert clean_title("2026年部门收支总体情况表") == "2026年部门收支总体情况表"


def test_table_id_line_and_compiler_line_are_meta():
    assert is_meta("公开01表") and is_meta("公开 09表")
    assert is_meta("编制部门：某某委员会（汇总） 金额单位：万元")
    assert not is_meta("收入支出决算总表")


FINAL = """收入决算表
公开02表
编制部门：某某局 金额单位：万元
项目 本年收入合计 财政拨款收入 其他收入
栏次 1 2 3
合计 10.00 8.00 2.00""".split("\n")


def test_title_is_above_the_form_id_and_compiler_line():
    t = extract_tables(FINAL)[0]
    assert (t.title, t.unit) == ("收入决算表", "万元")


def test_real_final_accounts_title():
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 5405-5407: title, 公开01表, 编制部门…金额单位
    t = titled(extract_tables(dev_lines("xian_weijian_2022_final")), "收入支出决算总表")
    assert t.unit == "万元" and t.line_start == 5405


def test_title_above_a_header_broken_over_many_lines():
    header = ["甲", "乙 丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子", "科目编码 科目名称 合计 基本支出"]
    lines = ["支出总表", "单位：万元", *header, "201 一般公共服务支出 3.00 3.00"]
    assert extract_tables(lines)[0].title == "支出总表"


def test_real_title_above_a_header_of_fifteen_lines():
    # dev_corpus/txt/shenzhen_weijian_2026_budget.txt lines 528-545: 表3 支出总表, header 530-544
    tables = extract_tables(dev_lines("shenzhen_weijian_2026_budget"))
    t = next(t for t in tables if t.line_start <= 545 <= t.line_end)
    assert t.title == "支出总表"
    hz = titled(extract_tables(dev_lines("hangzhou_qixiang_2026_budget")), "2026年市级部门收支预算总表")
    assert hz.line_start == 313  # dev_corpus/txt/hangzhou_qixiang_2026_budget.txt line 313: 表1：…

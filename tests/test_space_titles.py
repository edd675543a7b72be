"""Space-separated tables, second pass: titles and units, tables not cut apart by label-only rows."""
from __future__ import annotations

from indexer.cell_text import is_meta
from indexer.space_rows import line_kind, segments, tokenize
from indexer.tables import clean_title, extract_tables
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
    # rows printing no figure are not stored; 四、教育支出 40.00 prints one half only: its label's side (支出)
    # is the right panel's (indexer/space_sides.py)
    assert [r.line_start for r in tables[0].rows] == [4, 7, 8] and tables[0].unplaced == 0


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


# --- rows reprinted over a page break, rates, broken headings ------------------------------------

PAGED = """支出表
单位：万元
项目 预算数
行政运行 10.00
事业运行 5.00
- 1 -

支出表
单位：万元
项目 预算数
事业运行 5.00
其他支出 2.00""".split("\n")


def test_row_reprinted_on_top_of_the_next_page_is_counted_once():
    rows = [r for t in extract_tables(PAGED) for r in t.rows]
    assert [(r.line_start, r.cells[1].text) for r in rows] == [(4, "行政运行"), (5, "事业运行"), (12, "其他支出")]


def test_same_figures_alone_are_not_a_reprint():
    lines = PAGED[:10] + ["5.00", "其他支出 2.00"]
    assert 11 in [r.line_start for t in extract_tables(lines) for r in t.rows]


def test_real_reprinted_row():
    # dev_corpus/txt/shenzhen_weijian_2026_budget.txt lines 490 and 498: 其他卫生健康支出 82,736.05
    # ends page 18 and is printed again on top of page 19 under the repeated 收支总表 header
    tables = extract_tables(dev_lines("shenzhen_weijian_2026_budget"))
    starts = [r.line_start for t in tables for r in t.rows]
    assert 498 not in starts and 490 in starts and 503 in starts


def test_rate_and_model_name_are_one_word():
    assert [(t.kind, t.text) for t in tokenize("进修培训 151.03 100.00% 0.58")][1:] == [
        ("fig", "151.03"), ("fig", "100.00%"), ("fig", "0.58")]
    assert [t.kind for t in tokenize("1.5TMRI（某资金）项目")] == ["label"]
    assert [(t.kind, t.text) for t in tokenize("3,030.00（二）教育支出")] == [("fig", "3,030.00"), ("label", "（二）教育支出")]


def test_real_rate_stays_in_its_row():
    # dev_corpus/txt/xian_weijian_2022_final.txt line 645: … 80.74 0.58 97.74% 0.58
    toks = tokenize(dev_lines("xian_weijian_2022_final")[644])
    assert [t.text for t in toks if t.kind == "fig"][-3:] == ["0.58", "97.74%", "0.58"]
    assert not [t for t in toks if t.kind == "label" and "%" in t.text]


BROKEN_BRACKET = """某项目绩效自评表
年初预算数（A
全年执行数 分值 得分
）
年度资金总额 390.00 10.00 10.00
项目资金""".split("\n")


def test_heading_broken_inside_brackets_names_no_column():
    t = extract_tables(BROKEN_BRACKET)[0]
    assert not [x for x in t.column_leaves if x not in ("", "科目编码", "项目")]


def test_real_heading_broken_inside_brackets():
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 3502-3505: 全年预算数（A / … / ） around the
    # row 390 390 390 1000% 10: the line of five headings misses that column
    tables = extract_tables(dev_lines("xian_weijian_2022_final"))
    t = next(t for t in tables if t.line_start <= 3505 <= t.line_end)
    assert not [c for r in t.rows if r.line_start <= 3505 <= r.line_end
                for c, name in zip(r.cells, t.column_leaves) if c.text and name == "分值"]


def test_sub_item_lead_in_is_no_part_of_a_column_name():
    # dev_corpus/txt/guangzhou_tongji_2026_budget.txt lines 239-240: 小计 其中：基本支出 项目支出
    t = titled(extract_tables(dev_lines("guangzhou_tongji_2026_budget")), "一般公共预算支出情况表（按功能分类科目）")
    row = next(r for r in t.rows if r.line_start == 240)
    assert dict(zip(t.column_leaves[2:], [c.text for c in row.cells][2:])) == {
        "小计": "9,433.72", "基本支出": "8,401.67", "项目支出": "1,032.05"}
    lines = ["支出表", "项目 小计 其中：基本支出 项目支出", "合计 3.00 2.00 1.00"]
    assert extract_tables(lines)[0].column_leaves == ["科目编码", "项目", "小计", "基本支出", "项目支出"]


def test_dash_placeholder_is_no_cell_of_its_own():
    assert [t.kind for t in tokenize("其中：当年财政拨款 1268.6 — 81.47% —")] == ["label", "fig", "star", "fig", "star"]
    assert len(segments(tokenize("其中：当年财政拨款 1268.6 — 81.47% —"), False)) == 1


def test_real_dash_placeholders_leave_the_form_named():
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 1659-1662: six headings, the 年度资金总额 row
    # prints six values; the 当年财政拨款 row below prints — in two cells (it had made three panels)
    tables = extract_tables(dev_lines("xian_weijian_2022_final"))
    t = next(t for t in tables if t.line_start <= 1660 <= t.line_end)
    row = next(r for r in t.rows if r.line_start <= 1660 <= r.line_end)
    got = {name: c.text for name, c in zip(t.column_leaves, row.cells) if c.text and name not in ("项目", "科目编码")}
    assert got == {"年初预算数": "1268.6", "全年预算数（A）": "1185.36", "全年执行数（B）": "965.77",
                   "分值": "10", "执行率（B/A）": "81.47%", "得分": "8.15"}


# --- a lone header piece between the meta lines and the header -----------------------------------

PIECE_ROWS = [["采购品目大", "专项名称", "采购组织形式", "总计"],
              ["类", "专项名称", "采购组织形式", "总计"],
              ["合计", "", "", "9.00"],
              ["一、货物", "设备购置", "集中采购", "9.00"]]


def test_header_piece_under_the_meta_line_is_no_title():
    from bench.layouts import render_fixed
    body = render_fixed(PIECE_ROWS)
    lines = ["公开12表", "政府采购支出预算表", "部门名称：某某单位  单位：万元", "采购品目大", *body]
    t = extract_tables(lines)[0]
    assert (t.title, t.line_start, t.unit) == ("政府采购支出预算表", 2, "万元")
    # the piece names no column of its own: the columns are those of the header without it
    assert t.columns == extract_tables(["政府采购支出预算表", "单位：万元", *body])[0].columns
    assert t.columns[3] == "总计"
    row = next(r for r in t.rows if r.line_start == 8)
    assert dict(zip(t.column_leaves, [c.text for c in row.cells]))["总计"] == "9.00"


def test_group_heading_directly_above_the_header_is_no_title():
    lines = ["政府性基金预算支出表", "部门：某某局  单位：万元", "本年政府性基金预算支出",
             "科目编码\t科目名称\t合计\t基本支出", "合计\t\t3.00\t3.00"]
    assert extract_tables(lines)[0].title == "政府性基金预算支出表"


def test_lone_line_without_a_named_table_above_stays_the_title():
    # no meta line between: a heading of the text under a list of contents, not a header piece
    toc = ["（十）政府性基金预算支出表", "一、文字部分", "项目\t金额", "合计\t3.00"]
    assert extract_tables(toc)[0].title == "文字部分"
    # a meta line, but nothing named …表 above it: the lone line is the only title there is
    lines = ["公开12表", "单位：万元", "部门政府采购预算", "项目\t金额", "合计\t3.00"]
    assert extract_tables(lines)[0].title == "部门政府采购预算"


def test_real_header_piece_in_fixed_width():
    # dev_corpus/txt/jiangsu_fayuan_2019_budget.txt lines 415-422 (公开12表 政府采购支出预算表): the PDF
    # prints 采购品目大/类 as one merged cell over two header lines; printed at fixed width (as
    # `python -m bench.layouts write` prints the PDF's rows) line 418's piece stood alone and was the title
    real = dev_lines("jiangsu_fayuan_2019_budget")
    piece, heads = real[417], real[418].split()
    assert (piece, real[419]) == ("采购品目大", "类")
    rows = [[piece, *heads], [real[419], *heads],
            *[[real[n].split()[0], "", "", "", "", real[n].split()[1]] for n in (420, 421)]]
    from bench.layouts import render_fixed
    lines = [real[414], real[415], real[416].replace(" ", "  "), piece, *render_fixed(rows)]
    t = extract_tables(lines)[0]
    assert (t.title, t.unit) == ("政府采购支出预算表", "万元")
    assert t.column_leaves[-1] == "总计" and not any(c.startswith("采购品目大/") for c in t.columns[1:])
    assert [[c.text for c in r.cells][-1] for r in t.rows] == ["5,227.59", "1,637.72"]


def test_real_group_heading_above_the_header():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt lines 741-745: 本年政府性基金预算支出 under the 部门/单位
    # line, above the header (tab-separated, as the PDF reader prints this form)
    real = dev_lines("wuxi_jiaoyu_2026_budget")
    lines = [real[740], real[741], real[742], "\t".join(real[743].split()), "\t".join(real[744].split()),
             "合计\t\t1.00\t1.00\t"]
    assert real[742] == "本年政府性基金预算支出"
    assert extract_tables(lines)[0].title == "政府性基金预算支出表"


# --- a meta line wrapped in two -------------------------------------------------------------------

def test_wrapped_meta_line_tail_is_no_title():
    lines = ["支出预算表（功能科目）", "部门名称：某某人民法", "院 单位：万元", "科目编码 科目名称 金额",
             "合计 3.00", "201 一般公共服务支出 3.00"]
    t = extract_tables(lines)[0]
    assert (t.title, t.unit, t.line_start) == ("支出预算表（功能科目）", "万元", 1)
    # a title printed with its unit on one line is still a title
    assert extract_tables(["收支总表 单位：万元", "项目 金额", "合计 3.00"])[0].title.startswith("收支总表")


def test_real_wrapped_meta_line_tail():
    # dev_corpus/txt/jiangsu_fayuan_2019_budget.txt lines 302-304: the title, then 部门名称：江苏省高级人民法
    # / 院 单位：万元 — the tail had been taken as the title (院单位:万元)
    t = titled(extract_tables(dev_lines("jiangsu_fayuan_2019_budget")), "一般公共预算支出预算表（功能科目）")
    assert (t.line_start, t.unit) == (302, "万元")
    assert next(r for r in t.rows if r.line_start == 306).cells[-1].text == "37,188.34"

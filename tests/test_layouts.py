"""Tables printed at fixed character positions (indexer.fixed_width), and the layout bench's renderers."""
from __future__ import annotations

import pytest

from bench.layouts import blocks, display_width, in_yuan, render_cell_per_line, render_fixed, render_pipe
from indexer.cell_lines import cell_rows
from indexer.fixed_width import fixed_rows
from indexer.items import table_items
from indexer.tables import extract_tables
from tests.conftest import DEV_TXT


def items(lines: list[str]) -> dict[tuple[int, str], str]:
    """(line, column leaf) -> value of every item the tables give."""
    return {(it.line, it.column): it.value for t in extract_tables(lines) for it in table_items("d", t)}


# --- fixed-width tables -----------------------------------------------------------------------

FIXED = [
    "一般公共预算支出表",
    "单位：万元",
    "科目编码  科目名称          合计    基本支出  项目支出",
    "2010101   行政运行          100.00  100.00",
    "2010102   一般行政管理事务   50.00             50.00",
    "2010199   其他支出           30.00    10.00    20.00",
]


def test_a_figure_after_an_empty_cell_keeps_its_column():
    got = items(FIXED)
    # line 5: 基本支出 is blank, so 50.00 stands under 项目支出, not in the next free column
    assert got[(5, "项目支出")] == "50.00"
    assert (5, "基本支出") not in got
    assert got[(5, "合计")] == "50.00"
    # line 4: the empty last column leaves 100.00 twice, under 合计 and 基本支出
    assert got[(4, "基本支出")] == "100.00" and (4, "项目支出") not in got
    # right-aligned figures (line 6) are placed under the heading they end beneath
    assert (got[(6, "基本支出")], got[(6, "项目支出")]) == ("10.00", "20.00")


def test_a_figure_straddling_two_columns_is_left_out_and_counted():
    # the second 150.00 spans columns 42-48: the end of 基本支出's band and the start of 项目支出's
    lines = FIXED[:4] + ["2010102   一般行政管理事务  150.00        150.00", FIXED[5]]
    table = extract_tables(lines)[0]
    got = {(it.line, it.column): it.value for it in table_items("d", table)}
    assert (5, "基本支出") not in got and (5, "项目支出") not in got
    assert got[(5, "合计")] == "150.00"
    assert table.unplaced == 1


def test_cjk_characters_are_two_columns_wide():
    assert display_width("合计a") == 5
    # the header names are CJK, the figures ASCII: only double width lines them up
    got = items(["项目      本年预算", "一、收入    12.00", "二、支出    12.00"])
    assert got[(2, "本年预算")] == "12.00"


def test_padded_notes_prose_and_lone_rows_are_no_fixed_width_table():
    lines = ["单位名称：某单位        单位：万元", "说明  本表无数据。", "附件  1.00", "正文一行。",
             "目录", "一、部门职责..........  3", "二、机构设置..........  4"]
    assert fixed_rows(lines, set()) == {}


def test_real_row_printed_at_its_columns():
    # dev_corpus/txt/changsha_zhijiao_2026_budget.txt lines 252 and 254: `30202 印刷费 7.00 7.00`,
    # whose PDF prints 7.00 under 总计 and 公用经费 (人员类 blank); here as pdftotext -layout prints it,
    # figures right-aligned in their columns
    path = DEV_TXT / "changsha_zhijiao_2026_budget.txt"
    if not path.exists():
        pytest.skip("dev corpus not present")
    real = path.read_text(encoding="utf-8").split("\n")
    header, row = real[251].split(), real[253].split()
    assert header == ["经济科目编码", "经济科目名称", "总计", "人员类", "公用经费"] and row[:2] == ["30202", "印刷费"]
    lines = [
        f"{header[0]}  {header[1]}    {header[2]}  {header[3]}  {header[4]}",
        "30101         基本工资         80.51   80.51",
        f"{row[0]}         {row[1]}            {row[2]}          {row[3]}",
    ]
    got = items(lines)
    assert got[(3, "总计")] == "7.00" and got[(3, "公用经费")] == "7.00"
    assert (3, "人员类") not in got
    assert got[(2, "人员类")] == "80.51"


# --- one cell per line ---------------------------------------------------------------------------

def cell_lines(rows: list[list[str]]) -> list[str]:
    """Rows printed one cell per line, a blank line between rows, as a PDF viewer's copy gives."""
    out: list[str] = []
    for r in rows:
        out += [c for c in r if c] + [""]
    return out[:-1]


def at(lines: list[str], text: str) -> int:
    """1-based line number of a cell line."""
    return lines.index(text) + 1


# merged header cells printed in every column they span
CELL_HEADER = [["科目编码", "科目名称", "总计", "基本支出", "基本支出", "基本支出", "项目支出"],
               ["科目编码", "科目名称", "总计", "小计", "人员经费", "公用经费", "项目支出"]]


def test_cell_per_line_row_placed_by_the_tables_identities():
    lines = ["一般公共预算支出表", "单位：万元", *cell_lines(CELL_HEADER + [
        ["合计", "10.00", "8.00", "5.00", "3.00", "2.00"],
        ["2010101", "行政运行", "8.00", "8.00", "5.00", "3.00"],
        ["2010102", "一般行政管理事务", "2.00", "2.00"],  # 小计 would need 人员 + 公用: 项目支出
        ["2010199", "其他支出", "4.00", "1.00", "1.00", "3.00"],  # 1.00: 人员 or 公用, cannot tell
    ])]
    (table,) = extract_tables(lines)
    assert table.title == "一般公共预算支出表" and table.unit == "万元"
    got = items(lines)
    row = at(lines, "一般行政管理事务")
    assert got[(row + 1, "总计")] == "2.00" and got[(row + 2, "项目支出")] == "2.00"
    row = at(lines, "其他支出")
    assert got[(row + 1, "总计")] == "4.00" and got[(row + 2, "小计")] == "1.00"
    assert got[(row + 4, "项目支出")] == "3.00"
    assert not any(n == row + 3 for n, _ in got)  # the second 1.00 is left out
    assert table.unplaced == 1
    row = at(lines, "行政运行")
    assert [got[(row + k, c)] for k, c in ((1, "总计"), (2, "小计"), (3, "人员经费"), (4, "公用经费"))] == [
        "8.00", "8.00", "5.00", "3.00"]


def test_cell_per_line_panels_place_a_short_row_by_cell_kind():
    lines = ["收支总表", "单位：万元", *cell_lines([
        ["收入项目", "预算数", "支出项目", "预算数"],
        ["一、一般公共预算拨款", "5.00", "一、一般公共服务支出", "4.00"],
        ["二、事业收入", "1.00", "二、教育支出", "2.00"],
        ["三、其他收入", "三、住房保障支出", "0.50"],  # the empty 预算数 of 三、其他收入 left out
    ])]
    got = items(lines)
    row = at(lines, "三、其他收入")
    assert got[(row + 2, "预算数")] == "0.50"
    table = extract_tables(lines)[0]
    assert [c.text for c in table.rows[-1].cells] == ["三、其他收入", "", "三、住房保障支出", "0.50"]


def test_cell_per_line_width_unknown_places_nothing():
    # no header row and one body row printing every cell: the column count is not known
    lines = ["某表", *cell_lines([["201", "类", "3.00", "1.00", "2.00"], ["2010101", "行政运行", "1.00"],
                                  ["2010102", "其他", "2.00", "2.00"]])]
    assert items(lines) == {}
    assert sum(r.unplaced for r in cell_rows(lines, set()).values() if r) == 6


def test_prose_between_blank_lines_is_no_cell_table():
    lines = ["一、部门主要职能", "", "1.负责宣传工作", "", "2.管理文物", "", "二、收入情况",
             "2026年收入预算45,369.18万元，比上年增加3.2%。", "", "其中：", "一般公共预算拨款", "37,891.58万元", "",
             "— 16 —", "", "三、说明", "本年无政府性基金。", "", "1", "", "2"]
    assert cell_rows(lines, set()) == {} and extract_tables(lines) == []


def test_real_rows_one_cell_per_line_placed_by_identities():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt lines 275-281 (表五 一般公共预算支出情况表, its
    # header printed as the PDF's merged cells): `2013302 一般行政管理事务 559.38 559.38` is 总计 and 项目支出
    # (the 小计 would need 人员经费 + 公用经费), and `2013304 宣传管理 121.56 2.54 2.54 119.03` holds a
    # 2.54 under 人员经费 or 公用经费 (the PDF: 公用经费) that the identities cannot tell
    path = DEV_TXT / "chongqing_xuanchuan_2026_budget.txt"
    if not path.exists():
        pytest.skip("dev corpus not present")
    real = path.read_text(encoding="utf-8").split("\n")[274:281]
    assert real[0].startswith("合计 37,891.58") and real[5].startswith("2013304 宣传管理")
    lines = ["2026年一般公共预算支出情况表", "单位：万元", *cell_lines(CELL_HEADER + [r.split() for r in real])]
    got = items(lines)
    row = at(lines, "一般行政管理事务")
    assert got[(row + 1, "总计")] == "559.38" and got[(row + 2, "项目支出")] == "559.38"
    row = at(lines, "宣传管理")
    assert got[(row + 1, "总计")] == "121.56" and got[(row + 2, "小计")] == "2.54"
    assert got[(row + 4, "项目支出")] == "119.03" and not any(n == row + 3 for n, _ in got)
    row = at(lines, "行政运行")
    assert got[(row + 3, "人员经费")] == "2,530.78" and got[(row + 4, "公用经费")] == "901.23"


SANGONG_HEADER = [
    ["合计", *["“三公”经费"] * 6, "会议费", "培训费"],
    ["合计", "小计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置及运行维护费",
     "公务用车购置及运行维护费", "公务接待费", "会议费", "培训费"],
    ["合计", "小计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行维护费", "公务接待费", "会议费", "培训费"]]


def test_one_row_table_under_nested_group_headings():
    # 合计 = 三公小计 + 会议费 + 培训费, 三公小计 = 出国 + 公务用车小计 + 接待, 公务用车小计 = 购置 + 运行;
    # the empty 购置费 is left out, so the 5.00 after 公务用车小计 5.00 is 购置费 or 运行费: not placed
    lines = ["“三公”经费支出预算表", "单位：万元",
             *cell_lines(SANGONG_HEADER + [["20.00", "8.00", "1.00", "5.00", "5.00", "2.00", "4.00", "8.00"]])]
    got = items(lines)
    first = len(lines) - 8
    expected = [(1, "合计", "20.00"), (2, "小计", "8.00"), (3, "因公出国（境）费", "1.00"), (4, "小计", "5.00"),
                (6, "公务接待费", "2.00"), (7, "会议费", "4.00"), (8, "培训费", "8.00")]
    assert all(got[(first + k, col)] == value for k, col, value in expected)
    assert not any(n == first + 5 for n, _ in got)


def test_real_one_row_sangong_table():
    # dev_corpus/txt/jiangsu_fayuan_2019_budget.txt line 379: the 三公/会议费/培训费 row, 8 figures for 9
    # columns (the blank 公务用车购置费 dropped); its header as the PDF's merged cells
    path = DEV_TXT / "jiangsu_fayuan_2019_budget.txt"
    if not path.exists():
        pytest.skip("dev corpus not present")
    row = path.read_text(encoding="utf-8").split("\n")[378].split()
    assert len(row) == 8
    lines = ["一般公共预算“三公”经费支出表", "单位：万元", *cell_lines(SANGONG_HEADER + [row])]
    got = items(lines)
    first = len(lines) - 8
    assert got[(first + 1, "合计")] == "2,382.02" and got[(first + 7, "会议费")] == "271.02"
    assert got[(first + 8, "培训费")] == "1,597.25" and got[(first + 4, "小计")] == "266.80"
    assert not any(n == first + 5 for n, _ in got)  # 266.80: 购置费 or 运行维护费


# --- the bench's renderers ----------------------------------------------------------------------

def test_blocks_drop_frame_columns_and_keep_notes_as_text():
    parts = blocks(["标题表", "单位名称：某单位\t单位：万元", "\t项目\t金额\t", "\t合计\t1.00\t"])
    assert parts == [("text", [(1, "标题表"), (2, "单位名称：某单位  单位：万元")]),
                     ("table", [(3, ["项目", "金额"]), (4, ["合计", "1.00"])])]


def test_renderers():
    rows = [["项目", "金额"], ["合计", "1.00"]]
    assert render_fixed(rows) == ["项目  金额", "合计  1.00"]
    assert render_pipe(rows) == ["| 项目 | 金额 |", "|---|---|", "| 合计 | 1.00 |"]
    assert render_cell_per_line([["a", "", "1.00"], ["b", "2.00"]]) == ["a", "1.00", "", "b", "2.00"]


def test_yuan_conversion_is_exact_and_skips_codes_and_rates():
    assert in_yuan("110,387.976749") == "1,103,879,767.49"
    assert in_yuan("656.73") == "6567300.00"
    assert in_yuan("2010101") is None and in_yuan("95%") is None and in_yuan("1.0000001") is None


def test_agency_labelled_in_a_pipe_table_row():
    # dev_corpus/pdf/beijing_yibao_2026_budget.pdf, 预算13表: the agency is named only in a table
    # cell (`部门名称 北京市医疗保障局`, its text line 932 when printed TAB-separated); a markdown copy
    # of the table puts cell borders between the label and the name
    from indexer.metadata import read_meta
    from indexer.models import TextFile

    lines = ["部门预算项目支出绩效目标表", "（2026年度）", "| 部门名称 | 北京市医疗保障局 | 北京市医疗保障局 |",
             "|---|---|---|", "| 项目名称 | 某项目 | 某项目 |"]
    meta = read_meta("d", TextFile(lines=lines, encoding="utf-8", content_hash="x"))
    assert meta.agency == "北京市医疗保障局"
    assert meta.year == 2026

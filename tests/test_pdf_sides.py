"""Side-by-side 收支总表 of the national 决算 template in PDFs: 收入 | 行次 | 金额 | 支出 | 行次 | 金额 ….

Three rules: a figure touching the next column's label is its own cell (indexer.pdf_layout); the 行次
column is row numbers, never amounts, and ends its panel (indexer.row_index); rows repeating a
numbered row's name under an unnumbered heading belong to that heading (indexer.breakdowns).
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from indexer.breakdowns import PanelRow, headings
from indexer.items import table_items
from indexer.models import Cell, Row, Table
from indexer.pdf_layout import layout_page, visual_lines
from indexer.row_index import is_row_number_column
from tests.conftest import DEV_PDF
from tests.test_pdf_grid import frame, w

XIAN = DEV_PDF / "xian_weijian_2022_final.pdf"
needs_xian = pytest.mark.skipif(not XIAN.is_file(), reason="dev corpus absent")


def _table(leaves: list[str], rows: list[list[str]]) -> Table:
    body = [Row([Cell(t, n) for t in r], n, n) for n, r in enumerate(rows, start=1)]
    return Table("T01", "财政拨款收入支出决算总表", "万元", "declared", 1, len(rows), [], leaves, body, leaves)


def _xian_page(tmp_path, page: int) -> bytes:
    """One page of the xian 决算 beside its title page (which names the agency and year)."""
    import pypdfium2 as pdfium
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(XIAN), [0, page])
    path = tmp_path / "xian_weijian_2022_final.pdf"
    out.save(path)
    return path.read_bytes()


def _items(tmp_path, page: int, title: str):
    from indexer.parse import parse_upload
    doc = parse_upload("xian_weijian_2022_final.pdf", _xian_page(tmp_path, page))
    return [i for i in doc.items if i.table == title]


# --- rule 1: a figure touching the next column's label ------------------------------------------

def test_figure_touching_the_next_label_is_a_cell_of_its_own():
    # a right-aligned amount ends at its rule and the next label starts 3 pt later: under a cell gap
    ruled = frame([0, 40, 60, 120, 200, 220, 270], [0, 20, 40])
    words = [w("项目", 2, 30, 5), w("行次", 42, 58, 5), w("金额", 90, 110, 5), w("项目", 122, 150, 5),
             w("行次", 202, 218, 5), w("金额", 240, 260, 5),
             w("一、拨款", 2, 38, 25), w("1", 45, 50, 25), w("296,030.91", 70, 120, 25),
             w("一、支出", 123, 160, 25), w("33", 205, 215, 25), w("56.00", 245, 270, 25)]
    assert layout_page(visual_lines(words), None, ruled).lines[-1].split("\t") == [
        "一、拨款", "1", "296,030.91", "一、支出", "33", "56.00"]


def test_label_before_a_touching_figure_stays_one_cell():
    # a label then a figure is a sentence's own figure inside a cell of prose (其中地上24.56)
    line = visual_lines([w("年度目标", 0, 40, 0), w("其中地上", 100, 140, 0), w("24.56", 143, 170, 0)])[0]
    assert [c.text for c in line.cells] == ["年度目标", "其中地上24.56"]


@needs_xian
def test_real_figure_touching_the_expenditure_label_goes_to_its_revenue_row(tmp_path):
    # dev_corpus/txt/xian_weijian_2022_final.txt line 5637 (公开04表, pdf page 153):
    # `一、一般公共预算财政拨款 1 296,030.91 一、一般公共服务支出 33 56.00 56.00`; the item read
    # «296,030.91一、一般公共服务支出» = 56.00 and row 1 had no figure
    items = _items(tmp_path, 152, "财政拨款收入支出决算总表")
    got = {(i.row_name, i.column, i.value) for i in items if i.line == min(i.line for i in items)}
    assert got == {("一般公共预算财政拨款", "金额", "296,030.91"), ("一般公共服务支出", "合计", "56.00"),
                   ("一般公共服务支出", "一般公共预算财政拨款", "56.00")}
    assert not any(i.row_name[:1].isdigit() for i in items)
    # line 5664: `年初结转和结余 28 58,926.37 年末结转和结余 60 78.55 78.55`
    assert ("年初结转和结余", "58,926.37") in {(i.row_name, i.value) for i in items}


# --- rule 2: the 行次 column ----------------------------------------------------------------------

def test_row_number_column_is_consecutive_small_whole_numbers():
    assert is_row_number_column(["1", "2", "", "3", "4", "5"])
    assert is_row_number_column([str(n) for n in range(33, 65)])
    assert not is_row_number_column(["1", "2", "3", "4"])  # too short to tell from counts
    assert not is_row_number_column(["1", "2", "4", "5", "6"])
    assert not is_row_number_column(["1.00", "2.00", "3.00", "4.00", "5.00"])


def test_unnamed_row_numbers_are_no_figures_and_end_their_panel():
    # the header leaves the 行次 columns unnamed, and the 收入 panel prints no figure at all: each
    # 支出 figure still belongs to the 支出 label, and no row number is read as an amount
    rows = [[f"{k}、收入{k}", str(k), "", f"{k}、支出{k}", str(k + 5), f"{k}.00"] for k in range(1, 6)]
    items = table_items("t", _table(["项目", "", "金额", "项目", "", "金额"], rows))
    assert [(i.row_name, i.value, i.col_index) for i in items] == [(f"支出{k}", f"{k}.00", 5) for k in range(1, 6)]


@needs_xian
def test_real_revenue_and_expenditure_panels_pair_at_their_row_numbers(tmp_path):
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 5415-5441 (公开01表, pdf page 146)
    items = _items(tmp_path, 145, "收入支出决算总表")
    got = {(i.row_name, i.value) for i in items}
    assert {("一般公共预算财政拨款收入", "296,030.91"), ("政府性基金预算财政拨款收入", "509,220.66"),  # line 5415, 5416
            ("事业收入", "1,110,972.11"), ("教育支出", "5,590.29"),  # line 5419
            ("卫生健康支出", "1,474,833.23"),  # line 5423: `9 九、卫生健康支出 39 1,474,833.23`
            ("年初结转和结余", "465,278.48"), ("年末结转和结余", "399,035.80")} <= got  # line 5439
    assert len(items) == 17 and not any(i.value.isdigit() for i in items)  # no 行次 (1 … 60) read as a figure


@needs_xian
def test_real_numbered_list_of_units_has_no_figures(tmp_path):
    # dev_corpus/txt/xian_weijian_2022_final.txt line 123 `4 西安市卫生健康综合监督所` (pdf page 7): the
    # list of the 28 units numbered 1-28 gave 25 items valued 4 … 28
    from indexer.parse import parse_upload
    doc = parse_upload("xian_weijian_2022_final.pdf", _xian_page(tmp_path, 6))
    assert any("西安市卫生健康综合监督所" in line for line in doc.lines)
    assert not [i for i in doc.items if i.page == 2]


# --- rule 3: rows breaking a heading down by fund --------------------------------------------------

def test_parts_repeating_numbered_rows_belong_to_the_heading_above():
    rows = [PanelRow(0, "一般公共预算财政拨款", True, {2: Decimal("10")}),
            PanelRow(1, "政府性基金预算财政拨款", True, {2: Decimal("20")}),
            PanelRow(2, "年初结转和结余", False, {2: Decimal("5")}),
            PanelRow(3, "一般公共预算财政拨款", False, {2: Decimal("2")}),
            PanelRow(4, "政府性基金预算财政拨款", False, {2: Decimal("3")}),
            PanelRow(5, "总计", False, {2: Decimal("35")})]
    assert headings(rows) == {3: "年初结转和结余", 4: "年初结转和结余"}
    # parts that do not add up to the heading's figure are left as printed
    rows[4].figures[2] = Decimal("4")
    assert headings(rows) == {}
    # a heading printing no figure: the parts are named by structure
    rows[2].figures.clear()
    assert headings(rows) == {3: "年初结转和结余", 4: "年初结转和结余"}
    # under a total there is no heading to break down
    rows[2].name = "本年收入合计"
    assert headings(rows) == {}


def test_part_items_carry_their_heading_in_group_and_name():
    rows = [["一、一般公共预算财政拨款", "1", "10.00", "一、一般公共服务支出", "5", "3.00"],
            ["二、政府性基金预算财政拨款", "2", "20.00", "二、教育支出", "6", "27.00"],
            ["年初财政拨款结转和结余", "3", "", "年末财政拨款结转和结余", "7", ""],
            ["一般公共预算财政拨款", "4", "1.00", "", "8", ""],
            ["总计", "5", "31.00", "总计", "9", "30.00"]]
    items = table_items("t", _table(["项目", "行次", "金额", "项目", "行次", "合计"], rows))
    part = next(i for i in items if i.value == "1.00")
    assert (part.row_group, part.row_name) == ("年初财政拨款结转和结余", "年初财政拨款结转和结余：一般公共预算财政拨款")
    first = next(i for i in items if i.value == "10.00")
    assert (first.row_group, first.row_name) == (None, "一般公共预算财政拨款")


@needs_xian
def test_real_balance_by_fund_is_no_revenue_row(tmp_path):
    # dev_corpus/txt/xian_weijian_2022_final.txt lines 5664-5666 (公开04表, pdf page 153):
    # `年初结转和结余 28 58,926.37` / `一般公共预算财政拨款 29 95.39` / `政府性基金预算财政拨款 30 58,830.98`
    items = _items(tmp_path, 152, "财政拨款收入支出决算总表")
    parts = {i.value: (i.row_group, i.row_name) for i in items if i.row_group}
    assert parts == {"95.39": ("年初结转和结余", "年初结转和结余：一般公共预算财政拨款"),
                     "58,830.98": ("年初结转和结余", "年初结转和结余：政府性基金预算财政拨款")}


@needs_xian
def test_real_fund_revenue_question_is_answered_from_the_revenue_row(tmp_path):
    # the question was answered 95.39 (the 年初结转和结余 part, line 5665) instead of 296,030.91 (line 5637)
    from tests.conftest import items_only_service
    (tmp_path / "svc").mkdir()
    service = items_only_service(tmp_path / "svc", {"xian_weijian_2022_final.pdf": _xian_page(tmp_path, 152)})
    answer = service.ask("西安市卫生健康委员会一般公共预算财政拨款收入决算多少？")
    assert answer.value == Decimal("296030.91"), answer.text

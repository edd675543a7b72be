"""PDF -> lines: geometry rules on synthetic words and hand-made PDFs, then real dev PDFs.

Real PDFs live in ../shared/dev_corpus/pdf beside the clone; those tests skip without it.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from indexer.models import ParseError
from indexer.parse import parse_file, parse_upload
from indexer.pdf_layout import Cell, Word, column_bands, layout_page, split_glued, visual_lines
from indexer.pdf_reader import digits_missing, pdfium_lines, read_pdf
from indexer.reader import read_bytes

# ../shared beside the clone (CI); a git worktree sits one folder deeper than its clone.
_REPO = Path(__file__).resolve().parents[1]
DEV = next((p / "shared" / "dev_corpus" / "pdf" for p in (_REPO.parent, _REPO.parent.parent)
            if (p / "shared" / "dev_corpus" / "pdf").is_dir()), _REPO.parent / "shared" / "dev_corpus" / "pdf")
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason="dev_corpus not beside the clone")


def make_pdf(pages: list[list[tuple[float, float, str]]], size: float = 10) -> bytes:
    """A minimal valid PDF: each page holds Helvetica text runs (x, y from the top, text)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for runs in pages:
        stream = "".join(f"BT /F1 {size} Tf {x} {800 - y} Td ({t}) Tj ET\n" for x, y, t in runs)
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}endstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents {len(objects)} 0 R "
                       f"/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def w(text: str, x0: float, x1: float, top: float, size: float = 10) -> Word:
    return Word(text, x0, x1, top, top + size, size)


# --- geometry on synthetic words --------------------------------------------------------------

def test_figure_a_hair_off_the_baseline_stays_on_its_line():
    lines = visual_lines([w("Total", 10, 40, 100), w("2995.39", 200, 240, 101.5), w("next", 10, 30, 115)])
    assert [ln.text for ln in lines] == ["Total 2995.39", "next"]
    assert [c.text for c in lines[0].cells] == ["Total", "2995.39"]


def test_amount_glued_to_the_next_label_is_cut_at_its_last_character():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 115: `37,891.58一、一般公共服务支出`
    word = w("37,891.58一、一般公共服务支出", 361.2, 530.8, 251)
    left, right = split_glued(word, [361.2 + 5.33 * i for i in range(9)] + [409.2 + 12 * i for i in range(11)])
    assert (left.text, left.x1, right.text, right.x0, right.glued) == ("37,891.58", 409.2, "一、一般公共服务支出", 409.2, True)
    assert split_glued(w("2026年", 0, 30, 0), []) == [w("2026年", 0, 30, 0)]  # a year is no amount


def test_glued_cut_only_splits_cells_in_a_table_line():
    narrative = visual_lines(split_glued(w("收入37.5支出", 10, 80, 0), []))
    assert [c.text for c in narrative[0].cells] == ["收入37.5支出"]
    table = visual_lines([w("合计", 10, 30, 0), *split_glued(w("37.50一、支出", 100, 160, 0), [])])
    assert [c.text for c in table[0].cells] == ["合计", "37.50", "一、支出"]


def test_row_skipping_a_column_gets_an_empty_cell_there():
    words = [
        w("code", 10, 40, 0), w("A", 100, 110, 0), w("B", 160, 170, 0), w("C", 220, 230, 0),
        w("201", 10, 30, 20), w("1.00", 90, 110, 20), w("2.00", 150, 170, 20), w("3.00", 210, 230, 20),
        w("202", 10, 30, 40), w("4.00", 90, 110, 40), w("5.00", 210, 230, 40),
    ]
    page = layout_page(visual_lines(words), None)
    assert page.lines == ["code\tA\tB\tC", "201\t1.00\t2.00\t3.00", "202\t4.00\t\t5.00"]


def test_centred_heading_over_right_aligned_figures_heads_their_column():
    # dev_corpus/pdf/chongqing_xuanchuan_2026_budget.pdf page 8: 预算数 ends left of the figures
    words = [w("Item", 10, 40, 0), w("Budget", 100, 130, 0),
             w("one", 10, 30, 20), w("45,369.18", 140, 180, 20),
             w("two", 10, 30, 40), w("9.30", 165, 180, 40)]
    assert layout_page(visual_lines(words), None).lines == ["Item\tBudget", "one\t45,369.18", "two\t9.30"]


def test_merged_label_cell_does_not_join_two_column_bands():
    rows = [[Cell("201", 10, 25), Cell("支出", 60, 90), Cell("1.00", 150, 170)],
            [Cell("合计（本年）", 10, 90), Cell("2.00", 150, 170)]]
    assert column_bands(rows) == [(10, 25), (60, 90), (150, 170)]


def test_wrapped_label_fragments_rejoin_the_row_they_hug():
    # dev_corpus/pdf/chongqing_xuanchuan_2026_budget.pdf page 10: 国家电影事业发展专项资金安排 / 20707 … / 的支出
    words = [
        w("2070606", 10, 45, 0), w("版权管理", 60, 100, 0), w("53.00", 150, 175, 0),
        w("国家电影事业", 60, 120, 14), w("20707", 10, 35, 23), w("4,036.60", 140, 175, 23), w("的支出", 60, 90, 32),
        w("2070701", 10, 45, 50), w("资助", 60, 80, 50), w("1.00", 155, 175, 50),
    ]
    assert layout_page(visual_lines(words), None).lines == [
        "2070606\t版权管理\t53.00", "20707\t国家电影事业的支出\t4,036.60", "2070701\t资助\t1.00"]


def test_evenly_spaced_one_cell_line_stays_a_row():
    words = [w("201", 10, 25, 0), w("支出", 60, 90, 0), w("1.00", 150, 170, 0),
             w("其中", 60, 80, 20),
             w("202", 10, 25, 40), w("收入", 60, 90, 40), w("2.00", 150, 170, 40)]
    assert layout_page(visual_lines(words), None).lines == ["201\t支出\t1.00", "\t其中\t", "202\t收入\t2.00"]


def test_continuation_page_keeps_the_columns_of_the_page_before():
    first = layout_page(visual_lines([w("201", 10, 25, 0), w("1.00", 100, 120, 0), w("2.00", 200, 220, 0)]), None)
    second = layout_page(visual_lines([w("202", 10, 25, 0), w("3.00", 200, 220, 0),
                                       w("203", 10, 25, 20), w("4.00", 200, 220, 20)]), first.bands)
    assert second.lines == ["202\t\t3.00", "203\t\t4.00"]


def test_figure_straddling_two_columns_is_left_out_and_counted():
    # read in order, 33,333.00 would land in the first figure column; it could be either
    words = [w("201", 10, 25, 0), w("1.00", 100, 120, 0), w("2.00", 200, 220, 0),
             w("202", 10, 25, 20), w("33,333.00", 110, 210, 20), w("4.00", 200, 220, 20)]
    page = layout_page(visual_lines(words), None)
    assert page.lines[1] == "202\t\t4.00" and page.unplaced == 1


def test_page_number_lines_are_dropped_not_kept_between_rows():
    lines = visual_lines([w("201", 10, 25, 0), w("1.00", 100, 120, 0), w("— 10 —", 50, 90, 700)])
    assert layout_page(lines, None).lines == ["201\t1.00"]


def test_digits_missing_needs_item_rows_and_no_figure():
    rows = ["科目编码\t科目名称\t合计", "201\t一般公共服务支出\t", "20101\t人大事务\t", "2010101\t行政运行\t"]
    assert digits_missing(rows)
    assert not digits_missing(rows + ["\t合计\t1.00"])
    assert not digits_missing(["目录", "一、部门收支总表", "二、部门收入总表", "三、部门支出总表"])


def test_pdfium_text_cells_are_runs_of_two_spaces():
    assert pdfium_lines("201  一般公共服务支出   22,022.92\r\n\r\n注：无") == ["201\t一般公共服务支出\t22,022.92", "注：无"]


# --- hand-made PDFs ------------------------------------------------------------------------------

def test_synthetic_pdf_table_with_an_empty_cell_and_pages():
    data = make_pdf([
        [(50, 50, "Revenue and expenditure"), (50, 100, "Code"), (200, 100, "Total"), (300, 100, "Basic"),
         (400, 100, "Project")],
        [(50, 50, "201"), (100, 50, "Services"), (200, 50, "12.50"), (400, 50, "12.50"),
         (50, 70, "202"), (100, 70, "Defence"), (200, 70, "3.00"), (300, 70, "3.00")],
    ])
    text = read_bytes(data)
    assert text.encoding == "pdf" and text.page_count == 2
    assert text.lines[-2:] == ["201\tServices\t12.50\t\t12.50", "202\tDefence\t3.00\t3.00\t"]
    assert text.pages[-2:] == [2, 2] and text.pages[0] == 1 and text.lines[text.pages.index(2)] == ""


def test_page_of_table_rows_without_figures_is_reported():
    rows = [(50, 50, "201"), (120, 50, "Services"), (50, 70, "202"), (120, 70, "Defence"),
            (50, 90, "203"), (120, 90, "Diplomacy")]
    text = read_pdf(make_pdf([[(50, 20, "Table")], rows]))
    assert text.warnings == ["第2页：文本层缺少数字，未能读取"]


def test_pdf_without_text_layer_is_refused_as_a_scan():
    with pytest.raises(ParseError, match="no text layer"):
        read_bytes(make_pdf([[], []]))


def test_damaged_pdf_is_refused():
    with pytest.raises(ParseError, match="not a readable PDF"):
        parse_upload("report.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF")


# --- real dev PDFs --------------------------------------------------------------------------------

@needs_dev
def test_chongqing_revenue_table_row_lands_in_its_columns():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 141 `2013350 事业运行 539.14 522.39 16.75`: the
    # PDF page 9 header puts 522.39 under 一般公共预算拨款收入 and 16.75 under 事业收入 (4 empty columns between).
    text = read_pdf((DEV / "chongqing_xuanchuan_2026_budget.pdf").read_bytes())
    n = next(i for i, line in enumerate(text.lines) if line.startswith("2013350\t事业运行\t539.14"))
    assert text.lines[n].split("\t") == ["2013350", "事业运行", "539.14", "522.39", "", "", "", "16.75", "", "", "", ""]
    assert text.pages[n] == 9
    # the page is ruled: each heading is its ruled cell, wrapped lines joined (政府性基金预 / 算拨款收入),
    # a merged heading (科目 over 科目编码 | 科目名称) repeated over the columns it spans
    top, leaf = (line.split("\t") for line in text.lines[n - 8:n - 6])
    assert top[:4] == ["科目", "科目", "总计", "一般公共预算拨款收入"]
    assert leaf == ["科目编码", "科目名称", "总计", "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入",
                    "财政专户管理资金收入", "事业收入", "上级补助收入", "附属单位上缴收入", "事业单位经营收入", "其他收入"]


@needs_dev
def test_chongqing_pdf_parses_to_tables_and_items_with_pages():
    doc = parse_file(DEV / "chongqing_xuanchuan_2026_budget.pdf")
    assert doc.meta.pages == 24 and doc.meta.encoding == "pdf" and doc.meta.warnings == []
    assert len(doc.tables) >= 10 and doc.items and all(it.page for it in doc.items)
    hit = [it for it in doc.items if it.row_code == "2013350" and it.value == "522.39" and it.page == 9]
    assert len(hit) == 1 and "一般公共预算" in hit[0].column_path
    assert hit[0].value_yuan == Decimal("5223900.00")
    # page 8, 表一: the figure glued to the next label in the text layer is its own cell
    glued = [it for it in doc.items if it.value == "37,891.58" and it.page == 8]
    assert [it.row_name for it in glued] == ["一般公共预算资金"]


def test_build_summary_counts_the_figures_the_pdf_reader_left_out():
    from indexer.build import file_report
    from indexer.parse import parse_file
    from tests.conftest import DEV_PDF

    path = DEV_PDF / "changsha_zhijiao_2026_budget.pdf"
    if not path.is_file():
        pytest.skip("dev corpus absent")
    # changsha pages 24 and 25: figures that overlap two columns of a form (6 and 2), left out
    doc = parse_file(path)
    assert doc.unplaced_by_reader == 8
    assert file_report(doc).unplaced == 8 + sum(t.unplaced for t in doc.tables)
    assert "第24页：6 个数字无法确定所在列，未收录" in doc.meta.warnings

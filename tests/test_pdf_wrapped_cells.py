"""A figure too wide for its ruled box wraps onto the line under it: the ruled row is one row."""
from __future__ import annotations

from indexer.pdf_grid import Rule, Rulings, ruled_rows
from indexer.pdf_layout import layout_page, visual_lines
from indexer.pdf_reader import read_pdf
from tests.test_pdf_grid import frame, w
from tests.test_pdf_reader import DEV, needs_dev


def test_ruled_rows_group_the_lines_between_rules():
    rul = Rulings([], [Rule(0, 0, 100), Rule(40, 0, 100), Rule(60, 0, 100)])
    assert ruled_rows(rul, [0, 100], [(5, 15), (16, 26), (45, 55), (65, 75)]) == [[0, 1], [2], [3]]
    # rows drawn without rules between them are not one row
    assert ruled_rows(Rulings([], [Rule(0, 0, 100)]), [0, 100], [(5, 15), (25, 35), (45, 55)]) is None


def _page(last_line: list) -> list[str]:
    # 单位 | 总计 | 拨款 ; the first body row's 总计 is too wide for its box and wraps, its label too
    rul = frame([0, 60, 100, 160], [0, 20, 60, 80, 100, 120])
    words = [w("单位", 2, 30, 5), w("总计", 70, 90, 5), w("拨款", 120, 140, 5),
             w("委员会", 2, 40, 22), w("124,216.9", 61, 99, 22), w("124,105.03", 115, 158, 34), *last_line,
             w("医疗服务", 2, 50, 65), w("66.00", 75, 99, 65), w("66.00", 135, 158, 65),
             w("公共卫生", 2, 50, 85), w("1.00", 75, 99, 85), w("1.00", 135, 158, 85),
             w("人才经费", 2, 50, 105), w("2.00", 75, 99, 105), w("2.00", 135, 158, 105)]
    return layout_page(visual_lines(words), None, rul).lines


def test_wrapped_figure_is_joined_with_its_row():
    assert _page([w("（本级）", 2, 40, 46), w("9", 94, 99, 46)]) == [
        "单位\t总计\t拨款", "委员会（本级）\t124,216.99\t124,105.03", "医疗服务\t66.00\t66.00",
        "公共卫生\t1.00\t1.00", "人才经费\t2.00\t2.00"]


def test_two_whole_figures_in_one_box_are_not_glued():
    # a second complete amount under the first is no wrapped tail: the lines stay as printed
    lines = _page([w("（本级）", 2, 40, 46), w("9.00", 80, 99, 46)])
    assert "124,216.99" not in "".join(lines) and "\t124,216.9\t" in "\t".join(lines)


@needs_dev
def test_real_wrapped_total_is_one_figure():
    # dev_corpus/pdf/shenzhen_weijian_2026_budget.pdf page 30 (表5 项目支出总表): 深圳市卫生健康委员会（本级）
    # 总计 prints 124,216.9 with its last 9 wrapped under it; 一般公共预算拨款 124,105.03 + 结转 111.96
    text = read_pdf((DEV / "shenzhen_weijian_2026_budget.pdf").read_bytes())
    rows = [line.split("\t") for line, page in zip(text.lines, text.pages) if page == 30 and "124,105.03" in line]
    assert rows == [["深圳市卫生健康委员会（本级）", "124,216.99", "124,105.03"] + ["0.00"] * 8 + ["111.96"]]

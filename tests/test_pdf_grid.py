"""Ruled tables: columns and header cells from the drawn lines (indexer.pdf_grid via layout_page)."""
from __future__ import annotations

from indexer.pdf_grid import Box, Rule, Rulings, boundaries, header_grid
from indexer.pdf_layout import Word, layout_page, visual_lines
from indexer.pdf_reader import read_pdf
from tests.test_pdf_reader import DEV, needs_dev


def w(text: str, x0: float, x1: float, top: float) -> Word:
    return Word(text, x0, x1, top, top + 10, 10)


def frame(xs: list[float], ys: list[float], stop: dict[float, float] | None = None) -> Rulings:
    """Verticals at xs from ys[0] to ys[-1] (or from stop[x] down: a rule that starts below a
    merged heading), horizontals at ys across the whole width."""
    stop = stop or {}
    return Rulings([Rule(x, stop.get(x, ys[0]), ys[-1]) for x in xs], [Rule(y, xs[0], xs[-1]) for y in ys])


def test_columns_are_the_rules_that_run_through_the_body_rows():
    rul = Rulings([Rule(0, 0, 100), Rule(50, 40, 100), Rule(100, 0, 100), Rule(150, 0, 100), Rule(75, 0, 12)], [])
    # x=75 crosses no body row (a header-only rule); x=50 is interrupted by one merged row of three
    assert boundaries(rul, [(42, 52), (62, 72), (82, 92), (22, 32)]) == [0, 50, 100, 150]
    assert boundaries(Rulings([Rule(0, 0, 100)], []), [(42, 52)]) is None


def test_merged_heading_spans_the_columns_whose_rules_stop_under_it():
    # 基本支出 over 人员经费 | 公用经费; 总计 covers both header levels; 预算 wraps onto a second line
    rul = frame([0, 60, 120, 180], [0, 40], stop={120: 20})
    rul.horizontals.append(Rule(20, 60, 180))  # the rule under 基本支出 stops at 总计's merged cell
    lines = [[Box("总计", 20, 40, 5, 15), Box("基本支出", 100, 140, 2, 10)],
             [Box("人员", 70, 90, 22, 30), Box("公用", 130, 150, 22, 30)],
             [Box("经费", 70, 90, 31, 39), Box("经费", 130, 150, 31, 39)]]
    assert header_grid(rul, [0, 60, 120, 180], lines) == [["总计", "基本支出", "基本支出"], ["总计", "人员经费", "公用经费"]]


def test_ruled_page_centred_total_label_shares_the_label_column():
    # a centred 合计 and left-aligned names do not overlap in x, yet one rule pair holds both
    rul = frame([0, 40, 160, 220, 280], [0, 20, 40, 60, 80])
    words = [w("科目编码", 2, 38, 5), w("科目名称", 80, 120, 5), w("合计", 180, 200, 5), w("项目支出", 240, 278, 5),
             w("合计", 90, 110, 25), w("3.00", 200, 218, 25), w("3.00", 260, 278, 25),
             w("201", 2, 17, 45), w("一般公共服务", 42, 100, 45), w("1.00", 200, 218, 45),
             w("20101", 2, 27, 65), w("人大事务", 42, 82, 65), w("2.00", 260, 278, 65)]
    assert layout_page(visual_lines(words), None, rul).lines == [
        "科目编码\t科目名称\t合计\t项目支出", "\t合计\t3.00\t3.00", "201\t一般公共服务\t1.00\t", "20101\t人大事务\t\t2.00"]


@needs_dev
def test_chongqing_continuation_page_keeps_its_ruled_columns():
    # dev_corpus/pdf/chongqing_xuanchuan_2026_budget.pdf page 17 (txt line 339 `20508 进修及培训 9.30 9.30 9.30`)
    # continues 表五 of page 16 without a header: 9.30 stands under 总计, 小计 and 公用经费, not 人员经费
    text = read_pdf((DEV / "chongqing_xuanchuan_2026_budget.pdf").read_bytes())
    n = next(i for i, line in enumerate(text.lines) if line.startswith("20508\t进修及培训") and text.pages[i] == 17)
    assert text.lines[n].split("\t") == ["20508", "进修及培训", "9.30", "9.30", "", "9.30", ""]
    head = next(line.split("\t") for line in reversed(text.lines[:n]) if line.startswith("科目编码"))
    assert head == ["科目编码", "科目名称", "总计", "小计", "人员经费", "公用经费", "项目支出"]

"""Drawn ruling lines of a PDF page -> a table's columns and its header cells.

Where a table is ruled, its columns are exactly the spaces between the vertical rules that run
through the body rows, whatever the alignment of the text inside (a centred 合计 and left-aligned
labels share one column; an empty column is still a column). A header cell is the box its rules
enclose: a heading wrapped over two lines (政府性基金预 / 算拨款收入) is one cell, and a merged
heading (基本支出 over 小计 | 人员经费 | 公用经费) spans exactly the columns whose rules stop at it.
Geometry only: nothing here opens a PDF.
"""
from __future__ import annotations

from dataclasses import dataclass

# Rules drawn as thin rectangles, or as segments meeting a hair apart, sit this close (pt).
SNAP = 2.0
# A vertical rule is a column boundary when it crosses at least this share of the body rows:
# a merged 合计 cell interrupts a rule for one row.
MIN_ROW_SHARE = 0.5


@dataclass(frozen=True)
class Rule:
    """A drawn segment: vertical (at x, from lo to hi in y) or horizontal (at y, lo to hi in x)."""
    at: float
    lo: float
    hi: float


@dataclass
class Rulings:
    verticals: list[Rule]
    horizontals: list[Rule]


@dataclass
class Box:
    """A word's position (the fields pdf_layout.Word has)."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def from_edges(edges: list[dict]) -> Rulings:
    """pdfplumber page.edges (lines and rectangle sides) -> rules."""
    v = [Rule(e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v"]
    h = [Rule(e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h"]
    return Rulings(v, h)


def _crosses(rule: Rule, y0: float, y1: float) -> bool:
    mid = (y0 + y1) / 2
    return rule.lo - SNAP <= mid <= rule.hi + SNAP


def boundaries(rulings: Rulings, rows: list[tuple[float, float]]) -> list[float] | None:
    """x of the vertical rules that run through most body rows (rows as (top, bottom)).
    None when fewer than three rules do: the table is not ruled into columns."""
    xs: list[list[float]] = []
    for r in sorted(rulings.verticals, key=lambda r: r.at):
        if xs and r.at - xs[-1][-1] <= SNAP:
            xs[-1].append(r.at)
        else:
            xs.append([r.at])
    out = []
    for group in xs:
        rules = [r for r in rulings.verticals if group[0] - 0.01 <= r.at <= group[-1] + 0.01]
        crossed = sum(any(_crosses(r, t, b) for r in rules) for t, b in rows)
        if rows and crossed >= MIN_ROW_SHARE * len(rows):
            out.append(sum(group) / len(group))
    return out if len(out) >= 3 else None


def ruled_rows(rulings: Rulings, xs: list[float], lines: list[tuple[float, float]]) -> list[list[int]] | None:
    """Body lines (top, bottom), top to bottom -> runs of line indexes no horizontal rule separates
    within the table's width: the lines of one ruled row (a label or a figure wrapped inside its
    cell). None when the body's rows are not ruled (a rule under fewer than half the lines)."""
    def mid(k: int) -> float:
        return (lines[k][0] + lines[k][1]) / 2

    def ruled(k: int) -> bool:
        return any(mid(k) < r.at < mid(k + 1) and r.hi > xs[0] + SNAP and r.lo < xs[-1] - SNAP
                   for r in rulings.horizontals)
    gaps = [ruled(k) for k in range(len(lines) - 1)]
    if not gaps or sum(gaps) < 0.5 * len(gaps):
        return None
    groups = [[0]]
    for k, cut in enumerate(gaps, start=1):
        if cut:
            groups.append([k])
        else:
            groups[-1].append(k)
    return groups


def bands_between(xs: list[float]) -> list[tuple[float, float]]:
    return [(a, b) for a, b in zip(xs, xs[1:])]


def fits(box: Box, xs: list[float]) -> bool:
    """A word lies within one column: it crosses no boundary (beyond a hair)."""
    return not any(box.x0 + SNAP < x < box.x1 - SNAP for x in xs)


def top_rule(rulings: Rulings, xs: list[float], below: float) -> float | None:
    """y of the highest horizontal rule above `below` that spans the table's width: the top of
    the table's header."""
    width = xs[-1] - xs[0]
    ys = [r.at for r in rulings.horizontals
          if r.at < below - SNAP and min(r.hi, xs[-1]) - max(r.lo, xs[0]) >= 0.9 * width]
    return min(ys) if ys else None


def _present(rulings: Rulings, x: float, y0: float, y1: float) -> bool:
    return any(abs(r.at - x) <= SNAP and _crosses(r, y0, y1) for r in rulings.verticals)


def _cell_box(rulings: Rulings, xs: list[float], w: Box) -> tuple[float, float, float, float]:
    """The ruled box around a word: the nearest column boundaries drawn at its height, and the
    nearest horizontal rules drawn across its middle."""
    left = max((x for x in xs if x <= w.x0 + SNAP and _present(rulings, x, w.top, w.bottom)), default=xs[0])
    right = min((x for x in xs if x >= w.x1 - SNAP and _present(rulings, x, w.top, w.bottom)), default=xs[-1])
    mid = (w.x0 + w.x1) / 2
    across = [r.at for r in rulings.horizontals if r.lo - SNAP <= mid <= r.hi + SNAP]
    top = max((y for y in across if y <= w.top + SNAP), default=float("-inf"))
    bottom = min((y for y in across if y >= w.bottom - SNAP), default=float("inf"))
    return left, right, top, bottom


def header_grid(rulings: Rulings, xs: list[float], lines: list[list[Box]]) -> list[list[str]]:
    """Header words (grouped by visual line, top to bottom) -> one text row per level of ruled
    cells. A cell's text fills every column and level its box covers, so the parser needs no
    guess at how far a merged heading reaches."""
    cells: dict[tuple[float, float, float, float], list[tuple[int, float, str]]] = {}
    for i, line in enumerate(lines):
        for w in line:
            cells.setdefault(_cell_box(rulings, xs, w), []).append((i, w.x0, w.text))
    tops: list[float] = []
    for top in sorted({k[2] for k in cells}):
        if not tops or top - tops[-1] > SNAP:
            tops.append(top)
    bands = bands_between(xs)
    grid = [[""] * len(bands) for _ in tops]
    for (left, right, top, bottom), words in cells.items():
        text = "".join(t for _, _, t in sorted(words))
        cols = [k for k, (a, b) in enumerate(bands) if left - SNAP <= (a + b) / 2 <= right + SNAP]
        levels = [k for k, t in enumerate(tops) if top - SNAP <= t < bottom - SNAP]
        for lv in levels:
            for c in cols:
                grid[lv][c] = text
    return grid

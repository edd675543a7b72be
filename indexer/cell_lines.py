"""Tables printed one cell per line -> rows of cells at their columns, placed only where certain.

Copying a table out of a PDF viewer (and several converters) prints each cell on a line of its own,
a blank line between rows, and leaves an empty cell out altogether: a row of a 12-column table may
print a code, a name and two figures. Read as prose, such a table is lost; read in order, a figure
after an empty cell would land in the wrong column. So:
- a table is a run of blank-separated groups of cell lines (a figure, a code or a short label; no
  sentence), at least two of them rows with a figure; the title and 单位 lines above its first cell
  and a note under its last one are text;
- the label groups before the first figure are its header; its width is the widest row, taken
  only when a header row or two body rows print that many cells;
- the kind of each column (code, label, figure) comes from the rows that print every cell; a
  shorter row's cell goes where every order-keeping placement by kind puts it, and its figures
  within one run of value columns by the table's own identities (indexer.space_place: a total
  column, parent = Σ children, 合计 = Σ 类);
- a figure whose column stays open is left out and counted, never read in order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.lexicon import GRAND_TOTALS
from indexer.cell_text import clean_text, declared_unit, is_code, is_meta, squeeze
from indexer.numbers import parse_amount
from indexer.page_furniture import is_page_number
from indexer.space_place import Placed, place, total_column_holds

# A clause mark makes a sentence; a colon does not (其中：基本支出 is a row label).
_SENTENCE = re.compile(r"[，。；！？;!?]")
_TITLE = re.compile(r"表$|表[（(][^）)]*[）)]$")
# Headings of the columns that hold no figures (as indexer.items reads them): codes, row numbers, labels.
# Only headings that cannot name a value column (项目支出 and 单位资金 are values): a value column
# taken for a label one would push its figures into a neighbour.
_CODE_HEADING = re.compile(r"编码$|代码$|^[类款项]$")
_ORDINAL_HEADING = re.compile(r"^(?:序号|栏次|行次|编号)$")
_LABEL_HEADING = re.compile(r"名称$|科目$|^(?:项目|单位|指标|摘要)$")
_SUBTOTALS = ("小计", *GRAND_TOTALS)
_MAX_CELL = 60  # a longer line is prose, not a cell
MIN_FIGURE_ROWS = 2  # one figure under a heading is a sentence broken over lines, not a table
MIN_ONE_ROW_FIGURES = 3


@dataclass
class CellRow:
    """One printed row: (text, line) per column, "" where no cell is placed for certain."""
    cells: list[tuple[str, int]]
    line_start: int
    line_end: int
    unplaced: int = 0  # figures printed in the row whose column could not be told


def cell_kind(text: str) -> str | None:
    """"fig" (a point or separators), "int" (whole digits: a code, a 行次, a count), "label", or None
    for a line that is no cell (a sentence, a page number, a space-separated row of figures)."""
    t = text.strip()
    if not t or "\t" in t or is_page_number(t) or len(squeeze(t)) > _MAX_CELL:
        return None
    a = parse_amount(t)
    if a is not None and a.unit is None:
        return "int" if squeeze(a.text).lstrip("-").isdigit() else "fig"
    words = t.split()
    if _SENTENCE.search(t) or t.startswith("注") or _heading(t) or any(parse_amount(w) is not None for w in words[1:]):
        return None
    return "label"


def _heading(text: str) -> bool:
    """A line above a table's cells: its title (…表), 单位：万元, 单位名称：…, 表3."""
    return is_meta(text) or declared_unit(text) is not None or bool(_TITLE.search(squeeze(text)))


@dataclass
class _Cell:
    text: str
    line: int
    kind: str


def _groups(lines: list[str], taken: set[int]) -> list[list[int]]:
    """Runs of consecutive non-blank lines that no other layout took."""
    out: list[list[int]] = []
    run: list[int] = []
    for n, raw in enumerate(lines, start=1):
        if n in taken or not raw.strip():
            if run:
                out.append(run)
            run = []
        else:
            run.append(n)
    return out + ([run] if run else [])


def _regions(lines: list[str], taken: set[int]) -> list[list[list[_Cell]]]:
    """Each candidate table as its rows of cells. A group opens a table after its last heading line
    (or any non-cell line) before its first figure; a group ends the table at its first non-cell line."""
    regions: list[list[list[_Cell]]] = []
    current: list[list[_Cell]] = []
    for group in _groups(lines, taken):
        kinds = [cell_kind(lines[n - 1]) for n in group]
        first_fig = next((i for i, k in enumerate(kinds) if k in ("fig", "int")), len(group))
        start = 1 + max((i for i in range(first_fig) if kinds[i] is None), default=-1)
        end = next((i for i in range(start, len(group)) if kinds[i] is None), len(group))
        if start > 0 and current:
            regions.append(current)
            current = []
        row = [_Cell(clean_text(lines[n - 1]), n, k) for n, k in zip(group[start:end], kinds[start:end])]
        if row:
            current.append(row)
        if end < len(group) and current:
            regions.append(current)
            current = []
    if current:
        regions.append(current)
    return [r for r in regions if _is_table(r)]


def _is_table(region: list[list[_Cell]]) -> bool:
    """Two rows with a figure, or a header over one row of several (a 三公 table's one row)."""
    figures = [sum(c.kind == "fig" for c in row) for row in region]
    rows = [i for i, n in enumerate(figures) if n]
    return len(rows) >= MIN_FIGURE_ROWS or len(rows) == 1 and rows[0] > 0 and figures[rows[0]] >= MIN_ONE_ROW_FIGURES


def _column_kinds(full: list[list[_Cell]], width: int) -> list[set[str]]:
    return [{row[c].kind for row in full} for c in range(width)]


def _heading_kinds(heading: str) -> set[str]:
    """What a column holds, by its lowest heading, when no body row prints every cell."""
    if _ORDINAL_HEADING.search(heading) or _CODE_HEADING.search(heading):
        return {"int"}
    return {"label"} if _LABEL_HEADING.search(heading) else {"fig", "int"}


def feasible(row: list[_Cell], kinds: list[set[str]]) -> list[set[int]]:
    """Per cell, the columns some order-keeping placement of the whole row by kind gives it; every
    set is empty when the row cannot be placed at all."""
    n, width = len(row), len(kinds)
    fits = [[row[i].kind in kinds[c] for c in range(width)] for i in range(n)]
    # before[i][c]: cells 0..i-1 fit into columns < c; after[i][c]: cells i.. fit into columns >= c
    before = [[True] * (width + 1)] + [[False] * (width + 1) for _ in range(n)]
    for i in range(n):
        for c in range(width):
            before[i + 1][c + 1] = before[i + 1][c] or (before[i][c] and fits[i][c])
    after = [[False] * (width + 1) for _ in range(n)] + [[True] * (width + 1)]
    for i in reversed(range(n)):
        for c in reversed(range(width)):
            after[i][c] = after[i][c + 1] or (fits[i][c] and after[i + 1][c + 1])
    return [{c for c in range(width) if fits[i][c] and before[i][c] and after[i + 1][c + 1]} for i in range(n)]


def _value_run(kinds: list[set[str]]) -> range | None:
    """The one contiguous run of figure columns (no label printed in them), when the table has one."""
    cols = [c for c, k in enumerate(kinds) if "fig" in k]
    if not cols or cols != list(range(cols[0], cols[-1] + 1)) or any("label" in kinds[c] for c in cols):
        return None
    return range(cols[0], cols[-1] + 1)


def _decimals(body: list[list[_Cell]]) -> int:
    return max([len(c.text.split(".")[1]) for row in body for c in row if c.kind == "fig" and "." in c.text] or [0])


def _value(text: str) -> Decimal:
    return parse_amount(text).value


def _place_table(header: list[list[_Cell]], body: list[list[_Cell]]) -> list[CellRow]:
    # merged header cells may print in every column they span: the widest row is the width, when a
    # header row or two body rows print that many cells
    width = max(len(r) for r in header + body)
    # a header printed again after a page break is no row: kinds come from rows with a number
    full = [r for r in body if len(r) == width and any(c.kind != "label" for c in r)]
    named = [r for r in header if len(r) == width]
    out: list[CellRow] = []
    for row in header:
        cells = [(c.text, c.line) for c in row] if len(row) == width else [("", row[0].line)] * width
        out.append(CellRow(cells, row[0].line, row[-1].line))
    kinds = None
    if len(full) >= 2:
        kinds = _column_kinds(full, width)
    elif named:
        kinds = [_heading_kinds(squeeze(c.text)) for c in named[-1]]
    options = [feasible(r, kinds) if kinds else [set() for _ in r] for r in body]
    run = _value_run(kinds) if kinds else None
    by_run = _run_placements(body, options, run, named) if run else {}
    started = False
    for r_i, (row, opts) in enumerate(zip(body, options)):
        cells = [("", row[0].line)] * width
        unplaced = 0
        placed_number = False
        in_run = by_run.get(r_i)
        for i, (cell, cols) in enumerate(zip(row, opts)):
            col = in_run.get(i) if in_run is not None and cols and cols <= set(run) else (
                next(iter(cols)) if len(cols) == 1 else None)
            if col is None:
                unplaced += cell.kind == "fig" or cell.kind == "int" and not is_code(cell.text)
                continue
            cells[col] = (cell.text, cell.line)
            placed_number = placed_number or cell.kind != "label"
        if not (started or placed_number):
            # the table reader takes label rows above the first row with a figure for header rows:
            # a body row whose figures all stay open must not name the columns
            cells = [("", row[0].line)] * width
        started = started or placed_number
        out.append(CellRow(cells, row[0].line, row[-1].line, unplaced))
    return out


def _run_placements(body: list[list[_Cell]], options: list[list[set[int]]], run: range,
                    named: list[list[_Cell]]) -> dict[int, dict[int, int]]:
    """Row -> cell index -> column for the cells that can only stand in the run of value columns,
    by the table's identities; rows whose cells could stand in or out of it are left to `feasible`."""
    rows: list[tuple[int, list[int]]] = []
    for r_i, (row, opts) in enumerate(zip(body, options)):
        inside = [i for i, cols in enumerate(opts) if cols and cols <= set(run)]
        if any(cols and cols & set(run) and not cols <= set(run) for cols in opts) or not all(opts):
            continue
        rows.append((r_i, inside))
    values = [[_value(body[r_i][i].text) for i in inside] for r_i, inside in rows]
    decimals = _decimals(body)
    heading = squeeze(named[-1][run.start].text) if named else ""
    total_first = heading.startswith(GRAND_TOTALS) or total_column_holds(values, len(run), decimals)
    placed = place([Placed(_code(body[r_i]), _is_total(body[r_i]), v, None) for (r_i, _), v in zip(rows, values)],
                   len(run), total_first, decimals, _group_sums(named, run))
    return {r_i: {inside[k]: run.start + col for k, col in certain.items()}
            for (r_i, inside), certain in zip(rows, placed)}


def _group_sums(named: list[list[_Cell]], run: range) -> list[tuple[int, list[int]]] | None:
    """Each row's identities when the header prints merged group headings in every column they span
    (财政拨款收入 over 小计 | 一般公共预算 | 政府性基金, groups nested at any depth): a group's 小计 adds its
    own columns (a nested group by its 小计), and a 合计 heading the first column over every header row
    adds the top-level columns. None when the header shows no group."""
    levels = [[squeeze(row[c].text) for c in run] for row in named]
    groups: list[range] = []
    for upper, lower in zip(levels, levels[1:]):
        c = 0
        while c < len(run):
            end = c + 1
            while end < len(run) and upper[end] == upper[c]:
                end += 1
            if end - c >= 2 and lower[c].endswith(_SUBTOTALS) and upper[c] not in lower[c:end]:
                groups.append(range(c, end))
            c = end
    if not groups:
        return None

    def members(span: range) -> list[int]:
        inner = {c for g in groups if g != span and set(g) < set(span) for c in g[1:]}
        return [c for c in span[1:] if c not in inner]

    sums = [(g.start, members(g)) for g in groups]
    if all(level[0].startswith(GRAND_TOTALS) for level in levels):
        sums.append((0, members(range(0, len(run)))))
    return sums


def _code(row: list[_Cell]) -> str | None:
    return next((squeeze(c.text) for c in row if c.kind == "int" and is_code(c.text)), None)


def _is_total(row: list[_Cell]) -> bool:
    return any(c.kind == "label" and squeeze(c.text) in GRAND_TOTALS for c in row)


def cell_rows(lines: list[str], taken: set[int]) -> dict[int, CellRow | None]:
    """Line number -> the row that starts there, or None for the other lines a cell table holds;
    lines in `taken` belong to other layouts."""
    out: dict[int, CellRow | None] = {}
    for region in _regions(lines, taken):
        first = next(i for i, row in enumerate(region) if any(c.kind == "fig" for c in row))
        for row in _place_table(region[:first], region[first:]):
            for n in range(row.line_start, row.line_end + 1):
                out[n] = None
            out[row.line_start] = row
    return out

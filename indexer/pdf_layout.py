"""Positioned words of one PDF page -> text lines the table parser reads.

A printed table keeps its columns only in the words' x positions: plain text extraction drops
empty cells (values shift left), glues neighbouring cells (`37,891.58一、一般公共服务支出`) and puts
figures set a hair off the baseline on a line of their own. Here words are grouped into visual
lines by vertical overlap, a line is cut into cells at wide gaps, and within a run of table
lines every cell is placed in a column band derived from the data rows, so a row that skips a
column gets an empty cell there. Table rows come out TAB-separated, narrative as plain lines.
Geometry only: nothing here opens a PDF.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer import page_furniture
from indexer.cell_text import is_meta
from indexer.numbers import FIGURE, parse_amount
from indexer.pdf_grid import SNAP, Rulings, bands_between, boundaries, fits, header_grid, ruled_rows, top_rule

# Gaps inside a cell (a space between words) measured 0.2-0.6 of the font size on the dev PDFs;
# gaps between cells 0.7 and up (tight multi-line headers) to tens of font sizes.
CELL_GAP_EM = 0.65
# Two words share a visual line when their vertical extents overlap by this share of the
# smaller height: figures in another font sit a little off the label's baseline.
LINE_OVERLAP = 0.5
# Label fragments (a wrapped row label) may sit between rows of a table; more single-cell lines
# than this in a row end the table run (a note, then the next table's title).
MAX_INNER_SINGLE_LINES = 2

# An amount glued to the label that follows it, or following the label it is glued to.
_GLUED_AFTER = re.compile(rf"^({FIGURE})(?=[^\d.,%万元])")
_GLUED_BEFORE = re.compile(rf"(?<=[\u4e00-\u9fff）)])({FIGURE})$")
_TABLE_TITLE = re.compile(r"表$|^(?:附)?表\s*[\dA-Za-z一二三四五六七八九十]")
_ASCII_END = re.compile(r"[A-Za-z0-9%.,)]$")
_ASCII_START = re.compile(r"^[A-Za-z0-9(]")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    glued: bool = False  # cut from the word before it: a cell boundary in a table line


@dataclass
class Cell:
    text: str
    x0: float
    x1: float

    @property
    def is_figure(self) -> bool:
        return parse_amount(self.text) is not None


@dataclass
class VisualLine:
    words: list[Word]
    cells: list[Cell] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return _join(self.words)


def split_glued(word: Word, char_x: list[float], char_right: list[float] | None = None) -> list[Word]:
    """Cut an amount off the label it touches. char_x[i] is the left x of character i, which
    places the cut exactly; without it the cut is placed by character share. char_right[i], the
    right x of character i, ends the left part where its ink ends: the gap up to the next
    character may hold a column's ruling line."""
    for pattern, group_end in ((_GLUED_AFTER, True), (_GLUED_BEFORE, False)):
        m = pattern.search(word.text)
        if not m or m.end() - m.start() == len(word.text):
            continue
        cut = m.end() if group_end else m.start()
        x = char_x[cut] if cut < len(char_x) else word.x0 + (word.x1 - word.x0) * cut / len(word.text)
        left_end = char_right[cut - 1] if char_right and cut - 1 < len(char_right) else x
        left = Word(word.text[:cut], word.x0, left_end, word.top, word.bottom, word.size, word.glued)
        right = Word(word.text[cut:], x, word.x1, word.top, word.bottom, word.size, True)
        return [left, right]
    return [word]


def visual_lines(words: list[Word]) -> list[VisualLine]:
    """Words -> lines, top to bottom; each line's words left to right."""
    lines: list[tuple[float, float, list[Word]]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom, members = lines[i]
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= LINE_OVERLAP * min(bottom - top, w.bottom - w.top):
                members.append(w)
                break
        else:
            lines.append((w.top, w.bottom, [w]))
    out = []
    for _, _, members in sorted(lines, key=lambda t: t[0]):
        members.sort(key=lambda w: w.x0)
        line = VisualLine(members)
        line.cells = _cells(members)
        out.append(line)
    return out


def _join(words: list[Word]) -> str:
    """Chinese runs need no space; two ASCII tokens (a code and an English word) keep one."""
    text = ""
    for w in words:
        if text and _ASCII_END.search(text) and _ASCII_START.match(w.text):
            text += " "
        text += w.text
    return text


def _cells(words: list[Word]) -> list[Cell]:
    groups: list[list[Word]] = [[words[0]]]
    for prev, w in zip(words, words[1:]):
        wide = w.x0 - prev.x1 > CELL_GAP_EM * min(prev.size, w.size)
        # two figures side by side are two cells however tight the columns
        if wide or (parse_amount(prev.text) is not None and parse_amount(w.text) is not None):
            groups.append([w])
        else:
            groups[-1].append(w)
    if len(groups) > 1:  # a table line: an amount glued to a label is two cells
        groups = [part for g in groups for part in _split_at_glue(g)]
    return [Cell(_join(g), g[0].x0, g[-1].x1) for g in groups]


def _split_at_glue(group: list[Word]) -> list[list[Word]]:
    parts: list[list[Word]] = [[group[0]]]
    for prev, w in zip(group, group[1:]):
        if w.glued or _touching(prev, w):
            parts.append([w])
        else:
            parts[-1].append(w)
    return parts


def _touching(prev: Word, w: Word) -> bool:
    """An amount and a label a gap narrower than a cell gap apart: a right-aligned figure that ends
    at its column's rule and the next column's left-aligned label starting just after it
    (`296,030.91` | `一、一般公共服务支出`). Joined, the figure would become part of the label's row
    name. A label before a figure is not cut: inside a cell of prose it is the sentence's own
    figure (`其中地上24.56`)."""
    m = _GLUED_AFTER.match(prev.text + w.text)
    return m is not None and m.end() == len(prev.text)


def is_page_number(text: str) -> bool:
    return page_furniture.is_page_number(text, bare=True)


# --- column bands -------------------------------------------------------------------------

def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def column_bands(rows: list[list[Cell]], start: list[tuple[float, float]] | None = None) -> list[tuple[float, float]]:
    """x-bands of a table's columns. Narrow cells go first (figures and codes sit in one column);
    a wider cell that would bridge two bands already found is a merged cell and widens neither.
    `start` bands are kept as they are: heading words add only the columns no figure stands in."""
    fixed = [list(b) for b in start or []]
    bands: list[list[float]] = []
    for cell in sorted((c for row in rows for c in row), key=lambda c: c.x1 - c.x0):
        if any(_overlap(cell.x0, cell.x1, b[0], b[1]) > 0 for b in fixed):
            continue
        hit = [b for b in bands if _overlap(cell.x0, cell.x1, b[0], b[1]) > 0]
        if len(hit) == 1:
            hit[0][0], hit[0][1] = min(hit[0][0], cell.x0), max(hit[0][1], cell.x1)
        elif not hit:
            bands.append([cell.x0, cell.x1])
    return sorted((b[0], b[1]) for b in fixed + bands)


def headed_bands(bands: list[tuple[float, float]], headings: list[list[Cell]]) -> list[tuple[float, float]]:
    """Right-aligned figures under a centred heading: the heading can end left of the widest
    figure. A band no heading word touches takes, from each heading line, the nearest word in
    the gap to its left (the heading of an empty column would leave a band of its own headed)."""
    out = [list(b) for b in bands]
    for k, (b0, b1) in enumerate(bands):
        if any(_overlap(c.x0, c.x1, b0, b1) > 0 for line in headings for c in line):
            continue
        gap_start = bands[k - 1][1] if k else float("-inf")
        for line in headings:
            in_gap = [c for c in line if c.x0 > gap_start and c.x1 < b0]
            if in_gap:
                out[k][0] = min(out[k][0], max(in_gap, key=lambda c: c.x1).x0)
    return [(b[0], b[1]) for b in out]


def _band_of(cell: Cell, bands: list[tuple[float, float]], header: bool) -> int | None:
    """A figure must overlap exactly one band. A heading over several bands is a merged heading
    and starts at its first band (the parser spans it to the right); otherwise a label goes to
    the band it overlaps most."""
    hit = [(o, i) for i, (b0, b1) in enumerate(bands) if (o := _overlap(cell.x0, cell.x1, b0, b1)) > 0]
    if not hit:
        return None
    if len(hit) == 1:
        return hit[0][1]
    if cell.is_figure:
        return None
    if header and all(o >= 0.5 * (bands[i][1] - bands[i][0]) for o, i in hit[:2]):
        return hit[0][1]
    return max(hit)[1]


def place_row(cells: list[Cell], bands: list[tuple[float, float]]) -> tuple[list[str] | None, int]:
    """A body row's cells -> (one text per band, figures left out). A figure that overlaps no
    band or two, or shares its band with another cell, is left out and counted: read in order it
    could land in the neighbouring column, a confident wrong number. A label that cannot be
    placed makes the whole row unplaceable (None)."""
    out = [""] * len(bands)
    owners: dict[int, list[Cell]] = {}
    for cell in cells:
        col = _band_of(cell, bands, header=False)
        if col is None and not cell.is_figure:
            return None, sum(c.is_figure for c in cells)
        if col is not None:
            owners.setdefault(col, []).append(cell)
    dropped = sum(c.is_figure for c in cells) - sum(c.is_figure for cs in owners.values() for c in cs)
    for col, cs in owners.items():
        if len(cs) == 1:
            out[col] = cs[0].text
        elif all(not c.is_figure for c in cs):
            out[col] = " ".join(c.text for c in cs)  # one label printed with a gap
        else:
            dropped += sum(c.is_figure for c in cs)
            out[col] = " ".join(c.text for c in cs if not c.is_figure)
    return out, dropped


def place_heading(words: list[Word], bands: list[tuple[float, float]]) -> list[str] | None:
    """A heading line word by word: headings of tight columns run into one cell at the gap
    threshold, and the words of one band are joined again."""
    out = [""] * len(bands)
    for w in words:
        col = _band_of(Cell(w.text, w.x0, w.x1), bands, header=True)
        if col is None:
            return None
        out[col] = _join([Word(out[col], 0, 0, 0, 0, 0), w]) if out[col] else w.text
    return out


@dataclass
class PageText:
    lines: list[str]
    bands: list[tuple[float, float]] | None  # of the page's last table, for a table run on over the page
    unplaced: int = 0  # figures left out because their column could not be told


def _is_data(cells: list[Cell]) -> bool:
    return any(c.is_figure for c in cells)


def _table_runs(lines: list[VisualLine]) -> list[tuple[int, int]]:
    """[start, end) index runs of table lines: lines of 2+ cells, with up to
    MAX_INNER_SINGLE_LINES single-cell label fragments between them."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if len(lines[i].cells) < 2:
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < len(lines):
            if len(lines[j].cells) >= 2:
                end = j
                j += 1
                continue
            k = j
            while k < len(lines) and len(lines[k].cells) < 2 and _fragment(lines[k]) and k - j < MAX_INNER_SINGLE_LINES:
                k += 1
            if k < len(lines) and k > j and len(lines[k].cells) >= 2:
                j = k
                continue
            break
        runs.append((start, end + 1))
        i = end + 1
    return runs


def _fragment(line: VisualLine) -> bool:
    text = line.cells[0].text if line.cells else ""
    return bool(text) and not is_page_number(text) and not _TABLE_TITLE.search(text) and not text.endswith(("。", "：", ":"))


def layout_page(lines: list[VisualLine], carried: list[tuple[float, float]] | None,
                rulings: Rulings | None = None) -> PageText:
    """Lines of one page -> text lines. `carried` are the bands of the table the previous page
    ended with: a continuation page without its own header keeps the same columns. `rulings`
    are the page's drawn lines: a ruled table takes its columns and header cells from them."""
    out: list[str] = []
    last_bands = None
    unplaced = 0
    runs = dict(_table_runs(lines))
    ruled = _ruled_runs(lines, runs, rulings)
    first_run = min(runs, default=None)
    i = 0
    while i < len(lines):
        plan = ruled.get(i)
        groups = None
        if plan is not None:
            end, bands, header_rows, first_data = plan
            # notes and unit lines printed inside the ruled box stay narrative, above the table
            out.extend("\t".join(c.text for c in ln.cells) for ln in lines[i:first_data] if _is_furniture(ln))
            out.extend("\t".join(r) for r in header_rows)
            block = lines[first_data:end]
            groups = ruled_rows(rulings, [b[0] for b in bands] + [bands[-1][1]], [(ln.top, ln.bottom) for ln in block])
            i = end
        elif i in runs:
            block = lines[i:runs[i]]
            bands = _text_bands(block, carried if i == first_run else None)
            i = runs[i]
        else:
            if not is_page_number(lines[i].text):
                out.append(lines[i].text)
            i += 1
            continue
        body, dropped = _place_block(block, bands, groups)
        out.extend(body)
        unplaced += dropped
        last_bands = bands
    return PageText(out, last_bands, unplaced)


def _is_furniture(line: VisualLine) -> bool:
    return is_page_number(line.text) or is_meta(line.text) or len(line.cells) == 1 and not _fragment(line)


def _text_bands(block: list[VisualLine], carried: list[tuple[float, float]] | None) -> list[tuple[float, float]] | None:
    """Columns of an unruled table, from where its figures and headings stand."""
    headings = [ln for ln in block if not _is_data(ln.cells) and len(ln.cells) > 1
                and not any(is_meta(c.text) for c in ln.cells)]
    data_rows = [ln.cells for ln in block if _is_data(ln.cells)]
    bands = column_bands(data_rows) if data_rows else None
    # a page that opens with figures, no heading, continues the previous page's table
    if bands and carried and not headings and _continues(bands, carried):
        bands = carried
    if bands:
        heading_words = [[Cell(w.text, w.x0, w.x1) for w in ln.words] for ln in headings]
        bands = column_bands(heading_words, start=headed_bands(bands, heading_words))
    return bands


def _place_block(block: list[VisualLine], bands: list[tuple[float, float]] | None,
                 groups: list[list[int]] | None = None) -> tuple[list[str], int]:
    """`groups`: runs of lines that share one ruled row (pdf_grid.ruled_rows)."""
    unplaced = 0
    rows: list[list[str] | None] = []
    for ln in block:
        placed, dropped = _place_line(ln, bands)
        unplaced += dropped
        rows.append(placed)
    if groups and bands:
        block, rows = _merge_ruled(block, rows, groups, len(bands))
    out = []
    for ln, placed in zip(block, rows) if bands is None else _attach_fragments(block, rows):
        texts = placed if placed is not None else [c.text for c in ln.cells]
        out.append("\t".join(texts) if len(texts) > 1 or bands else texts[0])
    return out, unplaced


def _place_line(ln: VisualLine, bands: list[tuple[float, float]] | None) -> tuple[list[str] | None, int]:
    """One line's text per band (None: not placed), and the figures left out."""
    if not bands or len(bands) < 2:
        return None, 0
    if not _is_data(ln.cells):
        return place_heading(ln.words, bands), 0
    placed, dropped = place_row(ln.cells, bands)
    # an unplaceable row keeps its labels readable; none of its figures is kept
    return placed if placed is not None else [c.text for c in ln.cells if not c.is_figure] or [""], dropped


def place_lines(lines: list[VisualLine]) -> list[tuple[list[str], int]]:
    """One unruled table run placed line for line in its column bands: per line, its texts and
    the figures it left out. Nothing is joined or dropped, so a caller keeps its own line numbers
    (text whose columns stand at fixed character positions, indexer.fixed_width)."""
    bands = _text_bands(lines, None)
    out = []
    for ln in lines:
        placed, dropped = _place_line(ln, bands)
        out.append((placed if placed is not None else [c.text for c in ln.cells], dropped))
    return out


def _merge_ruled(block: list[VisualLine], rows: list[list[str] | None], groups: list[list[int]],
                 width: int) -> tuple[list[VisualLine], list[list[str] | None]]:
    """A figure too wide for its ruled box wraps (`124,216.9` over `9`): read line by line, the
    first piece would be a confident wrong number. The lines of such a ruled row are one row,
    every cell joined top to bottom (its label `深圳市…委员会` / `（本级）` too). Rows without a
    wrapped figure keep their lines: a merged cell spanning several ruled rows of a form is not
    one row, and two whole numbers in one box must not be glued into one."""
    keep_lines, keep_rows = [], []
    for group in groups:
        parts = [rows[k] for k in group]
        merged = _joined(parts, width) if len(group) > 1 else None
        if merged is None:
            keep_lines += [block[k] for k in group]
            keep_rows += parts
        else:
            keep_lines.append(max((block[k] for k in group), key=lambda ln: len(ln.cells)))
            keep_rows.append(merged)
    return keep_lines, keep_rows


# the end of a wrapped figure on the line under it, and the figure's start: a long amount (with a
# thousands comma or decimals) that a box cut short
_FIGURE_TAIL = re.compile(r"^\d{1,3}$")
_FIGURE_HEAD = re.compile(r"[,.]")


def _joined(parts: list[list[str] | None], width: int) -> list[str] | None:
    if any(p is None or len(p) != width for p in parts):
        return None
    out, wrapped = [], False
    for texts in zip(*parts):
        pieces = [t for t in texts if t]
        figures = [t for t in pieces if parse_amount(t) is not None]
        if len(figures) == 2 and len(pieces) == 2 and _FIGURE_HEAD.search(pieces[0]) and _FIGURE_TAIL.match(pieces[1]):
            wrapped = True
        elif len(figures) > 1:
            return None
        text = "".join(pieces)
        if figures and parse_amount(text) is None:
            return None
        out.append(text)
    return out if wrapped else None


def _ruled_runs(lines: list[VisualLine], runs: dict[int, int], rulings: Rulings | None) -> dict[int, tuple]:
    """Table runs whose columns are drawn: start (moved up to the table's top rule, over header
    lines of one cell) -> (end, bands, header rows, index of the first data line)."""
    plans: dict[int, tuple] = {}
    if not rulings or not rulings.verticals:
        return plans
    prev_end = 0
    for start, end in sorted(runs.items()):
        data = [k for k in range(start, end) if _is_data(lines[k].cells)]
        xs = boundaries(rulings, [(lines[k].top, lines[k].bottom) for k in data]) if data else None
        words = [w for k in data for w in lines[k].words]
        if xs:
            xs = _outer(xs, words)
        if not xs or not all(fits(w, xs) for w in words):
            prev_end = end
            continue
        first = data[0]
        top = top_rule(rulings, xs, lines[first].top)
        head_start = start
        while top is not None and head_start > prev_end and lines[head_start - 1].top >= top - SNAP:
            head_start -= 1
        header_lines = [ln for ln in lines[head_start:first] if not _is_furniture(ln)]
        header = header_grid(rulings, xs, [ln.words for ln in header_lines]) if header_lines else []
        plans[head_start] = (end, bands_between(xs), header, first)
        prev_end = end
    return plans


def _outer(xs: list[float], words: list[Word]) -> list[float]:
    """A table drawn without its outer frame: text left of the first rule or right of the last
    is a column of its own."""
    left = min(w.x0 for w in words)
    right = max(w.x1 for w in words)
    return ([left - SNAP] if left < xs[0] - SNAP else []) + xs + ([right + SNAP] if right > xs[-1] + SNAP else [])


def _attach_fragments(block: list[VisualLine], rows: list[list[str] | None]) -> list[tuple[VisualLine, list[str] | None]]:
    """A row label wrapped over lines leaves fragments (`国家电影事业发展专项资金安排` / code and
    figures / `的支出`). A one-cell line joins the row next to it when it is clearly closer to that
    row than to the row on its other side (wrapped lines sit tighter than rows); evenly spaced
    one-cell lines are rows of their own."""
    keep = [True] * len(block)
    for i, (ln, placed) in enumerate(zip(block, rows)):
        if len(ln.cells) != 1 or placed is None or _is_data(ln.cells):
            continue
        band = next(k for k, t in enumerate(placed) if t)
        height = ln.bottom - ln.top
        near = []
        for j in (i - 1, i + 1):
            if 0 <= j < len(block) and keep[j] and rows[j] is not None and len(block[j].cells) > 1:
                gap = ln.top - block[j].bottom if j < i else block[j].top - ln.bottom
                near.append((gap, j))
        near.sort()
        if not near:
            continue
        gap, j = near[0]
        clear = near[1][0] - gap >= 0.4 * height if len(near) > 1 else gap < 0.3 * height
        if not clear:
            continue
        texts = rows[j]
        texts[band] = placed[band] + texts[band] if j > i else texts[band] + placed[band]
        keep[i] = False
    return [(ln, placed) for ln, placed, k in zip(block, rows, keep) if k]


def _continues(bands: list[tuple[float, float]], carried: list[tuple[float, float]]) -> bool:
    """Every band of this page lies in one band of the previous page's table, in order."""
    if len(bands) > len(carried):
        return False
    hits = []
    for b0, b1 in bands:
        hit = [i for i, (c0, c1) in enumerate(carried) if _overlap(b0, b1, c0, c1) > 0]
        if len(hit) != 1:
            return False
        hits.append(hit[0])
    return hits == sorted(set(hits))

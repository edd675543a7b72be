"""Space-separated table regions of a document -> header, column names and positioned rows.

Document pass (`read_lines`): page-number lines and running page headers are layout, not content;
a data line is a table row; label-only lines directly above a table's first row are its header;
label-only lines around a data row whose label wrapped (`机关事业单位基本养老` / `2080505 482.19 …` /
`保险缴费支出`) join its label.
Table pass (`build`): rows are cut into segments (side-by-side panels), split 类/款/项 codes are
rebuilt, and each figure is placed in a value column (indexer.space_place) or counted unplaced.
The result is ordinary Row/Cell records, one cell per column, so items.py stays layout-blind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from core.lexicon import GRAND_TOTALS
from indexer.models import Cell, Row
from indexer.numbers import LIST_NUMBER, normalise_text, parse_amount
from indexer.page_furniture import is_page_number, page_top_lines
from indexer.space_funds import fund_columns
from indexer.space_headers import grouped_names
from indexer.space_place import Placed, place, printed_totals_hold, total_column_holds
from indexer.space_rows import Segment, Token, line_kind, segments, tokenize
from indexer.space_sangong import heading_piece, place_sangong, sangong_columns
from indexer.space_sides import ROW_NUMBER, index_widths, panel_by_side, panel_names, promote_rownum_rows, with_sum_rows
from indexer.space_totals import subtotal_names, total_row_names

_TITLE_END = re.compile(r"表$|表[（(].*[)）]$")
_NUMBERED = re.compile(rf"^(?:{LIST_NUMBER}|其中)")
# 科目代 / 码 (and 码 码 码 of side-by-side panels): 科目代码 broken over the lines around the naming line
_LABEL_HEADING = re.compile(r"编码|代码|名称|^项目$|^科目$|^[类款项]$|分类|^\*+$|^栏次$|^科目[编代]$|^码+$")
_SUB_ITEM = re.compile(r"^其中[:：]")
_CODE_PARTS = ("类", "款", "项")
_MAX_HEADER_LINES = 16  # a header broken over many lines (深圳 支出总表: 15)


@dataclass
class SpaceLine:
    kind: str  # "data" | "header" | "index" | "layout" (page number, running header, consumed wrap)
    line: int
    text: str = ""
    tokens: list[Token] = field(default_factory=list)
    line_start: int = 0
    line_end: int = 0


def read_lines(lines: list[str], taken: set[int]) -> dict[int, SpaceLine]:
    """Line number -> SpaceLine for the lines that belong to space-separated tables."""
    running = page_top_lines(lines)
    out: dict[int, SpaceLine] = {}
    kinds: dict[int, str | None] = {}
    toks: dict[int, list[Token]] = {}
    for n, raw in enumerate(lines, start=1):
        if n in taken or not raw.strip():
            continue
        if is_page_number(raw) or raw.strip() in running:
            out[n] = SpaceLine("layout", n)
            continue
        toks[n] = tokenize(raw)
        kinds[n] = line_kind(toks[n], raw)

    promote_rownum_rows(kinds, toks, _is_title)
    data_lines = [n for n, k in kinds.items() if k == "data"]
    for n in data_lines:
        out[n] = SpaceLine("data", n, lines[n - 1], toks[n], n, n)
    for n in data_lines:
        _join_wraps(n, kinds, toks, out, lines)
    for n in data_lines:
        prev = n - 1
        while prev in out and out[prev].kind == "layout" or (prev >= 1 and not lines[prev - 1].strip()):
            prev -= 1
        if prev in out and out[prev].kind in ("data", "header", "index"):
            continue
        _mark_header(n, kinds, toks, out, lines)
    for n, k in kinds.items():
        # label lines between rows of one table: a repeated header after a page break, a row
        # that prints no figure: neither ends the table
        if k in ("labels", "index") and n not in out and _between_rows(n, out, lines, kinds, toks):
            out[n] = SpaceLine("layout", n)
    for n in data_lines:
        if _reprinted(n, out, lines):
            out[n] = SpaceLine("layout", n)
    return out


_REPRINT_SPAN = 40  # lines between a page's last row and the next page's first: furniture and a repeated header


def _reprinted(n: int, out: dict[int, SpaceLine], lines: list[str]) -> bool:
    """The first row after a page break printed again from the page before (some templates repeat
    the last row on top of the next page): the same text as the previous page's last row, with
    nothing between them but a blank line, page furniture and lines the table printed before (its
    title, unit line and header repeated). Counting it twice would double the figures."""
    between: list[str] = []
    m = n - 1
    while m >= 1 and n - m <= _REPRINT_SPAN:
        if m in out and out[m].kind == "data":
            break
        between.append(lines[m - 1].strip())
        m -= 1
    else:
        return False
    # figures alone do not identify a row: two rows may print the same amounts
    if m < 1 or lines[m - 1].strip() != lines[n - 1].strip() or "" not in between or not any(
            t.kind in ("label", "code") for t in out[n].tokens):
        return False
    earlier = {x.strip() for x in lines[max(0, m - 1 - 5 * _REPRINT_SPAN): m - 1]}
    return all(not x or x in earlier or (k in out and out[k].kind == "layout")
               for k, x in zip(range(n - 1, m, -1), between))


def _between_rows(n: int, out: dict[int, SpaceLine], lines: list[str], kinds: dict, toks: dict) -> bool:
    """Inside a table: table lines on both sides, across other label-only lines (a run of rows
    printing no figure: 二、外交支出 / 三、国防支出 …) but not across a title."""
    def near(step: int) -> bool:
        m = n + step
        while 1 <= m <= len(lines):
            if m in out and out[m].kind in ("data", "header", "index"):
                return True
            if m in out or not lines[m - 1].strip() or (kinds.get(m) in ("labels", "index") and not _is_title(toks[m])):
                m += step
                continue
            return False
        return False
    return near(-1) and near(1)


def _is_wrap_part(k: str | None, text: str) -> bool:
    """A piece of a wrapped label is one word: a line of several words is a header line."""
    words = normalise_text(text).split()
    return k == "labels" and len(words) == 1 and not _NUMBERED.match(words[0]) and not _TITLE_END.search(words[0])


def _join_wraps(n: int, kinds: dict, toks: dict, out: dict[int, SpaceLine], lines: list[str]) -> None:
    """A data row with label parts on the lines just above and below it (or a row printing no
    label at all, with a part on one side) takes them into its label."""
    row = out[n]
    has_label = any(t.kind == "label" for t in row.tokens)
    above = n - 1 if n > 1 and _is_wrap_part(kinds.get(n - 1), lines[n - 2]) and (n - 1) not in out else None
    below = n + 1 if n < len(lines) and _is_wrap_part(kinds.get(n + 1), lines[n]) and (n + 1) not in out else None
    if not (above and below) and (has_label or not (above or below)):
        return
    head = [t for t in row.tokens if t.kind in ("code", "star") or (t.kind == "int" and t is row.tokens[0] and len(row.tokens) > 1 and row.tokens[1].kind == "label")]
    rest = row.tokens[len(head):]
    own = rest[0].text if rest and rest[0].kind == "label" else ""
    tail = rest[1:] if own else rest
    label = "".join(toks[m][0].text for m in (above,) if m) + own + "".join(toks[m][0].text for m in (below,) if m)
    row.tokens = head + [Token("label", label)] + tail
    for m in (above, below):
        if m:
            out[m] = SpaceLine("layout", m)
            kinds[m] = "wrap"
    row.line_start, row.line_end = above or n, below or n


def _is_title(tokens: list[Token]) -> bool:
    return any(_TITLE_END.search(t.text) for t in tokens)


def _mark_header(n: int, kinds: dict, toks: dict, out: dict[int, SpaceLine], lines: list[str]) -> None:
    """Label lines above a table's first row, up to its title or meta line. A run that reaches a
    data row instead lies inside a table (label-only rows), not above it."""
    m, run = n - 1, []
    while m >= 1 and len(run) < _MAX_HEADER_LINES:
        if m in out and out[m].kind == "layout":
            m -= 1
            continue
        if m in out:
            return
        k = kinds.get(m)
        if k not in ("labels", "index") or (k == "labels" and _is_title(toks[m])):
            break
        run.append(m)
        m -= 1
    for m in run:
        k = kinds[m]
        out[m] = SpaceLine("header" if k == "labels" else "index", m, lines[m - 1], toks[m], m, m)


@dataclass
class SpaceTable:
    columns: list[str]
    leaves: list[str]
    header: list[Row]
    rows: list[Row]
    unplaced: int


def _decimals(texts: list[str]) -> int:
    return max([len(t.split(".")[1]) for t in texts if "." in t] or [0])


def _header_words(text: str) -> list[str]:
    """Header words with one-character pieces of a spaced heading joined (项 目 -> 项目); a
    `其中：` lead-in is no part of the column's name (其中：基本支出 is the 基本支出 column)."""
    raw = [_SUB_ITEM.sub("", w) or w for w in normalise_text(text).split()]
    # 类 款 项 side by side head the code's own columns: never pieces of one heading (类 款 项 小 计
    # is 类 | 款 | 项 | 小计, not 类款 | 项小 | 计)
    code = {i for i, w in enumerate(raw) if w in _CODE_PARTS and any(
        0 <= j < len(raw) and raw[j] in _CODE_PARTS for j in (i - 1, i + 1))}
    words: list[str] = []
    for i, w in enumerate(raw):
        if words and len(w) == 1 and len(words[-1]) == 1 and i not in code and i - 1 not in code:
            words[-1] += w
        else:
            words.append(w)
    return words


def _value_words(header: list[SpaceLine]) -> list[list[str]]:
    """Per header line, the words that head value columns (not 科目编码, 项目, 类 款 项 …). A heading
    printed before the line's first label heading (`预算单位 科目编码 科目名称 支出总计 …`) heads one more
    label column, one the rows may leave empty: value columns stand right of the labels."""
    out = []
    for h in header:
        if h.kind != "header":
            continue
        words = _header_words(h.text)
        first = next((i for i, w in enumerate(words) if _LABEL_HEADING.search(w)), 0)
        out.append([w for w in words[first:] if not _LABEL_HEADING.search(w)])
    return out


def _header_names(header: list[SpaceLine], width: int) -> list[str] | None:
    """Value-column names when one header line, or two wrapped halves of equal length, name
    exactly `width` value columns and every other header line names fewer (a line with more
    words is the lower part of a header broken over lines: its count, not this one, is the
    table's, and a matching count elsewhere is a coincidence). None otherwise: multi-line
    headers need x positions."""
    lines = _value_words(header)
    if any(len(words) > width for words in lines) or any(_unbalanced(w) for words in lines for w in words):
        return None
    for i in reversed(range(len(lines))):  # the line nearest the rows names the lowest headings
        if len(lines[i]) == width and all(len(w) < width for j, w in enumerate(lines) if j != i):
            # a heading word alone on a line below it is the lower half of a cell broken around it
            # (国有资本 / 经营预算 above and below the line naming the other columns): that column is
            # missing from this line's count
            return None if any(len(w) == 1 for w in lines[i + 1:]) else lines[i]
    # two adjacent lines of `width` words each are the halves of wrapped cells only when nothing is
    # printed below them: a heading line below would be the lowest level, and the pair two levels
    # of different columns (合计 单位资金 … over 一般公共预 政府性基金 …)
    for i in range(len(lines) - 1):
        j = i + 1
        others = [w for k, w in enumerate(lines) if k not in (i, j)]
        if len(lines[i]) == len(lines[j]) == width and all(len(w) < width for w in others) and not any(lines[j + 1:]):
            return [a + b for a, b in zip(lines[i], lines[j])]
    return None


def _total_heading(header: list[SpaceLine]) -> str | None:
    """The header's one 合计/总计 heading (本年收入合计), when it prints exactly one: a header broken over
    lines too badly to name every column still names its total."""
    words = {w for h in header if h.kind == "header" for w in _header_words(h.text) if w.endswith(GRAND_TOTALS)}
    return words.pop() if len(words) == 1 else None


def _unbalanced(word: str) -> bool:
    """`全年预算数（A` over `）`: a heading broken inside its brackets, its column missing from
    every line's word count."""
    return word.count("（") + word.count("(") != word.count("）") + word.count(")")


def _label_heading(word: str) -> bool:
    return bool(_LABEL_HEADING.search(word)) or word == ROW_NUMBER


def _index_width(header: list[SpaceLine]) -> int | None:
    counts = [sum(1 for t in h.tokens if t.kind == "int") for h in header if h.kind == "index"]
    return max(counts) if counts else None


def _rebuild_codes(segs: list[Segment]) -> None:
    """Rows printing only a 2-digit 款/项 code under a 3-digit 类: a 2-digit row is a 款 when the
    rows after it add up to its total (first figure) before the next 款 starts."""
    i = 0
    while i < len(segs):
        s = segs[i]
        if s.code and len(s.code) == 3:
            j = i + 1
            while j < len(segs) and segs[j].sub and not segs[j].code:
                j += 1
            _split_block(s.code, _first(s), segs[i + 1: j])
            i = j
        else:
            i += 1


def _first(s: Segment) -> Decimal | None:
    a = parse_amount(s.figs[0]) if s.figs else None
    return a.value if a else None


def _split_block(lei: str, lei_total: Decimal | None, block: list[Segment]) -> None:
    k, decimals = 0, _decimals([f for s in block for f in s.figs[:1]])
    tol = Decimal(1).scaleb(-decimals)
    assigned: list[tuple[Segment, str]] = []
    kuan_totals = Decimal(0)
    while k < len(block):
        kuan, total = block[k], _first(block[k])
        if total is None:
            return
        acc, j = Decimal(0), k + 1
        while j < len(block) and abs(acc - total) > tol * (j - k):
            v = _first(block[j])
            if v is None:
                return
            acc += v
            j += 1
        if j == k + 1 or abs(acc - total) > tol * (j - k):
            # the rows ran out before adding up to this row: a table cut by a page break prints the rest
            # of its 项 on the next page. The 类's own total still proves this row its last 款 when the
            # 款 before it and this one add up to it; otherwise the levels cannot be told.
            last = lei_total is not None and total != 0 and abs(kuan_totals + total - lei_total) <= tol * (len(assigned) + 1)
            if not last or j < len(block):
                return
        assigned.append((kuan, lei + kuan.sub))
        assigned.extend((x, lei + kuan.sub + x.sub) for x in block[k + 1: j])
        kuan_totals += total
        k = j
    for seg, code in assigned:
        seg.code = code


def build(body: list[SpaceLine], header: list[SpaceLine], lines: tuple[str, ...] = ()) -> SpaceTable:
    rownums = any("行次" in w for h in header for w in _header_words(h.text))
    row_segs = [(ln, segments(ln.tokens, rownums)) for ln in body]
    _rebuild_codes([s for _, segs in row_segs for s in segs])
    panels = max((len(segs) for _, segs in row_segs), default=1)
    index_width = _index_width(header)
    all_figs = [f for _, segs in row_segs for s in segs for f in s.figs]
    decimals = _decimals(all_figs)
    # value columns per panel: from rows printing every panel
    full = [segs for _, segs in row_segs if len(segs) == panels]
    widths = [max((len(segs[p].figs) for segs in full), default=0) for p in range(panels)]
    counted = index_widths([h.tokens for h in header if h.kind == "index"], panels) if panels > 1 else None
    widths = counted or widths
    names = _header_names(header, sum(widths) if panels > 1 else (index_width or widths[0]))
    paths, grouped = names, None
    named = [names is not None] * panels
    if names is None and panels > 1 and (by_panel := panel_names(
            [_header_words(h.text) for h in header if h.kind == "header"], widths, _label_heading, bool(counted))):
        names, paths, named = by_panel.leaves, by_panel.paths, by_panel.named
    known = named  # a panel's column count is certain
    first_values = [[parse_amount(f).value for f in segs[0].figs] for _, segs in row_segs if segs]
    sangong = None
    if names is None and panels == 1:
        grouped = grouped_names(_value_words(header), index_width or widths[0], first_values, decimals)
        sangong = None if grouped else sangong_columns(_value_words(header), index_width, first_values, decimals,
                                                                   lines)
        if grouped or sangong:
            names, paths = (grouped or sangong).leaves, (grouped or sangong).paths
        for _, segs in row_segs if sangong else ():
            if segs and heading_piece(segs[0].label):
                segs[0].label = ""
    by_total = None
    if names is None and panels == 1:
        labelled = [(segs[0].label, values) for (_, segs), values in zip([x for x in row_segs if x[1]], first_values)]
        by_total = total_row_names(_total_heading(header), _value_words(header), labelled, decimals, lines)
        names = paths = by_total
        if by_total is None and (grouped := subtotal_names(_total_heading(header), _value_words(header), labelled,
                                                           decimals, lines)):
            names, paths = grouped.leaves, grouped.paths
    if panels == 1:
        named, known = [names is not None], [names is not None or index_width is not None]
        widths = [len(names) if names else (index_width or widths[0])]
    unplaced = 0
    # which panel each segment of each row sits in
    placed_rows: list[tuple[SpaceLine, list[tuple[int, Segment]]]] = []
    ranges = _rownum_ranges(full, panels) if rownums else None
    heads = [{segs[p].code[:3] for segs in full if segs[p].code} for p in range(panels)]
    for ln, segs in row_segs:
        if len(segs) == panels:
            placed_rows.append((ln, list(enumerate(segs))))
            continue
        chosen = (_panels_of(segs, widths, ranges) or _panels_by_code(segs, heads)
                  or panel_by_side(segs, full, panels, ln.text))
        if chosen is None:
            unplaced += sum(len(s.figs) for s in segs)
            continue
        placed_rows.append((ln, list(zip(chosen, segs))))
    panel_rows: dict[int, list[tuple[int, Segment]]] = {}
    for r_i, (_, pairs) in enumerate(placed_rows):
        for p, s in pairs:
            panel_rows.setdefault(p, []).append((r_i, s))
    placements: dict[tuple[int, int], dict[int, int]] = {}
    # the one column a stacked header names for sure: a proven total's own heading
    total_word = _total_heading(header) if not all(named) else None
    names_of_total: dict[int, str] = {}
    for p, items in panel_rows.items():
        width = widths[p]
        values = [[parse_amount(f).value for f in s.figs] for _, s in items]
        leaf0 = names[sum(widths[:p])] if names and width else ""
        total_first = leaf0.startswith(GRAND_TOTALS) or by_total is not None or total_column_holds(
            values, width, decimals) or (total_word is not None and printed_totals_hold(values, decimals))
        if total_word and total_first and not named[p]:
            names_of_total[p] = total_word
        if not known[p]:
            # the header does not say how many columns there are: only a proven total is certain
            width = max(width, 1)
        rows = [Placed(s.code, s.label in GRAND_TOTALS, v, None) for (_, s), v in zip(items, values)]
        if panels > 1:
            rows = with_sum_rows(rows, [s.label for _, s in items])
        if sangong:
            result = place_sangong(sangong, values, decimals)
        elif known[p]:
            panel_value_names = names[sum(widths[:p]): sum(widths[:p]) + width] if names and named[p] else []
            result = place(rows, width, total_first, decimals, grouped.sums if grouped else None,
                           fund_columns(values, panel_value_names, lines))
        else:
            result = [{0: 0} if total_first and v and all(x >= 0 for x in v) else {} for v in values]
        for (r_i, s), certain in zip(items, result):
            placements[(r_i, id(s))] = certain
            unplaced += len(s.figs) - len(certain)
    ncols = sum(2 + w for w in widths)
    out_rows: list[Row] = []
    for r_i, (ln, pairs) in enumerate(placed_rows):
        cells = [Cell("", ln.line) for _ in range(ncols)]
        for p, s in pairs:
            base = sum(2 + w for w in widths[:p])
            cells[base] = Cell(s.code or "", ln.line)
            cells[base + 1] = Cell(s.label, ln.line)
            for i, c in placements.get((r_i, id(s)), {}).items():
                cells[base + 2 + c] = Cell(s.figs[i], ln.line)
        out_rows.append(Row(cells, ln.line_start, ln.line_end))
    leaves: list[str] = []
    columns: list[str] = []
    for p, w in enumerate(widths):
        value_names = names[sum(widths[:p]): sum(widths[:p]) + w] if names else [""] * w
        if not named[p] and w and p in names_of_total:
            value_names[0] = names_of_total[p]
        leaves += ["科目编码", "项目"] + value_names
        panel_paths = paths[sum(widths[:p]): sum(widths[:p]) + w] if paths else value_names
        columns += ["科目编码", "项目"] + [path or name for path, name in zip(panel_paths, value_names)]
    header_rows = [Row([Cell(t.text, h.line) for t in h.tokens], h.line, h.line) for h in header]
    return SpaceTable(columns, leaves, header_rows, out_rows, unplaced)


def _rownum_ranges(full: list[list[Segment]], panels: int) -> list[tuple[int, int]] | None:
    ranges = []
    for p in range(panels):
        nums = [segs[p].rownum for segs in full if segs[p].rownum is not None]
        if not nums:
            return None
        ranges.append((min(nums), max(nums)))
    return ranges


def _panels_by_code(segs: list[Segment], heads: list[set[str]]) -> list[int] | None:
    """Panels that each list their own 类 (301/303 | 302 | 310/399 side by side): a coded segment sits in
    the one panel whose full rows print its 类."""
    out = []
    for s in segs:
        owners = [p for p, h in enumerate(heads) if s.code and s.code[:3] in h]
        if len(owners) != 1:
            return None
        out.append(owners[0])
    return out if out == sorted(out) and len(set(out)) == len(out) else None


def _panels_of(segs: list[Segment], widths: list[int], ranges: list[tuple[int, int]] | None) -> list[int] | None:
    """Panels for a row printing fewer segments than the table has: by its 行次 when the table
    numbers rows, else by figure count when only one panel is wide enough; None when unsure."""
    if ranges:
        out = []
        for s in segs:
            if s.rownum is None:
                return None
            out.append(min(range(len(ranges)), key=lambda p: 0 if ranges[p][0] <= s.rownum <= ranges[p][1]
                           else min(abs(s.rownum - ranges[p][0]), abs(s.rownum - ranges[p][1]))))
        return out if out == sorted(out) and len(set(out)) == len(out) else None
    if len(segs) == 1:
        if not segs[0].figs:
            return [0]
        fits = [p for p, w in enumerate(widths) if w >= len(segs[0].figs)]
        if len(fits) == 1:
            return fits
    return None

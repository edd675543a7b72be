"""Text lines -> tables (title, declared unit, header rows, body rows), whatever the layout.

Three physical layouts occur in extracted disclosures and may be mixed in one file:
- tab-separated rows, one row per line;
- markdown pipe tables (`| a | b |`, with `|---|` separator lines);
- one cell per line: each cell is a line that starts with a single TAB, rows are separated by
  an empty line (an empty cell is a line holding only the TAB).
All three are first turned into the same RawRow records; everything after that is layout-blind.
A table is a run of rows interrupted only by blank lines, separator lines and meta lines
(单位：万元, 单位名称：…, 表 3); its title is the nearest title-like line above it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.cell_lines import cell_rows
from indexer.cell_text import clean_text, declared_unit, is_code, is_meta, squeeze
from indexer.fixed_width import fixed_rows
from indexer.models import Cell, Row, Table
from indexer.numbers import parse_amount
from indexer.space_tables import SpaceLine, build, read_lines

# A table-of-contents entry: leader dots, then a page number ending the line.
_TOC_ENTRY = re.compile(r"(?:\.{4,}|…{2,}|·{4,})[^\t]*\t?\s*(?:<b>)?\s*\d+\s*(?:</b>)?\s*$")
_NO_DIGIT_BUT_YEARS = re.compile(r"^[^\d]*(?:(?:19|20)\d{2}[^\d]*)*$")
_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
# a title's own numbering: 1、 / 一、 / 表3 / 表1： / 预算01表 / 公开09表 (the id of a form, not its name)
_TITLE_NUMBERING = re.compile(
    r"^(?:\d+\s*[、.．]\s*|[一二三四五六七八九十]+、|(?:表\s*\d+(?:-\d+)?|[\u4e00-\u9fff]{1,4}\d{1,2}表)\s*[:：.．、]?\s*)")
_TITLE_MAX = 60
_NOT_HEADING_CHARS = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9()（）“”\"%％/]")
_MAX_HEADER_ROWS = 4
# a unit declared at the end of a line (… 单位：万元), as the tail of a wrapped meta line prints it
_UNIT_TAIL = re.compile(r"单位[:：](?:万元|元)$")


@dataclass
class _Line:
    kind: str  # "blank" | "sep" | "row" | "text"
    row: Row | None = None
    space: SpaceLine | None = None  # a line of a space-separated table (indexer.space_tables)
    unplaced: int = 0  # figures of a fixed-width row whose column could not be told (indexer.fixed_width)


def _split_markdown(s: str) -> list[str]:
    body = s.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return body.split("|")


def _classify(lines: list[str]) -> dict[int, _Line]:
    """Every line number -> what it is. A one-cell-per-line row is stored at its first line."""
    out: dict[int, _Line] = {}
    group: list[Cell] = []

    def flush() -> None:
        if group:
            out[group[0].line] = _Line("row", Row(list(group), group[0].line, group[-1].line))
            for cell in group[1:]:
                out[cell.line] = _Line("sep")
            group.clear()

    for idx, raw in enumerate(lines):
        n = idx + 1
        s = raw.rstrip("\n")
        if s.startswith("\t") and s.count("\t") == 1:
            group.append(Cell(clean_text(s[1:]), n))
            continue
        flush()
        if not s.strip():
            out[n] = _Line("blank")
        elif s.lstrip().startswith("|") and s.count("|") >= 2:
            texts = _split_markdown(s)
            if all(_SEPARATOR_CELL.match(t) or not t.strip() for t in texts) and "-" in s:
                out[n] = _Line("sep")
            else:
                out[n] = _Line("row", Row([Cell(clean_text(t), n) for t in texts], n, n))
        elif "\t" in s and not _TOC_ENTRY.search(s):
            texts = s.split("\t")
            if all(_SEPARATOR_CELL.match(t) or not t.strip() for t in texts):
                out[n] = _Line("sep")
            else:
                out[n] = _Line("row", Row([Cell(clean_text(t), n) for t in texts], n, n))
        else:
            out[n] = _Line("text")
    flush()

    taken = {n for n, k in out.items() if k.kind != "text"}
    for n, (texts, unplaced) in fixed_rows(lines, taken).items():
        out[n] = _Line("row", Row([Cell(clean_text(t), n) for t in texts], n, n), unplaced=unplaced)
    taken = {n for n, k in out.items() if k.kind != "text"}
    for n, row in cell_rows(lines, taken).items():
        out[n] = _Line("sep") if row is None else _Line(
            "row", Row([Cell(t, m) for t, m in row.cells], row.line_start, row.line_end), unplaced=row.unplaced)
    taken = {n for n, k in out.items() if k.kind != "text"}
    for n, sl in read_lines(lines, taken).items():
        if sl.kind == "layout":
            out[n] = _Line("blank")
        else:
            out[n] = _Line("row", Row([Cell(t.text, n) for t in sl.tokens], n, n), sl)
    return out


def _is_meta_row(row: Row) -> bool:
    filled = [c.text for c in row.cells if c.text]
    return bool(filled) and len(filled) <= 4 and any(is_meta(t) for t in filled)


def _is_column_number_row(row: Row) -> bool:
    """栏次 rows (1 2 3 4 …) number the columns; they are neither header nor data."""
    filled = [squeeze(c.text) for c in row.cells if c.text.strip()]
    if filled and filled[0] == "栏次":
        return True
    if len(filled) >= 3 and all(t.isdigit() for t in filled):
        nums = [int(t) for t in filled]
        return nums == list(range(nums[0], nums[0] + len(nums))) and nums[0] <= 1
    return False


def _is_data_row(row: Row) -> bool:
    texts = [c.text for c in row.cells]
    for i, t in enumerate(texts):
        if not t:
            continue
        if is_code(t) and any(u and parse_amount(u) is None for u in texts[i + 1:]):
            return True
        if parse_amount(t) is not None and not squeeze(t).isdigit():
            return True
    # A whole number counts only after a label in the same row: a lone leading digit is
    # usually a column number or OCR debris, not an amount.
    seen_label = False
    for t in texts[1:]:
        if t and parse_amount(t) is None:
            seen_label = True
        elif t and seen_label:
            return True
    return False


def _title_like(text: str) -> bool:
    t = squeeze(text)
    return (
        2 <= len(t) <= _TITLE_MAX
        and re.search(r"[\u4e00-\u9fff]", t) is not None
        and not t.endswith(("。", "；", ";", "：", ":"))
        and not t.startswith("注")
    )


def _header_like(row: Row) -> bool:
    """Column headings are short labels: no figures (a year is fine), no trailing colon."""
    filled = [squeeze(c.text) for c in row.cells if c.text.strip()]
    return bool(filled) and all(
        len(t) <= 20
        and not t.endswith((":", "："))
        and (_NO_DIGIT_BUT_YEARS.match(t) or not re.search(r"[\u4e00-\u9fff]", t))
        for t in filled
    )


def _align_upper(upper: list[str], lower: list[str]) -> list[str]:
    """An upper header row printed one cell per line loses its column spans: 功能分类科目 stands
    over 科目编码 + 科目名称 as one cell. Columns left empty in the lower row take one upper cell
    each (merged vertically); each run of filled lower cells shares the remaining upper cells."""
    ncols = len(lower)
    empty = [c for c in range(ncols) if not lower[c]]
    runs: list[list[int]] = []
    for c in range(ncols):
        if lower[c]:
            if runs and runs[-1][-1] == c - 1:
                runs[-1].append(c)
            else:
                runs.append([c])
    spare = len(upper) - len(empty)
    if not runs or spare < len(runs) or spare > sum(len(r) for r in runs):
        return upper + [""] * (ncols - len(upper))
    shares = [1] * len(runs)
    for _ in range(spare - len(runs)):  # extra upper cells go to the widest runs
        widest = max(range(len(runs)), key=lambda i: len(runs[i]) / shares[i])
        shares[widest] += 1
    out = [""] * ncols
    cells = iter(upper)
    starts = {run[0]: (run, share) for run, share in zip(runs, shares)}
    c = 0
    while c < ncols:
        if c in starts:
            run, share = starts[c]
            width = len(run) // share
            for k in range(share):
                out[run[k * width]] = next(cells, "")
            c = run[-1] + 1
        else:
            out[c] = next(cells, "")
            c += 1
    return out


def clean_title(text: str) -> str:
    return _TITLE_NUMBERING.sub("", squeeze(text)) or squeeze(text)


def _column_names(header: list[Row], ncols: int) -> tuple[list[str], list[str]]:
    """(leaf name, full path) per column. Upper header rows span to the right until the next
    filled cell, as merged cells do in the printed table."""
    grid: list[list[str]] = []
    rows = [[squeeze(c.text) for c in row.cells] for row in header]
    for r_i in range(len(rows)):
        if r_i < len(rows) - 1 and len(rows[r_i]) < len(rows[r_i + 1]):
            rows[r_i] = _align_upper(rows[r_i], rows[r_i + 1])
        rows[r_i] = rows[r_i] + [""] * (ncols - len(rows[r_i]))
        texts = list(rows[r_i])
        if r_i < len(header) - 1:
            last = ""
            for c in range(ncols):
                if texts[c]:
                    last = texts[c]
                elif last and c > 0:
                    texts[c] = last
        grid.append(texts)
    leaves, paths = [], []
    for c in range(ncols):
        parts: list[str] = []
        for texts in grid:
            if texts[c] and texts[c] not in parts:
                parts.append(texts[c])
        leaves.append(_leaf([texts[c] for texts in rows]))
        paths.append("/".join(parts))
    return leaves, paths


def _leaf(stack: list[str]) -> str:
    """The lowest heading of a column. OCR debris is dropped (a lone "λ", a Devanagari glyph),
    and a one-character remnant is joined to the heading above it (因公出国(境) + 费)."""
    parts = [_NOT_HEADING_CHARS.sub("", t) for t in stack]
    # a merged cell repeated down the rows it covers is one heading
    parts = [p for k, p in enumerate(parts) if p and (k == 0 or p != parts[k - 1])]
    if not parts:
        return ""
    if len(parts[-1]) < 2:
        return "".join(parts[-2:]) if len(parts) > 1 else ""
    return parts[-1]


def _find_title(kinds: dict[int, _Line], lines: list[str], first_line: int) -> tuple[str, int, str | None]:
    """Walk up from a table's first row over blank/meta lines to its title.
    Returns (title, title line, unit declared on the way)."""
    unit = None
    n = first_line - 1
    steps = 0
    piece: int | None = None  # a header piece passed on the way: the title if none is found above it
    while n >= 1 and steps < 12:
        k = kinds.get(n)
        text = lines[n - 1]
        if k is None or k.kind in ("blank", "sep"):
            n -= 1
            continue
        if k.kind == "row":
            break
        steps += 1
        if _meta_line(kinds, lines, n):
            unit = unit or declared_unit(text)
            n -= 1
            continue
        if not _title_like(text):
            break
        # only the line next to the header can be a piece of it
        if (steps == 1 and _header_piece(text, n, kinds[first_line].row, first_line)
                and _names_table_above(kinds, lines, n)):
            piece = n
            n -= 1
            continue
        return clean_title(text), n, unit or declared_unit(text)
    if piece is not None:
        return clean_title(lines[piece - 1]), piece, unit
    return "", first_line, unit


def _line_above(kinds: dict[int, _Line], n: int) -> int | None:
    m = n - 1
    while m >= 1 and kinds.get(m) is not None and kinds[m].kind in ("blank", "sep"):
        m -= 1
    return m if m >= 1 else None


def _meta_line(kinds: dict[int, _Line], lines: list[str], n: int) -> bool:
    """A meta line (单位：万元, 部门名称：…), or the end of one wrapped in two (部门名称：某某高级人民法 /
    院 单位：万元): the end carries the unit and its head, the line above, is a meta line. A title
    printed with its unit on one line has no meta line above it."""
    text = lines[n - 1]
    if is_meta(text):
        return True
    above = _line_above(kinds, n)
    t = squeeze(text)
    return above is not None and is_meta(lines[above - 1]) and _UNIT_TAIL.search(t) is not None and "表" not in t


def _header_piece(text: str, n: int, header: Row | None, first_line: int) -> bool:
    """A heading printed alone on the line above its header row, as a merged header cell spanning two
    printed rows is (采购品目大 / 采购品目大 … / 类): no figure, short, and either directly above the
    header or the start of one of its cells. A table's name (…表) is never one."""
    t = squeeze(text)
    if not t or "表" in t or re.search(r"\s{2,}|\t", text.strip()) or header is None or not _header_like(header):
        return False
    if not _header_like(Row([Cell(t, n)], n, n)):
        return False
    return n == first_line - 1 or any(squeeze(c.text).startswith(t) for c in header.cells)


def _names_table_above(kinds: dict[int, _Line], lines: list[str], n: int) -> bool:
    """Whether line n sits under the meta lines (单位：万元, 部门名称：…) of a table whose name (…表) is
    above them: only there is a lone heading part of the header. Without a meta line between, the
    line under a name may be a heading of the text (一、文字部分 under a list of contents)."""
    m = _line_above(kinds, n)
    metas = 0
    while m is not None and kinds[m].kind == "text" and _meta_line(kinds, lines, m):
        metas += 1
        m = _line_above(kinds, m)
    return (metas > 0 and m is not None and kinds[m].kind == "text" and _title_like(lines[m - 1])
            and "表" in squeeze(lines[m - 1]))


def extract_tables(lines: list[str]) -> list[Table]:
    kinds = _classify(lines)
    blocks: list[list[Row]] = []
    current: list[Row] = []
    for n in range(1, len(lines) + 1):
        k = kinds[n]
        if k.kind == "row":
            current.append(k.row)
        elif k.kind == "text" and not is_meta(lines[n - 1]):
            if current:
                blocks.append(current)
                current = []
    if current:
        blocks.append(current)

    tables: list[Table] = []
    for rows in blocks:
        table = _build_table(_drop_repeated_headers(rows, kinds, lines), kinds, lines, len(tables) + 1)
        if table is not None:
            tables.append(table)
    return tables


def _drop_repeated_headers(rows: list[Row], kinds: dict[int, _Line], lines: list[str]) -> list[Row]:
    """A header printed again after rows of a space-separated table is its header repeated over a
    page break: its lines are no second header (naming columns twice: 合计合计). Label lines of other
    words after rows stay (rows printing no figure, or a header the table pass judges)."""
    first: set[str] | None = None
    out: list[Row] = []
    run: list[Row] = []
    for row in rows:
        space = kinds[row.line_start].space
        if space is not None and space.kind in ("header", "index"):
            run.append(row)
            continue
        texts = {squeeze(lines[r.line_start - 1]) for r in run}
        if first is None and run:
            first = texts
        if run and not (texts <= first and out):
            out.extend(run)
        run = []
        out.append(row)
    return out + run


def _build_table(rows: list[Row], kinds: dict[int, _Line], lines: list[str], number: int) -> Table | None:
    title, title_line, unit = _find_title(kinds, lines, rows[0].line_start)
    if kinds[rows[0].line_start].space is not None:
        return _build_space_table(rows, kinds, lines, number, title, title_line, unit)
    content: list[Row] = []
    for row in rows:
        if _is_meta_row(row):
            for c in row.cells:
                unit = unit or declared_unit(c.text)
            continue
        if not any(c.text for c in row.cells) or _is_column_number_row(row):
            continue
        content.append(row)
    # meta lines between title and rows may also hold the unit (单位：万元 under the title)
    for n in range(title_line, rows[0].line_start):
        if kinds.get(n) and kinds[n].kind == "text" and is_meta(lines[n - 1]):
            unit = unit or declared_unit(lines[n - 1])
    if not content:
        return None
    first_data = next((i for i, r in enumerate(content) if _is_data_row(r)), len(content))
    n_header = 0
    while n_header < min(first_data, _MAX_HEADER_ROWS) and _header_like(content[n_header]):
        n_header += 1
    header = content[:n_header]
    header_keys = {tuple(squeeze(c.text) for c in r.cells) for r in header}
    body = content[n_header:first_data] + [
        r for r in content[first_data:]
        if tuple(squeeze(c.text) for c in r.cells) not in header_keys  # header repeated after a page break
    ]
    if not title and not body:
        return None
    ncols = max(len(r.cells) for r in content)
    leaves, paths = _column_names(header, ncols)
    return _table(number, title, title_line, unit, rows[0].line_start, rows[-1].line_end, header,
                  [p or leaf for leaf, p in zip(leaves, paths)], body, leaves,
                  sum(kinds[r.line_start].unplaced for r in rows))


def _build_space_table(rows: list[Row], kinds: dict[int, _Line], lines: list[str], number: int,
                       title: str, title_line: int, unit: str | None) -> Table | None:
    spaced = [kinds[r.line_start].space for r in rows if kinds[r.line_start].space is not None]
    body = [s for s in spaced if s.kind == "data"]
    # label lines after the first row are rows printing no figure, not more header levels
    header = [s for s in spaced if s.kind in ("header", "index") and body and s.line < body[0].line]
    for n in range(title_line, rows[0].line_start):
        if kinds.get(n) and kinds[n].kind == "text" and is_meta(lines[n - 1]):
            unit = unit or declared_unit(lines[n - 1])
    if not body:
        return None
    built = build(body, header, tuple(lines))
    return _table(number, title, title_line, unit, rows[0].line_start, max(s.line_end for s in body), built.header,
                  built.columns, built.rows, built.leaves, built.unplaced)


def _table(number: int, title: str, title_line: int, unit: str | None, first_line: int, last_line: int,
           header: list[Row], columns: list[str], body: list[Row], leaves: list[str], unplaced: int = 0) -> Table:
    """One table record, whichever layout its rows were read from."""
    return Table(table_id=f"T{number:02d}", title=title or "(无标题表格)", unit=unit,
                 unit_source="declared" if unit else "none", line_start=min(title_line, first_line),
                 line_end=last_line, header_rows=header, columns=columns, rows=body, column_leaves=leaves,
                 unplaced=unplaced)

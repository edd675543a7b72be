"""The standard tables a 预算 or 决算 disclosure must publish (R-CMP-01) and the 本单位无… note an
empty one must carry (R-CMP-02). A table counts as present when a parsed table or a title line
outside the table of contents names it: the contents page alone is not the table."""
from __future__ import annotations

import re
from decimal import Decimal

from indexer.checks.base import Audit, squeeze_name, text_location
from indexer.checks.catalogue import HINT, SPLIT_TABLES, STANDARD_TABLES
from indexer.models import Document

_TITLE_LINE = re.compile(r"^[^。，；,;]{4,60}表(?:[（(][^)）]{0,12}[)）])?(?:\s|$|单位|金额)")
_LEADERS = re.compile(r"\.{3,}|…{2,}|·{3,}")
# a nonzero amount printed with decimals: what an empty table does not have
_FIGURE = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+")
NONE_NOTE = re.compile(r"无[^。；;\n]{0,30}|为空表|空表|不涉及")
NOTE_REACH = 8
_UNPARSED_REACH = 60  # lines after a table's last line where its 注 may stand


def _matches(title: str, spec) -> bool:
    _, alternatives, excluded, _ = spec
    return any(all(w in title for w in alt) for alt in alternatives) and not any(w in title for w in excluded)


def _toc_lines(doc: Document) -> set[int]:
    return {n for s in doc.sections if s.role == "toc" for n in range(s.line_start, s.line_end + 1)}


def _title_lines(doc: Document) -> list[tuple[int, str, int]]:
    """(line, title, last line) of every table title: parsed tables, and title lines the table
    reader did not take up (a table without rows)."""
    toc = _toc_lines(doc)
    # a table with figures is never a contents entry, whatever the section reader took for contents
    # (placed or not: a contents page prints no amounts)
    figures = {i.table_id for i in doc.items if i.value_yuan is not None}
    found = [(t.line_start, t.title, t.line_end) for t in doc.tables
             if t.line_start not in toc or t.table_id in figures or _has_figures(doc, t.line_start, t.line_end)]
    taken = {n for t in doc.tables for n in range(t.line_start, t.line_end + 1)}
    for n, text in enumerate(doc.lines, 1):
        squeezed = re.sub(r"\s", "", text)
        if n in toc or n in taken or _LEADERS.search(text) or not _TITLE_LINE.match(squeezed):
            continue
        found.append((n, squeezed, 0))
    found.sort()
    # a title the table reader did not take up owns the lines up to the next title
    return [(n, t, end or min(next_n - 1, n + _UNPARSED_REACH)) for (n, t, end), next_n in
            zip(found, [m for m, _, _ in found[1:]] + [len(doc.lines) + 1])]


def _kind(doc: Document) -> str:
    return doc.meta.stage


def _has_figures(doc: Document, first: int, last: int) -> bool:
    return any(Decimal(m.group(0).replace(",", "")) != 0 for n in range(first + 1, last + 1)
               for m in _FIGURE.finditer(doc.line(n)))


def _noted(doc: Document, first: int, last: int, word: str) -> bool:
    """A 本单位无… note in or just below the table, or a sentence anywhere saying the agency has none."""
    span = "".join(doc.line(n) for n in range(first, last + NOTE_REACH + 1))
    if NONE_NOTE.search(span):
        return True
    body = "".join(s.text for s in doc.sections).replace("\n", "")
    return bool(word) and bool(body_note(word).search(body))


def body_note(word: str) -> re.Pattern:
    """A sentence of the 说明 saying the agency has none of `word`."""
    return re.compile(rf"(?:无|没有|未安排)[^。；;]{{0,12}}{word}|{word}[^。；;]{{0,30}}(?:无|为零|为0|空表)")


def _printed_empty(doc: Document, word: str) -> bool:
    """True when the tables print a heading or row for this fund and every figure under it is 0:
    its own table would be empty, so its absence is the missing 无… note (提示), not a missing table."""
    labels = [c for t in doc.tables for c in t.columns] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    # a heading or a row label without figures may be left out of the parsed rows: read the lines too
    lines = [doc.line(n) for t in doc.tables for n in range(t.line_start, t.line_end + 1)]
    if not any(word in squeeze_name(x) for x in labels + lines):
        return False
    return not any(i.value_yuan for i in doc.items if i.value_yuan is not None
                   and (word in squeeze_name(i.column_path) or word in squeeze_name(i.row_name)))


def printings(doc: Document, name: str) -> list[tuple[int, str, int]]:
    """(line, title, last line) of every printing of the standard table `name` outside the contents."""
    spec = next(s for s in STANDARD_TABLES[_kind(doc)] if s[0] == name)
    return [(n, t, end) for n, t, end in _title_lines(doc) if _matches(t, spec)]


def check_standard_tables(audit: Audit) -> None:
    doc = audit.doc
    if not doc.tables:
        return  # a narrative without tables is not a table disclosure
    titles = _title_lines(doc)
    for spec in STANDARD_TABLES[_kind(doc)]:
        name, _, _, word = spec
        hits = [(n, t, end) for n, t, end in titles if _matches(t, spec)]
        parts = [next(((n, t, end) for n, t, end in titles if part in t), None) for part in SPLIT_TABLES.get(name, ())]
        if not hits and parts and all(parts):
            hits = parts
        if not hits:
            at = text_location(doc, 1, name, "", "标准表")  # nothing printed: the document as a whole
            if word and _noted(doc, 1, 0, word):
                audit.passed("R-CMP-01", [at])
            elif word and _printed_empty(doc, word):
                audit.flag("R-CMP-01", "missing_table", f"未找到标准表「{name}」，表中{word}均为 0，应注明本单位无此项", at,
                           severity=HINT)
            else:
                audit.flag("R-CMP-01", "missing_table", f"未找到标准表「{name}」", at)
            continue
        n, title, end = hits[0]
        at = text_location(doc, n, name, title, "标准表")
        audit.passed("R-CMP-01", [at])
        last = max(end, *(e for _, _, e in hits))
        if _has_figures(doc, n, last):
            continue
        if _noted(doc, n, last, word or name):
            audit.passed("R-CMP-02", [at])
        else:
            audit.flag("R-CMP-02", "empty_table", f"《{title}》没有数字，也没有“本单位无…”的说明", at, severity=HINT)


CHECKS = (check_standard_tables,)

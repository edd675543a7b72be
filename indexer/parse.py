"""One disclosure file -> a Document: metadata, sections, tables, line items, findings."""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from indexer.indicators import indicator_items
from indexer.items import table_items
from indexer.metadata import read_meta
from indexer.models import Document, ParseError, Table, TextFile
from indexer.numbers import PROSE_AMOUNT, parse_amount
from indexer.reader import read_bytes, read_file
from indexer.reconcile import reconcile
from indexer.sections import parse_sections
from indexer.tables import extract_tables

_PROSE_AMOUNT = re.compile(PROSE_AMOUNT)


def _prose_units(lines: list[str], tables: list[Table]) -> Counter:
    """Which unit the narrative attaches to figures that also appear in the tables."""
    in_tables = set()
    for t in tables:
        for row in t.rows:
            for c in row.cells:
                a = parse_amount(c.text)
                if a is not None and a.value != 0:
                    in_tables.add(a.value)
    table_lines = {n for t in tables for n in range(t.line_start, t.line_end + 1)}
    votes: Counter = Counter()
    for n, line in enumerate(lines, start=1):
        if n in table_lines:
            continue
        for num, unit in _PROSE_AMOUNT.findall(line):
            a = parse_amount(num)
            if a is not None and a.value in in_tables:
                votes[unit] += 1
    return votes


def _assign_default_units(lines: list[str], tables: list[Table]) -> None:
    """Tables that declare no unit take the one the rest of the document declares; failing that,
    the unit the narrative prints beside the same figures. Otherwise the unit stays unknown and
    no yuan value is computed: a guessed unit would be a confident wrong number."""
    declared = Counter(t.unit for t in tables if t.unit)
    if declared:
        unit, source = declared.most_common(1)[0][0], "document"
    else:
        votes = _prose_units(lines, tables)
        if not votes:
            return
        unit, source = votes.most_common(1)[0][0], "prose"
    for t in tables:
        if t.unit is None:
            t.unit, t.unit_source = unit, source


def parse_text(doc_id: str, text_file: TextFile) -> Document:
    lines = text_file.lines
    tables = extract_tables(lines)
    _assign_default_units(lines, tables)
    sections = parse_sections(lines, [(t.line_start, t.line_end) for t in tables])
    meta = read_meta(doc_id, text_file)
    items = [it for t in tables for it in table_items(doc_id, t)]
    items += indicator_items(doc_id, lines, items)
    # Narrative means sentences: a cover title ("××年度部门预算公开") or a table of contents
    # alone is not something a question can be answered from.
    narrative = any(s.role != "toc" and re.search(r"[\u4e00-\u9fffA-Za-z]{2}[^\n]*?[，。；！？,;]", s.text) for s in sections)
    if not tables and not narrative:
        raise ParseError("no tables and no narrative text found")
    doc = Document(meta=meta, lines=lines, sections=sections, tables=tables, items=items, line_pages=text_file.pages,
                   unplaced_by_reader=text_file.unplaced)
    for it in items:
        it.page = doc.page_of(it.line)
    doc.findings = reconcile(doc)
    return doc


def parse_file(path: Path) -> Document:
    return parse_text(path.stem, read_file(path))


def parse_upload(name: str, data: bytes) -> Document:
    return parse_text(Path(name).stem, read_bytes(data))


def total_budget(doc: Document) -> Decimal | None:
    """The largest 总计/合计 figure: the scale against which other figures are judged."""
    totals = [i.value_yuan for i in doc.items if i.value_yuan is not None and re.search(r"总计|合计", i.row_name)]
    return max(totals) if totals else None

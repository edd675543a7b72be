"""Documents -> retrieval passages.

A passage never crosses a section boundary, so its heading path describes all of it and its
line range cites one place. Long sections are split at sentence ends with a small overlap;
short ones stay whole. Each table becomes one compact passage (title, unit, columns, row labels)
so that "which table shows X" questions find it; the figures themselves are served elsewhere.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from core.config import Settings
from indexer.models import Document, DocumentMeta, Passage, Section, Table

_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")
_NUMERIC = re.compile(r"^[\s\d.,，%％\-—()（）+=~≥≤<>]*$")
PATH_SEPARATOR = " > "


@dataclass(frozen=True)
class _Unit:
    """A sentence (or a sentence-free line) and the source line it comes from."""

    text: str
    line: int


def search_text(passage: Passage) -> str:
    """What is embedded and BM25-indexed: the passage with its agency and heading path, so a
    chunk that never names its topic ("贯彻…政策") is still found by "主要职责"."""
    year = f"{passage.year}年" if passage.year else ""
    return f"{passage.agency}{year}\n{passage.section}\n{passage.text}"


def dense_text(passage: Passage, settings: Settings) -> str:
    """What is embedded. A table's passage is cut to its head (agency, heading path, title, unit,
    columns): that is what a paraphrase can match, while its row labels are exact budget terms
    that BM25, which indexes the whole search_text, finds better. Tables are half of a
    disclosure's tokens, and embedding is most of the build time."""
    text = search_text(passage)
    return text[: settings.table_dense_max_chars] if passage.kind == "table" else text


def _passage_id(doc: str, kind: str, line_start: int, line_end: int, text: str) -> str:
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{doc}:{kind}:{line_start}-{line_end}:{digest}"


def _units(section: Section) -> list[_Unit]:
    units: list[_Unit] = []
    for text, line in zip(section.text.split("\n"), section.text_lines):
        units.extend(_Unit(piece, line) for piece in _SENTENCE_END.split(text) if piece.strip())
    return units


def _split_long(unit: _Unit, max_chars: int) -> list[_Unit]:
    """A sentence longer than a chunk (OCR often drops the 。) is cut into equal pieces."""
    if len(unit.text) <= max_chars:
        return [unit]
    return [_Unit(unit.text[i : i + max_chars], unit.line) for i in range(0, len(unit.text), max_chars)]


def _join(units: list[_Unit]) -> str:
    """Sentences of one source line join directly; source lines join with a newline."""
    out: list[str] = []
    for i, unit in enumerate(units):
        if i and unit.line != units[i - 1].line:
            out.append("\n")
        out.append(unit.text)
    return "".join(out).strip()


def _pack(units: list[_Unit], settings: Settings) -> list[list[_Unit]]:
    """Greedy packing up to max_chars; each new chunk repeats the previous chunk's last
    sentences up to overlap_chars so a statement cut at the boundary is whole on one side."""
    chunks: list[list[_Unit]] = []
    current: list[_Unit] = []
    size = 0
    for unit in units:
        if current and size + len(unit.text) > settings.chunk_max_chars:
            chunks.append(current)
            tail: list[_Unit] = []
            for prev in reversed(current):
                if sum(len(u.text) for u in tail) + len(prev.text) > settings.chunk_overlap_chars:
                    break
                tail.insert(0, prev)
            current, size = tail, sum(len(u.text) for u in tail)
        current.append(unit)
        size += len(unit.text)
    if current:
        chunks.append(current)
    # A last chunk that is only a small remainder reads better merged into its predecessor.
    if len(chunks) > 1 and sum(len(u.text) for u in chunks[-1]) < settings.chunk_min_chars:
        tail_units = [u for u in chunks.pop() if u not in chunks[-1]]
        chunks[-1].extend(tail_units)
    return chunks


def section_passages(meta: DocumentMeta, section: Section, settings: Settings) -> list[Passage]:
    """Chunks of one section. The first chunk starts at the heading line, so a tiny section is its
    heading plus its text; a heading with no text of its own yields nothing (its title lives on
    in its children's paths)."""
    if section.role == "toc" or not section.text.strip():
        return []
    path = PATH_SEPARATOR.join(section.path)
    units = [piece for unit in _units(section) for piece in _split_long(unit, settings.chunk_max_chars)]
    passages = []
    for n, chunk in enumerate(_pack(units, settings)):
        text = _join(chunk)
        line_start = section.line_start if n == 0 else chunk[0].line
        line_end = chunk[-1].line
        passages.append(
            Passage(
                passage_id=_passage_id(meta.doc, "section", line_start, line_end, text),
                doc=meta.doc,
                agency=meta.agency,
                year=meta.year,
                section=path,
                line_start=line_start,
                line_end=line_end,
                text=text,
                kind="section",
            )
        )
    return passages


def _row_label(cells: list[str]) -> str:
    return "，".join(dict.fromkeys(c.strip() for c in cells if c.strip() and not _NUMERIC.match(c)))


def table_passage(meta: DocumentMeta, table: Table, section_path: str, settings: Settings) -> Passage:
    """One compact passage describing a table: title, unit, column names and the labels of its
    rows (the non-numeric cells), capped at Settings.table_passage_max_chars."""
    head = table.title + (f"（单位：{table.unit}）" if table.unit else "")
    columns = "、".join(dict.fromkeys(c for c in table.columns if c and not _NUMERIC.match(c)))
    rows = "；".join(label for label in dict.fromkeys(_row_label(r.texts) for r in table.rows) if label)
    text = "\n".join(part for part in (head, f"栏目：{columns}" if columns else "", rows) if part)
    text = text[: settings.table_passage_max_chars]
    section = PATH_SEPARATOR.join(p for p in (section_path, table.title) if p)
    return Passage(
        passage_id=_passage_id(meta.doc, "table", table.line_start, table.line_end, text),
        doc=meta.doc,
        agency=meta.agency,
        year=meta.year,
        section=section,
        line_start=table.line_start,
        line_end=table.line_end,
        text=text,
        kind="table",
    )


def _enclosing_path(sections: list[Section], line: int) -> str:
    """Heading path of the last section that starts at or before a line."""
    best = None
    for section in sections:
        if section.line_start <= line and section.role == "body":
            best = section
    return PATH_SEPARATOR.join(best.path) if best else ""


def document_passages(document: Document, settings: Settings) -> list[Passage]:
    """All passages of a parsed document: its sections' chunks, then one per table."""
    passages = [p for s in document.sections for p in section_passages(document.meta, s, settings)]
    passages += [
        table_passage(document.meta, t, _enclosing_path(document.sections, t.line_start), settings)
        for t in document.tables
    ]
    return passages

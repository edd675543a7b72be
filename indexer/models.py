"""The typed records that flow from a disclosure file into the stores.

Every record carries 1-based line numbers into the original corpus file so that any number
shown to a user can be followed back to the exact source line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Section:
    """A heading and the narrative text under it (up to the next heading of any level)."""

    title: str
    level: int  # 1 = 第一部分, 2 = 一、, 3 = （一）, 4 = 1. / 1、, 5 = (1)
    path: list[str]  # heading titles from the top level down to this one
    line_start: int  # the heading line
    line_end: int  # last line of the text under it
    text: str  # body text (heading excluded); table lines excluded
    # 1-based source line of each line of `text` (text.split("\n")), so chunks can cite lines
    text_lines: list[int] = field(default_factory=list)
    role: str = "body"  # "body" | "preamble" (before the first heading) | "toc" (目录 area)


@dataclass
class Cell:
    text: str
    line: int


@dataclass
class Row:
    cells: list[Cell]
    line_start: int
    line_end: int

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Table:
    table_id: str  # unique within the document, e.g. "T03"
    title: str
    unit: str | None  # declared unit: "元" / "万元"; None when nothing could be told
    unit_source: str  # "declared" | "document" | "prose" | "none"
    line_start: int  # title line (or first row when untitled)
    line_end: int
    header_rows: list[Row]
    columns: list[str]  # one display name per column index (multi-level headers joined by "/")
    rows: list[Row]  # body rows, in order
    column_leaves: list[str] = field(default_factory=list)  # lowest header cell per column
    # figures seen in the rows that could not be tied to one column with certainty: kept out of the
    # store (a guessed column would be a confident wrong number) and counted in the build summary
    unplaced: int = 0


@dataclass
class LineItem:
    doc: str
    table: str
    table_id: str
    row_code: str | None  # 科目编码 (功能分类 2101201 / 经济分类 30101) when the row has one
    row_name: str
    column: str  # leaf header of the column, e.g. 合计 / 基本支出
    column_path: str  # full multi-level header, e.g. 本年收入/一般公共预算
    value: str  # as printed in the file
    unit: str | None
    value_yuan: Decimal | None  # exact; None when the unit is unknown or not money (%)
    line: int
    row_index: int
    col_index: int
    parent_code: str | None = None  # 类 for 款, 款 for 项
    row_group: str | None = None  # label of a merged first-column cell that spans this row
    page: int | None = None  # 1-based PDF page of `line`, when the source had pages


@dataclass(frozen=True)
class Location:
    """One figure a check read: where it is printed and what it says."""

    doc: str
    table: str  # table title, or "说明" for narrative text
    row: str  # row code and name, or the item a sentence names
    column: str
    line: int
    page: int | None
    value: str  # as printed
    table_id: str = ""  # with row_index/col_index, the cell's identity (narrative: empty)
    row_index: int = -1
    col_index: int = -1

    @property
    def cell(self) -> tuple:
        """What makes two locations the same figure: the same cell, or the same text on a line."""
        if self.table_id:
            return (self.doc, self.table_id, self.row_index, self.col_index)
        return (self.doc, self.line, self.column, self.value)


@dataclass
class Finding:
    doc: str
    kind: str  # "children_sum" | "column_sum" | "cross_table" | "prose_vs_table" | … (see indexer/checks)
    message: str
    table: str | None
    item: str  # the figure concerned (row code/name and column)
    value_a: str
    line_a: int
    value_b: str
    line_b: int
    difference: str  # in the unit of value_a
    rule: str = ""  # catalogue id, e.g. R-BAL-06 (indexer/checks/catalogue.py)
    severity: str = ""  # 错误 | 提示
    # every figure the finding rests on: both sides, and each addend of a sum
    locations: list[Location] = field(default_factory=list)


@dataclass
class Passage:
    """A retrieval unit: a chunk of one section's narrative, or a compact summary of one table."""

    passage_id: str
    doc: str
    agency: str
    year: int | None
    section: str  # heading path joined with " > "
    line_start: int
    line_end: int
    text: str
    kind: str  # "section" | "table"


@dataclass
class DocumentMeta:
    doc: str  # file stem
    agency: str
    aliases: list[str]
    region: str | None
    year: int | None
    kind: str  # 部门预算 | 单位预算 | 部门决算 | 单位决算; 预算 | 决算 when the scope is not stated
    encoding: str
    content_hash: str
    pages: int | None = None  # page count of a PDF source
    # what a reader of the build summary must know: agency or year not read, pages without digits…
    warnings: list[str] = field(default_factory=list)
    note: str | None = None  # which part of the agency the tables cover, as printed after its name: 本级, 汇总

    @property
    def stage(self) -> str:
        """决算 for final accounts, else 预算: how answers and checks name the document's figures."""
        return "决算" if "决算" in (self.kind or "") else "预算"


@dataclass
class Document:
    meta: DocumentMeta
    lines: list[str]  # the file's lines, index 0 = line 1
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    items: list[LineItem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    line_pages: list[int] | None = None  # 1-based page of each line (index 0 = line 1), for PDF sources
    unplaced_by_reader: int = 0  # figures the file reader left out (a PDF cell over two columns)

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 1 <= n <= len(self.lines) else ""

    def page_of(self, n: int) -> int | None:
        return self.line_pages[n - 1] if self.line_pages and 1 <= n <= len(self.line_pages) else None


class ParseError(Exception):
    """A file that cannot be read as a disclosure: the message says why, for the user."""


@dataclass(frozen=True)
class TextFile:
    """A source read as text lines (a text file, or a PDF laid out line for line)."""
    lines: list[str]
    encoding: str
    content_hash: str
    pages: list[int] | None = None  # 1-based page of each line, for sources that have pages (PDF)
    warnings: list[str] = field(default_factory=list)  # what the reader could not read cleanly
    page_count: int | None = None  # pages of a PDF source, blank ones included
    unplaced: int = 0  # figures the reader left out because their column could not be told

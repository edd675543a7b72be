"""What every check shares: the audit context (the document, and a record of every check run
and whether it passed), tolerance by printed precision, and the one way a finding is made.

A finding is made only from Locations, and never from two locations of one figure: a check
that would compare a cell with itself (a table read twice under two titles, a sentence matched
to its own figure) yields nothing, by construction.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from indexer.checks.catalogue import BY_ID, HINT
from indexer.models import Document, Finding, LineItem, Location
from indexer.numbers import UNIT_FACTORS, format_amount

# 0.01 万元: the smallest gap printed budgets round to; a larger gap is a contradiction.
ROUNDING_YUAN = Decimal(100)


@dataclass
class Evaluation:
    """One instance of a rule checked: the figures it read and whether the identity held."""

    rule: str
    locations: list[Location]
    passed: bool
    # What a seeded error needs to edit exactly what the check read, and to know whether the edit
    # could be seen at all: the characters of each prose figure read, by name, as (section index,
    # start, end) in the section's text with its line breaks left out; and the values the checked
    # figure could take and still pass (rounding of the printed figures), in its printed unit
    # (yuan for a table cell).
    marks: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    accepts: tuple[tuple[Decimal, Decimal], ...] = ()


@dataclass
class Audit:
    doc: Document
    findings: list[Finding] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)

    def passed(self, rule: str, locations: list[Location], *, marks: dict | None = None,
               accepts: tuple[tuple[Decimal, Decimal], ...] = ()) -> None:
        self.evaluations.append(Evaluation(rule, locations, True, marks or {}, accepts))

    def report(self, rule: str, kind: str, message: str, a: Location, b: Location, *, severity: str | None = None,
               value_a: str | None = None, value_b: str | None = None, difference: str = "",
               addends: list[Location] = ()) -> Finding | None:
        """Record a broken identity: figure a against figure b (and the addends b sums)."""
        locations = [a, b, *[x for x in addends if x.cell != b.cell]]
        if len({x.cell for x in locations}) < len(locations) or a.cell == b.cell:
            return None  # a figure compared with itself is no finding
        f = Finding(doc=a.doc, kind=kind, message=message, table=a.table, item=f"{a.row}/{a.column}".strip("/"),
                    value_a=value_a or a.value, line_a=a.line, value_b=value_b or b.value, line_b=b.line,
                    difference=difference, rule=rule, severity=severity or BY_ID[rule].severity,
                    locations=locations)
        self.findings.append(f)
        self.evaluations.append(Evaluation(rule, locations, False))
        return f

    def flag(self, rule: str, kind: str, message: str, at: Location, *, severity: str | None = None) -> Finding:
        """Record a fault of one place (a placeholder, a missing table): nothing is compared."""
        f = Finding(doc=at.doc, kind=kind, message=message, table=at.table, item=f"{at.row}/{at.column}".strip("/"),
                    value_a=at.value, line_a=at.line, value_b="", line_b=at.line, difference="", rule=rule,
                    severity=severity or BY_ID[rule].severity, locations=[at])
        self.findings.append(f)
        self.evaluations.append(Evaluation(rule, [at], False))
        return f

    def runs(self) -> Counter:
        return Counter(e.rule for e in self.evaluations)

    def passes(self) -> Counter:
        return Counter(e.rule for e in self.evaluations if e.passed)


def item_location(it: LineItem) -> Location:
    return Location(doc=it.doc, table=it.table, row=f"{it.row_code or ''} {it.row_name}".strip(), column=it.column,
                    line=it.line, page=it.page, value=it.value, table_id=it.table_id, row_index=it.row_index,
                    col_index=it.col_index)


def text_location(doc: Document, line: int, item: str, value: str, column: str = "") -> Location:
    return Location(doc=doc.meta.doc, table="说明", row=item, column=column, line=line, page=doc.page_of(line),
                    value=value)


def printed_tables(doc: Document) -> list[list[LineItem]]:
    """The money cells of each table as printed, in order, however many pages it runs over: a
    table with the title and columns of the one before it continues it. A row reprinted at the top
    of the next page (the last row of the page before, repeated) is counted once."""
    by_table: dict[str, dict[int, list[LineItem]]] = defaultdict(lambda: defaultdict(list))
    for it in money(doc.items):
        by_table[it.table_id][it.row_index].append(it)
    columns = {t.table_id: t.columns for t in doc.tables}
    groups: list[list[LineItem]] = []
    previous, last_row = None, []
    for table_id, by_row in by_table.items():
        rows = [r for _, r in sorted(by_row.items())]
        shape = (rows[0][0].table, columns.get(table_id))
        continues = previous is not None and _continues(shape, previous)
        if continues and _row_key(rows[0]) == _row_key(last_row):
            rows = rows[1:]
        cells = [i for r in rows for i in r]
        if continues:
            groups[-1] += cells
        else:
            groups.append(cells)
        previous, last_row = shape, rows[-1] if rows else last_row
    return groups


def _continues(shape: tuple, previous: tuple) -> bool:
    """Same title, and each column named on both pages named alike: a page whose columns the reader could
    not all name (its figures left out and counted) still continues the table."""
    (title, cols), (before, cols_before) = shape, previous
    if title != before or cols is None or cols_before is None or len(cols) != len(cols_before):
        return shape == previous
    return all(a == b or not a or not b for a, b in zip(cols, cols_before))


# a "title" that is a coded row (科目编码 + name): the reader cut the table there, the rest follows
_CODED_ROW = re.compile(r"^\d{3,}\D")


def has_unplaced(doc: Document, cells: list[LineItem]) -> bool:
    """True when a table these cells are from has figures the reader could not place in a column,
    counting the rest of a table the reader cut short at a row of empty cells (it goes on under a
    "title" that is a coded row)."""
    ids = {i.table_id for i in cells}
    inside = False
    for t in doc.tables:
        inside = t.table_id in ids or (inside and bool(_CODED_ROW.match(squeeze_name(t.title))))
        if inside and t.unplaced:
            return True
    return False


def _row_key(row: list[LineItem]) -> tuple:
    return tuple(sorted((i.row_code or "", i.row_name, i.col_index, i.value) for i in row))


def step(printed: str, unit: str | None) -> Decimal:
    """One unit of the last printed digit, in yuan."""
    places = len(printed.split(".")[1]) if "." in printed else 0
    return Decimal(1).scaleb(-places) * UNIT_FACTORS.get(unit or "", Decimal(1))


def money(items: list[LineItem]) -> list[LineItem]:
    return [i for i in items if i.value_yuan is not None]


def gap_severity(gap: Decimal, printed: list[LineItem], rule: str) -> str | None:
    """None when the identity holds exactly; 提示 for a rounding gap (≤ 0.01 万元, or a unit of
    the coarsest last digit per two figures summed); the rule's severity beyond."""
    gap = abs(gap)
    if gap == 0:
        return None
    coarsest = max((step(i.value, i.unit) for i in printed), default=Decimal(1))
    rounding = max(ROUNDING_YUAN, coarsest * max(1, len(printed) // 2))
    return HINT if gap <= rounding else BY_ID[rule].severity


def in_unit(value_yuan: Decimal, unit: str | None) -> str:
    unit = unit if unit in UNIT_FACTORS else "元"
    return f"{format_amount(value_yuan / UNIT_FACTORS[unit])}{unit}"


def squeeze_name(text: str) -> str:
    """A label without spaces, quotes and brackets: how two printings of one name compare."""
    return re.sub(r"[\s“”\"'‘’（）()〔〕\[\]]", "", text)



"""The records answering reads, one per thing: a document is the indexer's DocumentMeta read back
from the store, and a Fact is one figure (a stored line item, or a figure the narrative states)
with the source line it was printed on."""
from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

import pandas as pd

from indexer.models import DocumentMeta
from indexer.numbers import UNIT_FACTORS, parse_amount


@dataclass
class Fact:
    doc: str
    table: str | None
    table_id: str | None
    row_code: str | None
    row_name: str
    column: str | None
    value_text: str  # as printed
    unit: str | None
    value_yuan: Decimal | None
    line: int
    kind: str = "table"  # "table" | "prose"
    row_index: int = -1
    col_index: int = -1
    column_path: str | None = None  # the full header path of a table cell (本年收入/一般公共预算)

    @property
    def amount(self) -> Decimal:
        """The figure in its own unit (万元 figures stay in 万元). A fact whose text holds no figure
        raises rather than counting as 0: a missing cell must never enter arithmetic."""
        if self.value_yuan is not None and self.unit in UNIT_FACTORS:
            return self.value_yuan / UNIT_FACTORS[self.unit]
        parsed = parse_amount(self.value_text.rstrip("元万%"))
        if parsed is None:
            raise ValueError(f"no figure in {self.value_text!r} ({self.doc} line {self.line})")
        return parsed.value

    @property
    def label(self) -> str:
        return f"{self.row_code} {self.row_name}".strip() if self.row_code else self.row_name

    @classmethod
    def from_row(cls, row) -> Fact:
        """A stored line item (a row of indexer.store.load_items)."""
        return cls(doc=row["doc"], table=row["table"], table_id=row["table_id"], row_code=row["row_code"],
                   row_name=row["row_name"], column=row["column"], value_text=row["value"], unit=row["unit"],
                   value_yuan=row["value_yuan"], line=int(row["line"]), row_index=int(row["row_index"]),
                   col_index=int(row["col_index"]), column_path=row.get("column_path"))


def facts(rows: pd.DataFrame) -> list[Fact]:
    """Every row as a Fact, in the frame's order."""
    return [Fact.from_row(r) for r in rows.to_dict("records")]


_DOCUMENT_FIELDS = [f.name for f in fields(DocumentMeta)]


def document_from_row(row: dict) -> DocumentMeta:
    """A stored document row (indexer.store.load_documents) as the indexer's own record; fields the
    store does not keep take the record's defaults."""
    values = {k: row[k] for k in _DOCUMENT_FIELDS if k in row}
    # one document stored without a region, year, agency or aliases must not keep the service from
    # starting: a NaN where a name belongs is a float, and `in` on it raises
    for key in ("agency", "region", "kind", "note"):
        values[key] = values.get(key) if isinstance(values.get(key), str) and values.get(key) else None
    values["agency"] = values["agency"] or str(row["doc"])
    values["kind"] = values["kind"] or "预算"
    values["year"] = None if values.get("year") is None or pd.isna(values["year"]) else int(values["year"])
    values["aliases"] = [a for a in values.get("aliases") or [] if isinstance(a, str)]
    return DocumentMeta(**values)


def target_bound(f: Fact) -> str:
    """The comparison a performance target is set with (指标值（≥）: at least), shown before its figure."""
    path = f.column_path or ""
    return path[len(f.column) + 1:-1] if f.column and path.startswith(f.column + "（") else ""


def describe(f: Fact) -> str:
    """How a fact is named back to the user: its row, and its column when that says more."""
    if not f.row_name and f.column:
        return f.column  # a one-row table names its figures by their columns (三公经费表: 公务接待费)
    col = "" if not f.column or f.column in ("数值", f.row_name) else f"（{f.column}）"
    return f"{f.label}{col}"

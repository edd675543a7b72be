"""The cells a self-consistency probe may ask about, read from an index's line-item store, and the
keys that tell whether a question names one printed figure. A question is only as good as its gold:
a (row, column) pair printed with two figures in one document, or a row whose total differs between
the tables that print it, has no single right answer, so such cells are left out (and counted)."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from indexer.numbers import LIST_NUMBER, PROSE_AMOUNT, parse_amount, to_yuan
from indexer.store import load_documents, load_items, source_lines

# A column that stands for its whole row (本年支出合计, 支出总计, 决算数; a side word 收入/支出 may head it
# in a 收支总表).
_TOTAL_PART = re.compile(
    r"^(?:小计|金额|[^/]{0,6}(?:合计|总计)|(?:收入|支出)?(?:预算|决算)(?:数|金额)?|收入|支出)$")
# Columns and rows that carry the stage of a final account's figure.
STAGES = ("决算数", "年初预算数", "全年预算数", "调整预算数", "预算数")
_STAGE = re.compile(r"^(?:" + "|".join(STAGES) + r")$")
_LEADING = re.compile(r"^(?:" + LIST_NUMBER + r"|其中[:：]|[:：])\s*")
# a row named only by its total says nothing of what it adds up
_BARE_TOTAL = re.compile(r"^(?:合计|总计|小计)$")
_GENERIC_LEAF = re.compile(r"^(?:合计|总计|小计|金额)$")
# what follows a name up to the end of its sentence
_SENTENCE = r"(?P<rest>[^。；;]{0,80})"
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff“”（）()、]{2,16}$")


@dataclass(frozen=True)
class Cell:
    doc: str
    table_id: str
    table: str
    code: str
    name: str  # the row's name as a question would say it (list numbering and 其中 dropped)
    column: str  # the column's heading path
    value: str  # as printed
    yuan: Decimal
    unit: str
    line: int
    row: int  # row_index in its table

    @property
    def leaf(self) -> str:
        return self.column.split("/")[-1]

    @property
    def places(self) -> int:
        return len(self.value.split(".")[1]) if "." in self.value else 0

    def to_json(self) -> dict:
        return {"table": self.table, "table_id": self.table_id, "row": f"{self.code} {self.name}".strip(),
                "column": self.column, "value": self.value, "unit": self.unit, "line": self.line}


def question_name(raw: str) -> str:
    name = re.sub(r"\s+", "", raw or "")
    while (cut := _LEADING.sub("", name)) != name:
        name = cut
    return name


def askable_name(name: str) -> bool:
    return bool(name) and len(name) >= 2 and not re.search(r"\d", name) and not _BARE_TOTAL.match(name)


def is_total_column(column: str) -> bool:
    return all(_TOTAL_PART.match(part) for part in column.split("/"))


def column_phrase(cell: Cell) -> str | None:
    """How a question names the cell's column: its heading, or for a generic one the group it
    totals (基本支出/小计 is what another table heads 基本支出); None when no question could say it."""
    parts = [p for p in cell.column.split("/") if p]
    while parts and _GENERIC_LEAF.match(parts[-1]):
        parts.pop()
    return parts[-1] if parts and _CJK_WORD.match(parts[-1]) else None


def load_cells(index_dir: Path) -> tuple[dict[str, dict], dict[str, list[Cell]]]:
    """{doc: its documents row}, {doc: its money cells in tables (not 绩效 self-evaluations), in
    store order}."""
    docs = {r["doc"]: r for r in load_documents(index_dir).to_dict("records")}
    cells: dict[str, list[Cell]] = defaultdict(list)
    for r in load_items(index_dir).to_dict("records"):
        title = r["table"] or ""
        if r["value_yuan"] is None or "表" not in title or "绩效" in title:
            continue
        cells[r["doc"]].append(Cell(
            doc=r["doc"], table_id=r["table_id"], table=title, code=(r["row_code"] or "").strip(),
            name=question_name(r["row_name"]), column=r["column_path"] or r["column"] or "", value=r["value"],
            yuan=r["value_yuan"], unit=r["unit"] or "", line=int(r["line"]), row=int(r["row_index"])))
    return docs, dict(cells)


def row_totals(cells: list[Cell]) -> dict[tuple[str, int], Cell]:
    """{(table, row): the row's total cell}: its one total-like column, or its only figure; a row
    with two different total-like figures has none."""
    by_row: dict[tuple[str, int, str], list[Cell]] = defaultdict(list)
    for c in cells:
        by_row[(c.table_id, c.row, c.name)].append(c)
    out = {}
    for (table, row, _), group in by_row.items():
        totals = [c for c in group if c.leaf and is_total_column(c.column)]
        if not totals and len(group) == 1 and not group[0].leaf:
            totals = group  # the row's one figure, under an unnamed column
        if totals and len({c.yuan for c in totals}) == 1:
            out[(table, row, group[0].name)] = totals[0]
    return out


def document_text(index_dir: Path, doc: str, n_lines: int) -> str:
    """The document's lines run together, so a sentence broken over lines reads whole."""
    return "".join(text for _, text in source_lines(index_dir, doc, 1, n_lines))


def other_figures(text: str, name: str, yuan: Decimal) -> bool:
    """Whether the text states `name` with figures none of which is `yuan` (the amounts with a unit
    in the sentence after a mention): the narrative's 公务接待费支出 86.95 万元 (all funds) beside a
    table's 公务接待费 41.95 (basic expenditure only) makes the name two figures, while «预算455.12万元，
    支出决算450.96万元» beside a 决算 cell of 450.96 states the cell's figure. A mention after 其他 is
    another row."""
    for m in re.finditer(re.escape(name) + _SENTENCE, text):
        if text[:m.start()].endswith("其他"):
            continue
        stated = [to_yuan(a.value, f.group("unit")) for f in re.finditer(PROSE_AMOUNT, m.group("rest"))
                  if (a := parse_amount(f.group("num").replace("，", ",")))]
        if stated and yuan not in stated:
            return True
    return False


def single_valued(pairs) -> set:
    """The keys printed with one value only, from (key, value) pairs."""
    values: dict = defaultdict(set)
    for key, value in pairs:
        values[key].add(value)
    return {k for k, v in values.items() if len(v) == 1}

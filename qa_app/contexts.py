"""One column context of a table: a cell's row and its column. A share is only ever taken within one
such context (a part and the whole beside it), so the whole of a part is found here."""
from __future__ import annotations

import re

import pandas as pd

from core import lexicon
from qa_app.cells import column_rank, pick
from qa_app.records import Fact
from qa_app.text import norm


def anchor_index(items: pd.DataFrame, f: Fact):
    """The store row a table fact was read from."""
    same = items[(items["table_id"] == f.table_id) & (items["row_index"] == f.row_index)
                 & (items["col_index"] == f.col_index)]
    return same.index[0] if not same.empty else None


def together(a: Fact, b: Fact) -> bool:
    """Two cells of one column context: one table, and one row or one column of it."""
    return (a.kind == b.kind == "table" and a.table_id == b.table_id
            and (a.row_index == b.row_index or a.col_index == b.col_index))


def whole_of(items: pd.DataFrame, part: Fact) -> Fact | None:
    """The total a share is taken of: the 合计 row of the part's table, in its column when the
    part is a row, in the table's total column when the part is a column of the 合计 row."""
    table = items[(items["table_id"] == part.table_id) & items["value_yuan"].notna()]
    totals = table[table["row_name"].isin(lexicon.TOTAL_ROWS)]
    if totals.empty:
        return None
    if part.row_name in lexicon.TOTAL_ROWS:
        row = totals[totals["row_index"] == part.row_index]
        whole = row[row["column"].isin(lexicon.TOTAL_COLUMNS)].sort_values("col_index")
    else:
        whole = totals[totals["col_index"] == part.col_index]
    return pick(whole.head(1), "", [])[0] if not whole.empty else None

def beside(items: pd.DataFrame, anchor: Fact, name: str) -> Fact | None:
    """The cell named `name` in one column context with `anchor`: in its row (a column headed by
    the name), else in its column (a row printed with the name). A name that is the whole of the
    context (全部支出; the table's own title, 基本支出 of a 基本支出表; the anchor's column heading,
    一般公共预算 of 当年一般公共预算拨款) is the row's total column or the column's 合计 row. A share
    is only ever taken within one such context."""
    table = items[(items["table_id"] == anchor.table_id) & items["value_yuan"].notna()]
    table = table[table.index != anchor_index(items, anchor)]
    key = norm(name)
    head = norm(anchor.column or "")
    whole = bool(re.search(lexicon.WHOLE_WORDS, name)) or key in norm(anchor.table or "")
    group = next((g for g in lexicon.COLUMN_WORDS if any(w in key for w in g)), (key,))
    row = table[table["row_index"] == anchor.row_index]
    column = table[table["col_index"] == anchor.col_index]
    for hit in (row[row["column"].fillna("").map(lambda c: any(norm(c).startswith(w) for w in group))],
                row[row["column"].isin(lexicon.TOTAL_COLUMNS)] if whole else row.iloc[0:0],
                column[column["row_name"].map(lambda n: norm(n or "") in (key, f"{key}合计"))],  # 本年收入(合计)
                column[column["row_name"].isin(lexicon.TOTAL_ROWS)]
                if whole or len(head) >= 2 and head in key else column.iloc[0:0]):
        if not hit.empty:
            return Fact.from_row(hit.sort_values("col_index").iloc[0])
    return None


def column_cell(items: pd.DataFrame, anchor: Fact, word: str) -> Fact | None:
    """The cell of the anchor's row under a column headed by `word` (事业收入 of 综合医院's row), the anchor
    itself when it is one; None when the row prints no such column (a fund its table's title names is no
    column of the row)."""
    row = items[(items["table_id"] == anchor.table_id) & (items["row_index"] == anchor.row_index)
                & items["value_yuan"].notna()]
    hit = row[[word in f"{p or ''}{c or ''}" for p, c in zip(row["column_path"], row["column"])]]
    return Fact.from_row(hit.sort_values("col_index").iloc[0]) if not hit.empty else None


def row_total(items: pd.DataFrame, part: Fact) -> Fact | None:
    """The total column of a cell's own row (合计, 本年支出合计 …), the cell itself excluded."""
    row = items[(items["table_id"] == part.table_id) & (items["row_index"] == part.row_index)
                & (items["col_index"] != part.col_index) & items["value_yuan"].notna()]
    row = row[row["column"].map(lambda c: 1 <= column_rank(c, []) < 50)]
    return Fact.from_row(row.sort_values("col_index").iloc[0]) if not row.empty else None


def repeated_rows(items: pd.DataFrame, fact: Fact, question: str) -> list[Fact]:
    """The same item printed on other rows of the cell's column with other figures (维修（护）费 under two
    groups of a 基本支出表, one economic code under each member unit): no one of them is the item's figure,
    unless the question names the group the cell's row is printed under."""
    if fact.kind != "table":
        return []
    at = anchor_index(items, fact)
    group = items.at[at, "row_group"] if at is not None and "row_group" in items else None
    if isinstance(group, str) and group and norm(group) in norm(question):
        return []
    same = items[(items["table_id"] == fact.table_id) & (items["column"] == fact.column)
                 & (items["row_index"] != fact.row_index) & items["value_yuan"].notna()
                 & (items["value_yuan"] != fact.value_yuan)]
    same = same[same["row_code"] == fact.row_code] if fact.row_code else same[same["row_name"] == fact.row_name]
    return [Fact.from_row(r) for _, r in same.iterrows()]


def in_one_table(items: pd.DataFrame, facts: list[Fact]) -> list[Fact]:
    """Two sides of a difference read from two tables, moved into one column context of the first side's
    table (else the second's) where it prints both: one scope, never an all-funds figure minus one fund's."""
    if len(facts) != 2 or not all(f.kind == "table" for f in facts) or facts[0].table_id == facts[1].table_id:
        return facts
    first, second = facts
    if norm(first.row_name) == norm(second.row_name):
        return facts  # one row in two tables: the tables are what is compared
    for anchor, other in ((first, second), (second, first)):
        # the other side's row in the anchor's table, under the anchor's column heading
        table = items[(items["table_id"] == anchor.table_id) & (items["column"] == anchor.column)
                      & items["value_yuan"].notna()]
        hit = table[table["row_name"].map(lambda n: norm(n or "")) == norm(other.row_name)]
        if len(hit) == 1:
            moved = Fact.from_row(hit.iloc[0])
            return [anchor, moved] if anchor is first else [moved, anchor]
    return facts

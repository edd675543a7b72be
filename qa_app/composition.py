"""What a figure is made of (三公经费各项分别是多少, 基本支出的构成): the cells of its own table that
add up to it, cited each — its economic-code children, the rows below a total, or (a table printed
as one row of components) the columns beside it. When the figure's own table holds no breakdown,
the table the item names in its title (一般公共预算基本支出表 for 基本支出) is read, provided its total
is the same figure. Parts are given only when they add up to the whole exactly (Decimal, no
rounding allowance: the answer prints «whole = a + b + …»); a partial list is no composition."""
from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from core import lexicon
from indexer.models import DocumentMeta
from qa_app.compose import Composer
from qa_app.locate import Locator
from qa_app.records import Fact, facts
from qa_app.resolve import covered
from qa_app.text import norm
from qa_app.types import Answer, Intent
from qa_app.understanding import Query

# a cell named only «小计» tells nothing of what it holds: its breakdown beside it is cited instead
SUBTOTALS = frozenset((*lexicon.GRAND_TOTALS, "小计"))


def asks_parts(q: Query) -> bool:
    return q.intent != Intent.DEFINITION and bool(re.search(lexicon.COMPOSITION_CUES, q.text))


def _sums(cells: list[dict], value_yuan) -> bool:
    return len(cells) >= 2 and sum(c["value_yuan"] for c in cells) == value_yuan


def run_to(cells: list[dict], whole_yuan) -> list[dict]:
    """The cells in order until they add up to the whole; a cell followed by cells that add up to
    it (公务用车购置及运行费 over 购置费 and 运行费) stands for them, so they are skipped rather than
    counted twice. [] when no run of two or more adds up exactly, or a part is negative (a
    change column is no part)."""
    picked, total, i = [], 0, 0
    while i < len(cells):
        cell = cells[i]
        if cell["value_yuan"] < 0:
            return []
        picked.append(cell)
        total += cell["value_yuan"]
        if total == whole_yuan:
            # a first cell as large as the whole repeats it (or starts another breakdown): not its parts
            return picked if len(picked) >= 2 else []
        if total > whole_yuan:
            return []
        i += 1
        if not cell["value_yuan"]:
            continue  # zeros follow a zero whether or not they are its parts: they are parts of the whole
        for k in range(i + 2, len(cells) + 1):  # its own breakdown right after it
            if _sums(cells[i:k], cell["value_yuan"]):
                i = k
                break
    return []


def _total_row(f: Fact) -> bool:
    return not f.row_name or norm(f.row_name) in lexicon.GRAND_TOTALS


def rows_below(column: pd.DataFrame, whole: Fact) -> list[dict]:
    """The rows under the whole in its column that add up to it (see run_to)."""
    below = column[column["row_index"] > whole.row_index]
    return run_to([c for c in below.sort_values("row_index").to_dict("records")
                   if norm(c["row_name"] or "") not in SUBTOTALS], whole.value_yuan)


def columns_beside(row: pd.DataFrame, whole: Fact) -> list[dict]:
    """A total printed as a row's first column (or a column named 合计/小计) whose row is the
    table's total or its only, unnamed record: the columns after it that add up to it (a 三公
    table printed as one row: 合计, 因公出国（境）费, 公务用车…, 公务接待费)."""
    first = whole.col_index == row["col_index"].min() or norm(whole.column or "") in SUBTOTALS
    if not (_total_row(whole) and first):
        return []
    after = row[row["col_index"] > whole.col_index]
    return run_to([c for c in after.sort_values("col_index").to_dict("records")
                   if norm(c["column"] or "") not in SUBTOTALS], whole.value_yuan)


def parts_in_table(items: pd.DataFrame, whole: Fact) -> list[dict]:
    """The whole's parts in its own table: its coded children, else the rows below it, else the
    columns beside it."""
    cells = items[(items["table_id"] == whole.table_id) & items["value_yuan"].notna()]
    column = cells[cells["col_index"] == whole.col_index]
    if whole.row_code:
        kids = column[column["parent_code"] == whole.row_code]
    else:  # a total row: the top-level codes (301, 302 …), whatever their own rows add up to
        kids = column[column["row_code"].notna() & column["parent_code"].isna()] if _total_row(whole) else column[:0]
    kids = kids.sort_values("row_index").to_dict("records")
    if _sums(kids, whole.value_yuan) and all(k["value_yuan"] >= 0 for k in kids):
        return kids
    return rows_below(column, whole) or columns_beside(cells[cells["row_index"] == whole.row_index], whole)


def titled_totals(items: pd.DataFrame, names: list[str]) -> list[Fact]:
    """The total of each table whose title names the item (基本支出 -> 一般公共预算基本支出表): its
    合计 row's first figure. A table without a printed total row gives none (no sum is assumed)."""
    keys = [norm(n) for n in names if n]
    titled = items[items["table"].map(lambda t: any(k in norm(t or "") for k in keys)) & items["value_yuan"].notna()]
    totals = titled[titled["row_name"].map(lambda n: norm(n or "") in lexicon.GRAND_TOTALS).astype(bool)]
    firsts = totals.sort_values(["row_index", "col_index"]).groupby("table_id", sort=False).head(1)
    # a 基本支出 is told by its economic classes (经济分类) before its functions (功能分类)
    return facts(firsts.assign(functional=~firsts["table"].str.contains("经济")).sort_values(["functional", "line"]))


def parts_answer(locate: Locator, compose: Composer, q: Query, doc: DocumentMeta) -> Answer | None:
    # the whole is named by the question without its «各项分别是多少»
    named = replace(q, item_text=re.sub(lexicon.COMPOSITION_CUES, "", q.item_text),
                    item_raw=re.sub(lexicon.COMPOSITION_CUES, "", q.item_raw))
    whole = covered(locate, named, doc).fact
    if whole is not None and whole.value_yuan is None:
        return None
    items = locate.doc_items(doc.doc)
    # the table the item names in its title is its own (基本支出 -> 基本支出表, by 经济分类), when it
    # totals the same figure; else the figure's own table (支出总表's 基本支出 column, by 功能分类)
    names = [m.name for m in locate.matches(named, doc)] + named.columns + locate.terms(named)
    titled = titled_totals(items, names)
    wholes = [t for t in titled if whole is None or t.value_yuan == whole.value_yuan]
    wholes += [whole] if whole is not None and whole.kind == "table" else []
    # else the table titled by the item, of the scope its title says (一般公共预算基本支出表 when the all-funds
    # 基本支出 is printed with no breakdown of its own)
    wholes += [t for t in titled if t not in wholes]
    for candidate in wholes:
        parts = parts_in_table(items, candidate) if candidate.value_yuan > 0 else []
        if parts:
            return compose.composition(q, doc, candidate, facts(pd.DataFrame(parts)))
    return None

"""What a figure is made of (三公经费各项分别是多少, 基本支出的构成): the rows under the named row
in its own table and column (its economic-code children, or the rows below a total that add up
to it), cited each. Parts are given only when they add up to the figure exactly (to the cent of
each printed figure): a partial list of parts is no composition, and is left to other answers."""
from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from core import lexicon
from indexer.models import DocumentMeta
from qa_app.arithmetic import adds_up
from qa_app.compose import Composer
from qa_app.locate import Locator
from qa_app.records import Fact, facts
from qa_app.resolve import covered
from qa_app.types import Answer, Intent
from qa_app.understanding import Query


def asks_parts(q: Query) -> bool:
    return q.intent != Intent.DEFINITION and bool(re.search(lexicon.COMPOSITION_CUES, q.text))


def _sums(rows: list[dict], value_yuan, unit: str | None) -> bool:
    return len(rows) >= 2 and adds_up(sum(r["value_yuan"] for r in rows), value_yuan, unit, len(rows))


def rows_below(column: pd.DataFrame, whole: Fact) -> list[dict]:
    """The rows right below the whole, in order, until they add up to it; a row followed by rows
    that add up to it (公务用车购置及运行费 over 购置费 and 运行费) stands for them, so they are
    skipped rather than counted twice. [] when no run of two or more adds up exactly."""
    below = column[column["row_index"] > whole.row_index].sort_values("row_index").to_dict("records")
    picked, total, i = [], 0, 0
    while i < len(below):
        row = below[i]
        picked.append(row)
        total += row["value_yuan"]
        if adds_up(total, whole.value_yuan, whole.unit, len(picked)):
            # a first row as large as the whole repeats it (or starts another breakdown): not its parts
            return picked if len(picked) >= 2 else []
        if total > whole.value_yuan:
            return []
        i += 1
        for k in range(i + 2, len(below) + 1):  # its own breakdown right under it
            if _sums(below[i:k], row["value_yuan"], whole.unit):
                i = k
                break
    return []


def parts_answer(locate: Locator, compose: Composer, q: Query, doc: DocumentMeta) -> Answer | None:
    # the whole is named by the question without its «各项分别是多少»
    named = replace(q, item_text=re.sub(lexicon.COMPOSITION_CUES, "", q.item_text),
                    item_raw=re.sub(lexicon.COMPOSITION_CUES, "", q.item_raw))
    whole = covered(locate, named, doc).fact
    if whole is None or whole.kind != "table" or whole.value_yuan is None:
        return None
    items = locate.doc_items(doc.doc)
    column = items[(items["table_id"] == whole.table_id) & (items["col_index"] == whole.col_index)
                   & items["value_yuan"].notna()]
    kids = column[column["parent_code"] == whole.row_code].to_dict("records") if whole.row_code else []
    parts = kids if _sums(kids, whole.value_yuan, whole.unit) else rows_below(column, whole)
    if not parts:
        return None
    return compose.composition(q, doc, whole, facts(pd.DataFrame(parts)))

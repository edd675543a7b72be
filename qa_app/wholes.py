"""Parts and wholes of an item across tables: a 基本支出 table prints only the basic part of an item
(培训费, 公务接待费) that a table of its own (三公经费表, 会议费、培训费表) prints whole. Asked about the
item, the part is no answer; the whole table's cell is."""
from __future__ import annotations

import re

from core import lexicon
from qa_app.cells import pick
from qa_app.locate import Locator
from qa_app.records import Fact
from qa_app.text import norm


def _whole_table(title: str, fact: Fact) -> bool:
    """A table about the fact's item as a whole: its title names the item (or 三公 for a 三公 item)."""
    if title == fact.table or re.search(lexicon.PART_TABLES, title):
        return False
    return norm(fact.row_name) in norm(title) or (fact.row_name in lexicon.SANGONG_ITEMS and "三公" in title)


def prints_whole_elsewhere(locate: Locator, fact: Fact, question: str) -> bool:
    """Whether the fact's table prints only a part (基本支出) of an item that another table of the
    document is about as a whole, the part not being what was asked."""
    if fact.kind != "table" or not re.search(lexicon.PART_TABLES, fact.table or "") \
            or re.search(lexicon.PART_TABLES, question):
        return False
    return any(_whole_table(t, fact) for t in locate.table_titles(fact.doc))


def whole_figure(locate: Locator, part: Fact, question: str) -> tuple[Fact | None, list[Fact]]:
    """The item's cell in the table that prints it whole, when that table's cell was read."""
    items = locate.doc_items(part.doc)
    key = norm(part.row_name)
    # a row of it, or (a 三公 table printed as one row of components) a column of it
    named = items["row_name"].map(lambda n: norm(n or "") == key) | items["column"].map(lambda c: norm(c or "") == key)
    rows = items[named & items["table"].map(lambda t: _whole_table(t, part)) & items["value_yuan"].notna()]
    return pick(rows, question, [])

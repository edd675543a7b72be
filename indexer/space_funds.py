"""Which fund a total figure belongs to, read from the document's tables titled by one fund.

A 财政拨款收支总表 splits its 支出 figures over one column per fund (合计 | 一般公共预算 | 政府性基金 |
国有资本经营), and its rows print the total and the one or two funds that hold money: the row sums hold
whichever fund column a part stands in. The same document prints a table for each fund (一般公共预算财政
拨款支出决算表, 政府性基金预算支出表 …) whose 合计 row holds that fund's totals; a figure of that row belongs to
that fund, so a fund column of the 总表 cannot hold it when it is another fund's.
"""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache

from indexer.numbers import FIGURE, normalise_text, parse_amount

FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")
_TITLE = re.compile(r"(?:收入|支出|预算|决算|经费).*表$")  # not the form number printed under it (公开05表)
_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计)\s")
_NUMBER = re.compile(rf"(?<![\d.,]){FIGURE}(?![\d.,])")
_REACH = 12  # lines from a title to its table's 合计 row: unit line, header lines, 栏次


def fund_of(name: str) -> str | None:
    """The one fund a title or column name names, if it names exactly one."""
    named = [f for f in FUNDS if f in name]
    return named[0] if len(named) == 1 else None


def _is_title(text: str) -> bool:
    return " " not in text and bool(_TITLE.search(text))


@lru_cache(maxsize=1)
def fund_figures(lines: tuple[str, ...]) -> dict[Decimal, frozenset[str]]:
    """Each figure printed on the 合计 row of a table titled by one fund -> the funds it is printed for."""
    out: dict[Decimal, set[str]] = defaultdict(set)
    for n, raw in enumerate(lines):
        title = normalise_text(raw)
        fund = fund_of(title) if _is_title(title) else None
        if fund is None:
            continue
        for text in lines[n + 1: n + 1 + _REACH]:
            text = normalise_text(text)
            if _is_title(text):
                break  # the next table: this one printed no 合计 row
            if _TOTAL_ROW.match(text):
                for m in _NUMBER.finditer(text):
                    if (amount := parse_amount(m.group())) is not None:
                        out[amount.value].add(fund)
                break
    return {v: frozenset(s) for v, s in out.items()}


def fund_columns(rows: list[list[Decimal]], names: list[str],
                 lines: tuple[str, ...]) -> list[dict[int, set[int]]] | None:
    """Per row, the columns each figure may stand in when the document says which fund the figure belongs to:
    every column but those naming another fund (figures of no one fund are free). None when the columns
    name fewer than two funds."""
    col_funds = [fund_of(n) for n in names]
    if len({f for f in col_funds if f}) < 2:
        return None
    known = fund_figures(lines)
    out = []
    for figs in rows:
        allowed = {}
        for i, f in enumerate(figs):
            if len(funds := known.get(f, frozenset())) == 1:
                allowed[i] = {c for c, cf in enumerate(col_funds) if cf is None or cf in funds}
        out.append(allowed)
    return out

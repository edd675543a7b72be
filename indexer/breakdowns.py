"""Rows that break a heading row down by fund: under 年初财政拨款结转和结余 a 财政拨款收入支出决算总表
prints 一般公共预算财政拨款 / 政府性基金预算财政拨款 / 国有资本经营预算财政拨款 again, the same
names as its numbered 收入 rows 一、 二、 三、. Read on its own such a row answers a question about the
fund's revenue with a balance; it belongs to its heading.

A row is such a part when its name repeats a numbered row printed above it in the same panel and
it is not numbered itself. Its heading is the unnumbered, non-total row right above the run of
parts. Where the heading prints figures, the parts must add up to them column by column (a run
that does not is left as printed: no heading is guessed); a heading printing no figure has its
parts named by structure alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

_TOTAL = re.compile(r"(?:合计|总计)$")


@dataclass
class PanelRow:
    """One panel of one table row: its label's name (cleaned of list numbering), whether the label
    was numbered (一、 （一） 1.), and its figures by column."""
    row: int
    name: str
    numbered: bool
    figures: dict[int, Decimal] = field(default_factory=dict)


def _adds_up(heading: PanelRow, parts: list[PanelRow]) -> bool:
    if not heading.figures:
        return True
    if any(set(p.figures) - set(heading.figures) for p in parts):
        return False
    return all(sum((p.figures.get(c, Decimal(0)) for p in parts), Decimal(0)) == v
               for c, v in heading.figures.items())


def headings(panel: list[PanelRow]) -> dict[int, str]:
    """Rows of one panel, top to bottom -> {row: its heading's name} for the parts found."""
    out: dict[int, str] = {}
    numbered: set[str] = set()
    heading: PanelRow | None = None
    parts: list[PanelRow] = []

    def close() -> None:
        if heading is not None and parts and _adds_up(heading, parts):
            out.update({p.row: heading.name for p in parts})
        parts.clear()

    for r in panel:
        if r.name and not r.numbered and r.name in numbered and heading is not None:
            parts.append(r)
            continue
        close()
        heading = None
        if r.numbered:
            numbered.add(r.name)
        elif r.name and not _TOTAL.search(r.name):
            heading = r
    close()
    return out

"""Column names of a space-separated table whose header is stacked over three lines, found by the
rows' own sums.

A common form prints a column group over its sub-columns and the other columns between them, merged
down the header's height:

    基本支出
    合计 项目支出
    小计 人员经费 公用经费

The text keeps each line's words in order but not where the group stands among the other columns
(合计 | 基本支出 | 项目支出, or 基本支出 | 合计 | 项目支出 …). The group's first sub-column is its
subtotal (小计 = 人员经费 + 公用经费), and a leading total adds the top-level columns: the placement of
the group is taken only when exactly one placement makes both sums hold on every row printing every
column.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.lexicon import GRAND_TOTALS
from indexer.space_place import sums_hold

_SUBTOTALS = ("小计", *GRAND_TOTALS)


def _sums(at: int, span: list[str], subs: int, width: int) -> list[tuple[int, list[int]]]:
    """The identities of each row with the group at column `at`: its subtotal adds its sub-columns; a
    total heading the other columns adds the top-level ones (the group counted by its subtotal)."""
    out = [(at, list(range(at + 1, at + subs)))]
    if span[0].endswith(GRAND_TOTALS):
        total = 0 if at else subs
        out.append((total, [c for c in range(width) if c != total and not at < c < at + subs]))
    return out


@dataclass
class Grouped:
    leaves: list[str]
    paths: list[str]
    sums: list[tuple[int, list[int]]]  # (column, the columns it adds) on every row


def grouped_names(lines: list[list[str]], width: int, rows: list[list[Decimal]], decimals: int) -> Grouped | None:
    """Names for a header of value words `lines` (top to bottom: one group heading, the columns beside
    the group, the group's sub-columns led by its subtotal), or None."""
    lines = [words for words in lines if words]
    if len(lines) != 3 or len(lines[0]) != 1:
        return None
    (group,), span, subs = lines
    if len(subs) < 2 or not subs[0].endswith(_SUBTOTALS) or len(span) + len(subs) != width:
        return None
    full = [r for r in rows if len(r) == width]
    if len(full) < 2:
        return None
    fits = [at for at in range(len(span) + 1)
            if all(sums_hold(r, _sums(at, span, len(subs), width), decimals) for r in full)]
    if len(fits) != 1:
        return None
    at = fits[0]
    return Grouped(span[:at] + subs + span[at:], span[:at] + [f"{group}/{s}" for s in subs] + span[at:],
                   _sums(at, span, len(subs), width))

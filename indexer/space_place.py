"""Which value column each figure of a row belongs to, when the row prints fewer figures than the
table has columns (empty cells vanish in space-separated text).

Only the table's own identities decide: a total column equals the sum of the other value columns
of its row, a parent code equals the sum of its children per column (类 = Σ款, 款 = Σ项) and a
合计 row equals the sum of the 类 rows. A figure is placed only when every placement consistent
with those identities puts it in the same column; the others are left out and counted.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations, product
from math import comb

_MAX_OPTIONS = 3000  # placements enumerated per row
_MAX_FAMILY = 20000  # joint placements enumerated per parent and its children


@dataclass
class Placed:
    code: str | None
    is_total_row: bool
    figs: list[Decimal]
    options: list[tuple[int, ...]] | None  # None: too many to enumerate


def _tol(decimals: int, terms: int) -> Decimal:
    return Decimal(1).scaleb(-decimals) * max(1, terms)


def total_column_holds(rows: list[list[Decimal]], width: int, decimals: int) -> bool:
    """Rows printing every column prove (or disprove) that the first column is their total."""
    full = [r for r in rows if len(r) == width]
    if width < 2 or len(full) < 2:
        return False
    return all(abs(r[0] - sum(r[1:], Decimal(0))) <= _tol(decimals, width) for r in full)


def printed_totals_hold(rows: list[list[Decimal]], decimals: int) -> bool:
    """Rows that drop empty cells still prove a total column printed first: every row of two or more
    figures prints first the sum of the others, and at least two rows add three or more figures
    (a pair of equal figures alone cannot tell a total first from one printed last)."""
    several = [r for r in rows if len(r) >= 2]
    return sum(len(r) >= 3 for r in several) >= 2 and all(
        abs(r[0] - sum(r[1:], Decimal(0))) <= _tol(decimals, len(r)) for r in several)


def sums_hold(row: list[Decimal], sums: list[tuple[int, list[int]]], decimals: int) -> bool:
    """Each (column, the columns it adds) of `sums` holds on the row, within rounding."""
    return all(abs(row[t] - sum((row[c] for c in parts), Decimal(0))) <= _tol(decimals, len(parts))
               for t, parts in sums)


def _options(figs: list[Decimal], width: int, total_first: bool, decimals: int,
             sums: list[tuple[int, list[int]]] | None = None) -> list[tuple[int, ...]] | None:
    n = len(figs)
    if n == width:
        return [tuple(range(width))]
    if n > width:
        return []
    if n == 0:
        return [()]
    if sums:
        # the row's own sums are known column by column (a total over a group's subtotal and the other
        # columns): a placement stands when they hold with its empty cells as zero
        if comb(width, n) > _MAX_OPTIONS:
            return None
        return [o for o in combinations(range(width), n) if sums_hold(vector(figs, o, width), sums, decimals)]
    if total_first and all(f >= 0 for f in figs):
        # the total is the row's first printed figure; the rest must add up to it
        if abs(figs[0] - sum(figs[1:], Decimal(0))) > _tol(decimals, n):
            return []
        if comb(width - 1, n - 1) > _MAX_OPTIONS:
            return None
        return [(0, *rest) for rest in combinations(range(1, width), n - 1)]
    if comb(width, n) > _MAX_OPTIONS:
        return None
    return list(combinations(range(width), n))


def _families(rows: list[Placed]) -> list[tuple[int, list[int]]]:
    by_code: dict[str, int] = {}
    for i, r in enumerate(rows):
        if r.code and r.code not in by_code:
            by_code[r.code] = i
    fams = []
    for code, i in by_code.items():
        kids = [j for c, j in by_code.items() if len(c) == len(code) + 2 and c.startswith(code)]
        if kids:
            fams.append((i, kids))
    tops = [j for c, j in by_code.items() if len(c) == 3]
    for i, r in enumerate(rows):
        if r.is_total_row and tops:
            fams.append((i, tops))
            break
    return fams


def vector(figs: list[Decimal], option: tuple[int, ...], width: int) -> list[Decimal]:
    v = [Decimal(0)] * width
    for f, c in zip(figs, option):
        v[c] = f
    return v


def _narrow(rows: list[Placed], parent: int, kids: list[int], width: int, decimals: int) -> bool:
    members = [parent, *kids]
    if any(rows[m].options is None or not rows[m].options for m in members):
        return False
    size = 1
    for m in members:
        size *= len(rows[m].options)
    if size > _MAX_FAMILY or size == 1:
        return False
    used: dict[int, set[tuple[int, ...]]] = {m: set() for m in members}
    tol = _tol(decimals, len(kids) + 1)
    for choice in product(*(rows[m].options for m in members)):
        vecs = [vector(rows[m].figs, o, width) for m, o in zip(members, choice)]
        if all(abs(vecs[0][c] - sum((v[c] for v in vecs[1:]), Decimal(0))) <= tol for c in range(width)):
            for m, o in zip(members, choice):
                used[m].add(o)
    if not used[parent]:
        return False  # the identity holds for no placement: it cannot decide anything here
    changed = False
    for m in members:
        kept = [o for o in rows[m].options if o in used[m]]
        if len(kept) < len(rows[m].options):
            rows[m].options = kept
            changed = True
    return changed


def place(rows: list[Placed], width: int, total_first: bool, decimals: int,
          sums: list[tuple[int, list[int]]] | None = None,
          allowed: list[dict[int, set[int]]] | None = None) -> list[dict[int, int]]:
    """Per row: figure index -> column index, for the figures whose column is certain. `sums`: the
    identities every row keeps, (column, the columns it adds), when the header tells them; `allowed`: per
    row, the columns a figure may stand in, when the document says so."""
    for r, allow in zip(rows, allowed or [{}] * len(rows)):
        r.options = _options(r.figs, width, total_first, decimals, sums)
        if allow and r.options:
            r.options = [o for o in r.options if all(o[i] in cols for i, cols in allow.items())]
    fams = _families(rows)
    for _ in range(6):
        if not any([_narrow(rows, p, kids, width, decimals) for p, kids in fams]):
            break
    out: list[dict[int, int]] = []
    for r in rows:
        if r.options is None:
            certain = {0: 0} if total_first and r.figs and all(f >= 0 for f in r.figs) else {}
        elif not r.options:
            certain = {}
        else:
            certain = {i: r.options[0][i] for i in range(len(r.figs)) if len({o[i] for o in r.options}) == 1}
        out.append(certain)
    return out

"""Value columns of a space-separated table whose header is too broken to name, fixed by its total row.

Single-space text drops a row's empty cells, and a header broken over lines (`附属单位上` / `缴收入`
around the naming line) does not say where its broken headings stand, so a row of four figures under
seven headings could sit in many columns. Two facts fix them:
- a column the 合计/总计 row leaves empty is empty in every row, when no figure is negative (the
  total row adds every row, so a column adding to nothing holds nothing): the table has, in effect,
  only the columns its total row prints, in the total row's order;
- the document names the total row's figures elsewhere, in its own words: the 收支总表 prints
  `五、事业收入 5 1,110,972.11`, the explanation `基本支出1,168,039.29万元`. A total-row figure is named
  when exactly one of the header's column names is printed right before that same figure.
Rows then place their figures among those columns (indexer.space_place: a row printing as many figures
fills them in order; a shorter one by the row and parent = Σ children sums); a table where any figure
cannot be named this way is left to the other rules.
"""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache

from core.lexicon import GRAND_TOTALS, TABLE_COLUMN_NAMES
from indexer.numbers import FIGURE, normalise_text, parse_amount
from indexer.space_headers import Grouped
from indexer.space_place import printed_totals_hold

_NUMBER = re.compile(rf"(?<![\d.,]){FIGURE}(?![\d.,])")
_ROWNUM = re.compile(r"\s\d{1,3}$")  # a 行次 printed between a row's label and its figure
_LINK = re.compile(r"[为是：:\s]+$")
_UNIT_AFTER = re.compile(r"\s*(?:万元|元)")
_CONTEXT = 24  # characters kept before a figure: enough for the longest column name


@lru_cache(maxsize=1)
def printed_before(lines: tuple[str, ...]) -> dict[Decimal, frozenset[str]]:
    """Each figure of the document -> the text printed right before it (spaces dropped). A prose figure
    (one with a unit) takes the line above too: prose wraps mid-name (`其中：财政拨款` / `收入805,251.56万元`);
    a table figure never takes the line above (a header line)."""
    out: dict[Decimal, set[str]] = defaultdict(set)
    prev = ""
    for line in lines:
        text = normalise_text(line)
        for m in _NUMBER.finditer(text):
            amount = parse_amount(m.group())
            if amount is None:
                continue
            before = _LINK.sub("", _ROWNUM.sub("", text[:m.start()].rstrip()))
            before = re.sub(r"\s", "", before)
            if _UNIT_AFTER.match(text, m.end()):
                before = prev + before
            if before:
                out[amount.value].add(before[-_CONTEXT:])
        prev = re.sub(r"\s", "", text)[-_CONTEXT:]
    return {v: frozenset(s) for v, s in out.items()}


def _name_of(value: Decimal, names: list[str], printed: dict[Decimal, frozenset[str]]) -> str | None:
    hits = {n for n in names for before in printed.get(value, ()) if before.endswith(n)}
    # 事业单位经营收入 ends with 经营收入 too: the longer heading printed is the one meant
    hits = {n for n in hits if not any(o != n and o.endswith(n) for o in hits)}
    return hits.pop() if len(hits) == 1 else None


def naming_line(lines: list[list[str]]) -> list[str]:
    """The header line naming the most columns (the others hold the pieces of broken headings), when one
    line does."""
    longest = max((len(words) for words in lines), default=0)
    named = [words for words in lines if len(words) == longest]
    return named[0] if len(named) == 1 else []


def total_row_names(total_word: str | None, header: list[list[str]], rows: list[tuple[str, list[Decimal]]],
                    decimals: int, lines: tuple[str, ...]) -> list[str] | None:
    """Names of the columns the total row prints (its total first), or None when any is uncertain.
    `header`: each header line's value-column words; `rows`: (label, figures)."""
    totals = [figs for label, figs in rows if label in GRAND_TOTALS]
    if total_word is None or not totals or len(totals[0]) < 2:
        return None
    width = len(totals[0])
    values = [figs for _, figs in rows]
    if any(f < 0 for figs in values for f in figs) or any(len(figs) > width for figs in values):
        return None
    if not printed_totals_hold(values, decimals):
        return None
    # a word of the naming line may be the top piece of a broken heading (预算拨款收入 of 一般公共预算拨款收入):
    # only a standard column name is a whole one
    parts = [n for n in naming_line(header) if n in TABLE_COLUMN_NAMES]
    printed = printed_before(lines)
    named = [_name_of(v, parts, printed) for v in totals[0][1:]]
    if None in named or len(set(named)) != len(named):
        return None
    at = [parts.index(n) for n in named]
    # the naming line keeps the columns' order, as the total row does
    return [total_word, *named] if at == sorted(at) else None


# what may stand before a column name in the text naming a figure: nothing, a list number (三、), a bracket
_NAME_START = re.compile(r"(?:^|[、）)：:])$")


def _assembled(before: str, header: list[list[str]]) -> str | None:
    """The longest tail of `before`, starting after a list number or at the start, that the header prints
    whole or broken over lines (一般公共预 / 算收入 on lines below one another, in that order)."""
    best = None
    for start in range(len(before)):
        tail = before[start:]
        if _NAME_START.search(before[:start]) and len(tail) >= 4 and _pieces(tail, header, 0):
            best = tail
            break
    return best


def _pieces(text: str, header: list[list[str]], line: int) -> bool:
    if not text:
        return True
    return any(text.startswith(w) and _pieces(text[len(w):], header, k + 1)
               for k in range(line, len(header)) for w in header[k])


def subtotal_names(total_word: str | None, header: list[list[str]], rows: list[tuple[str, list[Decimal]]],
                   decimals: int, lines: tuple[str, ...]) -> Grouped | None:
    """Names and row sums of a total row printing one group's 小计 right before the group's members
    (`合计 5,609.33 5,274.99 3,773.71 1,501.28 329.34 5.00`: 合计 = 小计 + the other columns, 小计 = its
    members), or None. Each figure of the total row is named by the document's own text before the same
    figure (收支总表 `一般公共预算收入 3,773.71`) when that name is printed in the header, whole or broken over
    lines; the 小计 by its group's name. Every name must be certain."""
    totals = [figs for label, figs in rows if label in GRAND_TOTALS]
    if total_word is None or not totals or sum(w == "小计" for line in header for w in line) != 1:
        return None
    t = totals[0]
    width = len(t)
    values = [figs for _, figs in rows]
    if any(f < 0 for figs in values for f in figs) or any(len(figs) > width for figs in values):
        return None
    tol = Decimal(1).scaleb(-decimals)
    splits = [(g, k) for g in range(1, width - 2) for k in range(2, width - g)
              if abs(t[g] - sum(t[g + 1: g + 1 + k], Decimal(0))) <= tol * k
              and abs(t[0] - sum(t[1: g + 1], Decimal(0)) - sum(t[g + 1 + k:], Decimal(0))) <= tol * width]
    if len(splits) != 1:
        return None
    g, k = splits[0]
    printed = printed_before(lines)
    named = []
    for v in t[1:]:
        names = {n for before in printed.get(v, ()) if (n := _assembled(before, header))}
        if len(names) != 1:
            return None
        named.append(names.pop())
    if len(set(named)) != len(named):
        return None
    group = named[g - 1]
    leaves = [total_word, *named[:g - 1], "小计", *named[g:]]
    paths = [total_word, *named[:g - 1], f"{group}/小计", *(f"{group}/{n}" for n in named[g: g + k]), *named[g + k:]]
    sums = [(0, [c for c in range(1, width) if not g < c <= g + k]), (g, list(range(g + 1, g + 1 + k)))]
    return Grouped(leaves, paths, sums)

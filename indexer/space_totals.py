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

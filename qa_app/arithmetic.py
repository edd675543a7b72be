"""Arithmetic on facts, in Decimal: sums, differences, shares, changes against last year and
orderings. Each result carries the formula with its inputs, so an answer can show its working."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from indexer.numbers import UNIT_FACTORS, format_amount
from qa_app.records import Fact, describe

CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def show(value: Decimal) -> str:
    return format_amount(q2(value))


@dataclass
class Computed:
    value: Decimal  # rounded to cents
    unit: str
    formula: str


def _in_unit(facts: list[Fact]) -> tuple[str, list[Decimal]]:
    """Every figure in the first one's unit, from their exact yuan values."""
    unit = facts[0].unit or "元"
    return unit, [f.value_yuan / UNIT_FACTORS.get(unit, 1) for f in facts]


def total(facts: list[Fact]) -> Computed:
    unit, values = _in_unit(facts)
    formula = " + ".join(f"{describe(f)} {show(v)}" for f, v in zip(facts, values))
    return Computed(q2(sum(values, Decimal(0))), unit, formula)


def difference(first: Fact, second: Fact) -> Computed:
    unit, (a, b) = _in_unit([first, second])
    return Computed(q2(a - b), unit, f"{describe(first)} {show(a)} − {describe(second)} {show(b)}")


def share(part: Fact, whole: Fact) -> Computed:
    """part as a percentage of whole."""
    formula = f"{describe(part)} {show(part.amount)} ÷ {describe(whole)} {show(whole.amount)} × 100%"
    return Computed(q2(part.value_yuan / whole.value_yuan * 100), "%", formula)


def share_of_total(parts: list[Fact], whole: Fact, times: bool = False) -> Computed:
    """(A + B) as a percentage (or a multiple) of whole."""
    summed = total(parts)
    yuan = sum((f.value_yuan for f in parts), Decimal(0))
    formula = f"({summed.formula}) ÷ {describe(whole)} {show(whole.amount)}" + ("" if times else " × 100%")
    value = yuan / whole.value_yuan * (1 if times else 100)
    return Computed(q2(value), "倍" if times else "%", formula)


def times(part: Fact, whole: Fact) -> Computed:
    """part as a multiple of whole (A是B的几倍)."""
    formula = f"{describe(part)} {show(part.amount)} ÷ {describe(whole)} {show(whole.amount)}"
    return Computed(q2(part.value_yuan / whole.value_yuan), "倍", formula)


def per_head(fact: Fact, heads: Fact) -> Computed:
    """A figure per person: the amount in its own unit divided by the stated headcount."""
    formula = f"{describe(fact)} {show(fact.amount)} ÷ {heads.row_name} {heads.value_text}{heads.unit}"
    return Computed(q2(fact.amount / heads.amount), fact.unit or "元", formula)


def change_in_unit(delta_yuan: Decimal, unit: str) -> Decimal:
    return delta_yuan / UNIT_FACTORS.get(unit, Decimal(1))


def change_percent(delta: Decimal, prior: Decimal) -> Decimal:
    return q2(delta / prior * 100)


def adds_up(total_yuan: Decimal, target_yuan: Decimal, unit: str | None, n: int) -> bool:
    """Whether n printed figures add up to a printed total, allowing each its rounding to cents."""
    return abs(total_yuan - target_yuan) <= CENT * UNIT_FACTORS.get(unit or "元", 1) * n


def ordered(rows: pd.DataFrame, smallest: bool) -> pd.DataFrame:
    return rows.sort_values("value_yuan", ascending=smallest)

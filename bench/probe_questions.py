"""Questions generated from an index's own cells, each with the figure it must be answered with.
Kinds: lookup (a row's total), column (a row's named column), share (a child row by 科目编码 over
its parent, same table and column), diff (two sibling rows), sum (two or three siblings), rank (the
largest or smallest of three siblings), stage (a 决算 document's 决算数 / 预算数 figures). Rows used
by arithmetic are read in their total column only, and only when every table that prints them
prints the same total. Deterministic: each (document, kind) draws from its own seeded generator."""
from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from bench.probe_cells import (
    STAGES,
    Cell,
    askable_name,
    column_phrase,
    is_total_column,
    other_figures,
    row_totals,
    single_valued,
)
from indexer.numbers import UNIT_FACTORS

KINDS = ("lookup", "column", "share", "diff", "stage", "sum", "rank")
SHARE_TOLERANCE = Decimal("0.05")  # percentage points: a share rounded to one or two decimals

PHRASES = {
    "lookup": ("{A}{Y}年{X}是多少？", "{A}{Y}年{X}有多少{U}？", "请问{A}{Y}年的{X}是多少？", "{Y}年{A}{X}是多少？"),
    "column": ("{A}{Y}年{X}的{C}是多少？", "请问{A}{Y}年{X}的{C}？", "{A}{Y}年{X}的{C}有多少{U}？"),
    "share": ("{A}{Y}年{X}占{W}的比重是多少？", "{A}{Y}年{X}是{W}的百分之几？", "{A}{Y}年{X}在{W}中占比多少？"),
    "more": ("{A}{Y}年{X}比{Z}多多少？", "{A}{Y}年{Z}比{X}少多少？"),
    "diff": ("{A}{Y}年{X}和{Z}相差多少？", "{A}{Y}年{X}与{Z}差了多少？"),
    "sum": ("{A}{Y}年{L}加起来是多少？", "{A}{Y}年{L}一共多少{U}？", "{A}{Y}年{L}合计是多少？"),
    "max": ("{A}{Y}年{R}哪个最多？", "{A}{Y}年{R}哪个金额最大？"),
    "min": ("{A}{Y}年{R}中哪一项最少？",),
    "stage": ("{A}{Y}年{X}的{S}是多少？", "请问{A}{Y}年{X}的{S}？", "{A}{Y}年{X}{T}多少？"),
}
# how a question may shorten a stage label
_STAGE_SPOKEN = {"决算数": "决算", "年初预算数": "年初预算", "全年预算数": "全年预算", "调整预算数": "调整预算",
                 "预算数": "预算"}


@dataclass
class Question:
    doc: str
    kind: str
    text: str
    gold: Decimal  # in yuan, or percent for a share
    tolerance: Decimal
    cells: list[Cell]
    by_size: bool = False  # a difference: its size is right whatever its sign
    gold_unit: str = "元"
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"doc": self.doc, "kind": self.kind, "question": self.text, "gold": str(self.gold),
                "gold_unit": self.gold_unit, "tolerance": str(self.tolerance), "by_size": self.by_size,
                "cells": [c.to_json() for c in self.cells]}


def short_alias(meta: dict) -> str:
    """The shortest alias that names the agency, not only its place (北京市 is no agency)."""
    region = meta.get("region") or ""
    names = [a for a in (meta.get("aliases") or []) if len(a) >= 4 and a not in region
             and not re.search(r"[省市区县州]$", a)]
    return min(names, key=lambda a: (len(a), a)) if names else (meta.get("agency") or "")


def _tolerance(cells: list[Cell]) -> Decimal:
    """One unit of the last printed place (in the cells' unit), in yuan: a figure rounded as printed."""
    return max(Decimal(1).scaleb(-c.places) * UNIT_FACTORS.get(c.unit, Decimal(1)) for c in cells)


def _parent(code: str) -> str | None:
    if len(code) == 3:
        return ""
    return code[:-2] if len(code) > 3 else None


class DocProbe:
    """One document's cells and the questions they support."""

    def __init__(self, meta: dict, cells: list[Cell], seed: int, text: str = ""):
        self.meta, self.cells, self.seed, self.text = meta, cells, seed, text
        self.alias, self.year = short_alias(meta), meta.get("year")
        self.skipped: Counter = Counter()
        totals = [c for c in row_totals(cells).values() if askable_name(c.name)]
        unique = single_valued((c.name, c.yuan) for c in totals)
        self.skipped["rows with differing totals"] = len({c.name for c in totals} - unique)
        stated = {c.name for c in totals if c.name in unique and other_figures(text, c.name, c.yuan)}
        self.skipped["rows the text states with another figure"] = len(stated)
        self.totals = [c for c in totals if c.name in unique - stated]
        # every figure of a final account is an outturn: a row whose totals differ has no one 决算数
        self.two_figures = {c.name for c in totals} - (unique - stated)

    def _rng(self, kind: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.meta['doc']}:{kind}")

    def _say(self, rng: random.Random, key: str, **slots) -> str:
        return rng.choice(PHRASES[key]).format(A=self.alias, Y=self.year, **slots)

    def _question(self, kind, text, gold, cells, **kw) -> Question:
        return Question(doc=self.meta["doc"], kind=kind, text=text, gold=gold,
                        tolerance=kw.pop("tolerance", None) or _tolerance(cells), cells=cells, **kw)

    def _draw(self, kind: str, candidates: list, n: int) -> tuple[random.Random, list]:
        rng = self._rng(kind)
        return rng, rng.sample(candidates, min(n, len(candidates)))

    def lookup(self, n: int) -> list[Question]:
        first: dict[str, list[Cell]] = defaultdict(list)
        for c in self.totals:
            first[c.name].append(c)
        rng, names = self._draw("lookup", sorted(first), n)
        return [self._question("lookup", self._say(rng, "lookup", X=name, U=first[name][0].unit),
                               first[name][0].yuan, first[name]) for name in names]

    def column(self, n: int) -> list[Question]:
        named = [(c, column_phrase(c)) for c in self.cells
                 if askable_name(c.name) and c.leaf and not is_total_column(c.column)]
        named = [(c, p) for c, p in named if p]
        by_leaf = single_valued(((c.name, c.leaf), c.yuan) for c in self.cells)
        by_phrase = single_valued(((c.name, p), c.yuan) for c, p in named)
        keys: dict[tuple[str, str], list[Cell]] = defaultdict(list)
        for c, p in named:
            if (c.name, p) in by_phrase and (c.name, c.leaf) in by_leaf:
                keys[(c.name, p)].append(c)
        self.skipped["ambiguous (row, column) pairs"] = len({(c.name, p) for c, p in named} - set(keys))
        rng, chosen = self._draw("column", sorted(keys), n)
        return [self._question("column", self._say(rng, "column", X=name, C=p, U=keys[(name, p)][0].unit),
                               keys[(name, p)][0].yuan, keys[(name, p)]) for name, p in chosen]

    def stage(self, n: int) -> list[Question]:
        if "决算" not in (self.meta.get("kind") or ""):
            return []
        staged: list[tuple[str, str, Cell]] = []
        for c in self.cells:
            if c.leaf in STAGES and askable_name(c.name):
                staged.append((c.name, c.leaf, c))
            elif c.name in STAGES and (item := column_phrase(c)):
                staged.append((item, c.name, c))
        unique = single_valued(((item, s), c.yuan) for item, s, c in staged)
        unique -= {(i, s) for i, s, c in staged if i in self.two_figures or other_figures(self.text, i, c.yuan)}
        self.skipped["ambiguous (item, stage) pairs"] = len({(i, s) for i, s, _ in staged} - unique)
        keys: dict[tuple[str, str], list[Cell]] = defaultdict(list)
        for item, s, c in staged:
            if (item, s) in unique:
                keys[(item, s)].append(c)
        rng, chosen = self._draw("stage", sorted(keys), n)
        return [self._question("stage", self._say(rng, "stage", X=item, S=s, T=_STAGE_SPOKEN[s]),
                               keys[(item, s)][0].yuan, keys[(item, s)]) for item, s in chosen]

    def _groups(self) -> dict[tuple[str, str, str], list[Cell]]:
        """Coded total cells by (table, column, parent code): siblings."""
        groups: dict[tuple[str, str, str], list[Cell]] = defaultdict(list)
        for c in self.totals:
            if c.code.isdigit() and (parent := _parent(c.code)) is not None:
                groups[(c.table_id, c.column, parent)].append(c)
        return {k: _distinct_names(v) for k, v in groups.items() if len(_distinct_names(v)) >= 2}

    def share(self, n: int) -> list[Question]:
        coded = defaultdict(list)
        for c in self.totals:
            if c.code.isdigit():
                coded[(c.table_id, c.column)].append(c)
        pairs = {(a.name, b.name): (a, b) for group in coded.values() for a in group for b in group
                 if a.code != b.code and a.code.startswith(b.code) and b.yuan and a.name != b.name}
        rng, chosen = self._draw("share", sorted(pairs), n)
        out = []
        for key in chosen:
            a, b = pairs[key]
            percent = (a.yuan / b.yuan * 100).quantize(Decimal("0.0001"))
            out.append(self._question("share", self._say(rng, "share", X=a.name, W=b.name), percent, [a, b],
                                      tolerance=SHARE_TOLERANCE, gold_unit="%"))
        return out

    def diff(self, n: int) -> list[Question]:
        pairs = sorted({(a.name, b.name): (a, b) for g in self._groups().values()
                        for a, b in combinations(g, 2)}.items())
        rng, chosen = self._draw("diff", pairs, n)
        out = []
        for _, (a, b) in chosen:
            big, small = (a, b) if a.yuan >= b.yuan else (b, a)
            key = rng.choice(("more", "diff"))
            text = self._say(rng, key, X=big.name, Z=small.name)
            out.append(self._question("diff", text, big.yuan - small.yuan, [big, small], by_size=True))
        return out

    def sum(self, n: int) -> list[Question]:
        rng = self._rng("sum")
        sets = sorted({tuple(c.name for c in combo): combo for g in self._groups().values()
                       for size in (2, 3) for combo in combinations(g, size)}.items())
        chosen = rng.sample(sets, min(n, len(sets)))
        return [self._question("sum", self._say(rng, "sum", L=_listed(combo), U=combo[0].unit),
                               sum((c.yuan for c in combo), Decimal(0)), list(combo)) for _, combo in chosen]

    def rank(self, n: int) -> list[Question]:
        rng = self._rng("rank")
        sets = sorted({tuple(c.name for c in combo): combo for g in self._groups().values()
                       for combo in combinations(g, 3) if len({c.yuan for c in combo}) == 3}.items())
        out = []
        for _, combo in rng.sample(sets, min(n, len(sets))):
            key = rng.choice(("max", "max", "min"))
            pick = (max if key == "max" else min)(combo, key=lambda c: c.yuan)
            out.append(self._question("rank", self._say(rng, key, R="、".join(c.name for c in combo)),
                                      pick.yuan, list(combo), extra={"answer_row": pick.name}))
        return out


def _distinct_names(cells: list[Cell]) -> list[Cell]:
    """One cell per row name: a row printed again (at the top of the next page) counts once, a
    name printed with two figures is two rows no question can tell apart."""
    values = single_valued((c.name, c.yuan) for c in cells)
    first = {}
    for c in cells:
        if c.name in values:
            first.setdefault(c.name, c)
    return list(first.values())


def _listed(cells) -> str:
    names = [c.name for c in cells]
    return "、".join(names[:-1]) + "和" + names[-1]


def generate(docs: dict[str, dict], cells: dict[str, list[Cell]], texts: dict[str, str], kinds=KINDS,
             per_doc: int = 6, seed: int = 7) -> tuple[list[Question], dict[str, Counter]]:
    """The questions for every document (its text: lines run together), and per document what
    was left out as ambiguous."""
    questions, skipped = [], {}
    for doc in sorted(cells):
        if doc not in docs:
            continue
        probe = DocProbe(docs[doc], cells[doc], seed, texts.get(doc, ""))
        for kind in kinds:
            questions += getattr(probe, kind)(per_doc)
        skipped[doc] = probe.skipped
    return questions, skipped

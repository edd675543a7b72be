"""Last year's figure of an item as the narrative states it outright (上年预算 X万元), for questions about
the year before the document's."""
from __future__ import annotations

import re

from indexer.numbers import PROSE_AMOUNT, parse_amount
from qa_app.prose import _CHANGE, _narrative, _prose_fact
from qa_app.records import Fact
from qa_app.text import norm


def prose_prior(lines: list[tuple[int, str]], doc: str, names: list[str]) -> Fact | None:
    """Last year's figure stated outright: «<item> X万元，比上年预算 Y万元增加…» (Y), else «(上年…<item> X万元…)»."""
    for name in names:
        key = re.escape(norm(name))
        beside = re.compile(key + r"(?P<gap>)[^。；，,\d]{0,6}?\d[\d,]*(?:\.\d+)?\s*万?元[，,]?\s*"
                            r"(?:比|较)(?:上年|去年|上一年)(?:预算|执行|决算)?数?\s*" + PROSE_AMOUNT
                            + r"\s*(?:增加|减少|增长|下降)")
        pattern = re.compile(r"(?:上年|去年|上一年)(?!结转|结余)[^。；]{0,40}?" + key
                             + r"(?P<gap>[^。；，,\d]{0,4}?)" + PROSE_AMOUNT)
        for n, text in _narrative(lines, name):
            m = beside.search(text) or pattern.search(text)
            amount = parse_amount(m.group("num")) if m and not _CHANGE.search(m.group("gap")) else None
            if amount is not None:
                unit = m.group("unit")
                return _prose_fact(doc, name, amount.text, unit, n)
    return None

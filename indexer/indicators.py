"""Performance indicators (绩效指标) stated as «<indicator> <comparison> <figure><unit>» on one line, as
绩效目标表 print them however the table was extracted (「深度访谈数量：参保人员 ≥ 500 人」, 「维保车辆数 ≥40辆」).
Each becomes a line item of its own kind — a count, a percentage or another quantity with its unit —
so a question about a target (几人, 合格率) is answered with that figure and never with money.
Money indicators (成本 ≤ N万元) are bounds, not amounts budgeted, and are left out."""
from __future__ import annotations

import re

from core.lexicon import INDICATOR_LEVELS, MEASURE
from indexer.models import LineItem
from indexer.numbers import parse_amount

_STATEMENT = re.compile(r"(?P<name>[^\s≥≤＝=＞＜><]{2,40})\s*(?P<op>≥|≤|＝|=|＞|＜|>|<)\s*"
                        r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>%|％|日|月|年|" + MEASURE + r")(?![\u4e00-\u9fff\d])")
_LEVEL = re.compile(INDICATOR_LEVELS)
# the nearest title above that names a performance form gives the indicators their table
_FORM_TITLE = re.compile(r"绩效.{0,12}表")


def _name(raw: str) -> str | None:
    name = _LEVEL.sub("", raw).strip("：:，,、；;（(")
    return name if re.search(r"[\u4e00-\u9fff]{2}", name) else None


def _form_title(lines: list[str], n: int, reach: int = 120) -> tuple[str, int]:
    for k in range(n - 1, max(n - reach, 0) - 1, -1):
        text = lines[k].strip()
        m = _FORM_TITLE.search(text)
        if m and len(text) <= 40:
            return text, k + 1
    return "绩效目标", 0


def indicator_items(doc: str, lines: list[str], placed: list[LineItem]) -> list[LineItem]:
    """The indicators stated in `lines` (1-based line numbers) that no table placed already."""
    taken = {(it.line, it.value) for it in placed}
    seen: set[tuple[int, str, str]] = set()
    out: list[LineItem] = []
    for n, line in enumerate(lines, start=1):
        for m in _STATEMENT.finditer(line):
            name = _name(m.group("name"))
            amount = parse_amount(m.group("num"))
            if name is None or amount is None or (n, amount.text) in taken or (n, name, amount.text) in seen:
                continue
            seen.add((n, name, amount.text))  # two panels of one form (目标 | 完成) print it twice
            title, title_line = _form_title(lines, n)
            unit = "%" if m.group("unit") == "％" else m.group("unit")
            out.append(LineItem(doc=doc, table=title, table_id=f"{doc}:indicators:{title_line}", row_code=None,
                                row_name=name, column="指标值", column_path=f"指标值（{m.group('op')}）",
                                value=m.group("num"), unit=unit, value_yuan=None, line=n,
                                row_index=n, col_index=m.start("num")))
    return out

"""Bar charts of figures: the table cells an answer cites, or the rows of a table in the explorer.

A chart shows exactly the figures it is drawn from, each found again in the line-item store by
its document, table, line and column; a cited figure that cannot be found there with certainty is
left out, and with fewer than two figures left there is no chart.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import altair as alt
import pandas as pd

from indexer.numbers import from_yuan, parse_amount
from qa_app.types import Answer, Citation

LABEL, FIGURE, PRINTED = "项目", "数额", "原文数字"
MONEY = ("元", "万元")
MAX_BARS = 40  # beyond this a bar chart is a texture, not a picture
AXES_HEIGHT, BAR_HEIGHT = 80, 30  # pixels: a label per bar is drawn only when it has a bar's height


def _cited_item(items: pd.DataFrame, c: Citation) -> pd.Series | None:
    """The one line item a table citation names, or None when the store does not hold exactly one."""
    hit = items[(items["line"] == c.line_start) & (items["column"] == c.column)]
    hit = hit[hit["value"].map(lambda v: _printed_equal(v, c.value))]
    return hit.iloc[0] if len(hit) == 1 else None


def _printed_equal(stored: str, cited: str | None) -> bool:
    a, b = parse_amount(str(stored)), parse_amount(str(cited or ""))
    return a is not None and b is not None and a.value == b.value


def cited_figures(answer: Answer, items_of: Callable[[Citation], pd.DataFrame],
                  doc_names: dict[str, str]) -> tuple[pd.DataFrame, str | None] | None:
    """(one row per cited cell: 项目, 数额 (Decimal), 原文数字; unit) for an answer citing two or
    more table cells of one kind of unit; None otherwise. Labels say only what tells the cells
    apart: the agency and year when several documents are cited, then table, row, column."""
    if answer.refused:
        return None
    found: list[tuple[Citation, pd.Series]] = []
    for c in answer.citations:
        if c.kind == "table" and c.table_id and c.value and not c.role:  # a conflicting figure is no bar
            item = _cited_item(items_of(c), c)
            if item is not None and not any(c2.doc == c.doc and c2.line_start == c.line_start
                                            and c2.column == c.column for c2, _ in found):
                found.append((c, item))
    if len(found) < 2:
        return None
    measured = figures([item for _, item in found])
    if measured is None:
        return None
    values, unit = measured
    keys = [[doc_names.get(c.doc, c.doc), c.table, c.row, c.column] for c, _ in found]
    varying = [k for k in range(4) if len({key[k] for key in keys}) > 1 or k == 2]
    labels = _distinct([" · ".join(str(key[k]) for k in varying if key[k]) for key in keys],
                       [str(c.line_start) for c, _ in found])
    frame = pd.DataFrame({LABEL: labels, FIGURE: values, PRINTED: [str(item["value"]) for _, item in found]})
    return frame, unit


def figures(items: list[pd.Series]) -> tuple[list[Decimal], str | None] | None:
    """The items' figures in one unit, exactly: money through the store's 元 figure (元 and 万元
    mixed are drawn in 万元), other units only when all items share one; None otherwise."""
    units = {item["unit"] for item in items}
    if units <= set(MONEY) and all(item["value_yuan"] is not None for item in items):
        unit = units.pop() if len(units) == 1 else "万元"
        return [from_yuan(item["value_yuan"], unit) for item in items], unit
    amounts = [parse_amount(str(item["value"])) for item in items]
    if len(units) != 1 or any(a is None or a.unit for a in amounts):
        return None
    return [a.value for a in amounts], units.pop()


def axis_title(unit: str | None) -> str:
    if unit in MONEY:
        return f"金额（{unit}）"
    return f"数额（{unit}）" if unit else "数额"


def bar_chart(frame: pd.DataFrame, unit: str | None, title: str | None = None) -> alt.Chart:
    """Horizontal bars in the frame's order; the tooltip gives the figure as printed. The bar
    length is the one place a figure becomes a float: drawing needs it, and no number is read
    back from it."""
    data = frame.assign(**{FIGURE: frame[FIGURE].map(float)})
    chart = alt.Chart(data, title=title or "").mark_bar(color="#4c78a8").encode(
        x=alt.X(f"{FIGURE}:Q", title=axis_title(unit)),
        y=alt.Y(f"{LABEL}:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
        tooltip=[alt.Tooltip(f"{LABEL}:N"), alt.Tooltip(f"{PRINTED}:N", title=f"原文数字（{unit or '未声明单位'}）")],
    )
    # the height is the whole chart's (Streamlit fits axes and titles inside it): room for every label
    return chart.properties(height=AXES_HEIGHT + BAR_HEIGHT * len(data))


def table_figures(grid: pd.DataFrame, column: str, unit: str | None) -> pd.DataFrame:
    """One bar per grid row whose cell in `column` is a plain figure (a blank, a dash or a figure
    printed with a unit of its own is left out), labelled by its code and name."""
    rows, lines = [], []
    for _, row in grid.iterrows():
        amount = parse_amount(str(row[column]))
        if amount is not None and not amount.unit:
            rows.append((" ".join(str(x) for x in (row.get("科目编码"), row.get("科目名称")) if x),
                         amount.value, str(row[column])))
            lines.append(str(row["行号"]))
    frame = pd.DataFrame(rows, columns=[LABEL, FIGURE, PRINTED])
    frame[LABEL] = _distinct(list(frame[LABEL]), lines)
    return frame


def _distinct(labels: list[str], lines: list[str]) -> list[str]:
    """Bars with the same label would be drawn as one: a repeated (or empty) label gets its line."""
    seen = Counter(labels)
    return [f"{label}（第{line}行）" if seen[label] > 1 or not label else label
            for label, line in zip(labels, lines)]

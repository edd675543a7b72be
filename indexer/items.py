"""Table -> one LineItem per numeric cell, with its row code, row name, column and unit.

A row is read left to right as segments: a segment starts at a label (or a code followed by a
label) and owns the figures after it, so side-by-side panels (收入 | 预算数 | 支出 | 预算数)
give each figure the label it stands beside. Within a segment the first label is the row name:
later labels are secondary classifications (政府经济分类 beside 部门经济分类, 项目单位 beside a
project) and are kept out of the name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from core.lexicon import MEASURE
from indexer.breakdowns import PanelRow, headings
from indexer.cell_text import declared_unit, is_code, squeeze
from indexer.models import LineItem, Row, Table
from indexer.numbers import Amount, parse_amount, to_yuan
from indexer.row_index import is_row_number_column
from indexer.space_sides import ROW_NUMBER

# Columns of positions (never figures), of classification codes, and of labels.
_SKIP_COLUMN = re.compile(r"^(?:序号|栏次|行次|编号)$")
_CODE_COLUMN = re.compile(r"编码|代码")
_LABEL_COLUMN = re.compile(r"项目|名称|科目|单位$|指标")
# Columns or labels whose figures are counts or other non-money quantities (a 绩效 form's 分值
# and 得分 are points). A one-character unit (台/套/辆/件) counts only as a unit, in brackets
# (车辆（台、辆）): bare, it is part of a name (电视台, 平台, a place name) or of a purchase paid
# in money (车辆维修和保养服务).
_COUNT = re.compile(r"数量|人数|台数|套数|件数|个数|面积|平方米|分值|得分|[（(][^）)]*[台套辆件][^）)]*[）)]")
_PERCENT = re.compile(r"%|％|百分比|比例|比重|增幅|降幅|占比|率")  # 执行率, 完成率, 增长率: rates, not money
# A cell holding only a unit of quantity, printed right after a figure (绩效目标: ≥ | 24 | 个,
# ≤ | 11 | 月): the figure is that many units, never money in the table's 万元. The measure words of
# questions (core.lexicon), plus the time spans, scores (分), lengths (米) and 部 that forms print bare.
_QUANTITY_UNIT = re.compile(rf"^(?:{MEASURE}|月|日|年|周|分|米|部)$")
_PERCENT_UNIT = re.compile(r"^[%％]$")
# A column's formula letters in a form heading: (C), (A+B), (C-D).
FORMULA_MARK = r"[(（][A-Z][A-Z+\-−]*[)）]"
# What a column heading printed inside a form table says (金额, 预算, 增减变化, (C-D) …).
_HEADING = re.compile(r"金额|预算|决算|增减|变化|合计|小计|" + FORMULA_MARK)
# Rows that carry numbers which are not figures of the budget (phone numbers, dates).
_NOT_A_FIGURE = re.compile(r"电话|日期|时间|邮编|手机|传真|联系人|填报")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十廿]+、|[（(][一二三四五六七八九十廿]+[)）]|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|其中[:：]?|含[:：])"
)


def clean_name(text: str) -> str:
    """Row label without layout noise: wrapped spaces, list numbering, 其中：."""
    name = squeeze(text).rstrip(":：")
    while True:
        stripped = _NUMBERING.sub("", name, count=1)
        if stripped == name:
            return name
        name = stripped


@dataclass
class _Segment:
    code: str | None = None
    name: str = ""
    group_label: str = ""
    labels: list[str] = field(default_factory=list)


@dataclass
class _Layout:
    """What each column holds, read from the header and from the body cells themselves."""

    skip_cols: set[int]  # 序号 / 栏次: positions, not figures
    code_cols: set[int]
    panel_starts: set[int]  # first label column of each side-by-side panel after the first
    group_col: int | None  # a first column whose merged cells label several rows
    # a 科目编码 printed in three columns, 类 | 款 | 项 (205 | 03 | 99): those columns, in order
    split_code_cols: tuple[int, ...] = ()


def _layout(table: Table) -> _Layout:
    ncols = max([len(table.column_leaves)] + [len(r.cells) for r in table.rows])
    leaves = table.column_leaves + [""] * (ncols - len(table.column_leaves))
    labels, values, codes, empty_first = [0] * ncols, [0] * ncols, [0] * ncols, 0
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            if not cell.text:
                continue
            if is_code(cell.text):
                codes[c] += 1
            elif parse_amount(cell.text) is not None:
                values[c] += 1
            else:
                labels[c] += 1
        if not (row.cells and row.cells[0].text) and any(_is_label(c.text) for c in row.cells[1:]):
            empty_first += 1
    columns = [[row.cells[c].text if c < len(row.cells) else "" for row in table.rows] for c in range(ncols)]
    row_numbers = {c for c in range(ncols) if leaves[c] == ROW_NUMBER or is_row_number_column(columns[c])}
    skip = {c for c in range(ncols) if _SKIP_COLUMN.search(leaves[c])} | row_numbers
    split_cols = _split_code_cols(table)
    # a header 科目编码 over 类 | 款 | 项 names code columns too: their cells (05) are pieces of a code
    paths = [(table.columns[c] if c < len(table.columns) else "") or leaves[c] for c in range(ncols)]
    code_cols = {c for c in range(ncols) if c not in skip and _CODE_COLUMN.search(paths[c])} | set(split_cols)

    def kind(c: int) -> str:
        if c in skip:
            return "skip"
        if c in code_cols or labels[c] > values[c] or (not values[c] and _LABEL_COLUMN.search(leaves[c])):
            return "label"
        return "value"

    kinds = [kind(c) for c in range(ncols)]
    # a column empty in every row (a PDF table keeps its blank columns) separates no panels
    filled = [c for c in range(ncols) if labels[c] or values[c] or codes[c] or kinds[c] != "value"]
    # a label after a value column, or after a panel's row numbers (行次), opens the next panel
    starts = {c for p, c in zip(filled, filled[1:])
              if kinds[c] == "label" and (kinds[p] == "value" or p in row_numbers)}
    # a code column right after a value column opens a panel even when that value column is empty
    # in every row (a text table whose left panel's figures could not be placed): its labels must
    # not take the right panel's figures
    starts |= {c for c in code_cols if 0 < c and kinds[c - 1] == "value" and _CODE_COLUMN.search(leaves[c])}
    group_col = None
    if kinds[:2] == ["label", "label"] and 0 not in code_cols and empty_first >= max(2, len(table.rows) // 4):
        group_col = 0
    return _Layout(skip, code_cols, starts, group_col, split_cols)


_SPLIT_CODE = re.compile(r"^\d{2}$")


def _split_code_cols(table: Table) -> tuple[int, ...]:
    """The 类 | 款 | 项 columns of a table whose rows print a code in three pieces (205 | 03 | 99,
    then the label): learned from rows where all three are printed, so a row printing only its
    款 (| 03 | | 职业教育) can be read in the same columns."""
    # three pieces (功能分类 类 | 款 | 项), else two (经济分类 类 | 款: 301 | 01 | 基本工资)
    for pieces in (3, 2):
        found: dict[tuple[int, ...], int] = {}
        for row in table.rows:
            filled = [(c, squeeze(cell.text)) for c, cell in enumerate(row.cells) if cell.text.strip()]
            if len(filled) > pieces and re.fullmatch(r"\d{3}", filled[0][1]) and all(
                    _SPLIT_CODE.match(t) for _, t in filled[1:pieces]) and _is_label(filled[pieces][1]):
                key = tuple(c for c, _ in filled[:pieces])
                found[key] = found.get(key, 0) + 1
        if found:
            return max(found, key=found.get)
    return ()


def _split_code(texts: list[str], cols: tuple[int, ...], carry: list[str]) -> str | None:
    """The whole code of a row printed in 类 | 款 | 项 columns. A row printing only its lower
    pieces (| 03 | | 职业教育) sits under the last row that printed the higher ones (`carry`,
    updated here); a gap between printed pieces cannot be read."""
    parts = [squeeze(texts[c]) if c < len(texts) else "" for c in cols]
    if not any(parts) or not all(p == "" or p.isdigit() for p in parts):
        return None
    printed = [i for i, p in enumerate(parts) if p]
    first, last = printed[0], printed[-1]
    if not all(parts[first: last + 1]) or not all(carry[:first]):
        return None
    pieces = carry[:first] + parts[first: last + 1]
    carry[:] = pieces + [""] * (len(cols) - len(pieces))
    return "".join(pieces)


def _cell_unit(table: Table, col: int, row_texts: list[str], group: str | None, printed: str | None) -> str | None:
    if printed:
        return printed
    path = table.columns[col] if col < len(table.columns) else ""
    for source in (path, *row_texts, group or ""):
        unit = declared_unit(source) if source else None
        if unit:
            return unit
    return table.unit


def _quantity_kind(table: Table, col: int, labels: list[str]) -> str:
    """'count' / 'percent' / 'money' for a figure, from its column heading and row labels."""
    leaf = table.column_leaves[col] if col < len(table.column_leaves) else ""
    path = table.columns[col] if col < len(table.columns) else leaf
    if _PERCENT.search(leaf):
        return "percent"
    if re.search(r"金额|价值|元", path):
        return "money"  # a money column wins over a count word in the row label (车辆（台、辆）)
    if _COUNT.search(leaf):
        return "count"
    if any(_COUNT.search(t) and not re.search(r"金额|价值|元|费", t) for t in labels):
        return "count"
    return "money"


def _sub_header(table: Table, texts: list[str], heads: dict[int, str]) -> dict[int, str]:
    """Column headings printed inside a form table, for the columns its header leaves unnamed
    (部门整体支出绩效目标申报表: "2023年预算金额(C) | 2022年预算金额(D) | 预算增减变化(C-D)" above
    the rows they head). A row of two or more such headings and no figure starts them; a row with
    a figure in an unnamed column they do not cover ends them."""
    unnamed = [c for c, t in enumerate(texts) if t and not (c < len(table.column_leaves) and table.column_leaves[c])]
    figures = [c for c in unnamed if parse_amount(texts[c]) is not None]
    if not figures:
        found = {c: clean_name(texts[c]) for c in unnamed if _HEADING.search(texts[c])}
        return found if len(found) >= 2 else heads
    return heads if all(c in heads for c in figures) else {}


def table_items(doc: str, table: Table) -> list[LineItem]:
    items: list[LineItem] = []
    layout = _layout(table)
    group: str | None = None
    heads: dict[int, str] = {}
    carry = [""] * len(layout.split_code_cols)
    parts = _breakdowns(table, layout)
    for r_i, row in enumerate(table.rows):
        texts = [c.text for c in row.cells]
        if layout.group_col is not None and texts and texts[0]:
            group = clean_name(texts[0])
        if any(_NOT_A_FIGURE.search(t) for t in texts if t):
            continue
        heads = _sub_header(table, texts, heads)
        code = _split_code(texts, layout.split_code_cols, carry) if layout.split_code_cols else None
        row_items = _row_items(doc, table, row, r_i, group, layout, heads, code)
        for it in row_items:
            heading = parts.get((r_i, _panel_of(it.col_index, layout)))
            if heading:  # the name alone is a numbered row's: the heading says which figure this is
                it.row_group, it.row_name = heading, f"{heading}：{it.row_name}"
        items.extend(row_items)
    _name_unlabelled_totals(items)
    return items


def _panel_of(col: int, layout: _Layout) -> int:
    return max((s for s in layout.panel_starts if s <= col), default=0)


def _breakdowns(table: Table, layout: _Layout) -> dict[tuple[int, int], str]:
    """(row, panel) -> the heading the row's panel breaks down (indexer.breakdowns)."""
    panels: dict[int, list[PanelRow]] = {}
    for r_i, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if c in layout.skip_cols or c in layout.code_cols or c == layout.group_col or not cell.text:
                continue
            p = _panel_of(c, layout)
            rows = panels.setdefault(p, [])
            if not rows or rows[-1].row != r_i:
                rows.append(PanelRow(r_i, "", False))
            amount = parse_amount(cell.text)
            if amount is not None:
                rows[-1].figures[c] = amount.value
            elif _is_label(cell.text) and not rows[-1].name:
                rows[-1].name = clean_name(cell.text)
                rows[-1].numbered = clean_name(cell.text) != squeeze(cell.text).rstrip(":：")
    return {(r, p): h for p, rows in panels.items() for r, h in headings(rows).items()}


def _row_items(doc: str, table: Table, row: Row, r_i: int, group: str | None, layout: _Layout,
               heads: dict[int, str], split_code: str | None = None) -> list[LineItem]:
    out: list[LineItem] = []
    seg = _Segment(code=split_code)
    after_figure = False
    texts = [c.text for c in row.cells]
    for col, cell in enumerate(row.cells):
        if col in layout.panel_starts:
            seg, after_figure = _Segment(), False
        text = cell.text
        if not text or col in layout.skip_cols or (split_code and col in layout.split_code_cols):
            continue
        # a code opens a row (or panel) before its label; a whole number after a label is a figure
        in_code_column = col in layout.code_cols
        if in_code_column and _SPLIT_CODE.match(squeeze(text)):
            continue  # a 款 or 项 piece of a code (05) printed in its own column: no figure
        if is_code(text) and (in_code_column or (not seg.labels and any(_is_label(t) for t in texts[col + 1: col + 3]))):
            if seg.code is None and not seg.labels:
                seg.code = squeeze(text)
            continue  # a second code in the row (政府经济分类 beside 部门经济分类) classifies, it is no figure
        amount = parse_amount(text)
        if amount is None and after_figure and col != layout.group_col:
            # a label after a figure opens the next side-by-side panel of a form row
            seg, after_figure = _Segment(group_label=seg.group_label), False
        if amount is None:
            label = clean_name(text)
            if col == layout.group_col:
                seg.group_label = label
            elif not seg.name:
                seg.name = label
            seg.labels.append(text)
            continue
        after = squeeze(texts[col + 1]) if col + 1 < len(texts) else ""
        kind = "count" if _QUANTITY_UNIT.match(after) else "percent" if _PERCENT_UNIT.match(after) else None
        out.append(_item(doc, table, seg, group, amount, cell.line, r_i, col, heads.get(col), kind))
        after_figure = True
    return out


def _item(doc: str, table: Table, seg: _Segment, group: str | None, amount: Amount,
          line: int, r_i: int, col: int, sub_header: str | None = None, kind: str | None = None) -> LineItem:
    leaf = (table.column_leaves[col] if col < len(table.column_leaves) else "") or sub_header or ""
    kind = kind or _quantity_kind(table, col, seg.labels)
    if kind == "percent" or amount.unit == "%":
        unit = "%"
    elif kind == "count":
        unit = None
    else:
        unit = _cell_unit(table, col, seg.labels, group, amount.unit)
    return LineItem(
        doc=doc,
        table=table.title,
        table_id=table.table_id,
        row_code=seg.code,
        row_name=seg.name or seg.group_label or group or "",
        column=leaf or "数值",
        column_path=table.columns[col] if col < len(table.columns) else "",
        value=amount.text + (amount.unit or ""),
        unit=unit,
        value_yuan=to_yuan(amount.value, unit) if unit in ("元", "万元") else None,
        line=line,
        row_index=r_i,
        col_index=col,
        parent_code=_parent(seg.code),
        row_group=seg.group_label or group,
    )


def _is_label(text: str) -> bool:
    return bool(text) and parse_amount(text) is None and not is_code(text)


def _parent(code: str | None) -> str | None:
    """功能分类: 类 3 digits > 款 5 > 项 7; 经济分类: 类 3 > 款 5."""
    if code and code.isdigit() and len(code) in (5, 7):
        return code[: len(code) - 2]
    return None


def _name_unlabelled_totals(items: list[LineItem]) -> None:
    """A figure row printed without a label is named 合计 only when its figures prove it: each
    equals the sum of the table's top-level (3-digit) coded rows in the same column."""
    unnamed = {}
    for it in items:
        if not it.row_name and it.row_code is None:
            unnamed.setdefault(it.row_index, []).append(it)
    for row_items in unnamed.values():
        proven = True
        for it in row_items:
            tops = [o.value_yuan for o in items if o.col_index == it.col_index and o.row_code
                    and len(o.row_code) == 3 and o.value_yuan is not None]
            if not tops or it.value_yuan is None or abs(sum(tops, Decimal(0)) - it.value_yuan) > Decimal("0.01") * 10000:
                proven = False
        if proven:
            for it in row_items:
                it.row_name = "合计"

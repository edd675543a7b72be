"""Checks a parsed disclosure against itself. A contradiction is data, not a crash: each one
becomes a Finding naming both figures and both source lines.

Checks (all within rounding of the printed precision):
- children_sum: a 类 row equals the sum of its 款 rows, a 款 row the sum of its 项 rows;
- total_sum: a 合计 row equals the sum of the top-level coded rows;
- column_sum: 合计 = 基本支出 + 项目支出, and 基本支出/小计 = 人员经费 + 公用经费, row by row;
- cross_table: the same coded row and column carries different figures in two tables;
- prose_vs_table: a figure stated in the narrative for an item differs from every table figure
  for that item;
- magnitude: a figure larger than the whole budget of the document (a wrong printed unit).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal

from indexer.models import Finding, LineItem, Section
from indexer.numbers import PROSE_AMOUNT, format_amount, parse_amount

# Columns that are sums of other columns in budget tables (generic budget-table conventions).
_COLUMN_SUMS = [
    ("合计", ("基本支出", "项目支出")),
    ("基本支出", ("人员经费", "公用经费")),
    ("小计", ("人员经费", "公用经费")),
    ("合计", ("人员经费支出", "公用经费支出", "专项业务经费支出")),
]
# Prose states a handful of headline items; these are the ones budget disclosures must report.
_PROSE_ITEMS = [
    "三公经费", "因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费", "公务用车购置及运行维护费",
    "机关运行经费", "基本支出", "项目支出", "人员经费", "公用经费", "收入总计", "支出总计",
]
# A figure introduced by one of these is a change or last year's figure, not the item's amount.
_NOT_THE_AMOUNT = re.compile(r"增|减|比|较|上年|去年|同比|下降|增长|变化|持平")
_TOTAL_ROW = re.compile(r"^(?:合计|总计|本年支出合计|本年收入合计|支出总计|收入总计|)$")
_PROSE_FIGURE = re.compile(r"^(?P<gap>[^\d。；，,（(]{0,8}?)" + PROSE_AMOUNT)


def _tolerance(a: LineItem, n: int = 1) -> Decimal:
    """Half a unit of the last printed digit per summed figure, in yuan."""
    places = len(a.value.split(".")[1]) if "." in a.value else 0
    step = Decimal(1).scaleb(-places) * (Decimal(10000) if a.unit == "万元" else Decimal(1))
    return step / 2 * max(n, 1)


def _money(items: list[LineItem]) -> list[LineItem]:
    return [i for i in items if i.value_yuan is not None]


def _finding(kind: str, a: LineItem, a_value: Decimal, b_value: Decimal, b_line: int, message: str) -> Finding:
    unit = a.unit or "元"
    factor = Decimal(10000) if unit == "万元" else Decimal(1)
    return Finding(
        doc=a.doc, kind=kind, message=message, table=a.table,
        item=f"{a.row_code or ''} {a.row_name}/{a.column}".strip(),
        value_a=f"{format_amount(a_value / factor)}{unit}", line_a=a.line,
        value_b=f"{format_amount(b_value / factor)}{unit}", line_b=b_line,
        difference=f"{format_amount((a_value - b_value) / factor)}{unit}",
    )


def check_children(items: list[LineItem]) -> list[Finding]:
    out: list[Finding] = []
    by_table: dict[str, list[LineItem]] = defaultdict(list)
    for it in _money(items):
        by_table[it.table_id].append(it)
    for rows in by_table.values():
        cells = {(i.row_code, i.col_index): i for i in rows if i.row_code}
        children: dict[tuple[str, int], list[LineItem]] = defaultdict(list)
        for i in rows:
            if i.parent_code:
                children[(i.parent_code, i.col_index)].append(i)
        for key, kids in children.items():
            parent = cells.get(key)
            if parent is None:
                continue
            total = sum((k.value_yuan for k in kids), Decimal(0))
            if abs(total - parent.value_yuan) > _tolerance(parent, len(kids) + 1):
                lines = ",".join(str(k.line) for k in kids)
                out.append(_finding("children_sum", parent, parent.value_yuan, total, kids[0].line,
                                    f"{parent.row_name}({parent.row_code}) {parent.column} 不等于其下级科目之和 (行 {lines})"))
        totals = [i for i in rows if i.row_name == "合计" and not i.row_code]
        for t in totals:
            tops = [i for i in rows if i.col_index == t.col_index and i.row_code and len(i.row_code) == 3
                    and i.row_index > t.row_index]
            if tops:
                total = sum((k.value_yuan for k in tops), Decimal(0))
                if abs(total - t.value_yuan) > _tolerance(t, len(tops) + 1):
                    out.append(_finding("total_sum", t, t.value_yuan, total, tops[0].line,
                                        f"合计行 {t.column} 不等于各类级科目之和"))
    return out


def check_columns(items: list[LineItem]) -> list[Finding]:
    out: list[Finding] = []
    rows: dict[tuple[str, int], dict[str, LineItem]] = defaultdict(dict)
    for it in _money(items):
        rows[(it.table_id, it.row_index)].setdefault(it.column, it)
    for cols in rows.values():
        for total_col, parts in _COLUMN_SUMS:
            if total_col not in cols or not all(p in cols for p in parts):
                continue
            t = cols[total_col]
            total = sum((cols[p].value_yuan for p in parts), Decimal(0))
            if abs(total - t.value_yuan) > _tolerance(t, len(parts) + 1):
                out.append(_finding("column_sum", t, t.value_yuan, total, cols[parts[0]].line,
                                    f"{t.row_name} 的{total_col}不等于{'+'.join(parts)}"))
    return out


def _scope(title: str) -> frozenset[str]:
    """What a table covers, as far as its title says: only same-scope tables must agree."""
    words = ("收入", "基本支出", "项目支出", "上年结转", "不含上年结转", "政府性基金", "国有资本", "三公", "采购", "绩效")
    return frozenset(w for w in words if w in title)


def check_cross_table(items: list[LineItem]) -> list[Finding]:
    """The same 科目编码 in the same column printed differently in two tables. Tables that state
    their own scope (不含上年结转, 上年结转, 本年预算) are compared only with tables of that scope."""
    out: list[Finding] = []
    seen: dict[tuple, LineItem] = {}
    leaf_count = Counter((i.table_id, i.row_index, i.column) for i in items)
    for it in _money(items):
        if not it.row_code or not it.row_code.isdigit() or it.column in ("数值", ""):
            continue
        if leaf_count[(it.table_id, it.row_index, it.column)] > 1:  # heading repeated under two parents
            continue
        key = (it.row_code, it.column, _scope(it.table))
        first = seen.get(key)
        if first is None:
            seen[key] = it
        elif first.table_id != it.table_id and abs(first.value_yuan - it.value_yuan) > _tolerance(it, 2):
            out.append(_finding("cross_table", it, it.value_yuan, first.value_yuan, first.line,
                                f"{it.row_name}({it.row_code}) {it.column}: 《{it.table}》与《{first.table}》不一致"))
    return out


def _norm(name: str) -> str:
    return re.sub(r"[“”\"'‘’（）()\s]", "", name)


def _not_headline(before: str, gap: str) -> bool:
    """True when the figure after an item name is not that item's headline amount: a change or
    last year's figure, a figure inside a parenthesis about last year, or a sub-item's figure
    (the clause names a 类/款/项 before the item)."""
    clause = re.split(r"[。；;，,：:]", before)[-1]
    if _NOT_THE_AMOUNT.search(gap + before[-12:]) or re.search(r"[（(][类款项][)）]", clause):
        return True
    opened = max(before.rfind("("), before.rfind("（"))
    return opened > max(before.rfind(")"), before.rfind("）")) and bool(_NOT_THE_AMOUNT.search(before[opened:]))


def check_prose(items: list[LineItem], sections: list[Section]) -> list[Finding]:
    """A narrative figure for a headline item that matches no table figure for that item."""
    out: list[Finding] = []
    money = _money(items)
    for section in sections:
        for offset, text in enumerate(section.text.split("\n")):
            line = section.text_lines[offset] if offset < len(section.text_lines) else section.line_start
            for name in _PROSE_ITEMS:
                for m in re.finditer(re.escape(name).replace("（", "[（(]").replace("）", "[)）]").replace("三公", "[“\"]?三公[”\"]?"), text):
                    fig = _PROSE_FIGURE.match(text[m.end():])
                    if not fig or _not_headline(text[: m.start()], fig.group("gap")):
                        continue
                    amount = parse_amount(fig.group("num").replace("，", ","))
                    if amount is None:
                        continue
                    factor = Decimal(10000) if fig.group("unit") == "万元" else Decimal(1)
                    stated = amount.value * factor
                    key = _norm(name)
                    matches = [i for i in money if key == _norm(i.row_name)
                               or (key in _norm(i.column) and _TOTAL_ROW.match(i.row_name))]
                    places = len(fig.group("num").split(".")[1]) if "." in fig.group("num") else 0
                    slack = Decimal(1).scaleb(-places) * factor  # the prose may round more coarsely
                    if not matches or any(abs(i.value_yuan - stated) <= max(_tolerance(i, 2), slack) for i in matches):
                        continue
                    ref = min(matches, key=lambda i: abs(i.value_yuan - stated))
                    f = _finding("prose_vs_table", ref, ref.value_yuan, stated, line,
                                 f"说明文字中「{name}」为 {fig.group('num')}{fig.group('unit')}，表格为 {ref.value}{ref.unit or ''}")
                    out.append(f)
    return out


def check_magnitude(items: list[LineItem]) -> list[Finding]:
    money = _money(items)
    totals = [i.value_yuan for i in money if re.search(r"总计|合计", i.row_name) and i.unit != "%"]
    if not totals:
        return []
    top = max((i for i in money if re.search(r"总计|合计", i.row_name) and i.unit != "%"), key=lambda i: i.value_yuan)
    ceiling = top.value_yuan
    return [
        _finding("magnitude", i, i.value_yuan, ceiling, top.line,
                 f"{i.row_name} {i.value}{i.unit} 超过本文件预算总额，单位可能印错")
        for i in money if i.value_yuan > ceiling * 2
    ]


def reconcile(items: list[LineItem], sections: list[Section]) -> list[Finding]:
    findings = (check_children(items) + check_columns(items) + check_cross_table(items)
                + check_prose(items, sections) + check_magnitude(items))
    unique: dict[tuple, Finding] = {}
    for f in findings:
        unique.setdefault((f.kind, f.line_a, f.line_b, f.item), f)
    return list(unique.values())

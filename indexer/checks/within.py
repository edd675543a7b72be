"""Identities inside one table: totals against the figures they sum, row by row and column by
column (R-BAL-01 … R-BAL-07)."""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from core.lexicon import GRAND_TOTALS
from indexer.checks.base import (
    Audit,
    gap_severity,
    has_unplaced,
    in_unit,
    item_location,
    money,
    printed_tables,
    squeeze_name,
)
from indexer.checks.catalogue import COLUMN_IDENTITIES, SANGONG_PARTS, SANGONG_TOTAL
from indexer.models import LineItem

_INCOME_TOTAL = re.compile(r"^(?:收入总计|收入合计|收入总合计|收入总额)$")
_SPENDING_TOTAL = re.compile(r"^(?:支出总计|支出合计|支出总合计|支出总额)$")


def _sum_check(audit: Audit, rule: str, kind: str, total: LineItem, parts: list[LineItem], message: str,
               some_parts_unread: bool = False) -> None:
    """total = Σ parts. When the table has figures the reader could not place, a part may be
    missing, so only parts summing above the total are a contradiction (nothing is said below)."""
    figures = [total, *parts]
    summed = sum((p.value_yuan for p in parts), Decimal(0))
    if some_parts_unread and summed < total.value_yuan:
        return
    severity = gap_severity(total.value_yuan - summed, figures, rule)
    locations = [item_location(i) for i in figures]
    if severity is None:
        audit.passed(rule, locations)
        return
    audit.report(rule, kind, message, locations[0], locations[1], severity=severity,
                 value_a=in_unit(total.value_yuan, total.unit), value_b=in_unit(summed, total.unit),
                 difference=in_unit(total.value_yuan - summed, total.unit), addends=locations[1:])


def check_children(audit: Audit) -> None:
    """R-BAL-06: a 类 row equals the sum of its 款 rows, a 款 row the sum of its 项 rows."""
    for rows in printed_tables(audit.doc):
        unread = has_unplaced(audit.doc, rows)
        cells = {(i.row_code, i.col_index): i for i in rows if i.row_code}
        children: dict[tuple[str, int], list[LineItem]] = defaultdict(list)
        for i in rows:
            if i.parent_code:
                children[(i.parent_code, i.col_index)].append(i)
        for key, kids in children.items():
            parent = cells.get(key)
            # a code under one parent twice: the table is grouped by another key (a second
            # classification beside it), so the roll-up by code is not how it sums
            if parent is not None and len({k.row_code for k in kids}) == len(kids):
                lines = ",".join(str(k.line) for k in kids)
                message = f"{parent.row_name}({parent.row_code}) {parent.column} 不等于其下级科目之和 (行 {lines})"
                _sum_check(audit, "R-BAL-06", "children_sum", parent, kids, message, unread)


def check_total_row(audit: Audit) -> None:
    """R-BAL-07: a 合计 row equals the sum of the 类 rows below it, up to the next 合计 row (two
    tables read as one, or two panels), column by column."""
    for rows in printed_tables(audit.doc):
        unread = has_unplaced(audit.doc, rows)
        totals = [k for k, i in enumerate(rows) if squeeze_name(i.row_name) in GRAND_TOTALS and not i.row_code]
        for k in totals:
            t = rows[k]
            end = next((j for j in totals if j > k and rows[j].col_index == t.col_index), len(rows))
            tops = [i for i in rows[k + 1:end] if i.col_index == t.col_index and i.row_code and len(i.row_code) == 3]
            if tops:
                _sum_check(audit, "R-BAL-07", "total_sum", t, tops, f"合计行 {t.column} 不等于各类级科目之和", unread)


def check_columns(audit: Audit) -> None:
    """R-BAL-02/03: 合计 = 基本支出 + 项目支出 and 基本支出 = 人员经费 + 公用经费 on every row. The
    合计 of spending also covers the kinds of spending a template prints after 项目支出
    (事业单位经营支出, 上缴上级支出, 单位预留机动经费 …): those columns are summed too."""
    rows: dict[tuple[str, int], dict[str, LineItem]] = defaultdict(dict)
    for it in money(audit.doc.items):
        rows[(it.table_id, it.row_index)].setdefault(squeeze_name(it.column), it)
    for cols in rows.values():
        for rule, total_col, parts, trailing in COLUMN_IDENTITIES:
            if total_col in cols and all(p in cols for p in parts):
                t = cols[total_col]
                last = max(cols[p].col_index for p in parts)
                more = [c for name, c in cols.items() if c.col_index > last and any(w in name for w in trailing)]
                _sum_check(audit, rule, "column_sum", t, [cols[p] for p in parts] + more,
                           f"{t.row_name} 的{total_col}不等于{'+'.join(parts + tuple(c.column for c in more))}")


def check_income_equals_spending(audit: Audit) -> None:
    """R-BAL-01: in a 收支 table the 收入总计 equals the 支出总计 of the same column."""
    for rows in printed_tables(audit.doc):
        income = [i for i in rows if _INCOME_TOTAL.match(squeeze_name(i.row_name))]
        spending = [i for i in rows if _SPENDING_TOTAL.match(squeeze_name(i.row_name))]
        for a in income:
            same = [b for b in spending if squeeze_name(b.column) == squeeze_name(a.column)]
            if len(same) == 1:  # several candidates: the pairing is not certain, so nothing is said
                b = same[0]
                _sum_check(audit, "R-BAL-01", "income_spending", a, [b], f"{a.row_name}不等于{b.row_name}（{a.column}）")


def _part(name: str) -> str | None:
    key = squeeze_name(name).removeprefix("其中").lstrip("：:1234567890.、")
    for part, names in SANGONG_PARTS.items():
        if key in names:
            return part
    return None


def _sangong_groups(rows: list[LineItem]) -> list[dict[str, LineItem]]:
    """The 三公 figures of one table, by component: per row when the components are columns,
    per column when they are rows (a vertical table)."""
    by_row: dict[int, list[LineItem]] = defaultdict(list)
    by_col: dict[int, list[LineItem]] = defaultdict(list)
    for i in rows:
        by_row[i.row_index].append(i)
        by_col[i.col_index].append(i)
    groups = []
    for cells, label in [(c, "column") for c in by_row.values()] + [(c, "row_name") for c in by_col.values()]:
        group: dict[str, LineItem] = {}
        for i in sorted(cells, key=lambda i: (i.row_index, i.col_index)):
            name = getattr(i, label)
            part = _part(name)
            if set(group) <= {"total"} and squeeze_name(name) in SANGONG_TOTAL and part in (None, "cars"):
                # before the components: a total, and the one nearest them is the 三公 total (a
                # table of 三公, 会议费 and 培训费 prints its own 合计 first, then the 三公 小计)
                group["total"] = i
            elif part and part not in group:
                group[part] = i
        if len(group) >= 3:
            groups.append(group)
    return groups


def check_sangong(audit: Audit) -> None:
    """R-BAL-04/05: 三公 = 出国 + 接待 + 公务用车; 公务用车 = 购置 + 运行."""
    for rows in printed_tables(audit.doc):
        if "三公" not in rows[0].table:
            continue
        for g in _sangong_groups(rows):
            if all(k in g for k in ("total", "abroad", "reception", "cars")):
                _sum_check(audit, "R-BAL-04", "sangong_sum", g["total"], [g["abroad"], g["reception"], g["cars"]],
                           "三公经费合计不等于因公出国（境）费、公务接待费、公务用车购置及运行费之和")
            if all(k in g for k in ("cars", "purchase", "running")):
                _sum_check(audit, "R-BAL-05", "car_sum", g["cars"], [g["purchase"], g["running"]],
                           "公务用车购置及运行费不等于购置费与运行维护费之和")


CHECKS = (check_income_equals_spending, check_columns, check_sangong, check_children, check_total_row)

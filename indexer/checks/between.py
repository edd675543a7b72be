"""The same figure printed in two tables (R-XT-01): a 科目编码 in the same column of two tables
of the same scope must carry the same amount."""
from __future__ import annotations

from collections import Counter, defaultdict

from indexer.checks.base import Audit, gap_severity, in_unit, item_location, money, squeeze_name
from indexer.models import LineItem

# What a table covers, as far as its title says: only tables of one scope must agree.
_SCOPE_WORDS = ("收入", "基本支出", "项目支出", "上年结转", "不含上年结转", "政府性基金", "国有资本", "三公", "采购", "绩效")
# Fund scope: a 一般公共预算/财政拨款 table covers part of what a table of all funds covers. The two
# agree only where the agency has no other funds, which the figures themselves show.
_FUND_WORDS = ("一般公共预算", "财政拨款")


def _scope(title: str) -> frozenset[str]:
    return frozenset(w for w in _SCOPE_WORDS if w in title)


def _funds(title: str) -> bool:
    return any(w in title for w in _FUND_WORDS)


def _pairs(audit: Audit) -> list[tuple[LineItem, LineItem]]:
    """Every (later, first) pair of one coded cell printed in two differently titled tables."""
    leaf_count = Counter((i.table_id, i.row_index, i.column) for i in audit.doc.items)
    cells: dict[tuple, list[LineItem]] = defaultdict(list)
    for it in money(audit.doc.items):
        if not it.row_code or not it.row_code.isdigit() or it.column in ("数值", ""):
            continue
        if leaf_count[(it.table_id, it.row_index, it.column)] > 1:  # heading repeated under two parents
            continue
        cells[(it.row_code, squeeze_name(it.column), _scope(it.table))].append(it)
    pairs = []
    for group in cells.values():
        firsts: dict[str, LineItem] = {}
        for it in group:
            # the same printed title twice is one table continued over pages, never a second table
            firsts.setdefault(squeeze_name(it.table), it)
        ordered = list(firsts.values())
        pairs += [(later, ordered[0]) for later in ordered[1:]]
    return pairs


def check_cross_table(audit: Audit) -> None:
    pairs = _pairs(audit)
    # A pair of tables of different fund scope is held to one figure only when most of the cells
    # they share already agree: then the agency's figures show that the two scopes coincide.
    agree: Counter = Counter()
    shared: Counter = Counter()
    for a, b in pairs:
        key = (a.table_id, b.table_id)
        shared[key] += 1
        agree[key] += a.value_yuan == b.value_yuan
    for a_item, b_item in pairs:
        key = (a_item.table_id, b_item.table_id)
        if _funds(a_item.table) != _funds(b_item.table) and agree[key] * 2 <= shared[key]:
            continue
        a, b = item_location(a_item), item_location(b_item)
        severity = gap_severity(a_item.value_yuan - b_item.value_yuan, [a_item, b_item], "R-XT-01")
        if severity is None:
            audit.passed("R-XT-01", [a, b])
            continue
        unit = a_item.unit
        audit.report("R-XT-01", "cross_table",
                     f"{a_item.row_name}({a_item.row_code}) {a_item.column}: 《{a_item.table}》与《{b_item.table}》不一致",
                     a, b, severity=severity, value_a=in_unit(a_item.value_yuan, unit),
                     value_b=in_unit(b_item.value_yuan, unit),
                     difference=in_unit(a_item.value_yuan - b_item.value_yuan, unit))


CHECKS = (check_cross_table,)

"""The same figure printed in two tables (R-XT-01): a 科目编码 in the same column of two tables
of the same scope must carry the same amount; of two fund scopes, the narrower can never exceed
the wider (一般公共预算 ⊂ 财政拨款 ⊂ all funds)."""
from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from indexer.checks.base import Audit, gap_severity, in_unit, item_location, money, squeeze_name
from indexer.models import LineItem

# What a table covers, as far as its title says: only tables of one scope must agree.
_SCOPE_WORDS = ("收入", "基本支出", "项目支出", "上年结转", "不含上年结转", "政府性基金", "国有资本", "三公", "采购", "绩效")
# Fund scope, narrowest first: a 一般公共预算 table covers part of a 财政拨款 table, which covers
# part of a table of all funds. Two scopes agree only where the agency has no other funds, which no
# single row can show; what always holds is that the part is not larger than the whole.
_FUND_LEVELS = ("一般公共预算", "财政拨款")


def _scope(title: str) -> frozenset[str]:
    return frozenset(w for w in _SCOPE_WORDS if w in title)


def _fund_level(title: str) -> int:
    return next((k for k, w in enumerate(_FUND_LEVELS) if w in title), len(_FUND_LEVELS))


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
    for a_item, b_item in _pairs(audit):
        if _fund_level(a_item.table) > _fund_level(b_item.table):
            a_item, b_item = b_item, a_item  # the narrower fund scope first
        a, b = item_location(a_item), item_location(b_item)
        gap = a_item.value_yuan - b_item.value_yuan
        name = f"{a_item.row_name}({a_item.row_code}) {a_item.column}"
        if _fund_level(a_item.table) < _fund_level(b_item.table):
            gap = max(gap, Decimal(0))  # a part smaller than its whole is no contradiction
            message = f"{name}: 资金口径较窄的《{a_item.table}》大于《{b_item.table}》"
        else:
            message = f"{name}: 《{a_item.table}》与《{b_item.table}》不一致"
        severity = gap_severity(gap, [a_item, b_item], "R-XT-01")
        if severity is None:
            audit.passed("R-XT-01", [a, b])
            continue
        unit = a_item.unit
        audit.report("R-XT-01", "cross_table", message, a, b, severity=severity,
                     value_a=in_unit(a_item.value_yuan, unit), value_b=in_unit(b_item.value_yuan, unit),
                     difference=in_unit(a_item.value_yuan - b_item.value_yuan, unit))


CHECKS = (check_cross_table,)

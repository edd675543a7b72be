"""Form of the disclosure: table years against the document year (R-HYG-01), amounts against
the scale of the totals (R-HYG-02, a wrong printed unit), placeholders left in (R-HYG-03).
Shares outside 0–100% (R-HYG-04) are read with the other shares, in prose.py."""
from __future__ import annotations

import re
from decimal import Decimal

from indexer.checks.base import Audit, in_unit, item_location, money, text_location

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")
# Placeholders a template leaves when a figure or a reason was never filled in.
_PLACEHOLDER = re.compile(r"[XＸ]{2,}|[×xｘ]{2,}(?=\s*(?:万元|元|%|年|个|人))|×{2,}|待填写|待补充|待定数|"
                          r"(?:主要)?原因(?:是|为|主要是)[:：]?\s*[。；;]")
_TOTAL = re.compile(r"总计|合计")
_UNIT_SLIP = 100


def check_year(audit: Audit) -> None:
    year = audit.doc.meta.year
    if not year:
        return
    for t in audit.doc.tables:
        m = _TITLE_YEAR.search(t.title)
        if not m or not re.search(r"预算|决算", t.title):
            continue
        loc = text_location(audit.doc, t.line_start, t.title, m.group(1), "表名年度")
        if int(m.group(1)) == year:
            audit.passed("R-HYG-01", [loc])
        else:
            cover = text_location(audit.doc, 1, "文件年度", str(year), "文件年度")
            audit.report("R-HYG-01", "year", f"表《{t.title}》印 {m.group(1)} 年，文件为 {year} 年", loc, cover)


def check_magnitude(audit: Audit) -> None:
    """R-HYG-02: a table whose figures run past a hundred times the largest total of every other
    table was most likely typed in 元 under a 万元 heading (a factor of 10,000; a budget's own
    changes from year to year stay far below 100): one finding per table."""
    # a figure without a row label may be a code (a unit's 编码 in a form), not an amount
    items = [i for i in money(audit.doc.items) if i.row_name.strip()]
    tables: dict[str, list] = {}
    for i in items:
        tables.setdefault(i.table_id, []).append(i)
    tops = {t: max((i for i in cells if _TOTAL.search(i.row_name) and i.unit != "%"), key=lambda i: i.value_yuan,
                   default=None) for t, cells in tables.items()}
    for table_id, cells in tables.items():
        others = [top for t, top in tops.items() if t != table_id and top is not None]
        if not others:
            continue
        ref = max(others, key=lambda i: i.value_yuan)
        over = [i for i in cells if i.value_yuan > ref.value_yuan * _UNIT_SLIP]
        if not over:
            audit.passed("R-HYG-02", [item_location(ref), item_location(max(cells, key=lambda i: i.value_yuan))],
                         accepts=((Decimal(0), ref.value_yuan * _UNIT_SLIP),))
            continue
        i = max(over, key=lambda c: c.value_yuan)
        more = f"（本表共 {len(over)} 个数字如此）" if len(over) > 1 else ""
        audit.report("R-HYG-02", "magnitude", f"{i.row_name} {i.value}{i.unit} 超过本文件其他表的总额，单位可能印错{more}",
                     item_location(i), item_location(ref), value_a=in_unit(i.value_yuan, i.unit),
                     value_b=in_unit(ref.value_yuan, i.unit), difference=in_unit(i.value_yuan - ref.value_yuan, i.unit))


def check_placeholders(audit: Audit) -> None:
    found = False
    for n, text in enumerate(audit.doc.lines, 1):
        for m in _PLACEHOLDER.finditer(text):
            found = True
            loc = text_location(audit.doc, n, "占位符", m.group(0), "原文")
            audit.flag("R-HYG-03", "placeholder", f"未填写的占位「{m.group(0)}」", loc)
    if not found:
        audit.passed("R-HYG-03", [])


CHECKS = (check_year, check_magnitude, check_placeholders)

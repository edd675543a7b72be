"""Reconciliation audit report: every finding the indexer recorded, with both figures and the
verbatim source line each came from, as Markdown (grouped by document) or CSV.

The report is for a reviewer who has to decide, without opening the disclosure, whether a
contradiction is real. So each side of a finding carries its line number *and* the line text
exactly as stored at index time (indexer.store.source_lines) — never re-read from the corpus
folder, which may have changed since the build.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from indexer.checks.catalogue import ERROR, RULES
from indexer.store import load_findings, source_lines

RULE_COLUMNS = {"id": "规则编号", "family": "类别", "title": "规则", "severity": "严重程度", "tolerance": "容差",
                "identity": "核对关系"}

CSV_COLUMNS = ["doc", "kind", "message", "table", "item", "value_a", "line_a", "text_a", "value_b", "line_b",
               "text_b", "difference", "rule", "severity", "locations"]


@dataclass(frozen=True)
class AuditRow:
    doc: str
    kind: str
    message: str
    table: str
    item: str
    value_a: str
    line_a: int
    text_a: str
    value_b: str
    line_b: int
    text_b: str
    difference: str
    rule: str = ""
    severity: str = ""
    locations: str = ""  # every place the finding rests on, one "表/行/栏 第n行 值" per entry, joined by "；"
    tables: tuple[tuple[str, str, int], ...] = ()  # (table_id, title, first line cited) per table it rests on


def _locations(locs) -> str:
    if not isinstance(locs, list):
        return ""
    return "；".join(f"{x.get('table')}/{x.get('row')}/{x.get('column')} 第{x.get('line')}行"
                    + (f"（第{x['page']}页）" if x.get("page") else "") + f" {x.get('value')}" for x in locs)


def _tables(locs) -> tuple[tuple[str, str, int], ...]:
    """Each parsed table a finding cites, once, with the first line it cites there: what the
    explorer opens (narrative locations have no table to open)."""
    if not isinstance(locs, list):
        return ()
    seen: dict[str, tuple[str, str, int]] = {}
    for x in locs:
        if x.get("table_id") and x["table_id"] not in seen:
            seen[x["table_id"]] = (x["table_id"], str(x.get("table") or ""), _line_no(x.get("line")))
    return tuple(seen.values())


def _text(value) -> str:
    # SQLite NULLs come back as None/NaN through pandas; a report cell must never read "nan".
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _line_no(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def audit_rows(index_dir: Path, doc: str | None = None) -> list[AuditRow]:
    """Findings joined with their two source lines, in the store's order (doc, line_a)."""
    findings = load_findings(Path(index_dir), doc)
    lines: dict[str, dict[int, str]] = {}
    rows = []
    for f in findings.to_dict("records"):
        d = _text(f.get("doc"))
        la, lb = _line_no(f.get("line_a")), _line_no(f.get("line_b"))
        # One query per document for the span both lines fall in would load whole files; look
        # up exactly the lines cited instead, cached per document.
        cache = lines.setdefault(d, {})
        for n in (la, lb):
            if n and n not in cache:
                cache.update(dict(source_lines(Path(index_dir), d, n, n)))
        rows.append(AuditRow(
            doc=d, kind=_text(f.get("kind")), message=_text(f.get("message")), table=_text(f.get("table")),
            item=_text(f.get("item")), value_a=_text(f.get("value_a")), line_a=la, text_a=cache.get(la, ""),
            value_b=_text(f.get("value_b")), line_b=lb, text_b=cache.get(lb, ""),
            difference=_text(f.get("difference")), rule=_text(f.get("rule")), severity=_text(f.get("severity")),
            locations=_locations(f.get("locations")), tables=_tables(f.get("locations")),
        ))
    return rows


def to_csv(rows: list[AuditRow]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([getattr(r, c) for c in CSV_COLUMNS])
    return buf.getvalue()


def _md_inline(text: str) -> str:
    # Messages and item names go in headings and list items: keep them on one line.
    return " ".join(text.split())


def _md_block(text: str) -> list[str]:
    # The verbatim source line goes in a fenced block so Markdown never reinterprets it (pipes,
    # tabs, asterisks and leading "#" are common in disclosures); the fence is longer than any
    # backtick run inside the text, so no line can close it early.
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", text, fence]


def to_markdown(rows: list[AuditRow]) -> str:
    if not rows:
        return "# 勾稽核对报告\n\n索引中没有勾稽问题。\n"
    out = ["# 勾稽核对报告", "", f"共 {len(rows)} 条发现，涉及 {len({r.doc for r in rows})} 个文件。", ""]
    by_doc: dict[str, list[AuditRow]] = {}
    for r in rows:
        by_doc.setdefault(r.doc, []).append(r)
    for doc, group in by_doc.items():
        out += [f"## {doc}（{len(group)} 条）", ""]
        for i, r in enumerate(group, 1):
            out += [
                f"### {i}. [{r.rule or r.kind}·{r.severity}] {_md_inline(r.message)}",
                "",
                f"- 位置：{_md_inline(r.locations)}",
                f"- 表：{_md_inline(r.table)}",
                f"- 科目：{_md_inline(r.item)}",
                f"- 差额：{_md_inline(r.difference)}",
                f"- 数值A：{_md_inline(r.value_a)}（第{r.line_a}行）",
                "",
                *_md_block(r.text_a),
                "",
                f"- 数值B：{_md_inline(r.value_b)}（第{r.line_b}行）",
                "",
                *_md_block(r.text_b),
                "",
            ]
    return "\n".join(out)


def render(index_dir: Path, fmt: str = "md", doc: str | None = None) -> str:
    rows = audit_rows(index_dir, doc)
    if fmt == "csv":
        return to_csv(rows)
    if fmt == "md":
        return to_markdown(rows)
    raise ValueError(f"unknown format {fmt!r} (md or csv)")


def summary(rows: list[AuditRow], index_dir: Path, doc: str) -> str:
    """One line per document: checks run and passed (counted at build), 错误 and 提示 found."""
    from indexer.store import load_documents

    docs = load_documents(Path(index_dir)).set_index("doc")
    mine = [r for r in rows if r.doc == doc]
    errors = sum(r.severity == ERROR for r in mine)
    checks = docs.at[doc, "n_checks"] if "n_checks" in docs.columns else None
    ran = f"检查 {int(checks)} 项，通过 {int(checks) - len(mine)} 项，" if checks is not None and checks == checks else ""
    return f"{doc}：{ran}错误 {errors} 条，提示 {len(mine) - errors} 条"


def to_excel(rows: list[AuditRow]) -> bytes:
    """Two sheets: the findings, and the rule catalogue they refer to."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame([r.__dict__ for r in rows], columns=CSV_COLUMNS).to_excel(writer, sheet_name="核对发现", index=False)
        pd.DataFrame([r.__dict__ for r in RULES]).rename(columns=RULE_COLUMNS).to_excel(
            writer, sheet_name="规则目录", index=False)
    return buffer.getvalue()

"""Seeded-error bench for the audit (issue 17): take real disclosures, inject one known error at
a time into the parsed document, run every check again and see whether the rule meant to catch
it names the changed place. Also counts the 错误 findings on the untouched documents.

An error is injected only where the clean document gives the rule something to check (an
evaluation that passed): a rule is measured on what it can see, and the table says how many
such places each rule had. Injections (one per copy of the document):
- cell: one component of a passed sum (or one side of a cross-table pair) moved by 1 万元;
- 三公 blank: one 三公 component set to 0;
- prose figure: a 说明 amount moved by 1 in its units digit; percent: a share or rate moved by 5;
- direction: 增加↔减少 (增长↔下降) flipped in a change clause;
- table: a standard table deleted (its rows, items and lines).

python -m bench.seeded_errors [--txt] [--per-rule N] [--out bench/SEEDED.md]
"""
from __future__ import annotations

import argparse
import copy
import re
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

from core.config import ROOT
from indexer.checks.base import Evaluation
from indexer.checks.catalogue import BY_ID, ERROR
from indexer.models import Document, Location
from indexer.parse import parse_file
from indexer.reconcile import audit_document

DEV = Path(__import__("os").environ.get("BUDGETQA_DEV_CORPUS") or ROOT.parent / "shared" / "dev_corpus")
_FLIP = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长"}
CELL_RULES = ("R-BAL-01", "R-BAL-02", "R-BAL-03", "R-BAL-05", "R-BAL-06", "R-BAL-07", "R-XT-01")


def documents(use_txt: bool) -> list[Path]:
    dev = sorted((DEV / ("txt" if use_txt else "pdf")).glob("*.txt" if use_txt else "*.pdf"))
    return sorted((ROOT / "corpus").glob("*.txt")) + dev


def _cell(doc: Document, loc: Location):
    return next(i for i in doc.items if (i.table_id, i.row_index, i.col_index) == (loc.table_id, loc.row_index,
                                                                                   loc.col_index))


def _set_cell(doc: Document, loc: Location, new_yuan: Decimal) -> None:
    it = _cell(doc, loc)
    it.value_yuan = new_yuan


def _edit_text(doc: Document, line: int, old: str, new: str) -> bool:
    """Replace the first `old` on source line `line` of the narrative."""
    for s in doc.sections:
        parts = s.text.split("\n")
        for k, part in enumerate(parts):
            if k < len(s.text_lines) and s.text_lines[k] == line and old in part:
                parts[k] = part.replace(old, new, 1)
                s.text = "\n".join(parts)
                return True
    return False


def _shift_figure(doc: Document, loc: Location, by: Decimal) -> bool:
    text = re.sub(r"(万元|元|%)$", "", loc.value)
    value = Decimal(text.replace(",", ""))
    places = len(text.split(".")[1]) if "." in text else 0
    return _edit_text(doc, loc.line, text, f"{value + by:.{places}f}")


def _flip(doc: Document, loc: Location) -> bool:
    figure = re.sub(r"(万元|元)$", "", loc.value)
    for s in doc.sections:
        joined = s.text
        m = re.search(r"(增加|减少|增长|下降)(\s*)" + re.escape(figure), joined)
        if m and loc.line in s.text_lines:
            s.text = joined[:m.start(1)] + _FLIP[m.group(1)] + joined[m.end(1):]
            return True
    return False


def _delete_table(doc: Document, loc: Location) -> bool:
    gone = [t for t in doc.tables if t.line_start == loc.line]
    first, last = (gone[0].line_start, gone[0].line_end) if gone else (loc.line, loc.line)
    ids = {t.table_id for t in gone}
    doc.tables = [t for t in doc.tables if t.table_id not in ids]
    doc.items = [i for i in doc.items if i.table_id not in ids]
    for n in range(first, last + 1):
        doc.lines[n - 1] = ""
    return True


def inject(doc: Document, ev: Evaluation) -> tuple[str, str, int] | None:
    """Apply one error for a passed evaluation: (kind, rule expected, line changed), or None."""
    rule, locs = ev.rule, ev.locations
    if rule in CELL_RULES:
        loc = locs[-1]
        it = _cell(doc, loc)
        _set_cell(doc, loc, it.value_yuan + Decimal(10000))
        return "cell", rule, loc.line
    if rule == "R-BAL-04":
        loc = locs[1 + len(locs) // 2 - 1]  # a component, never the total
        _set_cell(doc, loc, Decimal(0))
        return ("sangong_blank", rule, loc.line) if _cell(doc, loc) else None
    if rule in ("R-TXT-01", "R-XT-02"):
        return ("prose_figure", rule, locs[0].line) if _shift_figure(doc, locs[0], Decimal(1)) else None
    if rule in ("R-TXT-02", "R-TXT-03"):
        return ("percent", rule, locs[0].line) if _shift_figure(doc, locs[0], Decimal(5)) else None
    if rule == "R-DIR-02":
        return ("direction", rule, locs[0].line) if _flip(doc, locs[0]) else None
    if rule == "R-CMP-01" and locs[0].value:
        _delete_table(doc, locs[0])
        return "table", rule, locs[0].line
    return None


def _caught(findings, rule: str, line: int, ev: Evaluation) -> bool:
    if rule == "R-CMP-01":
        return any(f.rule == rule and f.item.startswith(ev.locations[0].row) for f in findings)
    return any(f.rule == rule and any(x.line == line for x in f.locations) for f in findings)


def run(paths: list[Path], per_rule: int) -> dict:
    seeded: dict[str, Counter] = defaultdict(Counter)
    clean = {}
    for path in paths:
        doc = parse_file(path)
        audit = audit_document(doc)
        errors = [f for f in audit.findings if f.severity == ERROR]
        clean[path.stem] = {"checks": sum(audit.runs().values()), "passed": sum(audit.passes().values()),
                            "errors": len(errors), "hints": len(audit.findings) - len(errors),
                            "by_rule": dict(Counter(f.rule for f in errors))}
        taken: Counter = Counter()
        for ev in [e for e in audit.evaluations if e.passed]:
            if taken[ev.rule] >= per_rule:
                continue
            copy_doc = copy.deepcopy(doc)
            applied = inject(copy_doc, ev)
            if applied is None:
                continue
            kind, rule, line = applied
            taken[rule] += 1
            after = audit_document(copy_doc).findings
            seeded[rule]["injected"] += 1
            seeded[rule]["caught"] += _caught(after, rule, line, ev)
            seeded[rule][f"kind:{kind}"] += 1
        print(f"{path.stem}: {clean[path.stem]}", flush=True)
    return {"seeded": seeded, "clean": clean}


def render(res: dict, sources: str) -> str:
    out = ["# Seeded-error bench (audit rules)", "", f"Documents: {sources}. One error injected per copy of a "
           "parsed document, only where the clean document gives the rule a passed check.", "",
           "| rule | title | injected | caught | recall |", "|---|---|---|---|---|"]
    for rid in BY_ID:
        c = res["seeded"].get(rid)
        if not c:
            out.append(f"| {rid} | {BY_ID[rid].title} | 0 | — | not measured |")
            continue
        out.append(f"| {rid} | {BY_ID[rid].title} | {c['injected']} | {c['caught']} | "
                   f"{100 * c['caught'] / c['injected']:.1f}% |")
    out += ["", "Untouched documents: findings (every 错误 on a clean document is false unless the document "
            "really contradicts itself).", "", "| document | checks | passed | 错误 | 提示 | 错误 by rule |",
            "|---|---|---|---|---|---|"]
    for stem, c in res["clean"].items():
        out.append(f"| {stem} | {c['checks']} | {c['passed']} | {c['errors']} | {c['hints']} | "
                   f"{', '.join(f'{k} {v}' for k, v in sorted(c['by_rule'].items())) or '—'} |")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--txt", action="store_true", help="dev documents from txt/ instead of pdf/")
    parser.add_argument("--per-rule", type=int, default=5, help="injections per rule per document")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "SEEDED.md")
    args = parser.parse_args()
    res = run(documents(args.txt), args.per_rule)
    text = render(res, "corpus/*.txt and dev_corpus/" + ("txt" if args.txt else "pdf"))
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

"""Seeded-error bench for the audit (issue 17): take real disclosures, inject one known error at
a time into the parsed document, run every check again and see whether the rule meant to catch
it names the changed place. Also counts the 错误 findings on the untouched documents.

An error is injected only where the clean document gives the rule something to check (an
evaluation that passed): a rule is measured on what it can see, and the table says how many
such places each rule had. Injections (one per copy of the document):
- cell: one component of a passed sum moved by 1 万元; of a cross-table pair, the narrower fund
  table's figure raised 1 万元 above the other's (raising the wider one breaks nothing: only
  "part ≤ whole" holds between fund scopes, so it is not counted as an injection);
- 三公 blank: one 三公 component set to 0;
- prose figure: a 说明 amount moved by 1 in its units digit, or replaced by XX (R-HYG-03);
  percent: a share or rate moved by 5, a share by 100 (R-HYG-04);
- direction: 增加↔减少 (增长↔下降) flipped in a change clause; its rate said as 持平 (R-DIR-01);
  this year's amount of a rise set to 0 (R-DIR-03);
- title year: a table title's year one less (R-HYG-01); unit: one table's figures 10,000 times
  their size, as if typed in 元 under 万元 (R-HYG-02);
- table: a standard table deleted (its rows, items and lines); note: the 本单位无… note of an
  empty standard table removed (R-CMP-02).

python -m bench.seeded_errors [--txt] [--per-rule N] [--out bench/SEEDED.md] [--misses] [--only NAME]
"""
from __future__ import annotations

import argparse
import copy
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from core.config import ROOT
from indexer.checks.base import Evaluation
from indexer.checks.catalogue import BY_ID, ERROR, STANDARD_TABLES
from indexer.checks.completeness import NONE_NOTE, body_note, printings
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
    """Every printing of one standard table removed: its title lines, and its rows, items and lines
    where the table reader took it up."""
    for first, _, last in printings(doc, loc.row):
        gone = {t.table_id for t in doc.tables if t.line_start == first}
        doc.tables = [t for t in doc.tables if t.table_id not in gone]
        doc.items = [i for i in doc.items if i.table_id not in gone]
        for n in range(first, (last if gone else first) + 1):
            doc.lines[n - 1] = ""
    return True


def _replace_on_line(doc: Document, line: int, old: str, new: str) -> bool:
    """The same edit on the stored line and in the narrative (checks read one or the other)."""
    in_text = _edit_text(doc, line, old, new)
    if old in doc.lines[line - 1]:
        doc.lines[line - 1] = doc.lines[line - 1].replace(old, new, 1)
        return True
    return in_text


def _figure(loc: Location) -> str:
    return re.sub(r"(万元|元|%)$", "", loc.value)


def _to_level(doc: Document, loc: Location) -> bool:
    """"增长Y%" after a change amount said as "持平": the words now deny the change (R-DIR-01)."""
    for s in doc.sections:
        rate = r"(?:同比)?(增长|下降|减少|增加|提高|降低|增幅|降幅)(?:为|了)?\s*"
        m = re.search(rate + re.escape(_figure(loc)) + r"\s*[%％]", s.text)
        if m and loc.line in s.text_lines:
            s.text = s.text[:m.start()] + "持平" + s.text[m.end():]
            return True
    return False


def _zero_amount(doc: Document, amount: Location, change: Location) -> bool:
    """This year's amount of a rise set to 0 (R-DIR-03); a fall from 0 is no error, so none is made."""
    text = "".join(s.text for s in doc.sections)
    # only an amount the rise directly follows is the one the rise is about
    if not re.search(re.escape(_figure(amount)) + r"\s*万?元[^\d。；;]{0,24}?(?:增加|增长)\s*" + re.escape(_figure(change)),
                     text):
        return False
    return _edit_text(doc, amount.line, _figure(amount) + "万元", "0万元") or \
        _edit_text(doc, amount.line, _figure(amount) + "元", "0元")


def _retitle(doc: Document, loc: Location) -> bool:
    year = loc.value
    tables = [t for t in doc.tables if t.line_start == loc.line and year in t.title]
    for t in tables:
        t.title = t.title.replace(year, str(int(year) - 1), 1)
    return bool(tables)


def _unit_slip(doc: Document, table_id: str) -> bool:
    """A table's figures typed in 元 under a 万元 heading: every amount 10,000 times its size."""
    cells = [i for i in doc.items if i.table_id == table_id and i.value_yuan]
    for i in cells:
        i.value_yuan *= 10000
    return bool(cells)


def _drop_note(doc: Document, loc: Location) -> bool:
    """The 本单位无… note of an empty standard table removed, below the table and in the 说明."""
    spec = next(s for s in STANDARD_TABLES["决算" if "决算" in (doc.meta.kind or "") else "预算"] if s[0] == loc.row)
    word = spec[3] or spec[0]
    for n in range(loc.line, min(len(doc.lines), loc.line + 80) + 1):
        doc.lines[n - 1] = NONE_NOTE.sub("", doc.lines[n - 1])
    for s in doc.sections:
        s.text = body_note(word).sub("", s.text)
    return True


def injections(doc: Document, ev: Evaluation) -> list[tuple[str, str, int, Callable[[Document], bool]]]:
    """The errors one passed evaluation allows: (rule expected, kind, line changed, edit). An edit
    that no figure of the document constrains (a rise injected where only a cap holds) is not made."""
    rule, locs = ev.rule, ev.locations
    if rule == "R-XT-01":
        # the narrower fund table first: raising it above the other is an error whatever the scopes
        a, b = locs
        return [(rule, "cell", a.line, lambda d: _set_cell(d, a, max(_cell(d, a).value_yuan, _cell(d, b).value_yuan)
                                                           + Decimal(10000)) or True)]
    if rule in CELL_RULES:
        loc = locs[-1]
        return [(rule, "cell", loc.line, lambda d: _set_cell(d, loc, _cell(d, loc).value_yuan + Decimal(10000)) or True)]
    if rule == "R-BAL-04":
        loc = locs[1 + len(locs) // 2 - 1]  # a component, never the total
        return [(rule, "sangong_blank", loc.line, lambda d: _set_cell(d, loc, Decimal(0)) or True)]
    if rule in ("R-TXT-01", "R-XT-02"):
        said = locs[0]
        return [(rule, "prose_figure", said.line, lambda d: _shift_figure(d, said, Decimal(1))),
                ("R-HYG-03", "placeholder", said.line, lambda d: _replace_on_line(d, said.line, _figure(said), "XX"))]
    if rule == "R-TXT-02":
        pct = locs[0]
        return [(rule, "percent", pct.line, lambda d: _shift_figure(d, pct, Decimal(5))),
                ("R-HYG-04", "percent_range", pct.line, lambda d: _shift_figure(d, pct, Decimal(100)))]
    if rule == "R-TXT-03":
        pct, change, amount = locs
        return [(rule, "percent", pct.line, lambda d: _shift_figure(d, pct, Decimal(5))),
                ("R-DIR-03", "zero_amount", amount.line, lambda d: _zero_amount(d, amount, change))]
    if rule == "R-DIR-02":
        change, pct = locs
        return [(rule, "direction", change.line, lambda d: _flip(d, change)),
                ("R-DIR-01", "level", change.line, lambda d: _to_level(d, pct))]
    if rule == "R-HYG-01":
        return [(rule, "title_year", locs[0].line, lambda d: _retitle(d, locs[0]))]
    if rule == "R-HYG-02":
        table, line = locs[1].table_id, locs[1].line  # the table's largest figure: where its finding stands
        return [(rule, "unit", line, lambda d: _unit_slip(d, table))]
    if rule == "R-CMP-01" and locs[0].value:
        return [(rule, "table", locs[0].line, lambda d: _delete_table(d, locs[0]))]
    if rule == "R-CMP-02":
        return [(rule, "note", locs[0].line, lambda d: _drop_note(d, locs[0]))]
    return []


def _caught(findings, rule: str, line: int, ev: Evaluation) -> bool:
    if rule == "R-CMP-01":
        return any(f.rule == rule and f.item.startswith(ev.locations[0].row) for f in findings)
    return any(f.rule == rule and any(x.line == line for x in f.locations) for f in findings)


def run(paths: list[Path], per_rule: int, misses: list | None = None) -> dict:
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
            for rule, kind, line, edit in injections(doc, ev):
                if taken[rule] >= per_rule:
                    continue
                copy_doc = copy.deepcopy(doc)
                if not edit(copy_doc):
                    continue
                taken[rule] += 1
                after = audit_document(copy_doc).findings
                caught = _caught(after, rule, line, ev)
                seeded[rule]["injected"] += 1
                seeded[rule]["caught"] += caught
                seeded[rule][f"kind:{kind}"] += 1
                if not caught and misses is not None:
                    misses.append((path.stem, rule, kind, line, [(x.table, x.row, x.column, x.line, x.value)
                                                                 for x in ev.locations]))
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
    out += ["", "Not counted as injections (undetectable in principle): raising the wider fund table of an R-XT-01 "
            "pair (only 一般公共预算 ≤ 财政拨款 ≤ all funds holds between scopes); zeroing an amount a fall is "
            "about, or one a rise does not directly follow (R-DIR-03). `--misses` lists every injection its rule "
            "missed.", "",
            "Untouched documents: findings (every 错误 on a clean document is false unless the document "
            "really contradicts itself; the ones left are the documents' own, each asserted with its lines in "
            "tests/test_checks.py and tests/test_reconcile.py: beidaihe 210 卫生健康支出 363.15 ≠ 213.32 + 136.92 "
            "(R-BAL-02/06/07, one typo), fuzhou 20402 公安 7,927.40 ≠ 6,556.70 + 1,051.46 (R-BAL-06, printed in "
            "two tables), zengdu 三公 prose 0.14 vs table 0.12 (R-XT-02), yongqiao 项目资金 (万元) printed "
            "100000 (R-HYG-02) and no 三公 table or word (R-CMP-01), jiangsu no 国有资本经营 table or word "
            "(R-CMP-01)).", "", "| document | checks | passed | 错误 | 提示 | 错误 by rule |",
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
    parser.add_argument("--misses", action="store_true", help="list every injection its rule did not catch")
    parser.add_argument("--only", help="only documents whose name contains this")
    args = parser.parse_args()
    misses: list = []
    paths = [p for p in documents(args.txt) if not args.only or args.only in p.stem]
    res = run(paths, args.per_rule, misses)
    for miss in misses if args.misses else ():
        print("MISSED", *miss)
    text = render(res, "corpus/*.txt and dev_corpus/" + ("txt" if args.txt else "pdf"))
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

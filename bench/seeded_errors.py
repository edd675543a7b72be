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

Prose edits change exactly the characters the check read (Evaluation.marks); an edit inside the
rounding the printed figures allow (Evaluation.accepts) is counted apart, not as an injection.

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


def _marked(doc: Document, mark: tuple[int, int, int]) -> str:
    """The characters a check read: (section, start, end) in the section's text without line breaks."""
    index, start, end = mark
    return doc.sections[index].text.replace("\n", "")[start:end]


def _splice(doc: Document, mark: tuple[int, int, int], new: str) -> bool:
    """Exactly the marked characters replaced by `new` (on the line the mark starts on), every line
    break of the section kept where it was."""
    index, start, end = mark
    section = doc.sections[index]
    out, pos = [], 0
    for part in section.text.split("\n"):
        lo, hi = pos, pos + len(part)
        pos = hi
        a, b = min(max(start, lo), hi) - lo, min(max(end, lo), hi) - lo
        out.append(part[:a] + (new if lo <= start < hi else "") + part[b:])
    section.text = "\n".join(out)
    return True


def _printed_value(doc: Document, mark: tuple[int, int, int]) -> tuple[Decimal, int, bool]:
    """The marked figure's value, its decimal places, and whether it has thousands commas."""
    text = re.sub(r"\s", "", _marked(doc, mark)).replace("，", ",")
    return Decimal(text.replace(",", "")), len(text.partition(".")[2]), "," in text


def _shifted(doc: Document, mark: tuple[int, int, int], by: Decimal) -> tuple[Decimal, Callable[[Document], bool]]:
    """The marked figure moved by `by` at its printed precision: the new value, and the edit."""
    value, places, commas = _printed_value(doc, mark)
    new = value + by
    text = f"{new:,.{places}f}" if commas else f"{new:.{places}f}"
    return new, lambda d: _splice(d, mark, text)


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
    """A placeholder put on a line, in the stored line and in the narrative (the check reads the lines)."""
    edited = old in doc.lines[line - 1]
    doc.lines[line - 1] = doc.lines[line - 1].replace(old, new, 1)
    for sec in doc.sections:
        parts = sec.text.split("\n")
        for k, part in enumerate(parts[:len(sec.text_lines)]):
            if sec.text_lines[k] == line and old in part:
                parts[k] = part.replace(old, new, 1)
                sec.text = "\n".join(parts)
                edited = True
    return edited


def _figure(loc: Location) -> str:
    return re.sub(r"(万元|元|%)$", "", loc.value)


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


Injection = tuple[str, str, int, Callable[[Document], bool], bool]


def _visible(ev: Evaluation, value: Decimal) -> bool:
    """False when the check would still pass with the checked figure at `value`: the edit stays
    within what rounding of the printed figures allows, so no rule could see it."""
    return not any(lo <= value <= hi for lo, hi in ev.accepts)


def injections(doc: Document, ev: Evaluation) -> list[Injection]:
    """The errors one passed evaluation allows: (rule expected, kind, line changed, edit, visible).
    An edit that no figure of the document constrains (a rise injected where only a cap holds) is
    not made; one within the rounding the printed precision allows is made but counted apart."""
    rule, locs, marks = ev.rule, ev.locations, ev.marks
    if rule == "R-XT-01":
        # the narrower fund table first: raising it above the other is an error whatever the scopes
        a, b = locs
        return [(rule, "cell", a.line, lambda d: _set_cell(d, a, max(_cell(d, a).value_yuan, _cell(d, b).value_yuan)
                                                           + Decimal(10000)) or True, True)]
    if rule in CELL_RULES:
        loc = locs[-1]
        return [(rule, "cell", loc.line, lambda d: _set_cell(d, loc, _cell(d, loc).value_yuan + Decimal(10000)) or True,
                 True)]
    if rule == "R-BAL-04":
        loc = locs[1 + len(locs) // 2 - 1]  # a component, never the total
        return [(rule, "sangong_blank", loc.line, lambda d: _set_cell(d, loc, Decimal(0)) or True, True)]
    if rule in ("R-TXT-01", "R-XT-02") and "amount" in marks:
        said = locs[0]
        value, edit = _shifted(doc, marks["amount"], Decimal(1))
        return [(rule, "prose_figure", said.line, edit, _visible(ev, value)),
                ("R-HYG-03", "placeholder", said.line, lambda d: _replace_on_line(d, said.line, _figure(said), "XX"),
                 True)]
    if rule in ("R-TXT-02", "R-TXT-03") and "percent" in marks:
        value, edit = _shifted(doc, marks["percent"], Decimal(5))
        return [(rule, "percent", locs[0].line, edit, _visible(ev, value))]
    if rule == "R-HYG-04" and "percent" in marks:
        value, edit = _shifted(doc, marks["percent"], Decimal(100))
        return [(rule, "percent_range", locs[0].line, edit, _visible(ev, value))]
    if rule == "R-DIR-03" and "amount" in marks:
        return [(rule, "zero_amount", locs[0].line, lambda d: _splice(d, marks["amount"], "0"), True)]
    if rule == "R-DIR-02":
        word = _marked(doc, marks["word"])
        return [(rule, "direction", locs[0].line, lambda d: _splice(d, marks["word"], _FLIP[word]), True),
                ("R-DIR-01", "level", locs[0].line, lambda d: _splice(d, marks["rate"], "持平"), True)]
    if rule == "R-HYG-01":
        return [(rule, "title_year", locs[0].line, lambda d: _retitle(d, locs[0]), True)]
    if rule == "R-HYG-02":
        table, line = locs[1].table_id, locs[1].line  # the table's largest figure: where its finding stands
        slipped = _cell(doc, locs[1]).value_yuan * 10000
        return [(rule, "unit", line, lambda d: _unit_slip(d, table), _visible(ev, slipped))]
    if rule == "R-CMP-01" and locs[0].value:
        return [(rule, "table", locs[0].line, lambda d: _delete_table(d, locs[0]), True)]
    if rule == "R-CMP-02":
        return [(rule, "note", locs[0].line, lambda d: _drop_note(d, locs[0]), True)]
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
            for rule, kind, line, edit, visible in injections(doc, ev):
                if taken[rule] >= per_rule:
                    continue
                if not visible:
                    seeded[rule]["undetectable"] += 1
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
           "| rule | title | injected | caught | recall | within rounding, not counted |", "|---|---|---|---|---|---|"]
    for rid in BY_ID:
        c = res["seeded"].get(rid)
        if not c or not c["injected"]:
            out.append(f"| {rid} | {BY_ID[rid].title} | 0 | — | not measured | {c['undetectable'] if c else 0} |")
            continue
        out.append(f"| {rid} | {BY_ID[rid].title} | {c['injected']} | {c['caught']} | "
                   f"{100 * c['caught'] / c['injected']:.1f}% | {c['undetectable']} |")
    out += ["", "Every prose edit changes exactly the characters the check read (its section, start and end), "
            "never the first look-alike on the line. Not counted as injections (undetectable in principle): "
            "raising the wider fund table of an R-XT-01 pair (only 一般公共预算 ≤ 财政拨款 ≤ all funds holds "
            "between scopes); zeroing an amount a fall is about (R-DIR-03); and, in the last column, an edit "
            "that leaves the figure inside what rounding of the printed figures allows: a rate +5 points when "
            "a coarse amount (3万元, 15万元) alone moves it more than 5, a prose amount +1 when a cell of the "
            "item within half a printed digit remains, a share of 0% +100 (100% is a share), a table ×10000 that "
            "stays under 100 times the other tables' totals (R-HYG-02's own tolerance). "
            "`--misses` lists every injection its rule missed.", "",
            "Untouched documents: findings (every 错误 on a clean document is false unless the document "
            "really contradicts itself; the ones left are the documents' own, each asserted with its lines in "
            "tests/test_checks.py and tests/test_reconcile.py: beidaihe 210 卫生健康支出 363.15 ≠ 213.32 + 136.92 "
            "(R-BAL-02/06/07, one typo), fuzhou 20402 公安 7,927.40 ≠ 6,556.70 + 1,051.46 (R-BAL-06, printed in "
            "two tables), zengdu 三公 prose 0.14 vs table 0.12 (R-XT-02), yongqiao 项目资金 (万元) printed "
            "100000 (R-HYG-02) and no 三公 table or word (R-CMP-01), jiangsu no 国有资本经营 table or word "
            "(R-CMP-01)). On the dev txt form (bench/SEEDED_TXT.md, `--txt`) the dev documents keep only "
            "jiangsu's (the txt reader does not place fuzhou's 20402 rows); the corpus is the same in both runs.",
            "",
            "| document | checks | passed | 错误 | 提示 | 错误 by rule |",
            "|---|---|---|---|---|---|"]
    for stem, c in res["clean"].items():
        out.append(f"| {stem} | {c['checks']} | {c['passed']} | {c['errors']} | {c['hints']} | "
                   f"{', '.join(f'{k} {v}' for k, v in sorted(c['by_rule'].items())) or '—'} |")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--txt", action="store_true", help="dev documents from txt/ instead of pdf/")
    parser.add_argument("--per-rule", type=int, default=5, help="injections per rule per document")
    parser.add_argument("--out", type=Path, default=None, help="bench/SEEDED.md (bench/SEEDED_TXT.md with --txt)")
    parser.add_argument("--misses", action="store_true", help="list every injection its rule did not catch")
    parser.add_argument("--only", help="only documents whose name contains this")
    args = parser.parse_args()
    misses: list = []
    paths = [p for p in documents(args.txt) if not args.only or args.only in p.stem]
    res = run(paths, args.per_rule, misses)
    for miss in misses if args.misses else ():
        print("MISSED", *miss)
    text = render(res, "corpus/*.txt and dev_corpus/" + ("txt" if args.txt else "pdf"))
    out = args.out or ROOT / "bench" / ("SEEDED_TXT.md" if args.txt else "SEEDED.md")
    out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

"""Self-consistency probe: questions generated from an index's own cells (bench/probe_questions.py),
asked through QAService and scored against the cell(s) they came from: ok, refused, or WRONG (a
number other than the gold beyond one unit of its last printed place; a difference is right by its
size). A WRONG is a confident wrong number unless the probe's gold is itself wrong: each is listed
with its gold cells and the cells the answer cites, so the cause can be read off.
Usage: python -m bench.probe --index DIR --corpus DIR [--kinds lookup,column,share,diff,stage,sum,rank]
       [--per-doc N] [--seed S] [--out bench/PROBE.md] [--json F]"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

from bench.probe_cells import Cell, document_text, load_cells
from bench.probe_questions import KINDS, Question, generate
from indexer.numbers import UNIT_FACTORS

STATUSES = ("ok", "refused", "WRONG")
_SHOWN = Decimal("0.005")


def score(question: Question, answer) -> tuple[str, Decimal | None]:
    """(status, the answer's value in the gold's unit: yuan, or percent for a share)."""
    if answer.value is None or answer.refused:
        return "refused", None
    value = Decimal(answer.value)
    tolerance = question.tolerance
    if question.gold_unit == "%":
        got = value if answer.unit == "%" else None
    else:
        factor = UNIT_FACTORS.get(answer.unit or "")
        got = value * factor if factor is not None else None
        if factor is not None:  # an answer shown to two decimals of its unit (6-decimal 万元 tables)
            tolerance = max(tolerance, _SHOWN * factor)
    if got is None:
        return "WRONG", value
    off = abs(abs(got) - abs(question.gold)) if question.by_size else abs(got - question.gold)
    return ("ok" if off <= tolerance else "WRONG"), got


def _cited(answer) -> list[dict]:
    return [{"table": c.table, "row": c.row, "column": c.column, "value": c.value, "line": c.line_start,
             "role": c.role} for c in answer.citations if c.kind == "table"]


def hint(cells: list[Cell], cited: list[dict]) -> str:
    """Where the answer's cells stand to the gold's: the first evidence a reader needs."""
    own = [c for c in cited if c["role"] != "conflict"]
    if not own:
        return "no table cell cited"
    gold_at = {(c.line, c.leaf) for c in cells}
    names = {c.name for c in cells}
    notes = []
    for c in own:
        leaf = (c["column"] or "").split("/")[-1]
        if (c["line"], leaf) in gold_at:
            notes.append("gold cell")
        elif any(n and n in (c["row"] or "") for n in names):
            notes.append(f"gold row, column {c['column']}")
        else:
            notes.append(f"other row {c['row']} (line {c['line']})")
    return "; ".join(dict.fromkeys(notes))


def run(service, questions: list[Question]) -> list[dict]:
    results = []
    for q in questions:
        answer = service.ask(q.text)
        status, got = score(q, answer)
        cited = _cited(answer)
        results.append({**q.to_json(), "status": status, "got": None if got is None else str(got),
                        "answer_unit": answer.unit, "answer_value": None if answer.value is None else str(answer.value),
                        "formula": answer.formula, "cited": cited, "answer": answer.text[:200],
                        "hint": hint(q.cells, cited) if status == "WRONG" else None})
    return results


def tally(results: list[dict], key: str) -> dict[str, Counter]:
    out: dict[str, Counter] = defaultdict(Counter)
    for r in results:
        out[r[key]][r["status"]] += 1
    return dict(out)


def _shown(value: str, unit: str) -> str:
    """A gold or got figure in the gold's unit as printed (yuan back to 万元 where the cell is)."""
    if unit == "%":
        return f"{Decimal(value):.2f}%"
    factor = UNIT_FACTORS.get(unit, Decimal(1))
    return f"{Decimal(value) / factor:,.6f}".rstrip("0").rstrip(".") + unit


def _counts_table(label: str, rows: dict[str, Counter]) -> list[str]:
    lines = [f"| {label} | n | ok | refused | WRONG | ok % |", "|---|---|---|---|---|---|"]
    total: Counter = Counter()
    for name, c in sorted(rows.items()):
        total.update(c)
        lines.append(_count_line(name, c))
    lines.append(_count_line("**all**", total))
    return lines


def _count_line(name: str, c: Counter) -> str:
    n = sum(c.values())
    share = f"{100 * c['ok'] / n:.1f}" if n else "–"
    return f"| {name} | {n} | {c['ok']} | {c['refused']} | {c['WRONG']} | {share} |"


def _cell_text(c: dict) -> str:
    return f"«{c['table']}» {c['row']} / {c['column']} = {c['value']} (line {c['line']})"


def markdown(report: dict) -> str:
    p = report["params"]
    out = [f"# Self-consistency probe — `{p['index']}`", "",
           f"Questions generated from the index's own cells (`python -m bench.probe --index {p['index']} "
           f"--corpus {p['corpus']} --kinds {','.join(p['kinds'])} --per-doc {p['per_doc']} --seed {p['seed']}`), "
           f"asked through QAService: {p['questions']} questions in {p['seconds']} s. A WRONG is a number other "
           "than the gold cell(s) beyond one unit of the last printed place or the answer's rounding to two "
           "decimals of its unit (shares: 0.05 points; differences by size).",
           "", "## By kind", "", *_counts_table("kind", report["by_kind"]), "",
           "## By document", "", *_counts_table("document", report["by_doc"]), "",
           "## Left out as ambiguous (no question asked)", "", "| document | left out |", "|---|---|"]
    for doc, skipped in sorted(report["skipped"].items()):
        out.append(f"| {doc} | {', '.join(f'{k}: {v}' for k, v in skipped.items() if v) or '–'} |")
    wrong = [r for r in report["results"] if r["status"] == "WRONG"]
    out += ["", f"## WRONG ({len(wrong)})", ""]
    for r in wrong:
        out.append(f"- **{r['doc']}** ({r['kind']}) {r['question']}")
        out.append(f"  - gold {_shown(r['gold'], r['gold_unit'])}: " + "; ".join(_cell_text(c) for c in r["cells"][:4]))
        got = f"{r['answer_value']} {r['answer_unit'] or ''}".strip()
        cited = "; ".join(_cell_text(c) + (" [conflict]" if c["role"] == "conflict" else "") for c in r["cited"][:4])
        out.append(f"  - answered {got}" + (f" ({r['formula']})" if r["formula"] else "") + f"; cites {cited or '–'}")
        out.append(f"  - hint: {r['hint']}")
    return "\n".join(out) + "\n"


def probe(service, index_dir: Path, corpus_dir: Path | None = None, kinds=KINDS, per_doc: int = 6,
          seed: int = 7) -> dict:
    docs, cells = load_cells(index_dir)
    texts = {d: document_text(index_dir, d, int(docs[d]["n_lines"] or 0)) for d in cells if d in docs}
    questions, skipped = generate(docs, cells, texts, kinds, per_doc, seed)
    started = time.perf_counter()
    results = run(service, questions)
    return {"params": {"index": str(index_dir), "corpus": str(corpus_dir), "kinds": list(kinds), "per_doc": per_doc,
                       "seed": seed, "questions": len(questions), "seconds": round(time.perf_counter() - started, 1)},
            "by_kind": tally(results, "kind"), "by_doc": tally(results, "doc"),
            "skipped": {d: dict(s) for d, s in skipped.items()}, "results": results}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.probe", description=__doc__.split("\n")[0])
    ap.add_argument("--index", required=True, type=Path)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--per-doc", type=int, default=6)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path("bench/PROBE.md"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    if unknown := set(kinds) - set(KINDS):
        ap.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    from core.config import load_settings
    from qa_app.service import QAService

    service = QAService(load_settings(index_dir=str(args.index), corpus_dir=str(args.corpus)))
    report = probe(service, args.index, args.corpus, kinds, args.per_doc, args.seed)
    args.out.write_text(markdown(report), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(json.dumps({k: {s: c[s] for s in STATUSES} for k, c in report["by_kind"].items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()

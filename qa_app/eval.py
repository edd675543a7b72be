"""Replay a question set, and score a replay against gold.

  python -m qa_app.eval --questions Q.jsonl --out A.jsonl [--corpus DIR] [--index DIR]
  python -m qa_app.eval score --gold GOLD.jsonl --answers A.jsonl [--json OUT.json]

The replay loads the models once, answers every line in order, and never stops on a failing
question: that question's line carries the error message instead.
"""
from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from core.config import load_settings

UNIT_TO_YUAN = {"元": Decimal(1), "万元": Decimal(10000)}


def _answer_line(record: dict, answer, latency_ms: float) -> dict:
    out = {
        "id": record.get("id"), "question": record.get("question"), "route": answer.route, "answer": answer.text,
        "value": None if answer.value is None else float(answer.value), "unit": answer.unit,
        "citations": [{k: c.to_json()[k]
                       for k in ("doc", "kind", "table", "row", "column", "line_start", "line_end", "quote")}
                      for c in answer.citations],
        "latency_ms": round(latency_ms, 2), "intent": answer.intent,
    }
    if answer.error:
        out["error"] = answer.error
    return out


def replay(questions: Path, out: Path, corpus: str | None, index: str | None) -> int:
    from indexer.build import build_index
    from indexer.store import db_path
    from qa_app.service import QAService

    settings = load_settings(index_dir=index, corpus_dir=corpus)
    if not db_path(Path(settings.index_dir)).is_file():
        print(f"no index at {settings.index_dir}: building it from {settings.corpus_dir}", file=sys.stderr)
        build_index(Path(settings.corpus_dir), Path(settings.index_dir), settings)
    service = QAService(settings)
    n = 0
    # a question may hold a lone surrogate (legal JSON "\ud800"): it is written back escaped, never crashes the run
    with questions.open(encoding="utf-8") as fin, out.open("w", encoding="utf-8", errors="backslashreplace") as fout:
        for raw in fin:
            if not raw.strip():
                continue
            started = time.perf_counter()
            try:
                record = json.loads(raw)
                answer = service.ask(str(record.get("question", "")))
                line = _answer_line(record, answer, 1000 * (time.perf_counter() - started))
            except Exception as exc:  # one bad question must not end the run
                line = {"id": None, "question": None, "route": "none", "answer": f"error: {type(exc).__name__}: {exc}",
                        "value": None, "unit": None, "citations": [],
                        "latency_ms": round(1000 * (time.perf_counter() - started), 2),
                        "error": f"{type(exc).__name__}: {exc}"}
                try:
                    line.update({"id": record.get("id"), "question": record.get("question")})
                except NameError:
                    pass
            text = json.dumps(line, ensure_ascii=False)
            if len(text.splitlines()) > 1:  # U+2028, U+0085 …: readers split lines there, so escape them
                text = json.dumps(line)
            fout.write(text + "\n")
            n += 1
    return n


# ---- scoring -----------------------------------------------------------------------------------
def _in_unit(value, unit: str | None, target: str | None) -> Decimal | None:
    if value is None:
        return None
    v = Decimal(str(value))
    if unit == target or target is None or unit is None:
        return v
    if unit in UNIT_TO_YUAN and target in UNIT_TO_YUAN:
        return v * UNIT_TO_YUAN[unit] / UNIT_TO_YUAN[target]
    return None


def _citation_ok(gold: dict, answer: dict) -> bool:
    evidence = gold.get("evidence") or []
    if not evidence:
        return True
    return any(c.get("doc") == e["doc"] and c.get("line_start", 0) <= e["line"] <= c.get("line_end", 0)
               for e in evidence for c in answer.get("citations", []))


def score_one(gold: dict, answer: dict) -> dict:
    refused = answer.get("value") is None and answer.get("route") == "none"
    r = {"id": gold["id"], "intent": gold["intent"], "class": gold.get("class"), "route": answer.get("route")}
    if gold.get("refuse"):
        r["correct"] = refused or answer.get("value") is None
        r["confident_wrong"] = answer.get("value") is not None
        return r
    if gold.get("value") is not None:
        got = _in_unit(answer.get("value"), answer.get("unit"), gold.get("unit"))
        tolerance = Decimal(str(gold.get("tolerance") or 0.01)) + Decimal("1e-9")
        ok = got is not None and abs(got - Decimal(str(gold["value"]))) <= tolerance
        r["correct"] = ok
        r["confident_wrong"] = got is not None and not ok
        r["citation"] = _citation_ok(gold, answer)
        return r
    text = answer.get("answer", "") + " ".join(c.get("quote", "") for c in answer.get("citations", []))
    phrases = gold.get("key_phrases") or []
    r["correct"] = not refused and all(p in text for p in phrases)
    r["citation"] = _citation_ok(gold, answer)
    r["confident_wrong"] = False
    return r


def score(gold_path: Path, answers_path: Path) -> dict:
    gold = {g["id"]: g for g in map(json.loads, gold_path.read_text(encoding="utf-8").splitlines()) if g}
    answers = [json.loads(x) for x in answers_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = [score_one(gold[a["id"]], a) for a in answers if a.get("id") in gold]
    per: dict[str, list[dict]] = defaultdict(list)
    per_class: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        per[r["intent"]].append(r)
        if r["class"]:  # blind-set questions name the class of question they test
            per_class[r["class"]].append(r)
    latency: dict[str, list[float]] = defaultdict(list)
    for a in answers:
        latency[a.get("route", "none")].append(float(a.get("latency_ms", 0)))

    def pct(xs):
        return round(100 * sum(xs) / len(xs), 1) if xs else None

    def quantile(xs, q):
        return round(statistics.quantiles(xs, n=100)[q - 1], 1) if len(xs) >= 2 else (xs[0] if xs else None)

    numeric = [r for r in rows if gold[r["id"]].get("value") is not None]
    report = {
        "questions": len(rows),
        "accuracy": pct([r["correct"] for r in rows]),
        "numeric_accuracy": pct([r["correct"] for r in numeric]),
        "citation_accuracy": pct([r["citation"] for r in numeric if "citation" in r]),
        "refusal_accuracy": pct([r["correct"] for r in rows if gold[r["id"]].get("refuse")]),
        "confident_wrong": sum(r["confident_wrong"] for r in rows),
        "confident_wrong_on_refusals": sum(r["confident_wrong"] for r in rows if gold[r["id"]].get("refuse")),
        "per_intent": {k: {"n": len(v), "accuracy": pct([r["correct"] for r in v])} for k, v in sorted(per.items())},
        "per_class": {k: {"n": len(v), "accuracy": pct([r["correct"] for r in v]),
                          "confident_wrong": sum(r["confident_wrong"] for r in v)}
                      for k, v in sorted(per_class.items())},
        "latency_ms": {k: {"n": len(v), "p50": quantile(v, 50), "p95": quantile(v, 95)}
                       for k, v in sorted(latency.items())},
        "misses": [r["id"] for r in rows if not r["correct"]],
    }
    return report


def print_report(report: dict) -> None:
    print(f"questions {report['questions']}  accuracy {report['accuracy']}%  numeric {report['numeric_accuracy']}%  "
          f"citations {report['citation_accuracy']}%  refusals {report['refusal_accuracy']}%  "
          f"confident wrong {report['confident_wrong']} (on refusals {report['confident_wrong_on_refusals']})")
    print(f"{'intent':<12}{'n':>5}{'acc%':>8}")
    for k, v in report["per_intent"].items():
        print(f"{k:<12}{v['n']:>5}{v['accuracy']:>8}")
    if report.get("per_class"):
        print(f"{'class':<16}{'n':>5}{'acc%':>8}{'wrong':>7}")
        for k, v in report["per_class"].items():
            print(f"{k:<16}{v['n']:>5}{v['accuracy']:>8}{v['confident_wrong']:>7}")
    print(f"{'route':<12}{'n':>5}{'p50ms':>8}{'p95ms':>8}")
    for k, v in report["latency_ms"].items():
        print(f"{k:<12}{v['n']:>5}{v['p50']:>8}{v['p95']:>8}")
    print("misses:", " ".join(report["misses"]))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["score"]:
        ap = argparse.ArgumentParser(prog="python -m qa_app.eval score")
        ap.add_argument("--gold", required=True, type=Path)
        ap.add_argument("--answers", required=True, type=Path)
        ap.add_argument("--json", type=Path, default=None, help="also write the report here")
        args = ap.parse_args(argv[1:])
        report = score(args.gold, args.answers)
        print_report(report)
        if args.json:
            args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    ap = argparse.ArgumentParser(prog="python -m qa_app.eval")
    ap.add_argument("--questions", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--index", default=None)
    args = ap.parse_args(argv)
    if not args.questions.is_file():
        print(f"error: questions file not found: {args.questions}", file=sys.stderr)
        return 2
    n = replay(args.questions, args.out, args.corpus, args.index)
    print(f"answered {n} questions -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # Piped into head or less: end quietly when the reader goes away, as Unix tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())

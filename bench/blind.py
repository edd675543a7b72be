"""Dev set and blind set side by side, on one index of the bundled corpus plus the real dev disclosures.

    python -m bench.blind [--index DIR] [--out bench/BLIND.md] [--form txt|pdf] [--sets all|dev,dev2,…,blind]

The blind set (tests/data/blind_questions.jsonl) was written from the documents alone, before any
answer of the system was seen; it is never edited and never mined for rules. Its questions are
about the five bundled files and the text extractions in ../shared/dev_corpus/txt, so both go into
one corpus folder (links, nothing copied) and one index. The report gives accuracy and confident
wrong numbers per question class and per document for each set (the tuning sets dev 2 and dev 3 beside it).
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.common import DEV, load_jsonl, run_worker
from core.config import ROOT, load_settings

BLIND = ROOT / "tests" / "data" / "blind_questions.jsonl"

def question_sets() -> dict[str, Path]:
    """Every question set by name: the dev set, the numbered dev sets in order, then the blind set."""
    numbered = sorted((ROOT / "tests" / "data").glob("dev[0-9]*_questions.jsonl"),
                      key=lambda p: int(p.stem.removeprefix("dev").removesuffix("_questions")))
    return {"dev": DEV, **{p.stem.removesuffix("_questions"): p for p in numbered}, "blind": BLIND}

DEV_CORPUS = Path(os.environ.get("BUDGETQA_DEV_CORPUS") or ROOT.parent / "shared" / "dev_corpus")


def mixed_corpus(folder: Path, form: str = "txt") -> Path:
    """The seeds plus the dev disclosures as text extractions (`txt`: the blind set's line numbers
    are theirs) or as the PDFs themselves (`pdf`: values compare, cited lines are the PDF reader's)."""
    folder.mkdir(parents=True, exist_ok=True)
    for src in [*sorted((ROOT / "corpus").glob("*.txt")), *sorted((DEV_CORPUS / form).glob(f"*.{form}"))]:
        link = folder / src.name
        if not link.exists():
            link.symlink_to(src.resolve())
    return folder


def per_document(gold: list[dict], report: dict) -> dict[str, dict]:
    missed = set(report["misses"])
    out: dict[str, list[bool]] = defaultdict(list)
    for g in gold:
        for doc in g.get("docs") or ["(none)"]:
            out[doc].append(g["id"] not in missed)
    return {d: {"n": len(v), "accuracy": round(100 * sum(v) / len(v), 1)} for d, v in sorted(out.items())}


def search_hits(questions: list[dict], index: Path, corpus: Path, k: int = 5) -> dict:
    """Evidence hit@k of our passage search against a plain llama-index pipeline (default
    SentenceSplitter, same model, no LLM), both unfiltered, on the questions' evidence lines."""
    from qa_app.retrieval import Filters, get_retriever

    asked = [q for q in questions if not q.get("refuse") and q.get("evidence")]
    retriever = get_retriever(index, load_settings(index_dir=str(index)))
    ours = []
    for q in asked:
        hits = retriever.search(q["question"], k, Filters())
        ours.append(any(h.passage.doc == e["doc"] and h.passage.line_start <= e["line"] <= h.passage.line_end
                        for h in hits for e in q["evidence"]))
    gold = corpus.parent / "search_questions.jsonl"
    gold.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in asked), encoding="utf-8")
    base = run_worker(["bench.workers", "baseline", "--questions", str(gold), "--corpus", str(corpus), "--k", str(k)])
    theirs = [r["hit"] for r in base["rows"]]
    return {"n": len(asked), "k": k, "ours": round(100 * sum(ours) / max(len(ours), 1), 1),
            "llama_index": round(100 * sum(theirs) / max(len(theirs), 1), 1)}


def render(results: dict) -> str:
    lines = [f"# Dev and blind sets side by side ({results['when']})", "",
             f"Index: the 5 bundled files + {results['dev_docs']} dev-corpus {results['form']} files "
             f"({results['build_s']} s to build).", "",
             "| set | questions | accuracy | numeric | refusals | confident wrong |", "|---|---|---|---|---|---|"]
    for name, r in results["sets"].items():
        s = r["score"]
        lines.append(f"| {name} | {s['questions']} | {s['accuracy']}% | {s['numeric_accuracy']}% | "
                     f"{s['refusal_accuracy']}% | {s['confident_wrong']} |")
    for name, h in results.get("search", {}).items():
        lines.append(f"\nPassage search on the {name} set's evidence lines ({h['n']} questions, unfiltered): "
                     f"hit@{h['k']} ours {h['ours']}% vs plain llama-index {h['llama_index']}%.")
    for name, r in results["sets"].items():
        if name == "dev" or not r["score"].get("per_class"):
            continue
        lines += ["", f"{name.capitalize()} set per class:", "", "| class | n | accuracy | confident wrong |",
                  "|---|---|---|---|"]
        for k, v in r["score"]["per_class"].items():
            lines.append(f"| {k} | {v['n']} | {v['accuracy']}% | {v['confident_wrong']} |")
        lines += ["", f"{name.capitalize()} set per document:", "", "| document | n | accuracy |", "|---|---|---|"]
        for k, v in r["per_document"].items():
            lines.append(f"| {k} | {v['n']} | {v['accuracy']}% |")
    return "\n".join(lines) + "\n"


def main() -> None:
    from indexer.build import build_index
    from qa_app.eval import replay, score

    ap = argparse.ArgumentParser(prog="python -m bench.blind")
    ap.add_argument("--index", type=Path, default=None, help="reuse or create this index (default: a temporary one)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "BLIND.md")
    ap.add_argument("--form", choices=("txt", "pdf"), default="txt", help="dev disclosures as text or as PDFs")
    ap.add_argument("--sets", default="all", help="comma-separated names (dev, dev2 … blind), or all")
    ap.add_argument("--no-search", action="store_true", help="skip the passage-search comparison")
    args = ap.parse_args()
    sets = question_sets()
    wanted = list(sets) if args.sets == "all" else args.sets.split(",")
    work = Path(tempfile.mkdtemp(prefix="budgetqa-blind-"))
    corpus = mixed_corpus(work / "corpus", args.form)
    index = args.index or work / "index"
    settings = load_settings(index_dir=str(index), corpus_dir=str(corpus))
    started = time.perf_counter()
    build_index(corpus, index, settings)
    results = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "build_s": round(time.perf_counter() - started, 1),
               "dev_docs": len(list((DEV_CORPUS / args.form).glob(f"*.{args.form}"))), "form": args.form, "sets": {}}
    for name, path in sets.items():
        if name not in wanted or not path.is_file():
            continue
        out = work / f"{name}_answers.jsonl"
        replay(path, out, str(corpus), str(index))
        report = score(path, out)
        results["sets"][name] = {"score": report, "per_document": per_document(load_jsonl(path), report)}
        if args.form == "txt" and not args.no_search:  # evidence lines are the text extractions' lines
            results.setdefault("search", {})[name] = search_hits(load_jsonl(path), index, corpus)
        (work / f"{name}_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    args.out.write_text(render(results), encoding="utf-8")
    print(render(results))
    print(f"answers and reports kept in {work}")


if __name__ == "__main__":
    main()

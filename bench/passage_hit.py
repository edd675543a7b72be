"""Passage retrieval benchmark: hit@k of BM25 alone, dense alone and the hybrid fusion over
tests/data/passage_questions.jsonl, plus the time to build the passage index from scratch.

A hit is a returned passage from the gold document whose line range overlaps the gold range.

    python -m bench.passage_hit [--k 5] [--index DIR] [--show-misses]

Without --index the corpus is parsed and indexed into a temporary folder (timed).
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from indexer.models import Passage
from indexer.parse import parse_file
from indexer.passage_index import sync_passages
from core.config import ROOT, load_settings
from qa_app.retrieval import Filters, HybridRetriever

QUESTIONS = ROOT / "tests" / "data" / "passage_questions.jsonl"


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def is_hit(p: Passage, q: dict) -> bool:
    return p.doc == q["doc"] and p.line_start <= q["line_end"] and q["line_start"] <= p.line_end


def build_index(corpus_dir: Path, index_dir: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    documents = [parse_file(f) for f in sorted(corpus_dir.glob("*.txt"))]
    stats = sync_passages(documents, index_dir, load_settings(), progress=True)
    return time.perf_counter() - started, stats


def evaluate(retriever: HybridRetriever, questions: list[dict], k: int) -> dict[str, list[bool]]:
    """Per method, whether each question was hit in the top k."""
    results: dict[str, list[bool]] = {"bm25": [], "dense": [], "hybrid": []}
    for q in questions:
        text, none = q["question"], Filters()
        results["bm25"].append(any(is_hit(p, q) for p, _ in retriever.lexical(text, none)[:k]))
        results["dense"].append(any(is_hit(p, q) for p, _ in retriever.dense(text, none)[:k]))
        results["hybrid"].append(any(is_hit(h.passage, q) for h in retriever.search(text, k)))
    return results


def main(
    k: Annotated[int, typer.Option("--k")] = 5,
    index: Annotated[Path | None, typer.Option("--index", help="Use an existing index.")] = None,
    show_misses: Annotated[bool, typer.Option("--show-misses")] = False,
) -> None:
    settings = load_settings()
    questions = load_questions()
    with tempfile.TemporaryDirectory() as tmp:
        build_seconds = None
        if index is None:
            index = Path(tmp) / "index"
            build_seconds, stats = build_index(Path(settings.corpus_dir), index)
            print(f"index built: {stats['passages']} passages from {len(stats['docs_embedded'])} documents")
        results = evaluate(HybridRetriever(index, settings), questions, k)
    print(f"\n{'method':<8} hit@{k}")
    for method, hits in results.items():
        print(f"{method:<8} {sum(hits)}/{len(hits)} = {sum(hits) / len(hits):.1%}")
    if build_seconds is not None:
        print(f"build    {build_seconds:.1f} s (parse + chunk + embed + BM25)")
    if show_misses:
        for q, hit in zip(questions, results["hybrid"]):
            if not hit:
                print(f"miss {q['id']} {q['doc']} {q['line_start']}-{q['line_end']}: {q['question']}")


if __name__ == "__main__":
    typer.run(main)

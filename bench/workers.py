"""Benchmark steps that run in their own process (so model loading, peak RSS and cold start are
measured per step). Each prints one JSON line last.

    python -m bench.workers build --corpus C --index I
    python -m bench.workers cold --question Q --t0 EPOCH
    python -m bench.workers replay --questions Q --index I --out A.jsonl [--warmup]
    python -m bench.workers baseline --questions Q [--corpus C] [--k 5]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

_T_IMPORT = time.time()

from bench.common import WARMUP, dir_size_mb, emit, load_jsonl, peak_rss_mb  # noqa: E402


def cmd_build(a) -> None:
    from indexer.build import build_index
    from core.config import load_settings

    s = load_settings(corpus_dir=str(a.corpus), index_dir=str(a.index))
    t = time.perf_counter()
    r = build_index(Path(a.corpus), Path(a.index), s)
    secs = time.perf_counter() - t
    emit({"seconds": round(secs, 2), "report_seconds": r.seconds, "documents": r.documents,
          "failed": [f.doc for f in r.files if not f.ok], "passages": {k: (len(v) if isinstance(v, list) else v)
                                                                     for k, v in r.passages.items()},
          "index_mb": dir_size_mb(Path(a.index)), "peak_rss_mb": peak_rss_mb()})


def cmd_cold(a) -> None:
    from core.config import load_settings
    from qa_app.service import QAService

    settings = load_settings(index_dir=a.index) if a.index else load_settings()
    t_loaded = time.time()
    ans = QAService(settings).ask(a.question)
    t_answer = time.time()
    emit({"first_answer_s": round(t_answer - a.t0, 2), "imports_s": round(t_loaded - a.t0, 2),
          "route": ans.route, "value": None if ans.value is None else float(ans.value), "peak_rss_mb": peak_rss_mb()})


def _answer_lines(service, questions: list[dict]) -> list[dict]:
    from qa_app.eval import _answer_line

    out = []
    for rec in questions:
        t, c = time.perf_counter(), time.process_time()
        try:
            ans = service.ask(rec["question"])
            out.append(_answer_line(rec, ans, 1000 * (time.perf_counter() - t)))
            out[-1]["cpu_ms"] = round(1000 * (time.process_time() - c), 2)
        except Exception as exc:  # keep going, record the failure
            out.append({"id": rec["id"], "question": rec["question"], "route": "none", "answer": f"error: {exc}",
                        "value": None, "unit": None, "citations": [], "error": repr(exc),
                        "latency_ms": round(1000 * (time.perf_counter() - t), 2)})
    return out


def cmd_replay(a) -> None:
    from core.config import load_settings
    from qa_app.service import QAService

    questions = load_jsonl(a.questions)
    t = time.perf_counter()
    service = QAService(load_settings(index_dir=str(a.index)))
    load_s = time.perf_counter() - t
    warm_s, warmup = None, load_jsonl(WARMUP) if a.warmup else []
    if warmup:
        t = time.perf_counter()
        _answer_lines(service, warmup)  # warm-up pass: models, stores, lazily read lines
        warm_s = time.perf_counter() - t
    lines = _answer_lines(service, questions)
    with open(a.out, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    emit({"load_s": round(load_s, 2), "warmup_pass_s": None if warm_s is None else round(warm_s, 2),
          "warmup_n": len(warmup),
          "n": len(lines), "errors": sum(1 for x in lines if x.get("error")), "peak_rss_mb": peak_rss_mb()})


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each 1-based line (index 0 is line 1)."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def chunk_hits_line(chunk_doc: str, chunk_text: str, start: int | None, end: int | None,
                    doc: str, line: int, texts: dict[str, str], spans: dict[str, list]) -> bool:
    """Does a retrieved chunk contain gold evidence line `line` of `doc`? By character offsets when
    the splitter recorded them, else by the line's text being inside the chunk."""
    if chunk_doc != doc or line < 1 or line > len(spans[doc]):
        return False
    ls, le = spans[doc][line - 1]
    if start is not None and end is not None:
        return start < le and ls < end if le > ls else start <= ls <= end
    needle = texts[doc][ls:le].strip()
    return bool(needle) and needle in chunk_text


def cmd_baseline(a) -> None:
    """Plain llama-index: VectorStoreIndex over the corpus files, default SentenceSplitter, same
    embedding model, no LLM, top-k retrieval."""
    from llama_index.core import Document, Settings, VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    from core.config import load_settings

    s = load_settings()
    corpus = Path(a.corpus or s.corpus_dir)
    t = time.perf_counter()
    Settings.llm = None
    Settings.embed_model = HuggingFaceEmbedding(model_name=s.model_path)
    load_s = time.perf_counter() - t
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))}
    spans = {d: line_spans(tx) for d, tx in texts.items()}
    docs = [Document(text=tx, metadata={"doc": d}, id_=d) for d, tx in texts.items()]
    t = time.perf_counter()
    index = VectorStoreIndex.from_documents(docs)
    build_s = time.perf_counter() - t
    n_chunks = len(index.docstore.docs)
    retriever = index.as_retriever(similarity_top_k=a.k)
    questions = load_jsonl(a.questions)
    for q in questions[:5]:  # warm-up
        retriever.retrieve(q["question"])
    rows = []
    for q in questions:
        t = time.perf_counter()
        nodes = retriever.retrieve(q["question"])
        ms = 1000 * (time.perf_counter() - t)
        hit = any(chunk_hits_line(n.node.metadata.get("doc"), n.node.get_content(), n.node.start_char_idx,
                                  n.node.end_char_idx, e["doc"], e["line"], texts, spans)
                  for n in nodes for e in q.get("evidence") or [])
        rows.append({"id": q["id"], "hit": hit, "latency_ms": round(ms, 2), "has_evidence": bool(q.get("evidence"))})
    emit({"load_s": round(load_s, 2), "build_s": round(build_s, 2), "chunks": n_chunks, "rows": rows,
          "peak_rss_mb": peak_rss_mb()})


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--corpus", type=Path, required=True)
    b.add_argument("--index", type=Path, required=True)
    c = sub.add_parser("cold")
    c.add_argument("--question", required=True)
    c.add_argument("--t0", type=float, required=True)
    c.add_argument("--index", default=None)
    r = sub.add_parser("replay")
    r.add_argument("--questions", type=Path, required=True)
    r.add_argument("--index", type=Path, required=True)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--warmup", action="store_true")
    bl = sub.add_parser("baseline")
    bl.add_argument("--questions", type=Path, required=True)
    bl.add_argument("--corpus", type=Path, default=None)
    bl.add_argument("--k", type=int, default=5)
    a = ap.parse_args()
    {"build": cmd_build, "cold": cmd_cold, "replay": cmd_replay, "baseline": cmd_baseline}[a.cmd](a)


if __name__ == "__main__":
    main()

"""One QAService shared by 8 threads asking different questions at once must give each thread
exactly the answer it gets alone (value, unit, text, citations, warnings). QAService documents
`ask` as thread-safe (read-only state plus a locked line cache); this holds it to that.
"""
from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.config import ROOT, load_settings
from qa_app.service import QAService

THREADS = 8
ROUNDS = 4


def _questions() -> list[str]:
    # Different intents and documents, table and passage routes, and one refusal: the dev set's
    # first questions of each intent, so shared state on any path would show.
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "dev_questions.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    picked, seen = [], set()
    for r in rows:
        if r["intent"] not in seen:
            seen.add(r["intent"])
            picked.append(r["question"])
    for r in rows:  # top up to a multiple of THREADS with further distinct questions
        if len(picked) >= 2 * THREADS:
            break
        if r["question"] not in picked:
            picked.append(r["question"])
    return picked[: 2 * THREADS]


def _key(answer) -> tuple:
    return (answer.text, answer.value, answer.unit, answer.route, answer.intent, answer.refused,
            tuple((c.doc, c.kind, c.line_start, c.line_end, c.quote, c.table, c.row, c.column, c.value)
                  for c in answer.citations),
            tuple(answer.warnings), answer.formula)


@pytest.fixture(scope="module")
def service(built_index) -> QAService:
    return QAService(load_settings(index_dir=str(built_index)))


@pytest.mark.slow
def test_eight_threads_get_the_sequential_answers(service):
    questions = _questions()
    assert len(questions) == 2 * THREADS and len(set(questions)) == len(questions)
    expected = {q: _key(service.ask(q)) for q in questions}
    mismatches = []
    for round_no in range(ROUNDS):
        # Each round: 8 threads released together by a barrier, each with its own question, then
        # the other 8 questions; the two halves swap order between rounds.
        batches = [questions[:THREADS], questions[THREADS:]] if round_no % 2 == 0 else [questions[THREADS:], questions[:THREADS]]
        for batch in batches:
            barrier = threading.Barrier(len(batch))

            def ask(q: str):
                barrier.wait(timeout=60)
                return q, _key(service.ask(q))

            with ThreadPoolExecutor(max_workers=len(batch)) as pool:
                for q, got in pool.map(ask, batch):
                    if got != expected[q]:
                        mismatches.append((round_no, q, expected[q][:3], got[:3]))
    assert not mismatches, mismatches


@pytest.mark.slow
def test_fresh_service_concurrent_first_use(built_index):
    # The line cache and any lazily loaded retriever are filled on first use: 8 threads hitting a
    # brand-new service at once must not see a half-filled cache.
    questions = _questions()[:THREADS]
    reference = QAService(load_settings(index_dir=str(built_index)))
    expected = {q: _key(reference.ask(q)) for q in questions}
    for _ in range(2):
        fresh = QAService(load_settings(index_dir=str(built_index)))
        barrier = threading.Barrier(THREADS)

        def ask(q: str):
            barrier.wait(timeout=60)
            return q, _key(fresh.ask(q))

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            got = dict(pool.map(ask, questions))
        assert got == expected

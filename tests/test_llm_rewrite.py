"""Optional LLM rewording (qa_app/rewrite.py) against a fake OpenAI-compatible server on
127.0.0.1 whose reply each test chooses: a good rewording replaces the text and nothing else; a
reply with a number not in the evidence, without the headline figure, an error, a hang or
garbage leaves the template answer, with a step saying why; refusals and the default (off) send
nothing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.config import ROOT, load_settings
from qa_app.service import QAService

TIMEOUT_S = 1.5
DEV = {r["id"]: r for r in map(json.loads, (ROOT / "tests" / "data" / "dev_questions.jsonl").read_text(encoding="utf-8").splitlines())}
# q002: 一般公共预算财政拨款支出表 2101501 行政运行 合计 193.05 万元, line 1262
LOOKUP = DEV["q002"]
GOOD = "北戴河区医疗保障局2023年「2101501 行政运行」的支出预算是 193.05万元，见《一般公共预算财政拨款支出表》第1262行。"

# (HTTP status or None to hang, raw body or the reply text to wrap in the endpoint's format)
Reply = Callable[[dict], tuple[int | None, bytes | str]]


def said(text: str) -> Reply:
    return lambda request: (200, text)


def openai_body(text: str) -> bytes:
    return json.dumps({"id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake",
                       "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
                       "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}, ensure_ascii=False).encode()


def ollama_body(text: str) -> bytes:
    return json.dumps({"model": "fake", "created_at": "2024-01-01T00:00:00Z", "done": True, "done_reason": "stop",
                       "message": {"role": "assistant", "content": text}}, ensure_ascii=False).encode()


BODIES = {"/v1/chat/completions": openai_body, "/chat/completions": openai_body, "/api/chat": ollama_body}


def status(code: int) -> Reply:
    return lambda request: (code, b'{"error": {"message": "boom", "type": "server_error"}}')


def hang(request: dict) -> tuple[None, bytes]:
    return None, b""


def garbage(request: dict) -> tuple[int, bytes]:
    return 200, b"<html>not json"


def prompt_of(request: dict) -> str:
    """Every message's text, whether sent as a string or as content parts."""
    out = []
    for m in request["messages"]:
        content = m["content"]
        out.append(content if isinstance(content, str) else "".join(part.get("text", "") for part in content))
    return "\n".join(out)


class FakeLLM:
    """POST /v1/chat/completions (and /chat/completions, and Ollama's /api/chat) answered by
    `self.reply`; every request body is kept in `self.requests`."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.reply: Reply = said("")
        self._released = threading.Event()  # ends hanging replies at teardown
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                wrap = BODIES.get(self.path.rstrip("/"))
                if wrap is None:
                    self.send_error(404)
                    return
                request = json.loads(body)
                fake.requests.append(request)
                code, payload = fake.reply(request)
                if code is None:
                    fake._released.wait(30)
                    return
                payload = wrap(payload) if isinstance(payload, str) else payload
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.root = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = self.root + "/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def fake():
    server = FakeLLM()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def no_requests_yet(fake: FakeLLM):
    fake.requests.clear()


def llm_env(fake: FakeLLM) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGETQA_")}
    return env | {"BUDGETQA_LLM_PROVIDER": "openai_like", "BUDGETQA_LLM_BASE_URL": fake.url, "BUDGETQA_LLM_MODEL": "fake"}


@pytest.fixture(scope="module")
def plain(built_index: Path) -> QAService:
    return QAService(load_settings(index_dir=str(built_index), llm_provider=""))


@pytest.fixture(scope="module")
def rewriting(built_index: Path, fake: FakeLLM) -> QAService:
    return QAService(load_settings(index_dir=str(built_index), llm_provider="openai_like", llm_base_url=fake.url,
                                   llm_model="fake", llm_timeout_s=TIMEOUT_S))


def same_facts(a, b) -> bool:
    return (a.value, a.unit, a.route, a.formula, a.warnings, [c.to_json() for c in a.citations]) == \
        (b.value, b.unit, b.route, b.formula, b.warnings, [c.to_json() for c in b.citations])


def fell_back(answer, template, reason: str) -> bool:
    return (answer.text == template.text and answer.rewritten_by is None and same_facts(answer, template)
            and any(s.startswith("改写失败，使用模板答案") and reason in s for s in answer.steps))


def test_rewording_with_the_evidence_numbers_replaces_only_the_text(plain, rewriting, fake):
    template = plain.ask(LOOKUP["question"])
    assert template.value == Decimal(str(LOOKUP["value"])) and template.unit == LOOKUP["unit"]
    assert template.citations[0].line_start == LOOKUP["evidence"][0]["line"]
    fake.reply = said(GOOD)
    a = rewriting.ask(LOOKUP["question"])
    assert a.text == GOOD and a.rewritten_by == "fake" and "改写：LLM（fake）" in a.steps
    assert same_facts(a, template) and a.to_json()["rewritten_by"] == "fake"
    # one request, to the configured model, carrying the template answer and the cited cell
    assert len(fake.requests) == 1 and fake.requests[0]["model"] == "fake"
    sent = prompt_of(fake.requests[0])
    assert template.text in sent and template.citations[0].quote.strip() in sent and "原样保留" in sent


@pytest.mark.parametrize("reply, reason", [
    (GOOD.replace("193.05", "195.03"), "证据里没有的数字 195.03"),  # a figure the evidence does not hold
    (GOOD.replace("。", "，约两百万元。"), "证据里没有的数字 两百万元"),  # one the digit guard cannot see
    ("北戴河区医疗保障局2023年安排了「2101501 行政运行」支出预算（第1262行）。", "遗漏了结果"),  # headline dropped
    (GOOD.replace("193.05万元", "193.05元"), "遗漏了结果"),  # right digits, wrong unit
    ("<think>193.05</think>  ", "回复为空"),
])
def test_a_bad_rewording_falls_back_to_the_template(plain, rewriting, fake, reply, reason):
    template = plain.ask(LOOKUP["question"])
    fake.reply = said(reply)
    a = rewriting.ask(LOOKUP["question"])
    assert len(fake.requests) == 1
    assert fell_back(a, template, reason), a.steps


@pytest.mark.parametrize("reply, reason", [(status(500), "InternalServerError"), (hang, "Timeout"), (garbage, "调用出错")])
def test_a_failing_server_falls_back_in_bounded_time(plain, rewriting, fake, reply, reason):
    template = plain.ask(LOOKUP["question"])
    fake.reply = reply
    started = time.perf_counter()
    a = rewriting.ask(LOOKUP["question"])
    assert time.perf_counter() - started < TIMEOUT_S + 3
    assert len(fake.requests) == 1  # no retries: the timeout bounds the whole wait
    assert fell_back(a, template, reason), a.steps


def test_ollama_goes_through_the_same_checks(built_index, plain, fake):
    ollama = QAService(load_settings(index_dir=str(built_index), llm_provider="ollama", llm_base_url=fake.root,
                                     llm_model="fake", llm_timeout_s=TIMEOUT_S))
    template = plain.ask(LOOKUP["question"])
    fake.reply = said(GOOD)
    a = ollama.ask(LOOKUP["question"])
    assert a.text == GOOD and a.rewritten_by == "fake" and same_facts(a, template)
    assert template.text in prompt_of(fake.requests[0])
    fake.reply = said(GOOD.replace("193.05", "195.03"))
    assert fell_back(ollama.ask(LOOKUP["question"]), template, "195.03")


def test_refusals_are_never_sent(rewriting, fake):
    fake.reply = said(GOOD)
    for qid in ("q178", "q179"):
        a = rewriting.ask(DEV[qid]["question"])
        assert a.refused and a.value is None and a.rewritten_by is None
    assert fake.requests == []


def test_passage_summary_may_use_only_the_cited_passages_numbers(plain, rewriting, fake):
    # q035: beidaihe line 1730 "项目支出增加64.18万元，主要为城乡医疗救助增加"
    question = DEV["q035"]["question"]
    template = plain.ask(question)
    assert template.route == "passage" and "64.18" in template.citations[0].quote
    summary = "北戴河区医疗保障局2023年项目支出增加64.18万元，主要原因是城乡医疗救助增加。"
    fake.reply = said(summary)
    a = rewriting.ask(question)
    assert a.text == summary and a.rewritten_by == "fake" and same_facts(a, template)
    sent = prompt_of(fake.requests[0])
    assert "摘要" in sent and all(c.quote.strip() in sent for c in template.citations)
    fake.reply = said(summary.replace("64.18", "46.81"))
    assert fell_back(rewriting.ask(question), template, "46.81")


def test_off_by_default_sends_nothing_and_imports_no_llm_package(built_index, fake):
    # the endpoint is configured, the provider is not: that is off
    env = llm_env(fake) | {"BUDGETQA_LLM_PROVIDER": ""}
    code = ("import json, sys\nfrom core.config import load_settings\nfrom qa_app.service import QAService\n"
            "a = QAService(load_settings(index_dir=sys.argv[1])).ask(sys.argv[2])\n"
            "print(json.dumps({'rewritten_by': a.rewritten_by, 'value': str(a.value), 'loaded': sorted(m for m in sys.modules "
            "if m.startswith(('llama_index.llms', 'openai', 'ollama')))}))")
    run = subprocess.run([sys.executable, "-c", code, str(built_index), LOOKUP["question"]], capture_output=True,
                         text=True, cwd=ROOT, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out == {"rewritten_by": None, "value": "193.05", "loaded": []}
    assert fake.requests == []


def test_ask_cli_rewords_with_environment_settings(built_index, fake):
    fake.reply = said(GOOD)
    run = subprocess.run([sys.executable, "-m", "qa_app", "ask", LOOKUP["question"], "--index", str(built_index), "--json"],
                         capture_output=True, text=True, cwd=ROOT, env=llm_env(fake), timeout=300)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["text"] == GOOD and out["rewritten_by"] == "fake" and out["value"] == 193.05
    assert len(fake.requests) == 1


def test_eight_threads_each_get_their_own_rewording(plain, rewriting, fake):
    lookups = [r["question"] for r in DEV.values() if r["intent"] == "lookup" and r["docs"]][:30]
    templates = {q: a.text for q in lookups if not (a := plain.ask(q)).refused and a.value is not None}
    questions = list(templates)[:8]
    assert len(questions) == 8

    def echo(request: dict) -> tuple[int, bytes]:
        sent = prompt_of(request)
        return said("据文件：" + next(t for t in templates.values() if t in sent))(request)

    fake.reply = echo
    barrier = threading.Barrier(len(questions))

    def ask(q: str) -> tuple[str, str]:
        barrier.wait(timeout=60)
        return q, rewriting.ask(q).text

    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        got = dict(pool.map(ask, questions))
    assert got == {q: "据文件：" + templates[q] for q in questions}

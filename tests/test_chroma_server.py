"""Chroma server mode: a real `chroma run` on a free local port holds the passage vectors.

The index folder keeps the line-item store, BM25 and the manifest; each build writes its own
server collection, named in its manifest, so a build in progress or killed never changes what
readers of the live build query, and pruning a build drops its collection.

The tests in this module run in order on one server and one index: the first build, answers
through it, then rebuilds (one changed file, a killed build, a completed one) and pruning.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings

from core.config import ROOT, load_settings
from indexer.build import BUILD_INFO, KEEP_BUILDS, build_index
from indexer.passage_index import MANIFEST
from indexer.vector_store import CHROMA_DIR
from qa_app.retrieval import Filters, HybridRetriever, get_retriever
from qa_app.service import QAService
from tests.processes import stop

pytestmark = pytest.mark.slow

CHROMA = Path(sys.executable).parent / "chroma"
CORPUS = ROOT / "corpus"
STARTUP_SECONDS = 60

# Verified in corpus/beilin_2024_budget.txt: line 40 "（一）主要职责：", items (1)-(7) on lines 42-48.
DUTIES_Q = "碑林医保经办中心的主要职责是什么"
DUTIES = ("beilin_2024_budget", 40, 48)
# corpus/lishi_2023_budget.txt: line 46 "### 一、本单位职责", line 48 the duties sentence.
ASK_Q = "离石医保服务中心的主要职责是什么？"
ASK = ("lishi_2023_budget", 46, 48)
ASK_QUOTE = "宣传国家省市医疗保险政策"
# Appended to a copy of corpus/zengdu_2023_budget.txt for the second build.
ADDED = "\n第六部分 补充说明\n\n本单位2023年新增网络安全等级保护测评工作。\n"
ADDED_Q = "网络安全等级保护测评"


def overlaps(doc: str, line_start: int, line_end: int, want: tuple[str, int, int]) -> bool:
    return doc == want[0] and line_start <= want[2] and want[1] <= line_end


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _heartbeat(port: int) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    try:
        with opener.open(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2) as r:
            return r.status == 200 and "heartbeat" in r.read().decode()
    except OSError:
        return False


def _env(port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGETQA_")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False", PYTHONIOENCODING="utf-8",
               BUDGETQA_CHROMA_HOST="127.0.0.1", BUDGETQA_CHROMA_PORT=str(port))
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Chroma server on a free port; its port. Stopped when the module's tests are done."""
    if not CHROMA.is_file():
        message = f"the chroma CLI is missing ({CHROMA}): pip install chromadb"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    with open(root / "server.log", "wb") as log:
        proc = subprocess.Popen([str(CHROMA), "run", "--path", str(root / "data"), "--host", "127.0.0.1", "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, env=_env(port))
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _heartbeat(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma run did not come up on port {port}:\n"
                                + (root / "server.log").read_text(errors="replace")[-2000:])
                time.sleep(0.3)
            yield port
        finally:
            stop(proc, 15)


@pytest.fixture(scope="module")
def client(server):
    return chromadb.HttpClient(host="127.0.0.1", port=server, settings=ChromaSettings(anonymized_telemetry=False))


@pytest.fixture(scope="module")
def setup(server, tmp_path_factory):
    """The real corpus (a copy the rebuild tests edit) built into a fresh index with the server."""
    root = tmp_path_factory.mktemp("server-index")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    index = root / "index"
    settings = load_settings(index_dir=str(index), corpus_dir=str(corpus), chroma_host="127.0.0.1", chroma_port=server)
    report = build_index(corpus, index, settings)
    assert report.documents == 5, [f.message for f in report.files if not f.ok]
    return settings, corpus, index, report


def _collection(index: Path) -> str:
    return json.loads((index / MANIFEST).read_text(encoding="utf-8"))["collection"]


def test_the_server_holds_the_vectors(setup, client):
    settings, _, index, report = setup
    name = _collection(index)
    assert name == f"{settings.chroma_collection}.{index.resolve().name}"
    assert [c.name for c in client.list_collections()] == [name]
    assert client.get_collection(name).count() == report.passages["passages"] > 200
    assert not (index.resolve() / CHROMA_DIR).exists()


def test_retriever_and_cli_search_through_the_server(setup, server):
    settings, _, index, _ = setup
    retriever = get_retriever(index, settings)
    # the dense ranking alone comes from the server's vectors
    dense = retriever.dense(DUTIES_Q, Filters(), 3)
    assert any(overlaps(p.doc, p.line_start, p.line_end, DUTIES) for p, _ in dense), [(p.doc, p.line_start) for p, _ in dense]
    hits = [h.passage for h in retriever.search(DUTIES_Q, 3)]
    assert any(overlaps(p.doc, p.line_start, p.line_end, DUTIES) for p in hits), [(p.doc, p.line_start) for p in hits]

    result = subprocess.run([sys.executable, "-m", "qa_app", "search", DUTIES_Q, "--k", "3", "--index", str(index)],
                            cwd=ROOT, env=_env(server), capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3 and any(overlaps(r["doc"], r["line_start"], r["line_end"], DUTIES) for r in records), records


def test_ask_answers_through_the_server(setup):
    settings, _, _, _ = setup
    answer = QAService(settings).ask(ASK_Q)
    assert not answer.refused, answer.text
    assert any(c.kind == "passage" and overlaps(c.doc, c.line_start, c.line_end, ASK) for c in answer.citations), answer.citations
    assert ASK_QUOTE in answer.text


def test_rebuilds_swap_collections_and_prune_old_ones(setup, client, server):
    settings, corpus, index, first = setup
    old_reader = HybridRetriever(index, settings)  # what a live app holds while the next build runs
    old_name = _collection(index)
    before = [(h.passage.passage_id, h.score) for h in old_reader.search(DUTIES_Q, 5)]

    # 1. one changed file: only it is embedded, into a new collection; the old build stays usable
    zengdu = corpus / "zengdu_2023_budget.txt"
    zengdu.write_text(zengdu.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    second = build_index(corpus, index, settings)
    assert second.passages["docs_embedded"] == ["zengdu_2023_budget"] and second.passages["docs_removed"] == []
    assert 0 < second.passages["passages_embedded"] < second.passages["passages"]
    name = _collection(index)
    assert name != old_name and name == f"{settings.chroma_collection}.{index.resolve().name}"
    assert client.get_collection(name).count() == second.passages["passages"]
    assert client.get_collection(old_name).count() == first.passages["passages"]
    assert [(h.passage.passage_id, h.score) for h in old_reader.search(DUTIES_Q, 5)] == before
    assert not [h for h in old_reader.search(ADDED_Q, 5) if h.passage.section == "第六部分 补充说明"]
    # top 3, not top 1: the fused ranking may put a near-tie (another document's 网络… table) first
    found = [(h.passage.doc, h.passage.section) for h in get_retriever(index, settings).search(ADDED_Q, 3)]
    assert ("zengdu_2023_budget", "第六部分 补充说明") in found, found
    # unchanged documents' vectors were copied from the previous collection, not re-embedded
    pid = before[0][0]
    copied, original = (np.asarray(client.get_collection(n).get(ids=[pid], include=["embeddings"])["embeddings"])
                        for n in (name, old_name))
    assert copied.shape == (1, 512) and np.allclose(copied, original)

    # 2. a build killed after it created its collection changes nothing readers see
    live = index.resolve()
    yongqiao = corpus / "yongqiao_2023_budget.txt"
    yongqiao.write_text(yongqiao.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index)],
                            cwd=ROOT, env=_env(server), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while len(client.list_collections()) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    killed = {c.name for c in client.list_collections()} - {name, old_name}
    assert len(killed) == 1
    assert index.resolve() == live and client.get_collection(name).count() == second.passages["passages"]
    hits = [h.passage for h in get_retriever(index, settings).search(DUTIES_Q, 3)]
    assert any(overlaps(p.doc, p.line_start, p.line_end, DUTIES) for p in hits)

    # 3. a complete build prunes beyond KEEP_BUILDS: the first build's and the killed build's collections go
    third = build_index(corpus, index, settings)
    assert third.passages["docs_embedded"] == ["yongqiao_2023_budget"]
    kept = sorted((index.parent / f".{index.name}.builds").iterdir())
    assert len(kept) == KEEP_BUILDS and all((b / BUILD_INFO).is_file() for b in kept)
    newest = _collection(index)
    assert {c.name for c in client.list_collections()} == {name, newest}
    assert {json.loads((b / MANIFEST).read_text(encoding="utf-8"))["collection"] for b in kept} == {name, newest}
    assert client.get_collection(newest).count() == third.passages["passages"]


def test_a_build_against_an_unreachable_server_is_one_clear_line(tmp_path):
    port = _free_port()  # nothing listens there
    out = subprocess.run([sys.executable, "-m", "indexer", "build", "--index", str(tmp_path / "index")],
                         cwd=ROOT, env=_env(port), capture_output=True, text=True, timeout=300)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith(f"build failed: no Chroma server at 127.0.0.1:{port}")
    assert "Traceback" not in out.stderr and not (tmp_path / "index").exists()

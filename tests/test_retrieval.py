"""Embedding model, stores, incremental sync, hybrid retrieval and the search CLI on the real corpus."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import ROOT, load_settings
from indexer.embeddings import Embedder, EmbeddingModelError
from indexer.parse import parse_file
from indexer.passage_index import sync_passages
from qa_app.retrieval import Filters, get_retriever
from tests.fixtures_passages import CORPUS, passage_index, settings  # noqa: F401  (fixture)

# (question, doc, gold line range) – the duties and organisation passages of every document.
DUTIES_AND_ORGANISATION = [
    ("北戴河医保局管哪些事", "beidaihe_2023_budget", 1666, 1684),  # 一、部门职责及机构设置情况
    ("北戴河医保局下面设了什么机构", "beidaihe_2023_budget", 1686, 1698),  # 机构设置：
    ("碑林医保经办中心负责什么", "beilin_2024_budget", 40, 48),  # （一）主要职责
    ("碑林医保经办中心内设机构和编制级别", "beilin_2024_budget", 50, 54),  # （二）内设机构
    ("离石医保服务中心的职能", "lishi_2023_budget", 46, 48),  # 一、本单位职责
    ("离石医保中心隶属哪里，内设哪些室", "lishi_2023_budget", 50, 52),  # 二、机构设置情况
    ("埇桥医保征缴中心主要干什么", "yongqiao_2023_budget", 65, 77),  # 一、主要职责
    ("埇桥征缴中心有没有下属单位", "yongqiao_2023_budget", 79, 81),  # 二、单位预算构成
    ("曾都医保信息中心的职责", "zengdu_2023_budget", 40, 42),  # 一、部门主要职责
    ("曾都医保信息中心属于哪个单位，几个编制", "zengdu_2023_budget", 44, 46),  # 二、部门基本情况
]


def overlaps(p, doc: str, a: int, b: int) -> bool:
    return p.doc == doc and p.line_start <= b and a <= p.line_end


@pytest.mark.slow
def test_model_loads_offline():
    # A fresh process with the hub switched off and every HTTP request sent to a dead proxy.
    code = (
        "import numpy as np; from indexer.embeddings import load_embedder; from core.config import load_settings; "
        "v = load_embedder(load_settings()).encode(['医疗保障局的主要职能', '三公经费']); "
        "print(v.shape[0], round(float(np.linalg.norm(v[0])), 3))"
    )
    dead = "http://127.0.0.1:9"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "NO_PROXY": ""}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "1.0"]


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(EmbeddingModelError, match="embedding model not found"):
        Embedder(str(tmp_path / "nowhere"), 8)


@pytest.mark.slow
@pytest.mark.parametrize("question,doc,a,b", DUTIES_AND_ORGANISATION)
def test_hybrid_finds_duties_and_organisation(passage_index, question, doc, a, b):
    hits = get_retriever(passage_index[0], settings()).search(question, 5)
    assert any(overlaps(h.passage, doc, a, b) for h in hits), [(h.passage.doc, h.passage.line_start) for h in hits]


@pytest.mark.slow
def test_filters_restrict_hits(passage_index):
    retriever = get_retriever(passage_index[0], settings())
    hits = retriever.search("三公经费", 5, Filters(doc="beilin_2024_budget", section="三公"))
    assert hits and all(h.passage.doc == "beilin_2024_budget" and "三公" in h.passage.section for h in hits)
    assert all(h.score > 0 for h in hits)


def _chroma_ranking(index_dir: Path, question: str, n: int, where: dict) -> list[str]:
    """Chroma's own filtered nearest neighbours, for comparison with the retriever's shortcuts."""
    from indexer.embeddings import load_embedder
    from indexer.passage_index import read_manifest
    from indexer.vector_store import VectorStore

    name = read_manifest(index_dir).get("collection", settings().chroma_collection)
    store = VectorStore.open(index_dir, settings(), name)
    return [p.passage_id for p, _ in store.query(load_embedder(settings()).encode([question])[0], n, where)]


@pytest.mark.slow
@pytest.mark.parametrize("question,doc", [(q, d) for q, d, _, _ in DUTIES_AND_ORGANISATION[::3]])
def test_search_within_a_document_ranks_as_chromas_filtered_query(passage_index, question, doc):
    # the retriever scores one document's vectors itself (Chroma's filter is slow at scale)
    ours = get_retriever(passage_index[0], settings()).dense(question, Filters(doc=doc), 10)
    assert len(ours) == 10 and all(p.doc == doc for p, _ in ours)
    assert [p.passage_id for p, _ in ours] == _chroma_ranking(passage_index[0], question, 10, {"doc": doc})


@pytest.mark.slow
def test_section_filter_without_a_document_ranks_as_chromas_filtered_query(passage_index):
    # over-fetched unfiltered neighbours, then filtered: the head of Chroma's filtered ranking
    retriever = get_retriever(passage_index[0], settings())
    hits = retriever.dense("三公经费包括哪些", Filters(section="解释"), 10)
    from indexer.bm25_store import BM25Store

    sections = sorted({p.section for p in BM25Store.load(passage_index[0]).passages if "解释" in p.section})
    assert len({p.doc for p, _ in hits}) >= 3 and all("解释" in p.section for p, _ in hits)
    assert [p.passage_id for p, _ in hits] == _chroma_ranking(passage_index[0], "三公经费包括哪些", 10,
                                                                {"section": {"$in": sections}})


@pytest.mark.slow
def test_incremental_sync_reembeds_only_the_changed_file(passage_index, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    shutil.copytree(passage_index[0], index_dir)
    changed = corpus / "zengdu_2023_budget.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n第六部分 补充说明\n\n本单位2023年新增网络安全等级保护测评工作。\n", encoding="utf-8")
    (corpus / "lishi_2023_budget.txt").unlink()

    stats = sync_passages([parse_file(f) for f in sorted(corpus.glob("*.txt"))], index_dir, settings())
    assert stats["docs_embedded"] == ["zengdu_2023_budget"]
    assert stats["docs_removed"] == ["lishi_2023_budget"]
    assert 0 < stats["passages_embedded"] < stats["passages"]

    retriever = get_retriever(index_dir, settings())
    assert retriever.docs == {"beidaihe_2023_budget", "beilin_2024_budget", "yongqiao_2023_budget", "zengdu_2023_budget"}
    hits = retriever.search("网络安全等级保护测评", 3)
    assert hits[0].passage.doc == "zengdu_2023_budget" and hits[0].passage.section == "第六部分 补充说明"
    assert not [h for h in retriever.search("离石医保服务中心", 10) if h.passage.doc == "lishi_2023_budget"]


@pytest.mark.slow
def test_a_change_of_embedding_precision_reembeds_every_document(passage_index, tmp_path):
    """int8 and float32 vectors are different spaces: an index built with one is never searched
    with the other's query vectors. The torch backend always runs float32, whatever precision is
    asked of it, so moving a float32 index to it re-embeds nothing."""
    index_dir = tmp_path / "index"
    shutil.copytree(passage_index[0], index_dir)
    exact = load_settings(embedding_precision="float32")
    documents = [parse_file(f) for f in sorted(CORPUS.glob("*.txt"))]
    stats = sync_passages(documents, index_dir, exact)
    assert len(stats["docs_embedded"]) == 5 and stats["passages_embedded"] == stats["passages"]
    torch_asked_int8 = load_settings(embedding_backend="torch", embedding_precision="int8")
    assert sync_passages(documents, index_dir, torch_asked_int8)["passages_embedded"] == 0
    hits = get_retriever(index_dir, exact).search("离石区医疗保险服务中心内设哪些科室", 3)
    assert hits[0].passage.doc == "lishi_2023_budget"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "qa_app", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_cli_search_prints_json_lines(passage_index):
    result = run_cli("search", "碑林医保经办中心的主要职责", "--k", "3", "--index", str(passage_index[0]))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    assert all(set(r) == {"doc", "section", "line_start", "line_end", "score", "text"} for r in records)
    assert any(r["doc"] == "beilin_2024_budget" and r["line_start"] <= 48 and r["line_end"] >= 40 for r in records)


@pytest.mark.slow
def test_cli_doc_filter(passage_index):
    result = run_cli("search", "主要职责", "--doc", "lishi_2023_budget", "--index", str(passage_index[0]))
    assert result.returncode == 0, result.stderr
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {"lishi_2023_budget"}


@pytest.mark.parametrize(
    "args,message",
    [
        (("search", "   "), "empty"),
        (("search", "主要职责", "--index", "/nonexistent/index"), "no passage index"),
        (("search", "主要职责", "--k", "0"), "--k"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_llama_index_retriever(passage_index):
    from llama_index.core.schema import QueryBundle

    from qa_app.llama_retriever import BudgetPassageRetriever

    retriever = BudgetPassageRetriever(get_retriever(passage_index[0], settings()), k=3)
    nodes = retriever.retrieve(QueryBundle("离石医保服务中心的机构设置"))
    assert len(nodes) == 3 and nodes[0].node.metadata["doc"] == "lishi_2023_budget"
    assert nodes[0].score > 0

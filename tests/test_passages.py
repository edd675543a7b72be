"""Chunking on the real disclosures: boundaries, sizes, citations, table passages, BM25 tokens."""
from __future__ import annotations

import pytest

from core.config import load_settings
from indexer.bm25_store import BM25Store, Tokenizer, user_words
from indexer.models import Cell, DocumentMeta, Row, Section, Table
from indexer.passages import PATH_SEPARATOR, document_passages, search_text, section_passages, table_passage
from indexer.sections import clean_line
from tests.fixtures_passages import corpus_documents, document, settings

DOCS = [d.meta.doc for d in corpus_documents()]
META = DocumentMeta("demo", "某区医疗保障局", [], None, 2023, "部门预算", "utf-8", "x")


@pytest.mark.parametrize("doc", DOCS)
def test_chunks_never_cross_a_section(doc):
    d = document(doc)
    sections = [p for p in document_passages(d, settings()) if p.kind == "section"]
    assert len(sections) >= 10  # every seed document has dozens: the loop below is not vacuous
    for p in sections:
        owners = [s for s in d.sections if s.line_start <= p.line_start and p.line_end <= s.line_end]
        assert len(owners) == 1, f"{p.passage_id} spans sections"
        assert p.section == PATH_SEPARATOR.join(owners[0].path)


@pytest.mark.parametrize("doc", DOCS)
def test_cited_lines_hold_the_text(doc):
    d = document(doc)
    sections = [p for p in document_passages(d, settings()) if p.kind == "section"]
    assert len(sections) >= 10
    for p in sections:
        assert p.text.split("\n")[-1] in clean_line(d.line(p.line_end))


@pytest.mark.parametrize("doc", DOCS)
def test_chunk_sizes(doc):
    s = settings()
    passages = document_passages(document(doc), s)
    assert len(passages) >= 10 and {p.kind for p in passages} >= {"section", "table"}
    for p in passages:
        limit = s.table_passage_max_chars if p.kind == "table" else s.chunk_max_chars + s.chunk_min_chars
        assert len(p.text.replace("\n", "")) <= limit


def test_duties_passage_starts_at_heading_line():
    # lishi line 46: "### 一、本单位职责" – a tiny section: one passage from its heading to line 48.
    passages = [p for p in document_passages(document("lishi_2023_budget"), settings()) if p.line_start == 46]
    assert len(passages) == 1
    p = passages[0]
    assert p.line_end == 48 and p.section.endswith("一、本单位职责") and p.text.startswith("宣传国家省市医疗保险政策")
    assert "一、本单位职责" in search_text(p) and "吕梁市离石区医疗保险服务中心" in search_text(p)


def test_long_section_splits_at_sentence_ends_with_overlap():
    sentences = [f"第{i}项工作任务的内容说明。" for i in range(40)]
    section = Section("一、工作任务", 2, ["一、工作任务"], 10, 49, "\n".join(sentences), list(range(11, 51)))
    s = load_settings(chunk_max_chars=100, chunk_overlap_chars=30, chunk_min_chars=20)
    chunks = section_passages(META, section, s)
    assert len(chunks) > 3 and chunks[0].line_start == 10
    for a, b in zip(chunks, chunks[1:]):
        assert a.text.endswith("。")
        assert b.line_start <= a.line_end  # the overlap repeats the last sentence
        assert b.text.split("\n")[0] in a.text.split("\n")
    assert chunks[-1].line_end == 50


def test_table_passage_is_compact():
    rows = [
        Row([Cell("301", 5), Cell("工资福利支出", 5), Cell("50.05", 5)], 5, 5),
        Row([Cell("302", 6), Cell("商品和服务支出", 6), Cell("4.02", 6)], 6, 6),
    ]
    table = Table("T01", "一般公共预算基本支出表", "万元", "declared", 3, 6, [], ["科目编码", "科目名称", "合计"], rows)
    p = table_passage(META, table, "第三部分 预算表", settings())
    assert p.kind == "table" and (p.line_start, p.line_end) == (3, 6)
    assert p.section == "第三部分 预算表 > 一般公共预算基本支出表"
    assert "万元" in p.text and "工资福利支出" in p.text and "50.05" not in p.text


def test_user_dictionary_keeps_budget_terms_whole():
    tokenize = Tokenizer(user_words(corpus_documents()))
    for term in ("一般公共预算", "机关运行经费", "政府采购"):
        assert term in tokenize(f"请问{term}有多少")


def test_bm25_scores_chinese_queries():
    passages = [p for d in corpus_documents() for p in document_passages(d, settings())]
    store = BM25Store(passages, user_words(corpus_documents()))
    for query, term in (("机关运行经费", "机关运行经费"), ("主要职责", "职责"), ("三公经费为什么没有变化", "三公")):
        scores = store.scores(query)
        assert scores.max() > 0
        assert term in search_text(passages[int(scores.argmax())])


def test_bm25_scores_of_one_document_are_its_slice_of_the_whole_corpus_scores():
    # a document's passages are scored from the postings alone (fast at scale): same numbers
    import numpy as np

    passages = [p for d in corpus_documents() for p in document_passages(d, settings())]
    store = BM25Store(passages, user_words(corpus_documents()))
    spans = {doc: np.array([i for i, p in enumerate(passages) if p.doc == doc]) for doc in DOCS}
    assert all(rows[-1] - rows[0] + 1 == len(rows) for rows in spans.values())  # indexed document by document
    for query in ("机关运行经费", "三公经费为什么没有变化", "埇桥征缴中心有没有下属单位", "政府采购预算多少"):
        every = store.scores(query)
        for doc, rows in spans.items():
            part = store.scores(query, rows)
            assert part.shape == rows.shape and np.array_equal(part, every[rows]), (query, doc)
        assert any(store.scores(query, rows).max() > 0 for rows in spans.values())
    scattered = np.array([0, 5, 9])  # not one run: the whole-corpus path, sliced
    assert np.array_equal(store.scores("三公经费", scattered), store.scores("三公经费")[scattered])

"""Chunking on the real disclosures: boundaries, sizes, citations, table passages, BM25 tokens."""
from __future__ import annotations

import pytest

from core.config import load_settings
from indexer.bm25_store import BM25Store, Tokenizer, user_words
from indexer.models import Cell, DocumentMeta, Passage, Row, Section, Table
from indexer.parse import parse_file
from indexer.passages import PATH_SEPARATOR, document_passages, search_text, section_passages, table_passage
from indexer.sections import clean_line
from qa_app.extractive import extract
from tests.conftest import DEV_TXT
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


# ---- short extractive answers (qa_app.extractive) ---------------------------------------------

def passage(section: str, start: int, end: int) -> Passage:
    return Passage(f"demo:{start}", "demo", "某区医疗保障局", 2023, section, start, end, "", "section")


# A duties list broken by a page break (a page number, a blank line, a running header), one item
# wrapped after a semicolon, and the section reader's habit of taking list items for headings.
PAGED = ["某区医疗保障局2023年部门预算公开", "一、部门概况", "（一）主要职责",
         "本局负责全区医疗保障工作。主要职责是：", "1.贯彻执行医疗保障政策，拟订全区医疗",
         "保障工作规划；", "组织实施各项制度。", "2.负责医疗保障基金监督管理，建立健全基金安全",
         "- 2 -", "", "某区医疗保障局2023年部门预算公开", "防控机制。", "3.完成上级交办的其他任务。",
         "（二）机构设置", "本局内设办公室、基金监管股。", "- 3 -", "", "某区医疗保障局2023年部门预算公开",
         "- 4 -", "", "某区医疗保障局2023年部门预算公开", "- 5 -"]
PAGED_LINES = list(enumerate(PAGED, start=1))
PAGED_PASSAGES = [passage("一、部门概况 > （一）主要职责", 3, 7),
                  passage("一、部门概况 > （一）主要职责 > 2.负责医疗保障基金监督管理，建立健全基金安全", 8, 12),
                  passage("一、部门概况 > （一）主要职责 > 3.完成上级交办的其他任务。", 13, 13),
                  passage("一、部门概况 > （二）机构设置", 14, 15)]


def test_extract_keeps_a_list_whole_and_in_order_without_page_furniture():
    short = extract(PAGED_LINES, PAGED_PASSAGES, PAGED_PASSAGES[0], ["职责"])
    assert short.section == "一、部门概况 > （一）主要职责" and (short.line_start, short.line_end) == (4, 13)
    assert [u.text for u in short.units] == [
        "本局负责全区医疗保障工作。主要职责是：",
        "1.贯彻执行医疗保障政策，拟订全区医疗保障工作规划；组织实施各项制度。",
        "2.负责医疗保障基金监督管理，建立健全基金安全防控机制。",
        "3.完成上级交办的其他任务。"]
    assert "- 2 -" not in short.text and "部门预算公开" not in short.text and "机构设置" not in short.text


def test_extract_picks_the_answering_sentence_with_the_list_it_opens():
    # the best passage is a list item's: its heading names no question word, so sentences are picked
    short = extract(PAGED_LINES, PAGED_PASSAGES, PAGED_PASSAGES[3], ["内设"])
    assert [u.text for u in short.units] == ["本局内设办公室、基金监管股。"] and short.line_start == 15
    stray = extract([(1, "（一）收入"), (2, "。"), (3, "本年收入较上年持平。")], [passage("（一）收入", 1, 3)],
                    passage("（一）收入", 1, 3), ["收入"])
    assert [u.text for u in stray.units] == ["本年收入较上年持平。"]
    table = Passage("demo:t", "demo", "某区医疗保障局", 2023, "（一）主要职责 > 绩效目标表", 3, 7, "", "table")
    assert extract(PAGED_LINES, PAGED_PASSAGES, table, ["职责"]) is None
    lead = extract(PAGED_LINES, PAGED_PASSAGES[:3], PAGED_PASSAGES[0], ["本局", "负责"])
    assert lead.units[0].text == "本局负责全区医疗保障工作。" and len(lead.units) == 1


def extract_dev(stem: str, chosen, words: list[str]):
    """The short extract of the passage `chosen` picks from a real dev document."""
    doc = parse_file(DEV_TXT / f"{stem}.txt")
    passages = document_passages(doc, settings())
    return extract(list(enumerate(doc.lines, start=1)), passages, next(p for p in passages if chosen(p)), words)


@pytest.mark.skipif(not (DEV_TXT / "hangzhou_qixiang_2026_budget.txt").is_file(), reason="dev corpus absent")
def test_extract_joins_a_real_list_over_a_page_break():
    # dev_corpus/txt/hangzhou_qixiang_2026_budget.txt lines 24-55: 主要职能 items 1-7, with the page
    # number "2" and a blank line (lines 49-50) between item 6 (ends line 48) and item 7 (line 51)
    short = extract_dev("hangzhou_qixiang_2026_budget", lambda p: p.section.endswith("（一）主要职能"), ["职能"])
    items = [u.text for u in short.units if u.item]
    assert [t[:2] for t in items] == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]
    assert items[6] == "7.承担浙江省气象局和杭州市人民政府交办的其他事项。"  # lines 51-52
    assert short.units[6].line_start == 51 and short.line_start == 25
    assert "\n2\n" not in short.quote and not any(u.text == "2" for u in short.units)


@pytest.mark.skipif(not (DEV_TXT / "jiangsu_fayuan_2019_budget.txt").is_file(), reason="dev corpus absent")
def test_extract_joins_a_real_item_cut_by_a_page_number_and_drops_the_heading():
    # dev_corpus/txt/jiangsu_fayuan_2019_budget.txt lines 51-56: item 14 runs from page 3 (lines 51-52)
    # over the page number "3" (line 53) and a blank line onto page 4 (lines 55-56); the heading
    # 一、主要职能 is line 28
    short = extract_dev("jiangsu_fayuan_2019_budget", lambda p: p.section.endswith("一、主要职能"), ["职能"])
    fourteen = next(u for u in short.units if u.text.startswith("14、"))
    assert (fourteen.line_start, fourteen.line_end) == (51, 56)
    assert "思想政治工作和教育培训工作；按照权限管理法官" in fourteen.text
    assert not short.text.lstrip().startswith("一、主要职能") and short.line_start == 29


def test_extract_a_paragraph_between_two_items_goes_on_with_the_item_before_it():
    section = ["（一）主要职责", "（一）负责全区医疗保障工作，完善医疗保障政策。", "指导基层经办机构的业务工作。",
               "（二）负责基金监督管理。", "此外，本局还承担领导小组办公室的日常工作。"]
    lines = list(enumerate(section, start=1))
    short = extract(lines, [passage("（一）主要职责", 1, 5)], passage("（一）主要职责", 1, 5), ["职责"])
    assert [(u.text, u.line_start, u.line_end, u.item) for u in short.units] == [
        ("（一）负责全区医疗保障工作，完善医疗保障政策。指导基层经办机构的业务工作。", 2, 3, True),
        ("（二）负责基金监督管理。", 4, 4, True),
        ("此外，本局还承担领导小组办公室的日常工作。", 5, 5, False)]  # after the last item: its own
    lead_in = ["（一）主要职责", "1.负责医疗保障工作。", "具体任务包括：", "1.基金监管。", "2.待遇保障。"]
    short = extract(list(enumerate(lead_in, start=1)), [passage("（一）主要职责", 1, 5)],
                    passage("（一）主要职责", 1, 5), ["职责"])
    assert [u.text for u in short.units][:2] == ["1.负责医疗保障工作。", "具体任务包括："]  # a new list's lead-in


@pytest.mark.skipif(not (DEV_TXT / "shenzhen_weijian_2026_budget.txt").is_file(), reason="dev corpus absent")
def test_extract_joins_a_real_items_second_sentence_printed_as_a_paragraph():
    # dev_corpus/txt/shenzhen_weijian_2026_budget.txt lines 63-65: item （八） ends its first sentence at
    # the end of line 64, and «指导市计划生育协会的业务工作。» (line 65) is its second, before item （九）
    short = extract_dev("shenzhen_weijian_2026_budget", lambda p: p.section.startswith("一、部门职责") and p.line_start <= 65 <= p.line_end, ["职责"])
    eight = next(u for u in short.units if u.text.startswith("（八）"))
    assert (eight.line_start, eight.line_end) == (63, 65) and eight.text.endswith("完善计划生育政策。指导市计划生育协会的业务工作。")
    assert not any(u.text.startswith("指导市计划生育协会") for u in short.units)

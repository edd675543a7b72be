"""Files that are not clean disclosures: empty, binary, undecodable, truncated, GBK-encoded,
narrative only, neither tables nor narrative — parsed alone, and mixed into a corpus folder that
is built (good files indexed, bad ones reported)."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from core.config import ROOT, load_settings
from indexer.build import build_index, read_build_info
from indexer.models import Document, ParseError
from indexer.parse import parse_file, parse_upload
from indexer.store import load_documents, load_items

CORPUS = ROOT / "corpus"


def corpus_lines(stem: str) -> list[str]:
    return (CORPUS / f"{stem}.txt").read_text(encoding="utf-8").split("\n")


def item_keys(doc: Document, max_line: int | None = None) -> list[tuple]:
    return [(i.table, i.table_id, i.line, i.row_code, i.parent_code, i.row_name, i.column, i.column_path, i.value,
             i.unit, i.value_yuan) for i in doc.items if max_line is None or i.line <= max_line]


# Material for the bad files, cut from the real corpus.
def truncated_zengdu() -> str:
    # zengdu cut inside 一般公共预算支出表 (229-249) after line 245, the last line half written.
    return "\n".join(corpus_lines("zengdu_2023_budget")[:245] + ["2101550\t事业运"])


def narrative_only() -> str:
    # zengdu lines 1-114: cover, 目录 and the whole 情况说明 — all before the first table (line 119).
    return "\n".join(corpus_lines("zengdu_2023_budget")[:114])


def headings_only() -> str:
    # the first ten headings of lishi (## 第一部分 概况 … #### 五、一般公共预算支出情况说明), nothing under them
    doc = parse_file(CORPUS / "lishi_2023_budget.txt")
    return "\n".join([doc.line(s.line_start) for s in doc.sections if s.role == "body"][:10])


def toc_only() -> str:
    # lishi lines 1-45: the title and its 目录 (dot leaders and page numbers), nothing else
    return "\n".join(corpus_lines("lishi_2023_budget")[:45])


def binary() -> bytes:
    # a corpus file with NUL bytes spliced in, as a copy from a damaged disk or a renamed .doc would have
    data = (CORPUS / "lishi_2023_budget.txt").read_bytes()[:4000]
    return data[:1000] + b"\x00" * 64 + data[1000:]


# --- parse alone ----------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"\n\n   \n\t\n", b"\r\n\r\n"])
def test_empty_file_is_a_clear_parse_error(data, tmp_path):
    with pytest.raises(ParseError, match="^empty file$"):
        parse_upload("empty.txt", data)
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(ParseError, match="empty"):
        parse_file(path)


def test_bom_only_file_is_a_parse_error():
    # what Notepad saves for an empty document
    with pytest.raises(ParseError):
        parse_upload("empty.txt", b"\xef\xbb\xbf\n")


@pytest.mark.parametrize("data", [binary(), b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8])
def test_binary_file_is_a_clear_parse_error(data):
    with pytest.raises(ParseError, match="binary"):
        parse_upload("broken.txt", data)


def test_undecodable_bytes_are_a_clear_parse_error():
    with pytest.raises(ParseError, match="not UTF-8 or GB18030"):
        parse_upload("latin.txt", b"\x80\x81\x82\x83" * 100)


def test_missing_file_is_a_parse_error(tmp_path):
    with pytest.raises(ParseError, match="cannot read file"):
        parse_file(tmp_path / "gone.txt")


@pytest.mark.parametrize("stem,cut,partial", [
    ("zengdu_2023_budget", 245, "2101550\t事业运"),  # tab rows: cut in 一般公共预算支出表 (229-249)
    ("beidaihe_2023_budget", 1230, "\t2101"),  # one cell per line: cut inside row 序号9 of 表 1143-1306
    ("beilin_2024_budget", 340, "| 2101101 | 行政单位医疗 | 7,500,0"),  # markdown: cut inside 表5 row 341
    ("yongqiao_2023_budget", 145, "\t\t(二十四)预"),  # cut after the repeated header of 表1
])
def test_truncated_table_keeps_every_item_before_the_cut(parsed, stem, cut, partial):
    lines = corpus_lines(stem)[:cut] + [partial]
    doc = parse_upload(f"{stem}.txt", "\n".join(lines).encode("utf-8"))
    assert doc.tables and doc.tables[-1].line_end >= cut - 1
    assert item_keys(doc) == item_keys(parsed[stem], max_line=cut)  # nothing invented from the half line
    assert all(i.line <= cut for i in doc.items)


def test_truncated_zengdu_infers_its_unit_from_the_prose():
    # zengdu declares 万元 only on line 284, after the cut; the narrative (e.g. line 54 "收入总计54.07万元")
    # prints the same figures with 万元.
    doc = parse_upload("zengdu_2023_budget.txt", truncated_zengdu().encode("utf-8"))
    assert {(t.unit, t.unit_source) for t in doc.tables} == {("万元", "prose")}
    it = next(i for i in doc.items if i.line == 125 and i.col_index == 1)  # 收支总表 一般公共预算拨款收入 54. 07
    assert (it.value, it.unit, it.value_yuan) == ("54.07", "万元", Decimal("540700"))


@pytest.mark.parametrize("stem", ["yongqiao_2023_budget", "lishi_2023_budget", "beilin_2024_budget", "beidaihe_2023_budget"])
def test_gbk_copy_parses_to_the_same_items(parsed, stem, tmp_path):
    original = parsed[stem]
    text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    path = tmp_path / f"{stem}.txt"
    path.write_bytes(text.encode("gbk"))
    doc = parse_file(path)
    assert doc.meta.encoding == "gb18030"
    assert doc.lines == original.lines
    assert item_keys(doc) == item_keys(original)
    assert (doc.meta.agency, doc.meta.aliases, doc.meta.year) == (original.meta.agency, original.meta.aliases, original.meta.year)
    assert [(f.kind, f.line_a, f.line_b) for f in doc.findings] == [(f.kind, f.line_a, f.line_b) for f in original.findings]


@pytest.mark.parametrize("variant", ["utf-8-sig", "crlf"])
def test_bom_and_crlf_copies_parse_to_the_same_items(parsed, variant):
    stem = "lishi_2023_budget"
    text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    data = text.encode("utf-8-sig") if variant == "utf-8-sig" else text.replace("\n", "\r\n").encode("utf-8")
    doc = parse_upload(f"{stem}.txt", data)
    assert doc.lines == parsed[stem].lines  # line numbers, the citations, unchanged
    assert item_keys(doc) == item_keys(parsed[stem])


def test_utf16_copy_parses_to_the_same_items(parsed):
    stem = "lishi_2023_budget"
    text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    doc = parse_upload(f"{stem}.txt", text.encode("utf-16"))  # with BOM
    assert item_keys(doc) == item_keys(parsed[stem])


def test_narrative_only_file_parses_with_no_items():
    doc = parse_upload("zengdu_narrative.txt", narrative_only().encode("utf-8"))
    assert doc.tables == [] and doc.items == [] and doc.findings == []
    assert [s for s in doc.sections if s.role == "body" and s.text.strip()]
    assert doc.meta.year == 2023


def test_narrative_only_file_keeps_the_agency():
    # zengdu line 1 "曾都区医疗保障信息中心 2023 年部门预算"
    doc = parse_upload("zengdu_narrative.txt", narrative_only().encode("utf-8"))
    assert doc.meta.agency == "曾都区医疗保障信息中心"




@pytest.mark.parametrize("text", [
    pytest.param(headings_only(), id="headings-only"),
    pytest.param("\n\n".join(["第一部分 概况", "一、本单位职责", "二、机构设置情况"]), id="headings-blank-lines"),
    pytest.param("#\n##\n", id="empty-headings"),
    pytest.param(toc_only(), id="toc-only"),
    pytest.param("- 1 -\n\n- 2 -\n\n- 3 -\n", id="page-numbers-only"),
    pytest.param("---\n***\n", id="markup-only"),
])
def test_file_with_neither_tables_nor_narrative_is_a_clear_parse_error(text):
    with pytest.raises(ParseError, match="^no tables and no narrative text found$"):
        parse_upload("neither.txt", text.encode("utf-8"))


# --- a corpus folder mixing good and bad files, built once for this module ------------------

GOOD = {"yongqiao_gbk", "zengdu_truncated", "zengdu_narrative"}
BAD = {  # stem -> the reason the report must give
    "empty": "empty file",
    "broken": "binary file",
    "latin": "not UTF-8 or GB18030",
    "neither": "no tables and no narrative text found",
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "yongqiao_gbk.txt").write_bytes((CORPUS / "yongqiao_2023_budget.txt").read_text(encoding="utf-8").encode("gbk"))
    (corpus / "zengdu_truncated.txt").write_text(truncated_zengdu(), encoding="utf-8")
    (corpus / "zengdu_narrative.txt").write_text(narrative_only(), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.txt").write_bytes(binary())
    (corpus / "latin.txt").write_bytes(b"\x80\x81\x82\x83" * 100)
    (corpus / "neither.txt").write_text(headings_only(), encoding="utf-8")
    index = root / "index"
    seen = []
    report = build_index(corpus, index, load_settings(index_dir=str(index), corpus_dir=str(corpus)), on_file=seen.append)
    return report, index, seen


@pytest.mark.slow
def test_mixed_corpus_builds_good_files_and_reports_bad_ones(mixed):
    report, index, seen = mixed
    assert {f.doc for f in report.files} == GOOD | set(BAD)
    assert {f.doc for f in report.files if f.ok} == GOOD
    assert report.documents == len(GOOD)
    for f in report.files:
        if f.doc in BAD:
            assert not f.ok
            assert f.message.startswith(f"{f.doc}.txt: ") and BAD[f.doc] in f.message, f.message
            assert "Traceback" not in f.message and "unexpected" not in f.message
    assert [r.doc for r in seen] == [f.doc for f in report.files]  # every file reported as it is parsed
    assert sorted(report.passages["docs_embedded"]) == sorted(GOOD)


@pytest.mark.slow
def test_mixed_corpus_store_holds_only_the_good_files(mixed, parsed):
    _, index, _ = mixed
    docs = load_documents(index).set_index("doc")
    assert set(docs.index) == GOOD
    assert docs.loc["yongqiao_gbk", "encoding"] == "gb18030"
    assert docs.loc["yongqiao_gbk", "agency"] == parsed["yongqiao_2023_budget"].meta.agency
    assert int(docs.loc["zengdu_narrative", "n_items"]) == 0
    for stem in BAD:
        assert load_items(index, doc=stem).empty
    # the GBK file's items are the UTF-8 original's, figure for figure
    got = load_items(index, doc="yongqiao_gbk")
    expected = parsed["yongqiao_2023_budget"].items
    assert sorted((int(r["line"]), int(r["col_index"]), r["value"], r["unit"], r["value_yuan"])
                  for r in got.to_dict("records")) == sorted(
        (i.line, i.col_index, i.value, i.unit, i.value_yuan) for i in expected)
    # the truncated file kept its items up to the cut (zengdu line 245, 2101550 事业运行 is the last row)
    trunc = load_items(index, doc="zengdu_truncated")
    assert len(trunc) == len([i for i in parsed["zengdu_2023_budget"].items if i.line <= 245])
    assert int(trunc["line"].max()) == 245


@pytest.mark.slow
def test_mixed_corpus_build_info_lists_every_file(mixed):
    _, index, _ = mixed
    info = read_build_info(index)
    assert info is not None and info["documents"] == len(GOOD)
    by_doc = {f["doc"]: f for f in info["files"]}
    assert set(by_doc) == GOOD | set(BAD)
    assert all(by_doc[d]["ok"] for d in GOOD) and not any(by_doc[d]["ok"] for d in BAD)
    json.dumps(info, ensure_ascii=False)  # plain JSON


@pytest.mark.slow
def test_two_files_with_one_name_index_once_and_the_second_is_reported(tmp_path, parsed):
    # A document is known by its file stem: lishi.md and lishi.txt would be one document twice over.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    data = (CORPUS / "lishi_2023_budget.txt").read_bytes()
    (corpus / "lishi.md").write_bytes(data)
    (corpus / "lishi.txt").write_bytes(data)
    index = tmp_path / "index"
    report = build_index(corpus, index, load_settings(index_dir=str(index), corpus_dir=str(corpus)))
    assert [(f.doc, f.ok) for f in report.files] == [("lishi", True), ("lishi", False)]
    assert "lishi.txt" in report.files[1].message and "already indexed" in report.files[1].message
    assert len(load_items(index)) == len(parsed["lishi_2023_budget"].items)
    assert report.passages["passages"] == report.passages["passages_embedded"] > 0

"""Heading hierarchy on the real disclosures and on the noise patterns they contain."""
from __future__ import annotations

import pytest

from indexer.sections import clean_line, parse_sections
from tests.fixtures_passages import corpus_documents, document


def by_title(stem: str, title: str):
    return next(s for s in document(stem).sections if s.title == title)


def test_duties_heading_line_zengdu():
    # zengdu line 40: "一、部门主要职责" under "第一部分 曾都区医疗保障信息中心概况" (after the 目录).
    s = by_title("zengdu_2023_budget", "一、部门主要职责")
    assert s.line_start == 40 and s.level == 2
    assert s.path[0].startswith("第一部分")
    assert s.text.startswith("区医疗保障信息中心承担医疗保障信息系统")
    assert s.text_lines == [42]


def test_markdown_and_bold_stripped_yongqiao():
    # yongqiao line 65: "### **一、主要职责**"; its duties run to line 77.
    s = by_title("yongqiao_2023_budget", "一、主要职责")
    assert (s.line_start, s.line_end) == (65, 77)
    assert s.path == ["第一部分 单位概况", "一、主要职责"]


def test_toc_is_one_section_and_holds_no_headings():
    # yongqiao's 目录 spans lines 8-61; the body starts again at line 63 "## **第一部分 单位概况**".
    sections = document("yongqiao_2023_budget").sections
    toc = [s for s in sections if s.role == "toc"]
    assert len(toc) == 1 and toc[0].line_start == 8
    assert not [s for s in sections if s.role == "body" and 8 <= s.line_start <= 61]
    assert by_title("yongqiao_2023_budget", "第一部分 单位概况").line_start == 63


def test_toc_with_dot_leaders_lishi():
    # lishi's 目录 (line 7) uses "....." leaders; "一、本单位职责" is at line 46 in the body.
    assert by_title("lishi_2023_budget", "一、本单位职责").line_start == 46


def test_part_nested_inside_numbered_section_beidaihe():
    # beidaihe line 1739: "第一部分 部门整体绩效目标" opens inside "五、预算绩效信息" (line 1738),
    # and "六、政府采购预算情况" (line 2301) is back at the top.
    nested = by_title("beidaihe_2023_budget", "第一部分 部门整体绩效目标")
    assert nested.line_start == 1739 and nested.path == ["五、预算绩效信息", "第一部分 部门整体绩效目标"]
    assert by_title("beidaihe_2023_budget", "六、政府采购预算情况").path == ["六、政府采购预算情况"]


def test_bold_inline_definition_lishi():
    # lishi line 657: "**九、一般公共预算**是指以税收为主体的财政收入…"
    s = by_title("lishi_2023_budget", "九、一般公共预算")
    assert s.line_start == 657 and s.text.startswith("是指以税收为主体")


def test_short_list_items_are_not_headings_beilin():
    # beilin lines 42-48: "(1)…(7)" duty items; "(5) 医疗保险相关政策咨询服务。" is short but a list item.
    s = by_title("beilin_2024_budget", "（一）主要职责")
    assert (s.line_start, s.line_end) == (40, 48)
    assert "医疗保险相关政策咨询服务" in s.text


@pytest.mark.parametrize("doc", [d.meta.doc for d in corpus_documents()])
def test_sections_cover_narrative_without_overlap(doc):
    d = document(doc)
    in_table = {n for t in d.tables for n in range(t.line_start, t.line_end + 1)}
    spans = sorted((s.line_start, s.line_end) for s in d.sections)
    for (a1, b1), (a2, _) in zip(spans, spans[1:]):
        assert b1 < a2, f"sections overlap at {a2}"
    covered = {n for a, b in spans for n in range(a, b + 1)}
    narrative = {n for n, line in enumerate(d.lines, 1) if clean_line(line) and n not in in_table}
    assert narrative <= covered
    for s in d.sections:
        assert all(n not in in_table for n in s.text_lines)
        assert len(s.text.split("\n")) == len(s.text_lines) or not s.text


def test_skip_ranges_excluded_and_lines_are_one_based():
    lines = ["一、概况", "说明文字。", "表头\t数值", "一、合计\t10", "", "二、其他", "尾注。"]
    sections = parse_sections(lines, [(3, 4)])
    assert [(s.title, s.line_start, s.line_end) for s in sections] == [("一、概况", 1, 2), ("二、其他", 6, 7)]
    assert sections[0].text == "说明文字。" and sections[0].text_lines == [2]


@pytest.mark.parametrize(
    "line",
    [
        "1. 社会保障和就业支出(类)4.82万元:行政事业单位养老支出4.82万元。",  # a list entry with figures
        "(1)2023年本单位涉及绩效管理的项目共8个,涉及",  # a sentence, not a title
        "1.5万元用于办公设备购置",  # a decimal, not a marker
        "\t一、一般公共预算拨款收入",  # a table cell
    ],
)
def test_not_headings(line):
    sections = parse_sections(["一、说明", line])
    assert [s.title for s in sections] == ["一、说明"]


def test_heading_with_text_on_the_same_line():
    sections = parse_sections(["第一部分 概况", "（一）加大信息化建设力度。完善信息系统和网上经办服务平台。"])
    assert sections[1].title == "（一）加大信息化建设力度"
    assert sections[1].text == "完善信息系统和网上经办服务平台。" and sections[1].text_lines == [2]
    assert sections[1].path == ["第一部分 概况", "（一）加大信息化建设力度"]

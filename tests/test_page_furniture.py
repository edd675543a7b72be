"""Page numbers and running headers are not narrative text."""

import pytest

from indexer.page_furniture import furniture, is_page_number, running_lines
from indexer.sections import parse_sections
from tests.conftest import DEV_TXT


@pytest.mark.parametrize("line", ["— 4 —", "- 17 -", "—7—", "第 3 页", "第3页 共20页", "3 / 20"])
def test_page_number_forms(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["17", "2995.39", "— 本表无数据 —", "第三部分 其他说明", "2026年"])
def test_not_page_numbers(line):
    # a bare number may be a figure pushed off its row by the extractor
    assert not is_page_number(line)


def test_running_header_beside_page_breaks_is_dropped_from_sections():
    page = ["某市某局2026年度部门预算公开", "{n}、第{n}项职能", "负责全市第{n}项工作的统筹协调。", "— {n} —", ""]
    lines = [x.format(n=n) for n in range(1, 5) for x in page]
    assert running_lines(lines) == {"某市某局2026年度部门预算公开"}
    sections = parse_sections(lines)
    assert all("部门预算公开" not in s.text and "—" not in s.text for s in sections)
    # line 4 is the first page number; line 1 the first running header
    assert {1, 4} <= furniture(lines)


def test_repeated_line_without_page_numbers_is_content():
    # a form title printed once per project repeats, but no page number stands beside it
    lines = ["项目支出绩效目标表", "绩效目标：完成某项工作。"] * 4
    assert running_lines(lines) == set()


@pytest.mark.skipif(not DEV_TXT.is_dir(), reason="dev corpus not beside the repository")
def test_real_page_number_inside_a_section_is_not_quoted():
    # dev_corpus/txt/chongqing_xuanchuan_2026_budget.txt line 62 is "— 4 —", between the heading
    # 四、“三公”经费情况说明 (line 61) and its first sentence (line 63)
    lines = (DEV_TXT / "chongqing_xuanchuan_2026_budget.txt").read_text(encoding="utf-8").splitlines()
    assert lines[61] == "— 4 —"
    section = next(s for s in parse_sections(lines) if s.line_start == 61)
    assert "— 4 —" not in section.text and 62 not in section.text_lines
    assert section.text.startswith("2026 年“三公”经费预算")


@pytest.mark.skipif(not DEV_TXT.is_dir(), reason="dev corpus not beside the repository")
def test_real_running_header():
    # dev_corpus/txt/wuxi_jiaoyu_2026_budget.txt line 27: the header on top of every page
    lines = (DEV_TXT / "wuxi_jiaoyu_2026_budget.txt").read_text(encoding="utf-8").splitlines()
    assert lines[26] in running_lines(lines)

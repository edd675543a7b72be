"""Counts stated in prose are the kind asked (stock vs flow, a target is no count, the figure before
the noun), and change questions compare with a named year and find a reason stated later."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from qa_app.prose import SourceLines, prose_change, prose_figure
from tests.conftest import DEV_TXT

LINES = SourceLines([
    (1, "截至2025年12月31日，本部门共有车辆5辆，其中一般公务用车3辆。"),
    (2, "2026年部门预算安排购置车辆1辆，经费增加的原因是接收调拨车辆2辆。"),
    (3, "数量指标 维保车辆数 ≥40辆"),
    (4, "本部门包括27个内设机构、1个下属单位。"),
    (5, "2026年财政拨款收入300万元，比2025年预算增加15万元；事业收入50万元。"),
    (6, "支出预算350万元。"),
    (7, "财政拨款收入增加的主要原因是新增实训基地建设经费。"),
])


def count(name: str, flow: str | None = None):
    f = prose_figure(LINES, "d", name, counts=True, flow=flow)
    return (f.value_text, f.unit, f.line) if f else None


def test_a_stock_question_takes_the_stock_not_a_purchase_or_a_target():
    assert count("车辆") == ("5", "辆", 1)


def test_a_flow_question_takes_that_flow():
    assert count("车辆", flow="购置") == ("1", "辆", 2)
    assert count("车辆", flow="接收") == ("2", "辆", 2)


def test_a_target_is_no_count():
    assert count("维保车辆数") is None


def test_the_figure_before_the_noun_counts_it_and_a_list_separator_ends_a_figure():
    assert count("内设机构") == ("27", "个", 4)


def test_a_reason_given_in_a_later_sentence_of_its_own():
    change = prose_change(LINES, "d", ["财政拨款收入"])
    assert change.delta_yuan == Decimal("150000") and change.line == 5
    assert change.reason == "新增实训基地建设经费"


def test_comparing_with_a_named_year_is_not_asking_about_it():
    from indexer.models import DocumentMeta
    from qa_app.catalog import Catalog
    from qa_app.understanding import understand
    meta = DocumentMeta(doc="d", agency="某市某局", aliases=["某市某局"], region=None, year=2026, kind="部门预算",
                        encoding="utf-8", content_hash="x")
    q = understand("某市某局财政拨款收入比2025年增加多少？", Catalog([meta]))
    assert not q.prior_year and q.bad_year is None and q.years == [] and not q.odd_codes


@pytest.mark.skipif(not DEV_TXT.is_dir(), reason="dev corpus not available")
def test_real_count_printed_before_its_noun():
    # dev_corpus/txt/jiangsu_fayuan_2019_budget.txt line 69: 「本部门包括 27 个内设机构、1 个下属差额…」
    lines = SourceLines(list(enumerate(Path(DEV_TXT, "jiangsu_fayuan_2019_budget.txt").read_text().splitlines(), 1)))
    f = prose_figure(lines, "jiangsu", "内设机构", counts=True)
    assert (f.value_text, f.unit, f.line) == ("27", "个", 69)

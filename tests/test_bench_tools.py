"""Unit tests of the benchmark helpers (generator, matching, quantiles). No timings asserted."""
from __future__ import annotations

import json
from decimal import Decimal

from bench.common import quantile, summary
from bench.run_all import verdict
from bench.synth import (
    BASES,
    district_names,
    fmt_amount,
    generate,
    rename,
    scale_text,
    scaled_value,
    shift_years,
    unambiguous,
)
from bench.workers import chunk_hits_line, line_spans


def test_scale_text_scales_two_decimal_amounts_and_keeps_format():
    text = "合计\t1,234.50\t404.67\t2101501\t12.5%\t3.00%\t工会经费5.59万元"
    out = scale_text(text, Decimal("2"))
    assert out == "合计\t2,469.00\t809.34\t2101501\t12.5%\t3.00%\t工会经费11.18万元"


def test_scale_text_rounds_half_up_to_two_decimals():
    assert scale_text("0.05", Decimal("0.5")) == "0.03"
    assert scaled_value("0.05", Decimal("0.5")) == Decimal("0.03")
    assert fmt_amount(Decimal("1234567.891"), True) == "1,234,567.89"


def test_scale_text_leaves_codes_years_and_integers():
    assert scale_text("2023年 科目2101501 人数 12", Decimal("3")) == "2023年 科目2101501 人数 12"


def test_shift_years_only_touches_standalone_years():
    assert shift_years("2023年预算，2022年决算，科目2101501，预算年度：2023", 2) == "2025年预算，2024年决算，科目2101501，预算年度：2025"
    assert shift_years("2023", 0) == "2023"


def test_rename_replaces_every_district_spelling():
    text = "宿州市埇桥区…埭桥区…甬桥"
    assert rename(text, "yongqiao_2023_budget", "临州", "青山") == "临州市青山区…青山区…青山"


def test_district_names_are_distinct_and_new():
    names = district_names(300, seed=1)
    assert len(set(names)) == 300
    real = {d for _, ds in BASES.values() for d in ds}
    assert not real & set(names)


def test_unambiguous_keeps_single_valued_named_rows():
    cells = [
        {"row_name": "工会经费", "value": "5.59"}, {"row_name": "工会经费", "value": "5.59"},
        {"row_name": "行政运行", "value": "193.05"}, {"row_name": "行政运行", "value": "180.00"},
        {"row_name": "合计", "value": "1.00"}, {"row_name": "零值行项目", "value": "0.00"},
    ]
    assert [c["row_name"] for c in unambiguous(cells)] == ["工会经费"]


def test_generate_writes_consistent_truth(tmp_path):
    g = generate(5, tmp_path, seed=3, per_doc=2)
    assert len(g["docs"]) == 5 and len({d["base"] for d in g["docs"]}) == 5
    for t in g["truth"]:
        lines = (tmp_path / "corpus" / f"{t['doc']}.txt").read_text(encoding="utf-8").split("\n")
        printed = f"{Decimal(str(t['value'])):,.2f}" if "," in lines[t["line"] - 1] else f"{t['value']:.2f}"
        assert printed in lines[t["line"] - 1]
    qs = [json.loads(x) for x in (tmp_path / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert qs and all(q["intent"] == "lookup" and q["question"].endswith("是多少？") for q in qs)
    agencies = {d["doc"]: d["agency"] for d in g["docs"]}
    assert all(q["question"].startswith(agencies[q["docs"][0]]) for q in qs)


def test_line_spans_and_chunk_hit():
    text = "first\nsecond line\nthird"
    spans = line_spans(text)
    assert spans == [(0, 5), (6, 17), (18, 23)]
    texts, sp = {"d": text}, {"d": spans}
    assert chunk_hits_line("d", "", 6, 12, "d", 2, texts, sp)
    assert not chunk_hits_line("d", "", 0, 5, "d", 2, texts, sp)
    assert not chunk_hits_line("other", "", 0, 100, "d", 2, texts, sp)
    assert chunk_hits_line("d", "xx second line yy", None, None, "d", 2, texts, sp)
    assert not chunk_hits_line("d", "first", None, None, "d", 2, texts, sp)


def test_quantile_and_summary():
    assert quantile([], 95) is None
    assert quantile([7.0], 95) == 7.0
    xs = list(range(1, 101))
    assert quantile(xs, 50) == 50.5
    s = summary([1.0, 2.0, 3.0])
    assert s["n"] == 3 and s["max"] == 3.0


def test_verdict():
    assert verdict(40, 50) == "met"
    assert "missed" in verdict(75, 50)
    assert verdict(None, 50) == "n/a"


PROBE_DOC = """某州市统计局2026年部门预算公开

一、支出总表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t100.00\t60.00\t40.00
20105\t统计信息事务\t100.00\t60.00\t40.00
2010501\t行政运行\t60.00\t60.00\t0.00
2010502\t一般行政管理事务\t40.00\t0.00\t40.00

二、财政拨款支出表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
2010501\t行政运行\t55.00\t55.00\t0.00
"""


def _probe(tmp_path, kinds):
    from bench.probe import probe
    from tests.conftest import items_only_service

    service = items_only_service(tmp_path, {"tongji_2026_budget.txt": PROBE_DOC})
    return probe(service, tmp_path / "index", kinds=kinds, per_doc=10, seed=1)


def test_probe_questions_from_the_index_are_answered_from_their_cells(tmp_path):
    report = _probe(tmp_path, ("lookup", "share", "diff"))
    by_question = {r["question"]: r for r in report["results"]}
    lookup = next(r for r in report["results"] if r["kind"] == "lookup" and "一般行政管理事务" in r["question"])
    # line 9: 2010502 一般行政管理事务 合计 40.00 万元
    assert lookup["status"] == "ok" and lookup["gold"] == "400000.00" and lookup["cells"][0]["line"] == 9
    share = next(r for q, r in by_question.items() if r["kind"] == "share" and "一般行政管理事务" in q
                 and "统计信息事务" in q)
    assert share["status"] == "ok" and Decimal(share["gold"]) == Decimal("40") and share["got"] == "40.00"
    assert report["by_kind"]["lookup"]["WRONG"] == 0 and report["by_kind"]["lookup"]["ok"] >= 3


def test_probe_skips_a_row_printed_with_two_figures(tmp_path):
    # 行政运行 is 60.00 in the 支出总表 (line 8) and 55.00 in the 财政拨款支出表 (line 14): no one gold for
    # its total or its 基本支出; its 项目支出 is 0.00 in both, one gold
    report = _probe(tmp_path, ("lookup", "column", "share", "diff", "sum", "rank"))
    asked = [(r["kind"], r["question"]) for r in report["results"] if "行政运行" in r["question"]]
    assert asked and all(kind == "column" and "项目支出" in q for kind, q in asked), asked
    skipped = report["skipped"]["tongji_2026_budget"]
    assert skipped["rows with differing totals"] == 1 and skipped["ambiguous (row, column) pairs"] == 1


def test_probe_text_stating_a_row_with_another_figure_makes_it_ambiguous():
    from bench.probe_cells import other_figures

    # corpus/jiangsu_fayuan_2019_budget.txt line 661 (all funds) beside its table's 30217 公务接待费 41.95 (line 285)
    text = "公务用车购置及运行费支出 123.75 万元，占“三公”经费的51.93%；公务接待费支出 86.95 万元，占“三公”经费的"
    assert other_figures(text, "公务接待费", Decimal("419500")) and not other_figures(text, "公务接待费", Decimal("869500"))
    # corpus/xian_weijian_2022_final.txt lines 430-431: the 决算 figure is stated beside the budget one
    final = "2022年度财政拨款安排公务用车运行维护费预算455.12万元，支出决算450.96万元，完成预算的99.09%。"
    assert not other_figures(final, "公务用车运行维护费", Decimal("4509600"))
    assert not other_figures("其他公务接待费 5.00 万元。", "公务接待费", Decimal("419500"))


def test_probe_score_accepts_a_differences_size_and_an_answer_rounded_to_its_unit():
    from types import SimpleNamespace

    from bench.probe import score
    from bench.probe_questions import Question

    diff = Question(doc="d", kind="diff", text="", gold=Decimal("2239738.54"), tolerance=Decimal("0.01"),
                    cells=[], by_size=True)
    assert score(diff, SimpleNamespace(value=Decimal("-223.97"), unit="万元", refused=False))[0] == "ok"
    assert score(diff, SimpleNamespace(value=Decimal("223.98"), unit="万元", refused=False))[0] == "WRONG"
    assert score(diff, SimpleNamespace(value=Decimal("223.97"), unit="%", refused=False))[0] == "WRONG"
    assert score(diff, SimpleNamespace(value=None, unit=None, refused=True))[0] == "refused"

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

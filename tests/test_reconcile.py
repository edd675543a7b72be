"""Reconciliation findings on the real disclosures: the known contradictions are found with both
source lines, consistent tables raise nothing."""
from __future__ import annotations

import re
from decimal import Decimal

from core.config import ROOT
from indexer.parse import parse_upload


def findings(parsed, stem, **attrs):
    return [f for f in parsed[stem].findings if all(getattr(f, k) == v for k, v in attrs.items())]


def printed(line_text: str) -> str:
    return re.sub(r"[\s,，]", "", line_text)


def figure(value: str) -> str:
    return value.replace(",", "").removesuffix("万元").removesuffix("元")


def numbers_on(line_text: str) -> set[Decimal]:
    return {Decimal(m) for m in re.findall(r"\d+(?:\.\d+)?", printed(line_text))}


def test_beidaihe_class_row_contradicts_its_children(parsed):
    # beidaihe 部门预算支出总表: 210 卫生健康支出 合计 363.15 (line 634) while its 款 rows
    # 21011 20.27 (644) + 21013 85.09 (674) + 21015 244.88 (704) = 350.24.
    [f] = findings(parsed, "beidaihe_2023_budget", kind="children_sum", line_a=634)
    assert f.table == "部门预算支出总表"
    assert f.item == "210 卫生健康支出/合计"
    assert (f.value_a, f.value_b, f.difference) == ("363.15万元", "350.24万元", "12.91万元")
    assert f.line_b == 644
    assert all(str(n) in f.message for n in (644, 674, 704))


def test_beidaihe_narrower_fund_table_below_the_all_funds_table_is_no_contradiction(parsed):
    # beidaihe 210 卫生健康支出 合计: 350.24 in 部门预算一般公共预算财政拨款支出表 (line 1206)
    # vs 363.15 in 部门预算支出总表 (line 634): a 一般公共预算 figure may be below the all-funds one,
    # so R-XT-01 says nothing; the typo at line 634 is caught inside its own table (R-BAL-02/06/07).
    assert not findings(parsed, "beidaihe_2023_budget", kind="cross_table")
    assert {f.rule for f in findings(parsed, "beidaihe_2023_budget", line_a=634)} == {"R-BAL-02", "R-BAL-06"}


def test_beidaihe_column_sum(parsed):
    # beidaihe line 634-636: 合计 363.15 ≠ 基本支出 213.32 + 项目支出 136.92 (= 350.24).
    [f] = findings(parsed, "beidaihe_2023_budget", kind="column_sum")
    assert (f.line_a, f.line_b) == (634, 635)
    assert (f.value_a, f.value_b) == ("363.15万元", "350.24万元")


def test_zengdu_prose_contradicts_sangong_table(parsed):
    # zengdu line 103: '"三公"经费年初预算安排 0.14 万元' vs 三公 table line 288: 合计 0. 12.
    [f] = findings(parsed, "zengdu_2023_budget", kind="prose_vs_table", line_b=103)
    assert f.line_a == 288
    assert (f.value_a, f.value_b) == ("0.12万元", "0.14万元")
    assert f.table == '一般公共预算"三公"经费支出表'
    assert "三公" in f.message


def test_zengdu_prose_contradicts_reception_cost(parsed):
    # zengdu line 109: "公务接待费 0.14 万元" vs the 三公 table line 288: 公务接待费 0. 12 (the whole
    # item; the 30217 row of the 基本支出表, line 276, is only its basic-spending part)
    [f] = findings(parsed, "zengdu_2023_budget", kind="prose_vs_table", line_b=109)
    assert f.line_a == 288 and f.item == "公务接待费" and f.value_a == "0.12万元"


def test_yongqiao_wrong_unit_is_a_magnitude_finding(parsed):
    # yongqiao line 494, 项目支出绩效目标表 under "项目资金 (万元)": 100000 (a 元 figure: the project
    # is 10 万元, line 483) against a whole budget of 86.71 万元 (收入总计, line 153).
    hits = findings(parsed, "yongqiao_2023_budget", kind="magnitude", line_a=494, value_a="100,000.00万元")
    assert len(hits) == 1
    assert hits[0].value_b == "86.71万元"
    assert "单位" in hits[0].message
    # figures within the budget's scale raise nothing: every magnitude finding is in the 绩效 form
    assert {f.table for f in findings(parsed, "yongqiao_2023_budget", kind="magnitude")} == {"项目支出绩效目标表"}


def test_magnitude_finding_cites_the_total_line(parsed):
    doc = parsed["yongqiao_2023_budget"]
    [f] = findings(parsed, "yongqiao_2023_budget", kind="magnitude", line_a=494, value_a="100,000.00万元")
    assert f.line_b != f.line_a
    assert Decimal("86.71") in numbers_on(doc.line(f.line_b))  # e.g. line 153 收入总计 86.71


def test_consistent_table_has_no_findings(parsed):
    # beilin 表5 (lines 325-349): every 类 = Σ 款, 款 = Σ 项, 合计 = Σ 类, 合计 = 人员+公用+专项.
    assert not [f for f in parsed["beilin_2024_budget"].findings
                if f.table == "单位综合预算一般公共预算支出明细表（按支出功能分类科目）"]
    # the one note on beilin is a 提示, not a contradiction: its 收入总表 (line 261) prints a title and
    # no rows, and no 本单位无… note
    [hint] = parsed["beilin_2024_budget"].findings
    assert (hint.rule, hint.severity, hint.line_a) == ("R-CMP-02", "提示", 261)


def test_every_finding_cites_printed_figures(parsed):
    # value_a is printed on line_a; for cross-table and prose findings value_b is printed on line_b.
    n = 0
    for stem, doc in parsed.items():
        for f in doc.findings:
            assert 1 <= f.line_a <= len(doc.lines) and 1 <= f.line_b <= len(doc.lines)
            for loc in (x for x in f.locations if x.value):  # every printed figure is on its line
                assert printed(loc.value).rstrip("%").removesuffix("万元").removesuffix("元") in printed(
                    doc.line(loc.line)), (stem, loc)
            if f.severity == "提示" or f.rule.startswith(("R-CMP", "R-HYG-01", "R-HYG-03", "R-TXT-02", "R-TXT-03", "R-DIR")):
                continue  # single places, or computed figures (a rate) on the b side
            assert Decimal(figure(f.value_a)) in numbers_on(doc.line(f.line_a)), (stem, f)
            if f.kind in ("cross_table", "prose_vs_table"):
                assert Decimal(figure(f.value_b)) in numbers_on(doc.line(f.line_b)), (stem, f)
            n += 1
    assert n >= 6


def test_a_changed_figure_is_found_with_both_lines():
    # beilin line 341 (表5, 2101101 行政单位医疗 7,500,000.00) changed to 7,600,000.00: its parent
    # 21011 (line 340, 9,553,776.80) no longer equals the sum of lines 341-343.
    path = ROOT / "corpus" / "beilin_2024_budget.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert "| 2101101 | 行政单位医疗 | 7,500,000.00 | 7,500,000.00 |" in lines[340]
    lines[340] = lines[340].replace("7,500,000.00", "7,600,000.00")
    doc = parse_upload(path.name, "\n".join(lines).encode("utf-8"))
    hits = [f for f in doc.findings if f.kind == "children_sum" and f.line_a == 340]
    assert hits, doc.findings
    assert {f.line_b for f in hits} == {341}
    assert {f.value_a for f in hits} == {"9,553,776.80元"}
    assert {f.value_b for f in hits} == {"9,653,776.80元"}
    assert {f.difference for f in hits} == {"-100,000.00元"}


def test_store_keeps_rule_severity_and_locations(tmp_path, parsed):
    # the findings table round-trips the catalogue id, the severity and every location of a finding
    from indexer.store import load_findings, stored

    list(stored(tmp_path, [parsed["beidaihe_2023_budget"]]))
    rows = load_findings(tmp_path).to_dict("records")
    hit = next(r for r in rows if r["rule"] == "R-BAL-06" and r["line_a"] == 634)
    assert hit["severity"] == "错误" and hit["kind"] == "children_sum"
    assert [loc["line"] for loc in hit["locations"]] == [634, 644, 674, 704]  # the total and every addend

"""Agency, year, region, kind and aliases read from the real disclosures."""
from __future__ import annotations

import pytest

from indexer.metadata import aliases_for, detect_agency, detect_year, region_of

# (stem, agency, year, region, kind) — where each is stated:
EXPECTED = [
    # beidaihe line 1693 "秦皇岛市北戴河区医疗保障局（本级）"; line 3 "预算年度：2023"
    ("beidaihe_2023_budget", "秦皇岛市北戴河区医疗保障局", 2023, "秦皇岛市北戴河区", "部门预算"),
    # beilin lines 3-4 "西安市碑林区医疗保险经办中心 / 2024年单位预算公开说明"
    ("beilin_2024_budget", "西安市碑林区医疗保险经办中心", 2024, "西安市碑林区", "单位预算"),
    # lishi lines 3-5 "# 吕梁市离石区医疗保险服务中心 / 2023年度单位预算公开"
    ("lishi_2023_budget", "吕梁市离石区医疗保险服务中心", 2023, "吕梁市离石区", "单位预算"),
    # yongqiao line 113 "单位名称：宿州市埇桥区基本医疗保险基金征缴管理中心" (the cover, line 3, has the OCR 埭桥)
    ("yongqiao_2023_budget", "宿州市埇桥区基本医疗保险基金征缴管理中心", 2023, "宿州市埇桥区", None),
    # zengdu line 1 "曾都区医疗保障信息中心 2023 年部门预算" (the file never names the city)
    ("zengdu_2023_budget", "曾都区医疗保障信息中心", 2023, "曾都区", "部门预算"),
]


@pytest.mark.parametrize("stem,agency,year,region,kind", EXPECTED)
def test_agency_year_region(parsed, stem, agency, year, region, kind):
    meta = parsed[stem].meta
    assert meta.doc == stem
    assert meta.agency == agency
    assert meta.year == year
    assert meta.region == region
    if kind:
        assert meta.kind == kind
    assert meta.encoding == "utf-8"
    assert len(meta.content_hash) == 64
    assert meta.agency in meta.aliases


def test_kind_follows_the_cover(parsed):
    # yongqiao lines 3-4: "**埭桥区基本医疗保险基金征缴管理中心 / 2023 年单位预算**"
    assert parsed["yongqiao_2023_budget"].meta.kind == "单位预算"


@pytest.mark.parametrize("stem,short_forms", [
    # the forms users type: drop the city, drop 区, 医疗保障局 -> 医保局, 医疗保险 -> 医保
    ("beidaihe_2023_budget", ["北戴河医保局", "北戴河区医保局", "北戴河区医疗保障局"]),
    ("beilin_2024_budget", ["碑林医保经办中心", "碑林区医疗保险经办中心", "碑林区医保经办中心"]),
    ("lishi_2023_budget", ["离石医保服务中心", "离石区医疗保险服务中心"]),
    ("yongqiao_2023_budget", ["埇桥区基本医疗保险基金征缴管理中心", "埇桥医保基金征缴管理中心"]),
    ("zengdu_2023_budget", ["曾都医保信息中心", "曾都区医保信息中心"]),
])
def test_aliases_include_short_forms(parsed, stem, short_forms):
    aliases = parsed[stem].meta.aliases
    for form in short_forms:
        assert form in aliases, f"{stem}: {form} not in {aliases}"
    assert len(aliases) == len(set(aliases))
    assert aliases == sorted(aliases, key=lambda f: (-len(f), f))  # longest (most specific) first


def test_aliases_include_ocr_variants_found_in_the_file(parsed):
    # yongqiao: the cover (line 3) and body print 埭桥区…; the 绩效 form (line 492) prints 甬桥区…;
    # the canonical name (line 113) is 埇桥区.
    aliases = parsed["yongqiao_2023_budget"].meta.aliases
    assert "埭桥区基本医疗保险基金征缴管理中心" in aliases
    assert "甬桥区基本医疗保险基金征缴管理中心" in aliases
    assert {"埭桥区", "甬桥区", "埇桥区"} <= set(aliases)


def test_no_invented_ocr_variants(parsed):
    # A spelling of the district is an alias only when the file prints it.
    for stem, doc in parsed.items():
        city, county = region_of(doc.meta.agency)
        text = "".join(doc.lines)
        prefixes = {a[:2] for a in doc.meta.aliases}
        assert all(p in text for p in prefixes), (stem, prefixes)
        variants = prefixes - {(city or "")[:2], county[:2]}
        if stem == "yongqiao_2023_budget":
            assert variants == {"埭桥", "甬桥"}
        else:
            assert variants == set(), (stem, variants)


def test_ocr_variants_get_the_short_forms_too(parsed):
    # dev question q116 asks about "埭桥医保征缴中心": the variant spelling in a short form.
    aliases = parsed["yongqiao_2023_budget"].meta.aliases
    assert "埭桥" in aliases
    assert "埭桥医保基金征缴管理中心" in aliases
    assert "埭桥区医保基金征缴管理中心" in aliases


def test_metadata_functions_on_raw_lines(parsed):
    # The functions behind DocumentMeta work on plain line lists.
    lines = parsed["beidaihe_2023_budget"].lines
    assert detect_agency(lines) == "秦皇岛市北戴河区医疗保障局"
    assert detect_year(lines) == 2023
    assert region_of("秦皇岛市北戴河区医疗保障局") == ("秦皇岛市", "北戴河区")
    assert region_of("曾都区医疗保障信息中心") == (None, "曾都区")
    assert aliases_for("", lines) == []

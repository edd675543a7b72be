"""Agency, year, region, kind and aliases read from the real disclosures."""
from __future__ import annotations

import pytest

from indexer.metadata import (
    NO_AGENCY,
    NO_YEAR,
    aliases_for,
    detect_agency,
    detect_kind,
    detect_region,
    detect_year,
    read_meta,
    region_of,
    split_note,
)
from indexer.reader import read_bytes

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


# --- general rules on invented documents ----------------------------------------------------

@pytest.mark.parametrize("lines,agency", [
    (["单位名称：临江市河东区文化馆 单位：万元"], "临江市河东区文化馆"),
    (["部门名称 临江市水务局"], "临江市水务局"),  # a table cell: label and name, no colon
    (["编制部门：临江市档案馆"], "临江市档案馆"),
    (["编制单位：临江市第一中学 金额单位：元"], "临江市第一中学"),
    (["预算单位：临江师范学院"], "临江师范学院"),
    (["预算主管部门：临江市教育局", "预算单位：临江师范学院", "预算单位：临江师范学院"], "临江师范学院"),
    (["临江市河东区人民检察院", "2025年区级部门预算"], "临江市河东区人民检察院"),
    (["临江市消防救援支队2026年度部门预算"], "临江市消防救援支队"),
    (["2026年临江市气象台部门预算"], "临江市气象台"),  # year first
    (["临江市2026年市级单位预算", "预算单位：临江市科学技术协会"], "临江市科学技术协会"),
    (["2026年度临江市妇幼保健院单位预算"], "临江市妇幼保健院"),
    (["临江市红十字会2022年度部门决算"], "临江市红十字会"),
    (["2026年", "临江市体育中心", "单位预算"], "临江市体育中心"),  # a cover over three lines
])
def test_agency_from_labels_and_cover_titles(lines, agency):
    assert detect_agency(lines) == agency


@pytest.mark.parametrize("lines", [
    ["单位名称 合计 一般公共预算 政府性基金"],  # a column header, not a label
    ["单位：万元"],
    ["临江市2026年市级单位预算"],  # a region is not an agency
    ["2026年部门预算"],
    ["比2025年预算增加"],
])
def test_no_agency_where_none_is_stated(lines):
    assert detect_agency(lines) == ""


def test_scope_note_is_kept_out_of_the_name():
    assert split_note("临江市卫生健康委员会（本级）") == ("临江市卫生健康委员会", "本级")
    assert split_note("临江市教育局(汇总)") == ("临江市教育局", "汇总")
    meta = read_meta("x", read_bytes("2026年临江市卫生健康委员会（本级）\n部门预算\n".encode()))
    assert (meta.agency, meta.note) == ("临江市卫生健康委员会", "本级")


@pytest.mark.parametrize("lines,year", [
    (["临江市水务局", "2026年部门预算", "比2024年预算减少10万元。", "比2024年预算减少10万元。"], 2026),
    (["部门名称：临江市水务局", "（2025年度）"], 2025),
    (["部门预算收支总表", "预算年度：2023"], 2023),
    (["2024年，本单位按照预算法规定…", "2026年部门预算支出情况说明"], 2026),  # no cover: fallback
    (["本单位2024年完成了各项工作。", "比2025年预算增加1万元。"], None),
])
def test_year_from_the_title_not_from_body_mentions(lines, year):
    assert detect_year(lines) == year


@pytest.mark.parametrize("lines,kind", [
    (["临江市水务局", "2026年部门预算"], "部门预算"),
    (["临江市水务局", "2026年单位预算"], "单位预算"),
    (["临江市水务局", "2022年度部门决算", "一、部门预算执行情况"], "部门决算"),
    (["收入支出决算总表", "公开01表", "部门名称：临江市水务局", "年初预算数"], "部门决算"),  # no cover
    (["预算01表 收支总表", "部门名称 临江市水务局"], "部门预算"),
])
def test_kind_budget_or_final_accounts(lines, kind):
    assert detect_kind(lines) == kind


@pytest.mark.parametrize("agency,region", [
    ("河东省高级人民法院", "河东省"),
    ("中共临江市委宣传部", "临江市"),
    ("河东省临江市青山区教育局", "河东省临江市青山区"),
    ("临江市城市管理局", "临江市"),  # 城市 is no district
    ("临江市社区服务中心", "临江市"),
    ("临江职业技术学院", None),
])
def test_region_from_the_agency_name(agency, region):
    assert detect_region(agency, []) == region


def test_region_from_the_title_when_the_name_has_none():
    assert detect_region("临江交通学院", ["临江市2026年市级单位预算", "预算单位：临江交通学院"]) == "临江市"


@pytest.mark.parametrize("agency,expected,absent", [
    ("临江市卫生健康委员会", ["临江卫健委", "临江市卫健委", "临江市卫生健康委"], ["卫健委"]),
    ("临江市人力资源和社会保障局", ["临江人社局", "临江市人社局"], ["人社局"]),
    ("中共临江市委宣传部", ["临江市委宣传部"], ["临江委宣传部"]),
    ("河东省高级人民法院", ["河东高院", "河东省高院", "河东省高级人民法院"], []),
    ("河东省临江市青山区教育局", ["临江市青山区教育局", "青山区教育局", "青山教育局", "青山区", "青山"], ["教育局"]),
])
def test_general_abbreviations(agency, expected, absent):
    aliases = aliases_for(agency, [])
    for form in expected:
        assert form in aliases, (form, aliases)
    for form in absent:
        assert form not in aliases, (form, aliases)


def test_unread_agency_and_year_are_warned_and_the_stem_stands_in():
    meta = read_meta("some_file", read_bytes("一、主要职责\n负责本系统的工作。\n".encode()))
    assert (meta.agency, meta.year, meta.region, meta.aliases) == ("some_file", None, None, [])
    assert meta.warnings == [NO_AGENCY, NO_YEAR]

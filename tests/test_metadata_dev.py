"""Agency, year, kind and region read from the real development disclosures (dev_corpus/txt:
pdfplumber text of PDFs from many provinces and templates). Skipped when the dev corpus is absent."""
from __future__ import annotations

import pytest

from indexer.metadata import detect_agency, detect_kind, detect_year
from indexer.parse import parse_file
from tests.conftest import DEV_PDF, DEV_TXT

pytestmark = pytest.mark.skipif(not DEV_TXT.is_dir(), reason="dev_corpus not found (set BUDGETQA_DEV_CORPUS)")

# (stem, agency, year, kind, region, note) — where the document states them:
EXPECTED = [
    # no cover: lines 1105-1106 "（2026年度）" / "部门名称 北京市医疗保障局" (a table cell, no colon)
    ("beijing_yibao_2026_budget", "北京市医疗保障局", 2026, "部门预算", "北京市", None),
    # lines 1-2 "长沙职业教育基地综合协调办公室" / "2026 年部门预算公开"; the name states no region
    ("changsha_zhijiao_2026_budget", "长沙职业教育基地综合协调办公室", 2026, "部门预算", None, None),
    # lines 1-2 "中共重庆市委宣传部" / "2026 年部门预算情况说明"
    ("chongqing_xuanchuan_2026_budget", "中共重庆市委宣传部", 2026, "部门预算", "重庆市", None),
    # lines 1-3 "2026 年度" / "福州市公安局巡特警支队" / "单位预算" (the 主管部门 福州市公安局 is its parent)
    ("fuzhou_xuntejing_2026_budget", "福州市公安局巡特警支队", 2026, "单位预算", "福州市", None),
    # lines 1-2 "2026年" / "广州市统计局部门预算"
    ("guangzhou_tongji_2026_budget", "广州市统计局", 2026, "部门预算", "广州市", None),
    # lines 1-2 "杭州市气象局" / "2026 年度部门预算"
    ("hangzhou_qixiang_2026_budget", "杭州市气象局", 2026, "部门预算", "杭州市", None),
    # lines 1-2 "江苏省高级人民法院" / "2019 年度部门预算公开"
    ("jiangsu_fayuan_2019_budget", "江苏省高级人民法院", 2019, "部门预算", "江苏省", None),
    # lines 1-2 "上海市2026年市级单位预算" / "预算单位：上海交通职业技术学院": region from the title
    ("shanghai_jiaotongzhiyuan_2026_budget", "上海交通职业技术学院", 2026, "单位预算", "上海市", None),
    # lines 1-2 "2026 年深圳市卫生健康委员会（本级）" / "部门预算"
    ("shenzhen_weijian_2026_budget", "深圳市卫生健康委员会", 2026, "部门预算", "深圳市", "本级"),
    # line 1 "2026 年度无锡市教育局部门预算公开", and the running header on every page (line 27)
    ("wuxi_jiaoyu_2026_budget", "无锡市教育局", 2026, "部门预算", "无锡市", None),
    # lines 1-2 "西安市卫生健康委员会（汇总）" / "2022年度部门决算": a 决算, never a 预算
    ("xian_weijian_2022_final", "西安市卫生健康委员会", 2022, "部门决算", "西安市", "汇总"),
    # line 1 "2026年烟台市民政局部门预算"
    ("yantai_minzheng_2026_budget", "烟台市民政局", 2026, "部门预算", "烟台市", None),
]


def dev_lines(stem: str) -> list[str]:
    return (DEV_TXT / f"{stem}.txt").read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("stem,agency,year,kind,region,note", EXPECTED)
def test_dev_document_meta(stem, agency, year, kind, region, note):
    meta = parse_file(DEV_TXT / f"{stem}.txt").meta
    assert (meta.agency, meta.year, meta.kind, meta.region, meta.note) == (agency, year, kind, region, note)
    assert meta.agency in meta.aliases
    assert meta.warnings == []


@pytest.mark.slow  # reads every dev PDF (about 45 s in all)
@pytest.mark.parametrize("stem,agency,year,kind,region,note", EXPECTED)
def test_dev_pdf_meta_is_what_its_cover_prints(stem, agency, year, kind, region, note):
    from indexer.metadata import read_meta
    from indexer.reader import read_file

    meta = read_meta(stem, read_file(DEV_PDF / f"{stem}.pdf"))
    assert (meta.agency, meta.year, meta.kind, meta.region, meta.note) == (agency, year, kind, region, note)
    assert meta.pages and meta.pages > 10


def test_every_dev_document_is_listed():
    assert sorted(p.stem for p in DEV_TXT.glob("*.txt")) == sorted(e[0] for e in EXPECTED)


def test_label_without_colon_in_a_table_cell():
    lines = dev_lines("beijing_yibao_2026_budget")
    assert lines[1105] == "部门名称 北京市医疗保障局"  # line 1106
    assert detect_agency([lines[1105]]) == "北京市医疗保障局"
    assert detect_year(lines[1104:1106]) == 2026  # line 1105 "（2026年度）"


def test_label_followed_by_the_unit_on_the_same_line():
    # jiangsu line 159 "部门名称：江苏省高级人民法院 元" (the 万 of 单位：万元 is on the line above)
    lines = dev_lines("jiangsu_fayuan_2019_budget")
    assert detect_agency(lines[157:159]) == "江苏省高级人民法院"
    # changsha line 138 "单位名称：长沙职业教育基地综合协调办公室 单位：万元"
    assert detect_agency([dev_lines("changsha_zhijiao_2026_budget")[137]]) == "长沙职业教育基地综合协调办公室"


def test_year_first_cover_over_three_lines():
    lines = dev_lines("fuzhou_xuntejing_2026_budget")[:3]  # "2026 年度" / "福州市公安局巡特警支队" / "单位预算"
    assert (detect_agency(lines), detect_year(lines), detect_kind(lines)) == ("福州市公安局巡特警支队", 2026, "单位预算")


def test_running_page_header_names_the_agency():
    # wuxi lines 20-60: no cover, but the page header "无锡市教育局2026年度部门预算公开" (lines 27, 52)
    lines = dev_lines("wuxi_jiaoyu_2026_budget")[19:60]
    assert detect_agency(lines) == "无锡市教育局"
    assert detect_year(lines) == 2026


def test_compared_year_in_the_body_is_not_the_documents_year():
    lines = dev_lines("shanghai_jiaotongzhiyuan_2026_budget")
    body = [lines[52], lines[54]]  # lines 53, 55: "…比2025年预算增加1,500万元…"
    assert detect_year(body) is None
    assert detect_year([lines[0], *body]) == 2026  # line 1 "上海市2026年市级单位预算"

"""Agencies named the way people shorten Chinese names, and rankings that rank agencies only when
the question asks which agency (qa_app.understanding.Catalog.abbreviated, service routing)."""
from __future__ import annotations

import pytest

from indexer.models import DocumentMeta
from qa_app.catalog import Catalog
from qa_app.understanding import understand


def _meta(doc: str, agency: str, region: str | None = None) -> DocumentMeta:
    return DocumentMeta(doc=doc, agency=agency, aliases=[agency], region=region, year=2026, kind="部门预算",
                        encoding="utf-8", content_hash=doc)


CATALOG = Catalog([
    _meta("school", "某海交通职业技术学院"),
    _meta("base", "某沙职业教育基地综合协调办公室"),
    _meta("police", "某州市公安局巡特警支队", "某州市"),
    _meta("health", "某京市医疗保障局", "某京市"),
    _meta("commission", "某圳市卫生健康委员会", "某圳市"),
])


@pytest.mark.parametrize("question, doc, item", [
    ("某海交职院三公经费是多少？", "school", "三公经费"),   # characters in order from the name's start
    ("某沙职教基地办公费是多少？", "base", "办公费"),       # the kind word 办公室 is not half-said: 办 is the item's
    ("巡特警支队警务辅助人员经费是多少？", "police", "警务辅助人员经费"),  # the name's end
    ("2026年某海交职院的办公费", "school", "办公费"),
    # the kind word half-said (委…会 of 委员会) is not the name's end: 会 starts the item 会议费
    # (dev_corpus shenzhen_weijian_2026_budget: «卫健委会议费里项目支出»)
    ("某圳卫健委会议费里项目支出是多少？", "commission", "会议费"),
])
def test_a_shortened_name_names_its_agency_and_is_cut_from_the_item(question, doc, item):
    q = understand(question, CATALOG)
    assert q.docs == [doc] and item in q.item_text and "职院" not in q.item_text


@pytest.mark.parametrize("question", [
    "医疗保障支出是多少？",        # inside the name, neither its start nor its end: an item word
    "某京市基本支出是多少？",      # a place name alone is no agency
])
def test_words_inside_a_name_or_a_place_alone_name_no_agency(question):
    assert understand(question, CATALOG).docs == []


def test_a_full_agency_phrase_outranks_a_shortening_of_another():
    q = understand("某州市海港区公安局2026年基本支出多少？", CATALOG)
    assert q.docs == [] and q.unknown_agency


def test_named_items_ranked_without_an_agency_are_not_ranked_across_agencies(tmp_path):
    # 办公费 is printed by both: "which is largest" of two items is a question about one document
    from tests.conftest import items_only_service
    table = "{a}2024年部门预算公开\n\n基本支出表\n单位：万元\n科目编码\t科目名称\t合计\n30201\t办公费\t{x}\n30211\t差旅费\t{y}\n"
    service = items_only_service(tmp_path, {"a_2024_budget.txt": table.format(a="某县甲局", x="5.00", y="3.00"),
                                            "b_2024_budget.txt": table.format(a="某县乙局", x="9.00", y="1.00")})
    a = service.ask("办公费和差旅费哪个最多？")
    assert a.value is None and "请指明" in a.text and "最多的是" not in a.text
    across = service.ask("哪家单位的办公费最多？")
    assert across.value == 9 and "某县乙局" in across.text


def test_an_agency_name_followed_by_an_item_keeps_the_item():
    # «某京市医疗保障局综合医院…»: the phrase ends in a body word (医院) but is the agency and an item
    q = understand("某京市医疗保障局综合医院基本支出是多少？", CATALOG)
    assert q.docs == ["health"] and "综合医院" in q.item_text


@pytest.mark.parametrize("question, intent", [
    # dev_corpus/txt/jiangsu_fayuan_2019_budget.txt lines 714-717: «七、单位预留机动经费 指预算单位年初预留…»
    ("某海交职院的预留机动经费指的是什么钱？", "definition"),
    ("某海交职院的机关运行经费是啥经费？", "definition"),
    ("某海交职院的机关运行经费是多少钱？", "lookup"),
    # dev_corpus/txt/xian_weijian_2022_final.txt: «政府性基金…主要用于…新院区建设»: where the money goes is a passage
    ("某海交职院政府性基金的钱主要花在哪？", "description"),
    ("某海交职院的项目资金用于什么？", "description"),
    # dev_corpus/txt/beijing_yibao_2026_budget.txt 预算01表: 教育支出 ÷ 卫生健康支出, asked «A是B的百分之几»
    ("某海交职院教育支出是卫生健康支出的百分之几？", "ratio"),
    ("某海交职院项目支出相当于基本支出的百分之几？", "ratio"),
    ("某海交职院教育支出是多少？", "lookup"),
    # dev_corpus/txt/xian_weijian_2022_final.txt 支出决算表 rows 2100407 其他专业公共卫生机构 / 2100409 重大公共卫生服务:
    # 比 before a name beginning with 重 is a difference, 比重 after 的/占 or before 是/为/多少 a share
    ("某海交职院其他专业公共卫生机构比重大公共卫生服务多多少？", "difference"),
    ("某海交职院项目支出占支出总计的比重是多少？", "ratio"),
    ("某海交职院项目支出占支出总计比重多少？", "ratio"),
    ("某海交职院项目支出在支出总计中的比重？", "ratio"),
])
def test_what_a_term_means_is_asked_in_several_ways(question, intent):
    assert understand(question, CATALOG).intent.value == intent


def test_a_member_unit_named_with_the_region_is_an_item_not_the_agency():
    # dev_corpus/txt/hangzhou_qixiang_2026_budget.txt line 501: the 三公 table's row 杭州市气象服务中心（…）; the unit
    # shares only the region with the department (某州市 of 某州市气象局) and is a 中心, not a 局
    meta = DocumentMeta(doc="weather", agency="某州市气象局", aliases=["某州市气象局", "某州气象局", "某州市", "某州"],
                        region="某州市", year=2026, kind="部门预算", encoding="utf-8", content_hash="w")
    q = understand("某州气象局2026年某州市气象服务中心的公务接待费有多少万元？", Catalog([meta]))
    assert q.docs == ["weather"] and "某州市气象服务中心" in q.item_raw, q.item_raw
    # a misspelt name of the same kind is still the agency's mention
    same = understand("某州市气象管理局的公务接待费有多少万元？", Catalog([meta]))
    assert "气象" not in same.item_raw, same.item_raw


def test_real_member_unit_row_of_a_sangong_table(tmp_path):
    # dev_corpus/txt/hangzhou_qixiang_2026_budget.txt lines 498-502: 合计 24.02 … 6.02 (line 498); the unit's row
    # «杭州市气象服务中心（杭州市预警 / 10.89 10.80 10.80 0.09 / 信息发布中心）» (line 501): its 公务接待费 is 0.09,
    # never the department's 合计 6.02
    from decimal import Decimal

    from tests.conftest import DEV_TXT, items_only_service
    path = DEV_TXT / "hangzhou_qixiang_2026_budget.txt"
    if not path.is_file():
        pytest.skip("dev corpus not available (export BUDGETQA_DEV_CORPUS)")
    service = items_only_service(tmp_path, {path.name: path.read_text(encoding="utf-8")})
    a = service.ask("杭州气象局2026年杭州市气象服务中心（杭州市预警信息发布中心）的公务接待费有多少万元？")
    assert a.value == Decimal("0.09") and [c.line_start for c in a.citations] == [501], a.text

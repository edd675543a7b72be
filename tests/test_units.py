"""Member units of a department (所属单位 printed as rows of its tables): a question naming one is
answered from the department's disclosure, with the unit's own rows only (qa_app.units)."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from indexer.models import DocumentMeta
from qa_app.units import member_units, owner

DEPT = DocumentMeta(doc="dept", agency="某州市统计局", aliases=["某州市统计局"], region="某州市", year=2026,
                    kind="部门预算", encoding="utf-8", content_hash="x")


def _rows(*names: str) -> pd.DataFrame:
    return pd.DataFrame({"doc": ["dept"] * len(names), "row_name": list(names)})


def test_member_units_are_the_regions_rows_of_a_unit_kind():
    # dev_corpus/txt/guangzhou_tongji_2026_budget.txt line 141: «广州市统计普查中心 1,373.74 …» in the 收入总体情况表;
    # a 局 row (the 主管部门) and a classification row (传染病医院) are no member units
    units = member_units(_rows("某州市统计局", "某州市统计普查中心", "某州市统计监测中心（某州市统计发展中心）",
                               "某州市教育局", "传染病医院"), [DEPT])
    assert units == {"dept": ["某州市统计普查中心", "某州市统计监测中心"]}


def test_a_unit_is_named_with_its_characters_in_order_and_its_kind():
    units = {"dept": ["某州市统计普查中心", "某州市统计监测中心"]}
    assert owner("某州统计普查中心", units) == ("dept", "某州市统计普查中心")
    assert owner("统计监测中心", units) == ("dept", "某州市统计监测中心")
    assert owner("某州市统计中心", units) is None  # both fit: no one unit
    assert owner("某州市统计普查局", units) is None  # another kind of body


MEMBERS = """某州市统计局2026年部门预算公开

一、部门基本情况
本部门下属2个单位，分别是：某州市统计普查中心、某州市统计监测中心。

二、收入总体情况表
单位：万元
单位名称\t合计\t一般公共预算
某州市统计局\t300.00\t300.00
某州市统计普查中心\t120.00\t120.00
某州市统计监测中心\t80.00\t80.00

三、基本支出表
单位：万元
科目编码\t科目名称\t合计
30211\t差旅费\t9.00
"""


def test_a_member_unit_is_answered_from_its_departments_rows_only(tmp_path):
    from tests.conftest import items_only_service
    service = items_only_service(tmp_path, {"dept_2026_budget.txt": MEMBERS})
    got = service.ask("某州统计普查中心的收入是多少？")
    assert got.value == Decimal("120.00") and got.citations[0].line_start == 10 and "所属单位" in got.text, got.text
    # the department's 差旅费 is not the unit's
    assert service.ask("某州统计普查中心的差旅费是多少？").value is None


def _doc(doc: str, agency: str, *aliases: str) -> DocumentMeta:
    return DocumentMeta(doc=doc, agency=agency, aliases=[agency, *aliases], region=None, year=2026, kind="部门预算",
                        encoding="utf-8", content_hash=doc)


def test_a_counted_group_of_agencies_is_narrowed_by_its_word_and_its_count_said():
    # tests/data/dev_questions.jsonl q174 «这五家医保单位里谁的预算收入总计最大» asked of an index with a sixth 医保局
    from qa_app.groups import grouped
    docs = [_doc("a", "某区医疗保障局", "某区医保局"), _doc("b", "某县医疗保险中心", "某县医保中心"),
            _doc("c", "某市统计局")]
    group, n = grouped("这两家医保单位里谁的办公费最多", docs)
    assert [d.doc for d in group] == ["a", "b"] and n == 2
    group, n = grouped("三家单位中哪家的办公费最多", docs)
    assert len(group) == 3 and n == 3
    assert grouped("哪家单位的办公费最多", docs) == (docs, None)


def test_a_ranking_across_a_group_whose_count_is_not_the_indexed_count_asks_which(tmp_path):
    from tests.conftest import items_only_service
    table = "{a}2024年部门预算公开\n\n基本支出表\n单位：万元\n科目编码\t科目名称\t合计\n30201\t办公费\t{x}\n"
    service = items_only_service(tmp_path, {f"{k}_2024_budget.txt": table.format(a=a, x=x) for k, a, x in
                                            [("a", "某县甲局", "5.00"), ("b", "某县乙局", "9.00"), ("c", "某县丙局", "7.00")]})
    assert service.ask("这两家单位中哪家的办公费最多？").value is None
    three = service.ask("这三家单位中哪家的办公费最多？")
    assert three.value == Decimal("9.00") and three.citations[0].line_start == 6, three.text

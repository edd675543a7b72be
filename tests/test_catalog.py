"""Agency resolution against a large catalogue: the five real agencies among 1,000 look-alikes.

The look-alikes are made exactly as the scale benchmark's synthetic disclosures are (bench.synth:
the same agency in another city and district), so every one differs from a real agency only in
its place names. Resolving a question must still find the one document it names, and only it.
"""
from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest

from bench.synth import BASES, district_names, rename
from core.config import ROOT
from indexer.models import DocumentMeta
from qa_app.catalog import Catalog
from qa_app.understanding import understand

DEV = ROOT / "tests" / "data" / "dev_questions.jsonl"


@pytest.fixture(scope="module")
def real(parsed) -> list[DocumentMeta]:
    return [d.meta for d in parsed.values()]


@pytest.fixture(scope="module")
def lookalikes(real) -> list[DocumentMeta]:
    rng = random.Random(3)
    out = []
    for i, district in enumerate(district_names(1000, seed=3)):
        base = real[i % len(real)]
        city = rng.choice("临江海昌庆丰") + rng.choice("州阳安源")
        renamed = [rename(a, base.doc, city, district) for a in [base.agency, *base.aliases]]
        out.append(replace(base, doc=f"lookalike{i:04d}", agency=renamed[0], aliases=renamed[1:],
                           region=rename(base.region or "", base.doc, city, district)))
    return out


def test_lookalikes_differ_from_the_real_agencies_only_in_place_names(real, lookalikes):
    assert {d.doc for d in real} == set(BASES)
    assert len({d.agency for d in lookalikes}) == 1000
    assert not {d.agency for d in real} & {d.agency for d in lookalikes}


def test_every_dev_question_resolves_to_the_same_documents_among_1000_lookalikes(real, lookalikes):
    small, large = Catalog(real), Catalog(real + lookalikes)
    questions = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    named = 0
    for q in questions:
        alone, among = understand(q["question"], small), understand(q["question"], large)
        assert (among.docs, among.agency_named, among.unknown_agency) == (alone.docs, alone.agency_named, alone.unknown_agency), q["id"]
        assert among.item_text == alone.item_text, q["id"]
        named += bool(alone.docs)
    assert named >= 150  # most dev questions name their agency: the comparison is not vacuous


def test_a_lookalike_is_found_by_its_own_name_and_its_ocr_drifted_short_name(real, lookalikes):
    large = Catalog(real + lookalikes)
    yongqiao_like = next(d for d in lookalikes if d.doc.endswith("3") and "征缴" in d.agency)
    q = understand(f"{yongqiao_like.agency}2023年一般公共预算支出是多少？", large)
    assert q.docs == [yongqiao_like.doc]
    district = next(core for core in district_names(1000, seed=3) if core in yongqiao_like.agency)
    # the shortened form the dev set uses for the real agency (埇桥医保征缴中心), with this district
    q = understand(f"{district}医保征缴中心主要干什么", large)
    assert q.docs == [yongqiao_like.doc]

"""A department's member units (所属单位: 某市某某中心 listed as rows of its tables): a question that
names one is about the department's disclosure, where that unit's own rows answer it."""
from __future__ import annotations

import re

import pandas as pd

from core import lexicon
from indexer.models import DocumentMeta
from qa_app.catalog import body_kind
from qa_app.text import norm

# the kinds of body a department's member units are (中心, 医院, 学校 …); a 局 or 委员会 named in a
# table is a department of its own (the 主管部门 line), never a member unit
_MEMBER_KINDS = tuple(k for k in lexicon.SPOKEN_AGENCY_KINDS if k not in ("局", "委员会", "办公室"))


def member_units(items: pd.DataFrame, docs: list[DocumentMeta]) -> dict[str, list[str]]:
    """doc -> the member units its tables print as rows: named with the department's region first and
    ending in a unit kind (a scope note in brackets after the name is not part of it)."""
    out: dict[str, list[str]] = {}
    for d in docs:
        if not d.region:
            continue
        for name in items.loc[items["doc"] == d.doc, "row_name"].dropna().unique():
            base = re.split(r"[（(]", name)[0]
            if base.startswith(d.region) and base.endswith(_MEMBER_KINDS) and len(base) > len(d.region) + 2 \
                    and base != d.agency and base not in out.get(d.doc, []):
                out.setdefault(d.doc, []).append(base)
    return out


def _in_order(phrase: str, name: str) -> bool:
    at = 0
    for ch in phrase:
        at = name.find(ch, at) + 1
        if not at:
            return False
    return True


def owner(phrase: str, units: dict[str, list[str]]) -> tuple[str, str] | None:
    """(document, unit) when the phrase names exactly one member unit: its characters in order in the
    unit's name (某州统计普查中心 for 某州市统计普查中心), the same kind of body, and the unit's own words."""
    key = norm(phrase)
    hits = {(doc, u) for doc, names in units.items() for u in names
            if _in_order(key, u) and body_kind(key) == body_kind(u)
            and (len(key) >= len(u) - 2 or (u.endswith(key) and len(key) >= 4))}
    return hits.pop() if len(hits) == 1 else None

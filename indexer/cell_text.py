"""The text of one printed cell: markup and placeholders dropped, whitespace squeezed out, and the few
things a single line says on its own (a declared unit, a meta line, a 科目编码). Below every table
reader (tab, pipe, fixed-width, one cell per line, PDF layout) so none of them imports another."""
from __future__ import annotations

import re

from indexer.numbers import normalise_text

_MARKUP = re.compile(r"</?b>|\*\*|<[^>]+>|^#+\s*|^[-*]\s+")
_LEADER_DOTS = re.compile(r"^(?:\.{3,}|…+|·{3,})$")
_UNIT_DECLARED = re.compile(r"(?:单位|部门|金额单位|计量单位)?\s*[:：]\s*(万元|元)\s*$")
_UNIT_IN_TEXT = re.compile(r"[（(]\s*(?:金额单位[:：]\s*)?(万元|元)\s*[)）]|单位\s*[:：]\s*(万元|元)")
_META = re.compile(
    r"^(?:单位名称|编制单位|编制部门|部门名称|部门/单位|部门（单位）|单位|部门|金额单位|预算年度|截止时间)\s*[:：]"
    r"|^(?:附)?表\s*[\dA-Za-z一二三四五六七八九十]+(?:\s*[-－]\s*\d+)?$"
    r"|^[\u4e00-\u9fff]{1,4}\d{1,2}表$"
    r"|^预算公开表\s*\d+$|^[（(]\s*\d{4}\s*年度?\s*[)）]$"
)


def clean_text(text: str) -> str:
    t = _MARKUP.sub("", normalise_text(text)).strip()
    return "" if _LEADER_DOTS.match(t) else t  # a cell of dots is a placeholder, not content


def squeeze(text: str) -> str:
    """Drop all whitespace: PDF extraction wraps Chinese labels mid-word (社会保障和就 业支出)."""
    return re.sub(r"\s+", "", clean_text(text))


def is_meta(text: str) -> bool:
    return bool(_META.search(squeeze(text)))


def declared_unit(text: str) -> str | None:
    t = squeeze(text)
    m = _UNIT_DECLARED.search(t) if len(t) <= 40 else None
    if m and (":" in t or "：" in t):
        return m.group(1)
    m = _UNIT_IN_TEXT.search(t)
    return (m.group(1) or m.group(2)) if m else None


_CODE = re.compile(r"^(?:\d{3,7}|[0-9A-Z]{10,})$")


def is_code(text: str) -> bool:
    return bool(_CODE.match(squeeze(text)))

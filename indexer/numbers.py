"""Amounts as printed in disclosures -> exact Decimals.

PDF text extraction mangles numbers in a few recurring ways: OCR spacing inside a figure
(`54. 07`, `1, 234.00`), full-width digits, a stray digit bleeding in from a neighbouring
cell (`7 1.17`), units glued to the figure (`6919827元`, `136.38万元`). Everything here is
exact: no float ever touches an amount.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－％：", "0123456789.,-%:")
_EMPTY = {"", "-", "--", "—", "——", "/", "－", "…", "...", "——"}
# A space next to a separator is OCR spacing inside one figure; a space between two digits is not.
_SPACE_AT_SEPARATOR = re.compile(r"(?<=[\d.,])\s+(?=[.,])|(?<=[.,])\s+(?=\d)")
_NUMBER = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_SUFFIX = re.compile(r"^(?P<num>[-−]?[\d,]+(?:\.\d+)?)\s*(?P<unit>万元|元|%)$")
_STRAY_DIGIT = re.compile(r"^\d\s+(?P<num>[-−]?\d+\.\d{2})$")

UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000)}
# An amount written in a sentence ("支出54. 07万元", "1，234元"): the figure (OCR spacing after the
# point, ASCII or full-width thousands commas) and its unit. One pattern for every reader of prose.
# A table figure as extraction prints it when it runs into a label: a decimal point or thousands
# commas make it a figure ("2026年" is a year and one word).
FIGURE = r"[-−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)"
# The numbering a row label or list item opens with (一、 （二） 3. 3、): a label that starts one is
# a new row or item, not the rest of the label before it.
LIST_NUMBER = r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[、.．](?!\d)"
PROSE_FIGURE = r"(?P<num>\d[\d,，]*(?:\.\s?\d+)?)"
PROSE_AMOUNT = PROSE_FIGURE + r"\s*(?P<unit>万元|元)"


@dataclass(frozen=True)
class Amount:
    text: str  # cleaned figure, e.g. "54.07"
    value: Decimal
    unit: str | None  # a unit printed inside the cell itself, else None
    note: str = ""  # how the printed text was repaired, if it was


def normalise_text(text: str) -> str:
    return text.translate(_FULLWIDTH).replace("\u3000", " ").strip()


def is_empty_cell(text: str) -> bool:
    return normalise_text(text) in _EMPTY


def parse_amount(text: str) -> Amount | None:
    """The figure in one table cell, or None when the cell is not a plain number."""
    raw = normalise_text(text)
    if raw in _EMPTY:
        return None
    unit = None
    note = ""
    m = _SUFFIX.match(raw)
    if m:
        raw, unit = m.group("num"), m.group("unit")
    cleaned = _SPACE_AT_SEPARATOR.sub("", raw)
    if cleaned != raw:
        note = "ocr spacing removed"
    if " " in cleaned:
        stray = _STRAY_DIGIT.match(cleaned)
        if not stray:
            return None
        cleaned, note = stray.group("num"), "stray digit dropped"
    cleaned = cleaned.replace("−", "-")
    if not _NUMBER.match(cleaned):
        return None
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        return None
    return Amount(text=cleaned, value=value, unit=unit, note=note)


def to_yuan(value: Decimal, unit: str | None) -> Decimal | None:
    factor = UNIT_FACTORS.get(unit or "")
    return None if factor is None else value * factor


def from_yuan(value_yuan: Decimal, unit: str) -> Decimal:
    return value_yuan / UNIT_FACTORS[unit]


def format_amount(value: Decimal, places: int = 2) -> str:
    """Thousands separators and fixed places: how auditors read figures."""
    q = Decimal(1).scaleb(-places)
    return f"{value.quantize(q):,}"

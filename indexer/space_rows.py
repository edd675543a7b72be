"""Space-separated table lines -> tokens and segments.

PDF text extraction (pdfplumber's default extract_text) prints a table row as one line with cells
separated by single spaces: empty cells vanish, a figure may run into the next column's label
(`37,891.58一、一般公共服务支出`) and a 科目编码 is printed split (`212 01 04`), glued
(`2120803城市建设支出`), bracketed (`[2010501]行政运行`) or hyphenated (`2101501-行政运行`).
This module reads one such line into typed tokens and groups them into segments (a code and label
owning the figures after it); which column each figure belongs to is decided per table, later.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.numbers import FIGURE, LIST_NUMBER, normalise_text, parse_amount

_PLAIN_NUMBER = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_PERCENT = re.compile(r"^[-−]?\d+(?:\.\d+)?[%％]$")  # a rate (执行率 97.74%) is a cell of its own
# A figure that ran into the next column's label: that label opens with Chinese or a bracket (a rate 100.00% or a
# model name 1.5TMRI is one word, not a figure and a label).
_GLUED_FIGURE = re.compile(rf"^({FIGURE})(?=[\u4e00-\u9fff（(【\[])(.+)$")
# A code in brackets or followed by a hyphen, then its label; a bare code glued to its label.
_MARKED_CODE = re.compile(r"^[\[【]\s*(\d{3,7})\s*[\]】]\s*[-－]?(.+)$|^(\d{3,7})[-－](\D.*)$")
_GLUED_CODE = re.compile(r"^(\d{5}|\d{7})([\u4e00-\u9fff].*)$")
_NUMBERED = re.compile(rf"^(?:{LIST_NUMBER}|[（(]\d{{1,2}}[)）])")
_SENTENCE = re.compile(r"[，。；！？,;!?]|[:：].")
# `其中：基本支出`, `其中：（一）因公出国（境）支出`: a sub-item heading or row label, not a sentence
_SUB_ITEM = re.compile(r"其中[:：]")
# A unit printed after a figure (`4.76 万、…`) belongs to a sentence: table cells carry no unit.
_UNIT_AFTER_FIGURE = re.compile(r"^(?:亿元|万元|万|元)(?:[、)）]|$)")


@dataclass
class Token:
    kind: str  # "fig" (has a point or separators) | "int" | "code" | "label" | "star" (** marker)
    text: str


@dataclass
class Segment:
    """A code and label and the figures printed after them, within one line."""

    code: str | None = None  # full digits when printed whole or split (205 03 99)
    sub: str | None = None  # a lone 2-digit 款/项 code whose 类 is printed on an earlier row
    label: str = ""
    extra: list[str] = field(default_factory=list)  # secondary classifications (经济分类 beside 功能分类)
    rownum: int | None = None  # 行次 of a 决算 table
    figs: list[str] = field(default_factory=list)


def _number_kind(text: str) -> str | None:
    if _PERCENT.match(text):
        return "fig"
    if not _PLAIN_NUMBER.match(text) or parse_amount(text) is None:
        return None
    return "fig" if ("." in text or "," in text) else "int"


def _read_word(word: str, out: list[Token]) -> None:
    kind = _number_kind(word)
    if kind:
        out.append(Token(kind, word))
        return
    m = _GLUED_FIGURE.match(word)
    if m:
        out.append(Token("fig", m.group(1)))
        _read_word(m.group(2), out)
        return
    m = _MARKED_CODE.match(word) or _GLUED_CODE.match(word)
    if m:
        code, rest = [g for g in m.groups() if g is not None]
        out.append(Token("code", code))
        _read_word(rest, out)
        return
    # ** markers and dash placeholders (— for a cell that does not apply) hold no value: like a
    # dropped empty cell, they leave the row's figures to be placed by the table's identities
    if re.fullmatch(r"\*+|[—–\-－]+", word):
        out.append(Token("star", word))
        return
    out.append(Token("label", word))


def tokenize(line: str) -> list[Token]:
    """A line -> tokens. Adjacent label words are one label (PDF text breaks 合 计 and wraps names)
    unless the second opens a numbered item of its own (一、 / （二）)."""
    raw: list[Token] = []
    for word in normalise_text(line).split():
        _read_word(word, raw)
    out: list[Token] = []
    for tok in raw:
        if tok.kind == "label" and out and out[-1].kind == "label" and not _NUMBERED.match(tok.text):
            out[-1] = Token("label", out[-1].text + tok.text)
        else:
            out.append(tok)
    out = _join_split_codes(out)
    # a code whose label wrapped onto the lines around it: `2080505 482.19 …`
    if len(out) > 1 and out[0].kind == "int" and len(out[0].text) in (3, 5, 7) and out[1].kind == "fig":
        out[0] = Token("code", out[0].text)
    return out


def _join_split_codes(tokens: list[Token]) -> list[Token]:
    """`205 03 99 其他职业教育支出` -> code 2050399: a 3-digit 类 then 2-digit parts before a label."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind in ("int", "code") and len(t.text) == 3 and t.text.isdigit():
            j, parts = i + 1, [t.text]
            while j < len(tokens) and len(parts) < 3 and tokens[j].kind == "int" and len(tokens[j].text) == 2:
                parts.append(tokens[j].text)
                j += 1
            if len(parts) > 1 and j < len(tokens) and tokens[j].kind == "label":
                out.append(Token("code", "".join(parts)))
                i = j
                continue
        out.append(t)
        i += 1
    return out


def line_kind(tokens: list[Token], text: str) -> str | None:
    """"data" (a label or code followed by figures, or figures alone), "index" (column numbers
    1 2 3 … under a header, 栏次 rows), "labels" (short labels only: a header line or a wrapped
    part of a label) or None (prose, titles with punctuation)."""
    if not tokens:
        return None
    kinds = [t.kind for t in tokens]
    labels = [t.text for t in tokens if t.kind == "label"]
    if any(_SENTENCE.search(_SUB_ITEM.sub("", x)) for x in labels) or any(
            _UNIT_AFTER_FIGURE.match(t.text) for prev, t in zip(tokens, tokens[1:]) if prev.kind in ("fig", "int")):
        return None
    ints = [int(t.text) for t in tokens if t.kind == "int"]
    if ints and all(k in ("int", "star") or (k == "label" and t.text in ("栏次", "行次")) for k, t in zip(kinds, tokens)):
        if ints[0] <= 1 and ints == list(range(ints[0], ints[0] + len(ints))) or kinds[0] == "label":
            return "index"
    # `30106 伙食补助费 30204 手续费 31005 基础设施建设`: side-by-side panels' rows printing no figure, not
    # prose or a title; like a label line it neither ends the table nor opens another
    pairs = list(zip(tokens[::2], tokens[1::2]))
    if len(pairs) >= 2 and len(tokens) % 2 == 0 and all(
            a.kind in ("int", "code") and len(a.text) in (3, 5, 7) and b.kind == "label" for a, b in pairs):
        return "labels"
    if "fig" in kinds or (kinds[-1] == "int" and "code" in kinds):
        return "data"
    if all(k == "label" for k in kinds) and all(len(w) <= 24 for w in normalise_text(text).split()):
        return "labels"
    return None


def segments(tokens: list[Token], rownums: bool) -> list[Segment]:
    """Tokens -> segments. A code or label after a figure opens the next segment (side-by-side
    panels), as does a numbered label after a label (the panel to its left printed no figure).
    With a 行次 column every whole number is a row number: it closes its segment's label."""
    out: list[Segment] = []
    seg = Segment()
    has_figure = False

    def new() -> Segment:
        nonlocal has_figure
        has_figure = False
        s = Segment()
        out.append(s)
        return s

    out.append(seg)
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "star":
            continue
        lead_int = tok.kind == "int" and nxt is not None and nxt.kind == "label" and not seg.label
        # `301 工资福利支出 501 机关工资福利支出 767.54`: a 类 code after a coded label, before any figure,
        # is a second classification printed beside the first, not a figure
        coded = (tok.kind == "int" and nxt is not None and nxt.kind == "label" and seg.code is not None
                 and bool(seg.label))
        # of another classification (3xx beside 5xx), printed before any figure
        second_code = coded and not has_figure and len(tok.text) in (3, len(seg.code)) and tok.text[0] != seg.code[0]
        if second_code:
            seg.extra.append(tok.text)
            continue
        if (rownums and tok.kind == "int" and len(tok.text) <= 3) or (lead_int and len(tok.text) == 1):
            if seg.rownum is not None or has_figure:
                seg = new()
            seg.rownum = int(tok.text)
            continue
        # `301 工资福利支出 92,835.98 302 商品和服务支出 …`: a code of the same classification after a coded
        # label opens the next panel (its own figure may be missing): never a figure
        if coded and len(tok.text) in (3, 5, 7) and tok.text[0] == seg.code[0]:
            seg = new()
            seg.code = tok.text
            continue
        if tok.kind in ("label", "code") or lead_int:
            numbered_after_label = tok.kind == "label" and seg.label and _NUMBERED.match(tok.text)
            if has_figure or numbered_after_label or (seg.rownum is not None and (seg.label or tok.kind == "label")):
                seg = new()
        if tok.kind == "code" or lead_int:
            if seg.label:  # a second classification printed beside the first
                seg.extra.append(tok.text)
            elif len(tok.text) == 2:
                seg.sub = tok.text
            elif seg.code is None:
                seg.code = tok.text
            continue
        if tok.kind == "label":
            if seg.label:
                seg.extra.append(tok.text)
            else:
                seg.label = tok.text
            continue
        seg.figs.append(tok.text)
        has_figure = True
    return [s for s in out if s.label or s.code or s.sub or s.figs or s.rownum is not None]

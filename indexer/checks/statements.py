"""Sentences of the 说明 that state a change or a share, read once for the prose and direction
checks: "A万元，比上年增加X万元，增长Y%" and "A万元，占Y%". A sentence wrapped over lines is read
joined, each figure keeping its own source line."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from indexer.models import Document
from indexer.numbers import PROSE_FIGURE, UNIT_FACTORS, parse_amount

_NUM = PROSE_FIGURE.replace("?P<num>", "?:")
# between an amount and its change: no other figure and no sentence end, years allowed
_GAP = r"(?:[^。；;\d%％]|(?:19|20)\d{2}年?){0,24}?"
_AMOUNT = rf"(?P<a>{_NUM})\s*(?P<au>万元|元)"
_CHANGE = re.compile(
    _AMOUNT + rf"(?P<gap>{_GAP})(?P<dir>增加|减少|增长|下降)\s*(?P<x>{_NUM})\s*(?P<xu>万元|元)"
    rf"(?:[，,、]?\s*(?:同比)?(?P<pdir>增长|下降|减少|增加|提高|降低|增幅|降幅)(?:为|了)?\s*(?P<pct>{_NUM})\s*[%％])?")
_LEVEL = re.compile(_AMOUNT + rf"(?P<gap>{_GAP}(?:(?:增加|减少|增长|下降)\s*{_NUM}\s*(?:万元|元){_GAP})?)"
                    r"(?<!基本)(?P<level>持平|无增减)")
_SHARE = re.compile(_AMOUNT + r"[，,]?\s*占(?P<whole>[^\d%％。；;，,]{0,20}?)(?:的|比重|比例)?(?:为)?\s*"
                    rf"(?P<pct>-?{_NUM})\s*[%％]")
_RISE = ("增加", "增长", "提高", "增幅")


@dataclass(frozen=True)
class Figure:
    text: str  # as printed, spaces removed
    value: Decimal
    unit: str  # 万元 | 元 | %
    line: int
    # where the figure is printed: start and end in its passage's text (what a seeded error edits)
    span: tuple[int, int] = field(default=(-1, -1), compare=False)

    @property
    def yuan(self) -> Decimal:
        return self.value * UNIT_FACTORS.get(self.unit, Decimal(1))

    @property
    def step(self) -> Decimal:
        """One unit of the last printed digit, in the figure's own unit."""
        places = len(self.text.split(".")[1]) if "." in self.text else 0
        return Decimal(1).scaleb(-places)


@dataclass(frozen=True)
class Change:
    amount: Figure
    change: Figure
    rises: bool  # the amount's direction word says up
    percent: Figure | None
    percent_rises: bool | None
    words: str  # the direction words as printed, for messages
    prior: bool = False  # the amount is last year's ("上年支出总计 133.32 万元，同比减少…"), not this year's
    lead: Figure | None = None  # the sentence's opening amount, when a 其中 list stands between it and the change
    lead_prior: bool = False  # the opening amount is last year's (its own clause says so, not the change's)
    word: tuple[int, int] = (-1, -1)  # the amount's direction word, in the passage's text
    rate: tuple[int, int] | None = None  # the whole rate clause (增长Y%), when there is one


@dataclass(frozen=True)
class Level:
    amount: Figure
    word: str
    change: Figure | None  # a change amount stated in the same clause


@dataclass(frozen=True)
class Share:
    amount: Figure
    whole_name: str
    whole: Figure | None  # the amount the share is of, when the text states it
    percent: Figure


@dataclass
class Passage:
    """A section's text joined into one string, with each character's source line."""

    text: str
    lines: list[int]
    section: int = -1  # its section's index in the document

    def figure(self, m: re.Match, group: str, unit: str) -> Figure | None:
        return self.figure_at(m, group, unit, 0)

    def figure_at(self, m: re.Match, group: str, unit: str, offset: int) -> Figure | None:
        """The figure of a match made on the text from `offset` on."""
        raw = re.sub(r"\s", "", m.group(group)).replace("，", ",")
        a = parse_amount(raw)
        start = offset + m.start(group)
        return None if a is None else Figure(a.text, a.value, unit, self.lines[start], (start, offset + m.end(group)))


def passages(doc: Document) -> Iterator[Passage]:
    for index, section in enumerate(doc.sections):
        if section.role == "toc":
            continue
        parts = section.text.split("\n")
        text, lines = "", []
        for offset, part in enumerate(parts):
            line = section.text_lines[offset] if offset < len(section.text_lines) else section.line_start
            text += part
            lines += [line] * len(part)
        yield Passage(text, lines, index)


def changes(p: Passage) -> Iterator[Change]:
    for m in _CHANGE.finditer(p.text):
        amount, change = p.figure(m, "a", m.group("au")), p.figure(m, "x", m.group("xu"))
        if amount is None or change is None:
            continue
        percent = p.figure(m, "pct", "%") if m.group("pct") else None
        pdir = m.group("pdir")
        lead = _list_lead(p, m.start())
        yield Change(amount, change, m.group("dir") in _RISE, percent, None if pdir is None else pdir in _RISE,
                     m.group("dir") + ("…" + pdir if pdir else ""), prior=_is_prior(p, m.start()), lead=lead,
                     lead_prior=lead is not None and _is_prior(p, lead.span[0]), word=m.span("dir"),
                     rate=(m.start("pdir"), m.end()) if pdir else None)


# last year's figure; 上年结转/结余 is this year's money brought forward, not last year's figure
_PRIOR = r"上年(?!结转|结余)|去年|上一年"


def _is_prior(p: Passage, start: int) -> bool:
    """True when the amount printed at `start` is last year's: its own clause says so, or it
    stands in a parenthesis about last year."""
    clause = re.split(r"[。；;，,（(]", p.text[max(0, start - 16):start])[-1]
    return bool(re.search(_PRIOR, clause)) or _in_prior_parenthesis(p.text[:start])


def _list_lead(p: Passage, start: int) -> Figure | None:
    """"收入总计A万元，其中：本年收入B万元，上年结转C万元，比上年增加X万元": the change after a 其中
    list may be the opening amount's, not the last listed one's. The opening amount, if any."""
    sentence_start = max(p.text.rfind(c, 0, start) for c in "。；;") + 1
    opening = p.text.find("其中", sentence_start, start)
    if opening < 0:
        return None
    lead = list(re.finditer(_AMOUNT, p.text[sentence_start:opening]))
    if not lead:
        return None
    m = lead[-1]
    return p.figure_at(m, "a", m.group("au"), sentence_start)


def _in_prior_parenthesis(before: str) -> bool:
    """A figure inside a parenthesis that opens with last year ("（上年财政拨款收入76.82万元，…，收入总计
    133.32万元，比上年减少…）") is last year's, however many clauses stand between."""
    opened = max(before.rfind("("), before.rfind("（"))
    return opened > max(before.rfind(")"), before.rfind("）")) and bool(re.match(r"[（(]\s*(?:" + _PRIOR + ")",
                                                                                   before[opened:]))


def levels(p: Passage) -> Iterator[Level]:
    for m in _LEVEL.finditer(p.text):
        amount = p.figure(m, "a", m.group("au"))
        if amount is None:
            continue
        stated = re.search(rf"(?:增加|减少|增长|下降)\s*(?P<x>{_NUM})\s*(?P<xu>万元|元)", m.group("gap"))
        change = None
        if stated:
            a = parse_amount(re.sub(r"\s", "", stated.group("x")))
            start = m.start("gap") + stated.start("x")
            change = a and Figure(a.text, a.value, stated.group("xu"), p.lines[start],
                                  (start, m.start("gap") + stated.end("x")))
        yield Level(amount, m.group("level"), change)


def _whole_before(p: Passage, start: int, name: str) -> Figure | None:
    """The amount a share is of: the named whole's amount stated earlier in the passage, or else
    the amount just before the 其中 that opens the list the share is in."""
    before = p.text[:start]
    if name:
        key = re.escape(name).replace("“", "[“\"]?").replace("”", "[”\"]?")
        hits = list(re.finditer(key + rf"[^\d。；;]{{0,10}}?(?P<a>{_NUM})\s*(?P<au>万元|元)", before))
        return p.figure(hits[-1], "a", hits[-1].group("au")) if hits else None
    opening = before.rfind("其中")
    if opening < 0:
        return None
    lead = list(re.finditer(_AMOUNT + r"[^\d。]{0,6}$", before[:opening]))
    return p.figure(lead[-1], "a", lead[-1].group("au")) if lead else None


def shares(p: Passage) -> Iterator[Share]:
    for m in _SHARE.finditer(p.text):
        amount, percent = p.figure(m, "a", m.group("au")), p.figure(m, "pct", "%")
        if amount is None or percent is None:
            continue
        name = re.sub(r"[“”\"]", "", m.group("whole")).strip()
        yield Share(amount, name, _whole_before(p, m.start(), m.group("whole").strip()), percent)

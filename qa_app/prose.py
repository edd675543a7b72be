"""Figures the narrative states where a table is silent: «<item>…N万元», «无<item>» (a stated
zero), counts («N辆»), and an item's change against last year («比上年增加 N万元，增长 P%»).
Every figure keeps the line it was read from; table lines are not narrative."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from core import lexicon
from indexer.numbers import PROSE_AMOUNT, PROSE_FIGURE, UNIT_FACTORS, parse_amount
from qa_app.paragraphs import Paragraph, paragraphs
from qa_app.reasons import reason_after_change, reason_in_paragraph, reason_stated_later
from qa_app.records import Fact
from qa_app.text import norm, tail_of_level_name


def _prose_fact(doc: str, name: str, text: str, unit: str | None, line: int) -> Fact:
    """A figure the narrative states; money units get their exact yuan value, counts none."""
    value = parse_amount(text).value
    return Fact(doc=doc, table=None, table_id=None, row_code=None, row_name=name, column=None, value_text=text,
                unit=unit, value_yuan=value * UNIT_FACTORS[unit] if unit in UNIT_FACTORS else None, line=line,
                kind="prose")


_CHANGE = re.compile(lexicon.CHANGE_WORDS)
_OTHER_ITEM = re.compile(r"费|补助|补贴")


def _is_narrative(text: str) -> bool:
    return "\t" not in text and not text.lstrip().startswith("|")


class SourceLines(list):
    """A document's (line number, text) pairs. Its narrative (non-table) lines, normalised for
    name matching, are worked out once: a question tries dozens of phrasings against them."""

    @functools.cached_property
    def narrative(self) -> list[tuple[int, str]]:
        return [(n, norm(text)) for n, text in self if _is_narrative(text)]

    @functools.cached_property
    def by_line(self) -> dict[int, str]:
        return dict(self)

    @functools.cached_property
    def paragraphs(self) -> list[Paragraph]:
        return paragraphs([(n, text) for n, text in self if _is_narrative(text)])


def _source_lines(lines: list[tuple[int, str]]) -> SourceLines:
    return lines if isinstance(lines, SourceLines) else SourceLines(lines)


def _narrative(lines: list[tuple[int, str]], name: str) -> list[tuple[int, str]]:
    """The narrative lines that name `name` (normalised): the only ones a pattern around it can match."""
    key = norm(name)
    narrative = _source_lines(lines).narrative
    return [(n, text) for n, text in narrative if key in text]


_FLOW = re.compile(lexicon.FLOW_WORDS)
_BOUND = re.compile(r"[≥≤＝=<>＞＜]")


def flow_asked(text: str) -> str | None:
    m = _FLOW.search(text)
    return m.group(0) if m else None


def _count_fits(text: str, at: int, number: int, flow: str | None) -> bool:
    """Whether a count stated (its wording from `at`, its figure at `number`) is the kind asked: a stock
    (共有车辆 5 辆) for a question without a flow word, the flow asked (购置车辆 1 辆, 人数新增 3 人) for
    one with it. The words just before the figure decide."""
    before = text[max(0, at - 8):number]
    said = _FLOW.search(before)
    return (said is None) if flow is None else (said is not None and flow in before)


# what may stand between a name and its figure without naming something longer (为, 预算, 支出, 共计 …)
_FIGURE_WORDS = re.compile("|".join(sorted(lexicon.FIGURE_WORDS, key=len, reverse=True)))


def prose_figure(lines: list[tuple[int, str]], doc: str, name: str, unit_hint: str | None = None,
                 counts: bool = False, fragment: bool = False, flow: str | None = None) -> Fact | None:
    """The figure the narrative states for an item: «<name>…<number>万元» within a few characters,
    skipping changes against last year; or «无<name>» (the document says there is none), which is
    a stated zero. With counts=True, «<name>…<number>人/名/辆/个» instead. Table lines are not
    narrative. A fragment (a piece of the question's wording, not an item name) takes no figure
    that another item's name stands in front of: in «退休人员医保费：N万元» N is the 医保费's."""
    # the narrative's paragraphs, joined back where the printed text broke a sentence over lines
    # («政府采购货物预算» at a line's end, «6.00 万元» on the next)
    naming = [p for p in _sources(lines) if norm(name) in p.text]
    if not naming:
        return None
    key = re.escape(norm(name)).replace(r"\(", r"[（(]").replace(r"\)", r"[)）]")
    unit_re = r"(?P<unit>" + lexicon.MEASURE + ")" if counts else r"(?P<unit>万元|元)"
    pattern = re.compile(key + r"(?P<gap>[^。；，,、\d（(及和]{0,4}?)" + PROSE_FIGURE + r"\s*" + unit_re)
    # a count is printed before what it counts as often as after (27个内设机构)
    leading = re.compile(PROSE_FIGURE + r"\s*" + unit_re + r"(?P<gap>[^。；，,、\d]{0,2}?)" + key) if counts else None
    none = re.compile(r"(?:无(?![\u4e00-\u9fff]{0,2}[市县区州])|没有)[^。；，,]{0,6}?" + key)  # not 无锡市…, 无为县…
    for par in naming:
        text = par.text
        for m in (leading.finditer(text) if leading else ()):
            if par.line_at(m.start("num")) != par.line_at(m.end() - 1):
                continue  # a count ending one printed line is no count of the name starting the next
            amount = parse_amount(m.group("num").replace("，", ","))
            if amount is not None and _count_fits(text, m.start(), m.start(), flow):
                return _prose_fact(doc, name, amount.text, m.group("unit"), par.line_at(m.start("num")))
        for m in pattern.finditer(text):
            if _CHANGE.search(m.group("gap")) or (fragment and _OTHER_ITEM.search(m.group("gap"))):
                continue
            if not counts and len(re.findall(r"[\u4e00-\u9fff]", _FIGURE_WORDS.sub("", m.group("gap")))) >= 2:
                continue  # «公务用车运行费226.75»: the figure of a longer name, not of 公务用车
            if counts and (_BOUND.search(m.group("gap")) or not _count_fits(text, m.start(), m.start("num"), flow)):
                continue  # a target (≥40辆) or a count of another kind
            amount = parse_amount(m.group("num").replace("，", ","))
            if amount is None:
                continue
            # a count keeps its measure word as its unit: it says what kind of figure it is
            return _prose_fact(doc, name, amount.text, m.group("unit"), par.line_at(m.start("num")))
        # a stated zero only for an item's name: before a piece of the question's wording, 无 may
        # begin a place name (无X市…) rather than say there is none
        stated_none = none.search(text)
        if not counts and unit_hint and not fragment and stated_none:
            return _prose_fact(doc, name, "0", unit_hint, par.line_at(stated_none.end() - 1))
    return None


def counted_nouns(text: str) -> list[str]:
    """How the narrative may name what a count question counts: 几辆车 -> 车辆 (the noun and its
    measure word make the usual compound), 几辆公车 -> 公车辆, 车辆; 几名工作人员 -> 工作人员."""
    out: list[str] = []
    for measure, noun in re.findall(r"(?:几|多少)(" + lexicon.MEASURE + r")([\u4e00-\u9fff]{1,6})", text):
        # a longer noun is a kind (执法执勤用车): the generic 车辆 counts all kinds, no answer for one
        out += ([noun] if len(noun) >= 2 else []) + [noun + measure] + ([noun[-1] + measure] if len(noun) <= 2 else [])
    return [t for t in dict.fromkeys(out) if len(t) >= 2]



# the rate printed after a change (，增长 6.2%)
_RATE = r"(?:[，,]?\s*(?:增长|增加|下降|减少|增幅|降幅|提高|上升|降低)(?:了|为)?\s*(?P<pct>\d+(?:\.\d+)?)[%％])?"
_YOY = re.compile(
    r"(?:比|较|与)(?:上年|去年|上一年|\d{4}年)(?:年初预算数?|预算数?|预算|执行数|同期|同比|相比)?[，,]?"
    r"(?:\d[\d,]*(?:\.\d+)?\s*(?:万元|元))?" + lexicon.CHANGE_DIRECTION  # «比上年预算 9.00万元减少 2.00万元»
    + r"(?:了)?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)" + _RATE
)
# what may stand before an item's name that heads its own sentence (1. / （一） / 一、)
_HEADING = re.compile(r"\s*(?:\d{1,2}[.．、]|[（(](?:" + lexicon.NUMERAL + r"|\d{1,2})[)）]|" + lexicon.NUMERAL
                      + r"、)?\s*")
# how far an item's own figure may follow its name («培训费（项）2026年预算数为 X万元»)
_NAME_TO_FIGURE = 30


@dataclass
class Change:
    current: Fact  # this year's figure as the sentence states it
    delta_yuan: Decimal  # signed change against last year
    percent: Decimal | None  # as printed, signed
    line: int
    quote: str
    line_end: int = 0  # last printed line of the quote (a sentence may run over lines)
    reason: str | None = None  # the reason clause stated with it, verbatim


def _sources(lines: list[tuple[int, str]]) -> list[Paragraph]:
    return _source_lines(lines).paragraphs


_TOTAL_WORDS = frozenset(lexicon.YOY_TOTAL_NAMES) | set(lexicon.BARE_TOTALS) | {
    n for names in lexicon.BARE_TOTALS.values() for n in names}  # a bare 支出 too: 基本支出 is a part of it


def _own_mentions(sentence: str, key: str) -> list[int]:
    """Where the sentence names the item itself: not inside 其他<item> (其他科学技术支出 is another row of
    the classification than 科学技术支出), and a total's name (收入, 支出预算) not as the tail of a longer
    item's (一般公共预算财政拨款收入, 项目支出预算)."""
    return [m.start() for m in re.finditer(re.escape(key), sentence)
            if not (_inside_longer_name(sentence[:m.start()], key) or tail_of_level_name(sentence, m.start(), m.end()))]


# the words that narrow a total to a part of it (一般公共预算财政拨款收入, 项目支出预算, 事业收入)
_NARROWING = re.compile("(?:" + lexicon.FUNDS + "|" + "|".join(p[:2] for p in lexicon.TOTAL_PARTS)
                        + r"|其他|事业|经营|拨款|上级补助|附属单位上缴)$")


def _inside_longer_name(before: str, key: str) -> bool:
    # 预算支出 read out of 一般公共预算支出: its 预算 ends the fund's name; a bare 支出 after a name's last
    # character (机关运行经费支出, 项目支出) ends that name
    return before.endswith("其他") or (key in _TOTAL_WORDS and bool(_NARROWING.search(before))) or (
        key.startswith("预算") and bool(re.search(r"(?:" + lexicon.FUND_BUDGET + r")$", before + "预算"))) or (
        key in lexicon.BARE_TOTALS and bool(re.search(r"[\u4e00-\u9fff]$", before))
        and before[-1] not in "年度的本总全预算")


def prose_change(lines: list[tuple[int, str]], doc: str, names: list[str]) -> Change | None:
    """«<item> X万元，比上年增加 Y万元，增长 Z%（，主要原因是…）»: the item's figure, its change
    and the reason given, from one sentence of the narrative (joined back where the printed text
    broke it over lines). The first name that has such a sentence wins."""
    pars = _sources(lines)
    for name in names:
        key = norm(name)
        for at, par in enumerate(pars):
            if key not in par.text:
                continue
            offset = 0
            sentences = re.split(r"(?<=[。；;])", par.text)
            for i, sentence in enumerate(sentences):
                start, offset = offset, offset + len(sentence)
                following = sentences[i + 1] if i + 1 < len(sentences) else ""
                for pos in _own_mentions(sentence, key):  # a heading run into the text names it first
                    change = _change_at(pars, at, start, sentence, pos, following, doc, name)
                    if change is not None:
                        return change
    return None


def _change_at(pars: list[Paragraph], at: int, start: int, sentence: str, pos: int, following: str, doc: str,
               name: str) -> Change | None:
    """The change the sentence states for the item named at `pos`, if it states one for it."""
    par, key = pars[at], norm(name)
    rest = sentence[pos + len(key):]
    own = len(rest)
    # «…支出 X万元，主要用于…。与上年相比减少 Y万元», or a heading (1.因公出国(境)费用。) before its sentence
    heading = _HEADING.fullmatch(sentence[:pos]) and not re.search(PROSE_FIGURE, rest)
    if not _YOY.search(rest) and (_YOY.match(following.lstrip("，, ")) or heading):
        rest += following
    cur = re.search(PROSE_AMOUNT, rest)
    ch = _YOY.search(rest)
    if not cur or not ch or cur.start() > ch.start() or cur.start() > _NAME_TO_FIGURE:
        return None  # a figure far after the name (a heading run into the text) is another item's
    if "其中" in sentence[:pos] and len(re.findall(PROSE_AMOUNT, rest[:ch.start()])) > 1:
        return None  # «其中：基本支出 A万元、项目支出 B万元。比上年减少 C万元»: C is the whole's change
    between = rest[cur.end():ch.start()]
    if "其中" in between and len(re.findall(PROSE_AMOUNT, between)) == 1 and ch.start() < own:
        # «收入A万元，其中：财政拨款收入B万元，比上年增加C万元»: C is that one part's change; after a list of
        # parts (其中：本年收入B万元，上年结转D万元，比上年增加C万元), or in a sentence of its own, the whole's
        return None
    amount = parse_amount(cur.group("num").replace("，", ","))
    delta = parse_amount(ch.group("num"))
    if amount is None or delta is None:
        return None
    sign = -1 if ch.group("dir") in lexicon.FALL_WORDS else 1
    line = par.line_at(start + pos + len(key) + cur.start())
    current = _prose_fact(doc, name, amount.text, cur.group("unit"), line)
    pct = Decimal(ch.group("pct")) * sign if ch.group("pct") else None
    after = start + pos + len(key) + ch.end()
    reason = reason_after_change(par.text[after:])
    here = reason is not None
    # else a sentence of its own may give it, in this paragraph or the next two
    reason = reason or reason_stated_later(par.text[after:] + "".join(p.text for p in pars[at + 1:at + 3]), key)
    end = par.line_at(min(len(par.text) - 1, after + (len(reason) + 8 if here else 0)))
    quote = par.text[start:after + (par.text[after:].find(reason) + len(reason) if here else 0)]
    return Change(current, sign * delta.value * UNIT_FACTORS[ch.group("unit")], pct, line, quote[:300],
                  line_end=end, reason=reason)


_YOY_CONTEXT = re.compile(lexicon.YOY_CONTEXT)


@dataclass
class Delta:
    """«<item>增加 X万元»: a change stated without the item's own figure."""
    name: str  # the item as the sentence names it
    delta_yuan: Decimal  # signed
    percent: Decimal | None  # the rate printed with it, signed
    line: int
    quote: str
    reason: str | None = None  # read on into the paragraph
    line_end: int = 0  # the last line the reason is printed on


def lead_in(lines: list[tuple[int, str]], n: int, reach: int = 3) -> str:
    """The few lines before line n (normalised): a numbered point (1.收入预算增加…) is read under the
    sentence that introduces it (（三）增减变化情况：…比上年增加…，其中：), a sentence printed over lines
    names its subject before its figure."""
    by_line = _source_lines(lines).by_line
    return "".join(norm(by_line.get(k, "")) for k in range(n - reach, n))


def prose_delta(lines: list[tuple[int, str]], names: list[str]) -> Delta | None:
    """«…较上年… <item>增加 X万元» in a line about the change against last year, or «<item>比上年增加
    X万元» itself. For items whose own figure the sentence does not repeat."""
    for name in names:
        than = r"(?P<than>(?:比|较)(?:上年|去年|上一年|\d{4}年)(?:预算数?|执行数)?)?"
        pattern = re.compile(re.escape(norm(name)) + than + lexicon.CHANGE_DIRECTION + r"(?:了)?" + PROSE_AMOUNT
                             + _RATE)
        for n, text in _narrative(lines, name):
            m = next((m for m in pattern.finditer(text) if not _inside_longer_name(text[:m.start()], norm(name))), None)
            if m is None or not (m.group("than") or _YOY_CONTEXT.search(lead_in(lines, n) + text)):
                continue
            amount = parse_amount(m.group("num"))
            if amount is not None:
                sign = -1 if m.group("dir") in lexicon.FALL_WORDS else 1
                pct = Decimal(m.group("pct")) * sign if m.group("pct") else None
                reason, end = reason_in_paragraph(_sources(lines), n, m.group(0))
                return Delta(name, sign * amount.value * UNIT_FACTORS[m.group("unit")], pct, n,
                             text[max(0, m.start() - 60): m.end() + 20], reason, end or n)
    return None

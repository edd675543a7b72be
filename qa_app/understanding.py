"""Question -> Query: which documents, which year, which line items or codes, which column, what
is being asked. Nothing here reads a table value; it only resolves names against the index."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import cn2an
from rapidfuzz import fuzz

from core import lexicon
from qa_app.catalog import AGENCY_PHRASE, Catalog, body_kind
from qa_app.types import Intent

_CN_DIGITS = "〇零一二三四五六七八九"
_CN_VALUE = {c: str(v) for c, v in zip(_CN_DIGITS, [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9])}
_CN_YEAR = re.compile(rf"[{_CN_DIGITS}]{{4}}(?=年)")
_CN_CODE = re.compile(rf"(?<![{_CN_DIGITS}十百千万])[{_CN_DIGITS}]{{3,7}}(?![{_CN_DIGITS}十百千万年])")
_CN_AMOUNT = re.compile(rf"[{_CN_DIGITS}十百千万亿点]+(?=万元|元)")
_CN_PERCENT = re.compile(rf"百分之[{_CN_DIGITS}十百点]+")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?(?!\d)")
# a 科目编码: 3, 5 or 7 digits standing alone, never a figure with its unit (单价100万元以上, 500人)
_CODE = re.compile(r"(?<![\d.])(\d{3}|\d{5}|\d{7})(?![\d.])(?!\s*(?:万|亿|元|%|％|" + lexicon.MEASURE + "))")
_ALNUM_CODE = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{4,}")
def normalise(question: str) -> str:
    """NFKC (full-width digits, ideographic space), no control or zero-width characters, Chinese
    numerals in years, codes, amounts and percentages turned into digits. Words such as 一般
    keep their characters: numerals are converted only where a number is expected."""
    text = unicodedata.normalize("NFKC", question)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.sub(r"\s+", "", text)
    text = _CN_YEAR.sub(lambda m: "".join(_CN_VALUE[c] for c in m.group(0)), text)
    text = _CN_PERCENT.sub(lambda m: f"{cn2an.cn2an(m.group(0)[3:], 'smart')}%", text)
    text = _CN_AMOUNT.sub(lambda m: _cn_number(m.group(0)), text)
    return _CN_CODE.sub(lambda m: "".join(_CN_VALUE[c] for c in m.group(0)), text)


def _cn_number(text: str) -> str:
    try:
        return str(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return text


@dataclass
class Query:
    question: str  # as asked
    text: str  # normalised
    intent: Intent
    docs: list[str] = field(default_factory=list)  # documents the question is about
    agency_named: bool = False
    unknown_agency: str | None = None  # an agency the question names that no document is from
    years: list[int] = field(default_factory=list)
    prior_year: bool = False  # asks about the year before the document's year
    bad_year: int | None = None  # a year no matching document covers
    codes: list[str] = field(default_factory=list)
    odd_codes: list[str] = field(default_factory=list)  # code-like tokens that are no 科目编码
    columns: list[str] = field(default_factory=list)  # canonical column words named
    wants_percent: bool = False
    wants_reason: bool = False  # also asks why (…增加了多少？为什么？)
    out_of_scope: bool = False
    final_accounts: bool = False  # asks for 决算 (actual) figures; disclosures here are budgets
    item_text: str = ""  # the question with agency, year and noise removed: what names the item
    item_raw: str = ""  # the same before colloquial names are rewritten
    whole_budget: bool = False  # asks for the budget as a whole (部门预算是多少, 预算总额)

    @property
    def asked(self) -> str:
        """What the question names, as a not-found answer quotes it."""
        return self.item_text.strip(" ？?")


def _alias_hits(text: str, catalog: Catalog, present: set[str]) -> dict[str, tuple[int, bool]]:
    """doc -> (length of the longest alias found, whether that alias names more than a region)."""
    hits = catalog.exact_hits(present)
    exact = set(hits)
    # OCR and abbreviation drift: 某桥医保征缴中心 against 某桥区基本医疗保险基金征缴管理中心
    for phrase in AGENCY_PHRASE.findall(text):
        county = re.match(r"^(?:[\u4e00-\u9fff]{2,4}(?:省|市))*([\u4e00-\u9fff]{1,4}?(?:区|县|旗))", phrase)
        literal = [a for a in present if a in phrase]
        for doc in catalog.like(phrase, 80) - exact:
            names = catalog.names[doc]
            if county and not any(county.group(1) in a for a in names):
                continue  # another district's office, however alike the rest of the name
            if any(not any(a in n for n in names) for a in literal):
                # the phrase literally names another document's place (某林… is not 另林…, one character apart)
                continue
            hits[doc] = (len(phrase), True)
    return hits


def _strip_region(phrase: str) -> str:
    return re.sub(r"^.*?(?:省|自治区|市|州|区|县|旗)", "", phrase)


def resolve_documents(text: str, catalog: Catalog, present: set[str],
                      abbreviation: tuple[str, str] | None = None) -> tuple[list[str], bool, str | None]:
    """(documents named, whether an agency was named, an agency named that is not indexed), given
    the indexed names `present` in text and the agency the question's start abbreviates, if any."""
    hits = _alias_hits(text, catalog, present)
    phrases = [p for p in AGENCY_PHRASE.findall(text) if len(_strip_region(p)) >= 2]
    # a full agency phrase the question prints (某市某区医疗保障局) outranks a shortening it contains
    if not hits and abbreviation and all(p in abbreviation[1] for p in phrases):
        return [abbreviation[0]], True, None
    if hits:
        named = list(hits)
        if not any(hits[d][1] for d in named) and phrases:
            # only a district matched: the agency phrase must still be this agency, not another
            # office of the same district (某区财政局 is not 某区医疗保障局)
            kept = []
            for d in named:
                bodies = [_strip_region(a) for a in catalog.names[d]]
                kinds = {body_kind(a) for a in catalog.names[d]}
                if any(body_kind(p) in kinds and any(fuzz.partial_ratio(_strip_region(p), b) >= 75 for b in bodies if b)
                       for p in phrases):
                    kept.append(d)
            if not kept:
                return [], True, phrases[0]
            named = kept
        return sorted(named), True, None
    if phrases:
        return [], True, phrases[0]
    return [], False, None


def _intent(text: str) -> Intent:
    cues = lexicon.INTENT_CUES
    # item names (上年结转, 上年财政拨款结转) and points in time, not comparisons
    text = re.sub(r"上年[\u4e00-\u9fff]{0,6}?(?:结转|结余)|上年末|年末", "", text)
    if re.search(cues["definition"], text) or (re.search(r"[“\"「].+[”\"」]", text) and re.search(r"包括|包含", text)):
        return Intent.DEFINITION
    if re.search(lexicon.CHANGE_AMOUNT_ASKED, text):
        return Intent.YOY
    if re.search(lexicon.STAGE_RATE_ASKED, text):
        return Intent.LOOKUP  # a rate the accounts state (完成预算的比例), not a share to work out
    if re.search(lexicon.PART_AMOUNT_ASKED, text):
        return Intent.LOOKUP  # 印刷费里项目支出占了多少万元: the part's amount, not its share
    if re.search(lexicon.STRONG_DESCRIPTION, text):
        return Intent.DESCRIPTION
    if re.search(cues[Intent.COMPARISON], text) and re.search(cues[Intent.DIFFERENCE], text):
        return Intent.DIFFERENCE  # «A和B哪个多，多多少»: the gap is the figure asked
    for intent in (Intent.RANKING, Intent.COMPARISON, Intent.YOY, Intent.RATIO, Intent.DIFFERENCE, Intent.SUM):
        if re.search(cues[intent], text):
            return intent
    if re.search(cues[Intent.LIST], text):
        return Intent.LIST
    if re.search(cues[Intent.DESCRIPTION], text) and not re.search(lexicon.NUMERIC_CUES, text):
        return Intent.DESCRIPTION
    if re.search(lexicon.NUMERIC_CUES, text) or _CODE.search(text):
        return Intent.LOOKUP
    return Intent.DESCRIPTION


# an aside in brackets that states figures (（本年656.73万元，较去年增加24.17万元）): what the asker already
# knows, not what is asked; its 较去年 makes no comparison of the question's own
_ASIDE = re.compile(r"[（(][^（()）]*\d[\d,.]*\s*(?:万元|亿元|元)[^（()）]*[)）]")


def understand(question: str, catalog: Catalog) -> Query:
    text = _ASIDE.sub("", normalise(question))
    q = Query(question=question, text=text, intent=_intent(text))
    present = catalog.present(text)
    abbreviation = catalog.abbreviated(re.sub(r"^(?:19|20)\d{2}年度?", "", text))
    q.docs, q.agency_named, q.unknown_agency = resolve_documents(text, catalog, present, abbreviation)
    # 比2025年增加 compares with a year; it does not ask about it
    compared = {int(y) for y in re.findall(r"(?:比|较|与|同)((?:19|20)\d{2})年", text)}
    q.years = sorted({int(y) for y in _YEAR.findall(text)} - compared)
    # 上年 in 比上年增加多少 is the comparison, not the year asked about
    q.prior_year = bool(re.search(lexicon.PRIOR_YEAR_CUES, text)) and not re.search(r"[比较]上年|[比较]去年|同比", text)
    candidates = [catalog.by_doc[d] for d in q.docs] or catalog.docs
    doc_years = {d.year for d in candidates if d.year}
    if q.years and doc_years and not set(q.years) & doc_years:
        if all(y + 1 in doc_years for y in q.years):
            q.prior_year = True  # 2022 asked of a 2023 budget: its prose states last year's figures
            if q.intent == Intent.LOOKUP:
                q.intent = Intent.YOY
        else:
            q.bad_year = q.years[0]
    years = set(q.years) | compared
    q.codes = [c for c in _CODE.findall(text) if int(c) not in years]
    q.odd_codes = [c for c in _ALNUM_CODE.findall(text) if not re.fullmatch(r"\d+", c)]
    q.odd_codes += [c for c in re.findall(r"(?<![\d.])\d{4}(?:\d{2})?(?![\d.年%])|(?<![\d.])\d{8,}(?![\d.])", text)
                    if int(c) not in years and c not in q.codes]
    # 含/不含上年结转 qualifies the figure's scope; it does not name a column
    # a column word that says what is left out (不含基本支出) or names a table (基本支出预算表里) asks no column
    scoped = re.sub(r"不?含(?:" + "|".join(w for g in lexicon.COLUMN_WORDS for w in g) + ")|" + lexicon.TABLE_LOCATIVE,
                    "", text)
    q.columns = [group[0] for group in lexicon.COLUMN_WORDS if any(w in scoped for w in group)]
    q.wants_percent = bool(re.search(lexicon.PERCENT_CUES, text)) or (
        bool(re.search(r"增长了?多少", text)) and not re.search(r"元|金额", text))
    q.wants_reason = bool(re.search(lexicon.REASON_ASKED, text))
    q.out_of_scope = bool(re.search(lexicon.OUT_OF_SCOPE, text))
    q.final_accounts = bool(re.search(lexicon.FINAL_ACCOUNTS, re.sub(lexicon.PRIOR_OUTTURN, "", text)))
    named = [a for d in q.docs for a in catalog.names[d]]
    # a phrase right after a year starts at 年 (2024年经办中心运转经费): the 年 is the year's
    phrases = [re.sub(r"^年度?", "", p) for p in AGENCY_PHRASE.findall(text)]
    # a phrase that is an indexed name followed by more words (某卫健委综合医院) is that name and an item:
    # only the name is cut
    agencies = [a for a in present if catalog.names_more_than_region(a)]
    # of one document, a phrase said in a list (…服务中心、…中学和…) is one of the items listed, not the asking
    # agency (of several, the list is the agencies compared)
    one_doc = len(q.docs) == 1
    # a phrase holding only the region of a name (杭州市气象服务中心 of 杭州市气象局), or like a name but a body of
    # another kind (a 中心 of a 局), is a member unit the question asks about, not the asking agency's mention
    spans = [p for p in phrases if not any(p.startswith(a) and len(p) - len(a) >= 2 for a in agencies)
             and (any(a in p for a in named if catalog.names_more_than_region(a))
                  or any(fuzz.partial_ratio(p, a) >= 75 and body_kind(p) == body_kind(a) for a in named if len(a) > 4))
             and not (one_doc and re.search(re.escape(p) + "(?:、|和|与|及)|(?:、|和|与|及)" + re.escape(p), text))]
    # only names that occur in the text can be cut out of it
    names = [*present, *spans, *([abbreviation[1]] if abbreviation and q.docs == [abbreviation[0]] else [])]
    q.item_raw = item_text(text, names, rewrite=False)
    q.item_text = item_text(text, names)
    residue = re.sub(lexicon.QUESTION_NOISE + "|" + lexicon.INTENT_CUES["ranking"] + r"|谁|\s", "", q.item_raw)
    q.whole_budget = "预算" in text and bool(re.fullmatch(lexicon.WHOLE_BUDGET, residue))
    return q


_PLACE = re.compile(r"[\u4e00-\u9fff]{1,6}[省市县区州]")


def item_text(text: str, aliases: list[str], rewrite: bool = True) -> str:
    """What is left to name the line item: agency names, years, codes and filler removed, and
    colloquial item names rewritten to the disclosures' wording."""
    out = text
    removed: list[str] = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        # a shorter alias inside one already cut (经办中心 in …医保经办中心) was that mention; where it
        # is left in the text it is part of the item's own name (经办中心运转经费)
        if len(alias) >= 2 and alias in out and not any(alias in r for r in removed):
            if _PLACE.fullmatch(alias):  # a bare place (无锡市) is the agency's mention only when no name was
                # and it starts the question: in 无锡教育局…无锡市第六高级中学 it begins a row's name
                out = out if removed else re.sub(r"^([\s\d年度]*)" + re.escape(alias), r"\1 ", out)
            else:
                out = out.replace(alias, " ")
            removed.append(alias)
    out = re.sub(r"(?:19|20)\d{2}年度?|部门预算|单位预算|预算公开|" + lexicon.TABLE_LOCATIVE, " ", out)
    # what is left of the agency's mention where its name was cut (某区医保单位 -> 医保单位): a word of
    # up to four characters before 单位 / 部门, at the start, that is no kind of unit (行政单位医疗)
    out = re.sub(r"^\s*(?!" + lexicon.UNIT_CLASSES + r")[\u4e00-\u9fff]{1,4}?(?:单位|部门)", " ", out)
    for colloquial in sorted(lexicon.ITEM_SYNONYMS, key=len, reverse=True) if rewrite else []:
        formal = lexicon.ITEM_SYNONYMS[colloquial]
        if colloquial in out and formal not in out:
            # a plain word inside a fund's formal name (预算收入 of 一般公共预算收入) is that name, not the word
            funds = [m.span() for m in re.finditer(lexicon.FUND_BUDGET, out)]
            out = re.sub(re.escape(colloquial), lambda m: m.group(0) if any(
                a < m.end() and m.start() < b for a, b in funds) else formal, out)
    return out.replace("“", "").replace("”", "").replace('"', "")

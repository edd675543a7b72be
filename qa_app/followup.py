"""A follow-up in a conversation -> the whole question it stands for.

Chat users ask the way people talk: after a question about one agency, "那去年呢？", "它的基本支出呢？"
or "那因公出国（境）费呢？" mean that agency (and year) again. A question that names no agency takes
the agency, and the year, of the turn before; 去年/上一年 after a year moves one year back when that
year of the same agency is indexed; pronouns (它, 该单位…) and the "那…呢" frame are dropped. The
rewritten question is answered like any other, and the answer says in one line what was carried.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core import lexicon
from indexer.models import DocumentMeta
from prompts import templates as T
from qa_app.catalog import Catalog
from qa_app.understanding import understand

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?")
_PRIOR = re.compile(r"去年|上一年|上年度|前一年")
_PRONOUN = re.compile(r"^(?:那么|那|还有|再问一下)?\s*"
                      r"(?:它们?的?|其|该(?:单位|部门|机构)的?|这个(?:单位|部门|机构)的?|这家(?:单位)?的?|他们的?)?")
_TAIL = re.compile(r"(?:又|的)?(?:呢|吗)?\s*[？?。！!]*$")


@dataclass(frozen=True)
class Turn:
    """What a follow-up needs of the turn before it: the question as answered and its documents."""

    question: str
    docs: tuple[str, ...]


@dataclass(frozen=True)
class FollowUp:
    question: str  # the question to answer
    carried: str | None = None  # the one line saying what was taken from the turn before


def _year_of(question: str, doc: DocumentMeta) -> int | None:
    m = _YEAR.search(question)
    return int(m.group(1)) if m else doc.year


def _with_year(question: str, year: int, names: list[str]) -> str:
    """The question with its year replaced, or the year put after the agency's name."""
    if _YEAR.search(question):
        return _YEAR.sub(f"{year}年", question, count=1)
    for name in sorted(names, key=len, reverse=True):
        if name and name in question:
            return question.replace(name, f"{name}{year}年", 1)
    return f"{year}年{question}"


def resolve(question: str, previous: Turn | None, catalog: Catalog) -> FollowUp:
    text = question.strip()
    if previous is None or len(previous.docs) != 1 or previous.docs[0] not in catalog.by_doc:
        return FollowUp(text)
    if any(catalog.exact_hits(catalog.present(text)).values()) or understand(text, catalog).unknown_agency:
        # it names an agency of its own, indexed or not (a misspelt name is offered, never answered
        # for the agency before): a new topic
        return FollowUp(text)
    d = catalog.by_doc[previous.docs[0]]
    year = _year_of(previous.question, d)
    asked_year = _YEAR.search(text)
    if asked_year:
        year = int(asked_year.group(1))
    prior = bool(_PRIOR.search(text))
    if prior:
        text = _PRIOR.sub("", text, count=1)
        if year and any(x.agency == d.agency and x.year == year - 1 for x in catalog.docs):
            year, prior = year - 1, False  # that year's own document answers it
    rest = _TAIL.sub("", _PRONOUN.sub("", _YEAR.sub("", text), count=1)).strip(" ，,的")
    if not rest:
        # "那去年呢？": the question before, for the other year; with no document of that year, the
        # year's own disclosure states last year's figures (…上年是多少)
        new = _with_year(previous.question, year, catalog.names[d.doc]) if year else previous.question
        if prior:
            new = re.sub(r"[？?。]*$", "", new) + "，上年是多少？"
    else:
        cue = "？" if re.search(lexicon.NUMERIC_CUES + r"|什么|哪些|怎么|为什么|如何|吗", rest) else (
            "是多少？" if re.search(lexicon.NUMERIC_CUES, previous.question) else "是什么？")
        new = f"{d.agency}{f'{year}年' if year else ''}{rest}{cue}"  # the full name: no other agency shares it
    return FollowUp(new, T.CARRIED.format(agency=d.agency, year=f"，{year}年" if year else ""))

"""Descriptive questions (职责, 机构, 原因, 名词解释, 绩效目标) answered from retrieved passages,
quoting the source verbatim. If no retrieved passage shares a content word with the question,
the answer says so instead of quoting something unrelated."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jieba

from core import lexicon
from core.config import Settings
from indexer.models import DocumentMeta
from indexer.store import source_lines
from prompts import templates as T
from qa_app.extractive import extract
from qa_app.retrieval import Filters, Hit, get_retriever
from qa_app.types import NUMERIC_INTENTS, Answer, Citation, Intent, Route
from qa_app.understanding import Query

QUOTE_CHARS = 360


@dataclass(frozen=True)
class EvidenceContext:
    """What answering from passages reads: where the passage index is, and the indexed documents."""

    index_dir: Path
    settings: Settings
    documents: dict[str, DocumentMeta]  # by file stem


def content_terms(text: str, names: list[str] = ()) -> list[str]:
    """The question's words that can tell passages apart. The end of the named agency's own name
    (中心 of 经办中心, 医保 of 医保局, 气象 of 气象局) is in every passage of its document, so it is not;
    a word from inside the name (医疗 of 医疗保障局) may still name the topic asked about."""
    # search-mode cut also yields the parts of compounds (主要职责 -> 职责), which headings use alone
    words = [w for w in jieba.cut_for_search(re.sub(lexicon.QUESTION_NOISE, " ", text)) if len(w.strip()) >= 2]
    return [w for w in words if w not in lexicon.STOP_WORDS and not re.fullmatch(r"[\d.%]+", w)
            and not any(n.endswith(w) or n[:-1].endswith(w) for n in names)]


def discloses(text: str, terms: list[str]) -> bool:
    """Whether a passage states a figure for the asked item: every term is in it, and a line that
    names one of them has a figure after it."""
    if not terms or not all(t in text for t in terms):
        return False
    return any(re.search(re.escape(t) + r"[^\n\d]{0,12}\d", line) for line in text.splitlines() for t in terms
               if t in line)


def _defined_term(q: Query) -> str | None:
    m = re.search(r"[“\"「]([^”\"」]+)[”\"」]", q.text)
    if m:
        return m.group(1)
    m = re.search(r"([\u4e00-\u9fff]{2,12}?)"
                  r"(?:是什么意思|指什么|是指|怎么定义|如何定义|的定义|的解释|怎么解释|包括哪些|包括什么)", q.item_text)
    return m.group(1).lstrip("里中对的") if m else None


def _excerpt(text: str, terms: list[str]) -> str:
    """The passage itself when short; else from the line that first names a question term."""
    if len(text) <= QUOTE_CHARS:
        return text.strip()
    starts = [text.find(t) for t in terms if t and text.find(t) >= 0]
    begin = min(starts) if starts else 0
    begin = text.rfind("\n", 0, begin) + 1
    return text[begin: begin + QUOTE_CHARS].strip()


def _search(ctx: EvidenceContext, q: Query, targets: list[DocumentMeta], section: str | None) -> list[Hit]:
    retriever = get_retriever(ctx.index_dir, ctx.settings)
    # the question's documents, or the UI's document filter; no filter means search everything
    docs = [d.doc for d in targets] if q.docs or len(targets) < len(ctx.documents) else [None]
    hits: list[Hit] = []
    for doc in docs:
        hits += retriever.search(q.text, 20 if section else 8, Filters(doc=doc, section=section))
    return sorted(hits, key=lambda h: -h.score)


def answer_from_passages(ctx: EvidenceContext, q: Query, targets: list[DocumentMeta], min_terms: int = 1) -> Answer:
    term = _defined_term(q) if q.intent == Intent.DEFINITION else None
    hits = _search(ctx, q, targets, "解释") if q.intent == Intent.DEFINITION else []
    hits = hits or _search(ctx, q, targets, None)
    names = [n for d in targets for n in (d.agency, *d.aliases)] if q.docs else []
    terms = ([term] if term else []) + content_terms(q.item_text, names)
    def overlap(h: Hit) -> int:
        return sum(t in h.passage.section + h.passage.text for t in set(terms))

    relevant = [h for h in hits if overlap(h) >= min(min_terms, len(set(terms)))] if terms else hits[:1]
    if min_terms > 1 and len(set(terms)) < min_terms:
        relevant = []

    def strength(h: Hit) -> tuple:
        text = h.passage.text
        defines = bool(term) and re.search(
            re.escape(term) + r"[”\"」]?\s*(?:\*\*)?\s*[:：]|" + re.escape(term) + r"[”\"」]?是指", text)
        own_heading = h.passage.section.split(">")[-1]
        named = [any(t in part for t in ([term] if term else terms)) for part in (own_heading, h.passage.section)]
        return (bool(defines), *named, sum(t in text for t in set(terms)),
                h.passage.kind == "section", h.score)

    relevant.sort(key=strength, reverse=True)
    if q.intent in NUMERIC_INTENTS and relevant:
        # a figure asked for is disclosed only where a passage names every word of it with a figure
        # after it; a passage that only mentions the topic (an empty 办公用房（平方米） cell) is no answer
        relevant = [h for h in relevant if discloses(h.passage.text, terms)]
        if not relevant:
            return Answer(question=q.question, text=T.NOT_DISCLOSED.format(item="、".join(dict.fromkeys(terms))),
                          route=Route.NONE, intent=q.intent, refused=True,
                          steps=[f"检索 {len(hits)} 段，没有段落给出所问的数字"])
    if not relevant:
        scope = "、".join(d.agency for d in targets) if q.docs else "已索引的文件"
        return Answer(question=q.question, text=T.REFUSE_NO_PASSAGE.format(scope=scope), route=Route.NONE,
                      intent=q.intent, refused=True, steps=[f"检索 {len(hits)} 段，无相关段落"])
    best = relevant[0]
    p = best.passage
    meta = ctx.documents.get(p.doc)
    agency = meta.agency if meta is not None else p.doc
    kind = meta.stage if meta is not None else "预算"
    template = T.DEFINITION if q.intent == Intent.DEFINITION else T.DESCRIPTION
    lines = source_lines(ctx.index_dir, p.doc, 1, 10**9)
    short = extract(lines, get_retriever(ctx.index_dir, ctx.settings).passages_of(p.doc), p, terms)
    if short is not None:
        first = Citation(doc=p.doc, kind="passage", line_start=short.line_start, line_end=short.line_end,
                         quote=short.quote, section=short.section)
        text = template.format(agency=agency, kind=kind, section=short.section, line_start=short.line_start,
                               line_end=short.line_end, quote=short.text)
    else:
        first = Citation(doc=p.doc, kind="passage", line_start=p.line_start, line_end=p.line_end,
                         quote=_excerpt(p.text, terms), section=p.section)
        text = template.format(agency=agency, kind=kind, section=p.section, line_start=p.line_start,
                               line_end=p.line_end, quote=first.quote)
    # passages the extract already quotes are not cited twice
    citations = [first] + [Citation(doc=h.passage.doc, kind="passage", line_start=h.passage.line_start,
                                    line_end=h.passage.line_end, quote=h.passage.text[:120], section=h.passage.section)
                           for h in relevant[1:3] if h.passage.doc != p.doc
                           or not first.line_start <= h.passage.line_start <= first.line_end]
    warnings = [] if q.docs or len({h.passage.doc for h in relevant}) == 1 else [T.OTHER_DOCS_MAY]
    return Answer(question=q.question, text=text, route=Route.PASSAGE, intent=q.intent, citations=citations,
                  docs=sorted({h.passage.doc for h in relevant[:3]}), warnings=warnings,
                  steps=[f"检索到 {len(hits)} 段，引用 {len(citations)} 段"])

"""Change questions (比上年增加/减少了多少，为什么): the change the narrative states for the item
asked, with the sentence's own figure, its rate and its reason; last year's figure stated outright
or worked back. The sentence must name the item asked, all of it, or there is no answer."""
from __future__ import annotations

import re
from dataclasses import replace

from core import lexicon
from indexer.models import DocumentMeta
from qa_app import coverage
from qa_app.cells import pick, total_row
from qa_app.compose import Composer
from qa_app.locate import Locator
from qa_app.prior_year import prose_prior
from qa_app.prose import prose_change, prose_delta
from qa_app.records import Fact
from qa_app.resolve import qualifiers
from qa_app.text import norm
from qa_app.types import Answer
from qa_app.understanding import Query

# the stages a figure is one of (a plain 预算数 names none of them)
_NAMED_STAGES = ("年初预算", "调整预算", "决算数")


def change_answer(locate: Locator, compose: Composer, q: Query, doc: DocumentMeta) -> Answer:
    """The item's change against last year, or the answer that the document states none for it."""
    matches = locate.matches(q, doc)
    names = [m.name for m in matches if m.name] + q.columns + locate.terms(q)
    names += [t for t in lexicon.YOY_TOTAL_NAMES if t in q.text]
    subject = re.split(r"比|较|与", q.item_raw.strip())[0].strip(" 的")
    names += list(lexicon.BARE_TOTALS.get(subject, ()))
    if len(norm(subject)) >= 2 and subject != q.item_raw.strip() and not re.search(lexicon.NUMERIC_CUES, subject):
        # the item as asked (…比上年…), verbatim, before the rows it only resembles
        names.insert(0, norm(subject))
    # a bare total (支出) is said by its full names first: 支出 alone also ends 机关运行经费支出, 项目支出
    names = list(dict.fromkeys([*lexicon.BARE_TOTALS.get(subject, ()), *names]))
    lines = locate.lines(doc.doc)
    # the sentence must speak of the item asked, all of it (其中 一般公共预算支出 is not 支出), and of the
    # income source asked (事业收入 is no 收入预算)
    sources = {g[0] for g in lexicon.INCOME_SOURCES}
    wanted = q.columns + [w for w in qualifiers(q.text) if w in sources]

    def unsaid(fact: Fact, quote: str) -> str | None:
        return coverage.unaccounted(subject, fact, context=quote) or \
            coverage.qualifiers_missing(fact, wanted, extra=norm(quote))

    if q.prior_year and not q.wants_percent:
        stated = prose_prior(lines, doc.doc, names)
        if stated is not None and not unsaid(stated, locate.line_text(doc.doc, stated.line)):
            return compose.single(q, doc, stated, [], prior=True)
    change = prose_change(lines, doc.doc, names)
    # the item is named before its change: words of the reason (…因公出国减少) name other items
    said = change.quote.split(change.reason)[0] if change is not None and change.reason else None
    # last year's figure worked back is the stage the sentence compares with (较2025年年初预算): a stage
    # the question names (全年预算数) must be that one
    stages = [pattern for key, pattern in lexicon.STAGE_LABELS
              if key in _NAMED_STAGES and re.search(pattern, q.text)] if q.prior_year else []
    if change is not None and (unsaid(change.current, said if said is not None else change.quote) or any(
            not re.search(pattern, change.quote) for pattern in stages)):
        return compose.missing(q, doc, (q.item_text.strip(" ？?") or "上年数") + "（与上年的比较）")
    if change is not None:
        return compose.change(q, doc, change.current, change.delta_yuan, change.percent, change.line,
                                   change.quote, [], change.line_end, change.reason)
    found = prose_delta(lines, names)
    cur = None
    if found:
        match = next((m for m in matches if m.name == found.name), None)
        # the item's own figure this year: its row, else its total (收入: 收入总计)
        items = locate.doc_items(doc.doc)
        cur = locate.find(q, doc, match)[0] if match else next(
            (f for name in (found.name, *lexicon.BARE_TOTALS.get(found.name, ()))
             if (f := pick(items[items["row_name"] == name], q.text, [])[0] or total_row(items, q.text, [name])[0])
             is not None), None)
    # the sentence's own name for what changed must say what was asked (预算支出 is no 一般公共预算支出)
    if not found or cur is None or unsaid(cur, found.quote) or \
            coverage.unaccounted(subject, replace(cur, row_name=found.name, table=None, column=None,
                                                  column_path=None), context=found.quote):
        return compose.missing(q, doc, (q.item_text.strip(" ？?") or "上年数") + "（与上年的比较）")
    return compose.change(q, doc, cur, found.delta_yuan, found.percent, found.line, found.quote, [cur],
                          line_end=found.line_end, reason=found.reason)

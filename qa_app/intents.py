"""One handler per numeric intent: locate the facts the question names, compute on them, and
hand them to the composer. Handlers never word an answer themselves and never call each other
except where one intent is another's special case (一共 about one item is a lookup)."""
from __future__ import annotations

import re
from dataclasses import replace

from core import lexicon
from indexer.models import DocumentMeta
from prompts import templates as T
from qa_app import arithmetic, coverage
from qa_app.changes import change_answer
from qa_app.compose import Composer, refusal
from qa_app.contexts import in_one_table
from qa_app.instances import named_instance, same_titled
from qa_app.locate import Locator
from qa_app.named import named_items, operand_query
from qa_app.passage_answer import EvidenceContext, answer_from_passages
from qa_app.records import Fact
from qa_app.records import facts as all_facts
from qa_app.resolve import covered, operands
from qa_app.shares import share_answer
from qa_app.text import norm
from qa_app.types import Answer, Intent
from qa_app.understanding import Query
from qa_app.wholes import prints_whole_elsewhere

_LESS = re.compile(r"更少|更低|最少|最低")


class Handlers:
    def __init__(self, locate: Locator, compose: Composer, evidence: EvidenceContext):
        self.locate = locate
        self.compose = compose
        self.evidence = evidence

    def answer(self, q: Query, doc: DocumentMeta) -> Answer:
        handler = {
            Intent.LOOKUP: self.lookup, Intent.SUM: self.combine, Intent.DIFFERENCE: self.combine,
            Intent.RATIO: self.ratio, Intent.YOY: self.yoy, Intent.RANKING: self.ranking,
            Intent.COMPARISON: self.compare_items,
        }[q.intent]
        return handler(q, doc)

    def _first(self, q: Query, doc: DocumentMeta) -> Fact | None:
        """The document's figure for the item asked, only when it covers the question."""
        return None if self.locate.missing_code(q, doc) else covered(self.locate, q, doc).fact

    # ---- one figure ---------------------------------------------------------------------------
    def lookup(self, q: Query, doc: DocumentMeta) -> Answer:
        code = self.locate.missing_code(q, doc)
        if code:
            return self.compose.missing_code(q, doc, code)
        if re.search(lexicon.PER_PERSON, q.text):
            return self.per_person(q, doc)
        found = covered(self.locate, q, doc)
        if found.fact is None and not found.steps:
            return self.text_instead(q, doc)
        if found.fact is None:
            closest = coverage.closest_rows(q.asked, self.locate.doc_items(doc.doc))
            return self.compose.not_covered(q, doc, q.asked or q.text, closest, found.steps)
        fact, others = found.fact, found.others
        if q.wants_percent and coverage.quantity(fact) == "money":  # 百分之多少 is never answered in 万元
            step = "覆盖检查：未通过，问的是百分比，证据是金额"
            return self.compose.not_covered(q, doc, q.asked, [], [*found.steps, step])
        if found.other_scope is not None:
            return self.compose.which_scope(q, doc, [fact, found.other_scope])
        instances = same_titled(fact, others)
        if instances:
            texts = self.locate.table_texts(doc.doc, instances)
            rest = norm(q.item_raw).replace(norm(fact.row_name), " ")
            chosen = named_instance(rest, instances, texts)
            if chosen is None:
                return self.compose.which_instance(q, doc, instances, texts)
            fact, others = chosen, [o for o in others if o not in instances]
        answer = self.compose.single(q, doc, fact, others)
        answer.steps += found.steps
        return answer

    def per_person(self, q: Query, doc: DocumentMeta) -> Answer:
        """人均X: X's covering figure divided by the headcount the document states; never X itself."""
        item = re.sub(lexicon.QUESTION_NOISE, "", re.sub(lexicon.PER_PERSON, "", q.item_raw)).strip()
        sub = operand_query(replace(q, text=re.sub(lexicon.PER_PERSON, "", q.text)), item, [item])
        fact, heads = covered(self.locate, sub, doc).fact, self.locate.headcount(doc)
        missing = [name for name, f in ((item, fact), (T.HEADCOUNT, heads)) if f is None]
        if missing or fact.value_yuan is None:
            return self.compose.missing_operands(q, doc, missing or [item], [item, T.HEADCOUNT])
        return self.compose.computed(q, doc, [fact, heads], arithmetic.per_head(fact, heads), T.PER_PERSON)

    def text_instead(self, q: Query, doc: DocumentMeta) -> Answer:
        """No figure for it: where the narrative or a target table speaks of the thing asked
        (a 绩效指标 such as 响应时间), quote it; otherwise say it is not in the document."""
        missing = self.compose.missing(q, doc, q.asked or q.text)
        if q.codes or q.odd_codes:
            return missing
        quoted = answer_from_passages(self.evidence, q, [doc], min_terms=2)
        return missing if quoted.refused else self.compose.quoted_instead(quoted)

    # ---- arithmetic on named items ------------------------------------------------------------
    def combine(self, q: Query, doc: DocumentMeta) -> Answer:
        code = self.locate.missing_code(q, doc)
        if code:
            return self.compose.missing_code(q, doc, code)
        named = self._named(q, doc)
        if named is not None:
            return named if isinstance(named, Answer) else self.arithmetic(q, doc, named)
        # no list named (A、B和C): 合计/一共 of one item adds its rows only when the table prints the item
        # on two rows; else it is a lookup of its total, whatever else the words match (高等职业教育支出
        # holds the row name 教育支出 too)
        facts = self.locate.pair(q, doc)
        # on two rows: two cells of one row (its 合计 and its 公用经费 column) are no two printings
        if len(facts) >= 2 and len({(f.table_id, f.row_code or f.row_name) for f in facts}) == 1 and \
                len({f.row_index for f in facts}) == len(facts) and len({f.column for f in facts}) == 1:
            return self.arithmetic(q, doc, facts)
        # a difference whose two sides were not both found is never one side's figure
        return self.compose.missing(q, doc, q.asked) if q.intent == Intent.DIFFERENCE else self.lookup(q, doc)

    def _named(self, q: Query, doc: DocumentMeta) -> list[Fact] | Answer | None:
        """The figures of the items a question names one by one (A、B和C), every one of them, or the
        answer that says which are missing; None when the question names no such list. Two names said
        once (在职和退休人员…) that the row matcher reads as two rows are that reading, not a miss."""
        parts = named_items(q, list(self.locate.doc_items(doc.doc)["row_name"].dropna().unique()))
        if not parts:
            return None
        facts, missing = operands(self.locate, q, doc, parts)
        if not missing:
            return facts
        # a reading as two names said once; never the basic parts of items printed whole elsewhere
        paired = [f for f in self.locate.pair(q, doc) if not prints_whole_elsewhere(self.locate, f, q.text)]
        named_rows = {norm(f.row_name) for f in paired}
        # as many different rows as items named, unless a missing item holds one, which coverage refused
        # (行政运行的基本工资 is not the row 行政运行)
        if len(named_rows) >= len(parts) and not any(row in norm(p) for p in missing for row in named_rows):
            return paired
        return self.compose.missing_operands(q, doc, missing, parts)

    def arithmetic(self, q: Query, doc: DocumentMeta, facts: list[Fact]) -> Answer:
        if q.intent == Intent.SUM:
            return self.compose.computed(q, doc, facts, arithmetic.total(facts), T.SUM)
        facts = in_one_table(self.locate.doc_items(doc.doc), facts)
        result = arithmetic.difference(facts[0], facts[1])
        # «A比B少多少» asks how far A falls short of B: B − A; «A和B相差多少» the gap's size
        # «A和B哪个多，多多少» asks the gap too, whichever is larger
        gap = re.search(lexicon.GAP_ASKED, q.text) and not re.search(lexicon.RISE_ASKED, q.text) or \
            re.search(lexicon.INTENT_CUES[Intent.COMPARISON], q.text)
        if re.search(lexicon.FALL_ASKED, q.text) or (result.value < 0 and gap):
            return self.compose.difference(q, doc, facts, arithmetic.difference(facts[1], facts[0]), shortfall=True)
        return self.compose.difference(q, doc, facts, result)

    def ratio(self, q: Query, doc: DocumentMeta) -> Answer:
        return share_answer(self.locate, self.compose, q, doc)

    def yoy(self, q: Query, doc: DocumentMeta) -> Answer:
        return change_answer(self.locate, self.compose, q, doc)

    # ---- orderings ----------------------------------------------------------------------------
    def ranking(self, q: Query, doc: DocumentMeta) -> Answer:
        smallest = bool(re.search(r"最少|最低|最小", q.text))
        named = self._named(q, doc)
        if isinstance(named, Answer):
            return named
        if named is not None:  # «A、B、C中哪一项最多» ranks exactly those
            facts = sorted(named, key=lambda f: f.value_yuan, reverse=not smallest)
            scope = T.NAMED_SCOPE.format(agency=doc.agency, year=doc.year or "", n=len(facts))
            return self.compose.ranking(q, doc, scope, smallest, facts, None)
        parent = self._first(q, doc) if self.locate.matches(q, doc) else None
        parent = parent if parent is not None and parent.kind == "table" else None
        rows = self.locate.children(parent) if parent else None
        scope = f"{doc.agency}{doc.year or ''}年「{parent.label}」" if parent else ""
        if (rows is None or rows.empty) and "项目" in q.text:  # 哪个项目最多: the document's projects
            rows, scope = self.locate.project_rows(doc, q.text), f"{doc.agency}{doc.year or ''}年项目"
        if rows is None or rows.empty:
            return self.compose.missing(q, doc, q.asked)
        facts = all_facts(arithmetic.ordered(rows, smallest))
        return self.compose.ranking(q, doc, scope, smallest, facts, parent)

    def compare_items(self, q: Query, doc: DocumentMeta) -> Answer:
        named = self._named(q, doc)
        if isinstance(named, Answer):
            return named
        facts = named or self.locate.pair(q, doc)
        if len(facts) < 2:
            return self.compose.missing(q, doc, q.asked)
        return self.compare(q, [(doc, f) for f in facts])

    def compare(self, q: Query, pairs: list[tuple[DocumentMeta, Fact]]) -> Answer:
        less = bool(_LESS.search(q.text))
        ranked = sorted(pairs, key=lambda p: p[1].value_yuan, reverse=not less)
        return self.compose.comparison(q, ranked, less)

    def list_rows(self, q: Query, doc: DocumentMeta) -> Answer | None:
        """The rows under a named row (or a document's projects), when a list question names one."""
        rows = None
        if self.locate.matches(q, doc):
            parent = self._first(q, doc)
            if parent is not None and parent.kind == "table":
                rows = self.locate.children(parent)
        if (rows is None or rows.empty) and "项目" in q.text:
            rows = self.locate.project_rows(doc, q.text)
        if rows is None or rows.empty:
            return None
        return self.compose.listing(q, doc, all_facts(rows))

    # ---- several documents --------------------------------------------------------------------
    def across_documents(self, q: Query, targets: list[DocumentMeta]) -> Answer:
        pairs = []
        for doc in targets:
            fact = self._first(q, doc)
            if fact is not None and fact.value_yuan is not None:
                pairs.append((doc, fact))
        if len(pairs) < 2:
            return refusal(q, T.REFUSE_ITEM.format(agency="所选", year="", kind="预算", item=q.asked))
        return self.compare(q, pairs)

    def between_documents(self, q: Query, targets: list[DocumentMeta]) -> Answer | None:
        """A sum or difference of one item across two named documents, in the order named."""
        facts = [self._first(q, d) for d in targets[:2]]
        if not all(f is not None and f.value_yuan is not None for f in facts):
            return None
        by_doc = {d.doc: d for d in targets}

        def named_at(f: Fact) -> int:
            d = by_doc[f.doc]
            return min((q.text.find(a) for a in [d.agency, *d.aliases] if a in q.text), default=99)

        return self.arithmetic(q, targets[0], sorted(facts, key=named_at))

    def each_document(self, q: Query, targets: list[DocumentMeta]) -> Answer:
        """No agency named: answer for every document that has the item, and ask which one."""
        if len(targets) > self.evidence.settings.max_documents_listed:
            # one line per document is no answer at hundreds of documents (and reads them all)
            return refusal(q, T.ASK_WHICH.format(known=self.compose.known(targets)))
        found = []
        for doc in targets:
            if not self.locate.matches(q, doc) and not q.columns:
                continue
            fact = self._first(q, doc)
            if fact is not None:
                found.append((doc, fact))
        if not found:
            return refusal(q, T.ASK_WHICH.format(known=self.compose.known(targets)))
        if len(found) == 1:
            return self.compose.only_document(q, *found[0])
        return self.compose.per_document(q, found)

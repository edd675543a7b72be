"""The answering API the CLI, the eval replay and the UI share: question -> typed Answer.

question -> understanding (documents, year, items, intent) -> route: numeric intents to their
handler (intents.py: locate facts, compute, compose), everything else to passages -> the number
guard and the optional LLM rewording. Numbers come only from the store or from arithmetic on it.
"""
from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pandas as pd

from core import lexicon
from core.config import Settings
from indexer import store
from indexer.models import DocumentMeta
from prompts import templates as T
from qa_app import heap
from qa_app.catalog import Catalog
from qa_app.compose import Composer, refusal
from qa_app.composition import asks_parts, parts_answer
from qa_app.followup import Turn, resolve
from qa_app.groups import grouped
from qa_app.guard import guard
from qa_app.intents import Handlers
from qa_app.locate import Locator
from qa_app.passage_answer import EvidenceContext, answer_from_passages
from qa_app.records import document_from_row
from qa_app.rewrite import rewrite
from qa_app.types import NUMERIC_INTENTS, Answer, IndexNotFoundError, Intent, Route
from qa_app.understanding import Query, item_text, understand
from qa_app.units import member_units, owner


class IndexMissingError(RuntimeError):
    pass


class QAService:
    """Loads the stores once; `ask` is safe to call from several threads (read-only state)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.index_dir = Path(settings.index_dir)
        if not store.db_path(self.index_dir).is_file():
            raise IndexMissingError(T.NO_INDEX)
        self._docs = store.load_documents(self.index_dir)
        self.doc_infos = [document_from_row(r) for r in self._docs.to_dict("records")]
        self._by_doc = {d.doc: d for d in self.doc_infos}
        self._catalog = Catalog(self.doc_infos)
        self.locate = Locator(self.index_dir, store.load_items(self.index_dir))
        self._units = member_units(self.locate.items, self.doc_infos)
        self.compose = Composer(self.locate.lines, store.load_findings(self.index_dir), self._by_doc,
                                settings.max_documents_listed)
        self.evidence = EvidenceContext(self.index_dir, settings, self._by_doc)
        self.handlers = Handlers(self.locate, self.compose, self.evidence)
        heap.freeze_loaded()

    # ---- public API -------------------------------------------------------------------------
    def documents(self) -> pd.DataFrame:
        return self._docs

    def ask(self, question: str, docs: list[str] | None = None, previous: Turn | None = None) -> Answer:
        """`previous`: the turn before in a conversation, so a follow-up (那去年呢？) is answered in
        its context; without it every question stands alone (the CLI and the eval by default)."""
        started = time.perf_counter()
        # invisible characters (zero-width, NUL, lone surrogates) do not make a question
        text = "".join(ch for ch in (question or "") if unicodedata.category(ch) not in ("Cf", "Cc", "Cs")
                       or ch in "\n\t").strip()
        if not text:
            return Answer(question=question or "", text=T.EMPTY, route=Route.NONE, intent=Intent.NONE, refused=True,
                          error="empty")
        if not re.search(r"[\u4e00-\u9fffA-Za-z]", text):
            return Answer(question=text, text=T.NO_WORDS, route=Route.NONE, intent=Intent.NONE, refused=True,
                          error="no words")
        if len(text) > self.settings.max_question_chars:
            limit = self.settings.max_question_chars
            return Answer(question=text[:200], text=T.TOO_LONG.format(n=len(text), limit=limit),
                          route=Route.NONE, intent=Intent.NONE, refused=True, error="too long")
        if not re.search(r"[\u4e00-\u9fff]", text):
            examples = self.suggestions(1)
            return Answer(question=text, text=T.NO_CHINESE.format(example=examples[0] if examples else ""),
                          route=Route.NONE, intent=Intent.NONE, refused=True, suggestions=examples)
        scope = [d for d in self.doc_infos if not docs or d.doc in docs]
        catalog = Catalog(scope) if docs else self._catalog
        follow = resolve(text, previous, catalog)
        q = understand(follow.question, catalog)
        notes = [follow.carried] if follow.carried else []
        owners = catalog.ending_with(q.unknown_agency) if q.unknown_agency else []
        if len(owners) == 1:  # the one indexed agency of that kind, called without its region
            agency = catalog.by_doc[owners[0]].agency
            notes.append(T.ONLY_AGENCY.format(phrase=q.unknown_agency, agency=agency))
            q = understand(follow.question.replace(q.unknown_agency, agency, 1), catalog)
        elif q.unknown_agency and (unit := owner(q.unknown_agency, {d.doc: self._units.get(d.doc, []) for d in scope})):
            # a member unit of an indexed department: its own rows in the department's tables answer
            doc, name = unit
            notes.append(T.MEMBER_UNIT.format(phrase=q.unknown_agency, agency=self._by_doc[doc].agency, unit=name))
            q = understand(follow.question.replace(q.unknown_agency, name, 1), catalog)
            q.docs, q.agency_named, q.unknown_agency = [doc], True, None
            # the unit's name is the item's first words: its region is not cut as the department's alias
            q.item_raw, q.item_text = item_text(q.text, [], rewrite=False), item_text(q.text, [])
        try:
            answer = self._answer(q, scope)
        except IndexNotFoundError as exc:  # the line items answer on; only passage search is down
            answer = refusal(q, T.NO_PASSAGE_INDEX.format(error=exc))
        answer.steps.insert(0, f"理解：意图 {q.intent}；文件 {', '.join(q.docs) or '未指明'}")
        # the optional LLM only rewords what already passed the guard, and is checked again
        answer = rewrite(guard(answer), self.settings)
        if notes:  # said after the guard: a carried year is no figure of the answer
            answer.text = "\n".join(notes) + f"\n\n{answer.text}"
            answer.steps.insert(0, f"{'；'.join(notes)}（按“{q.question}”回答）")
        answer.steps.append(f"耗时 {1000 * (time.perf_counter() - started):.0f} ms")
        return answer

    def suggestions(self, n: int = 6) -> list[str]:
        """Example questions built from what is indexed: each document's short name and real row names."""
        out: list[str] = []
        items = self.locate.items
        for d in self.doc_infos:
            named = [a for a in d.aliases if len(a) >= 4 and a.endswith(lexicon.SPOKEN_AGENCY_KINDS)]
            short = min(named, key=len, default=d.agency)
            rows = items[(items["doc"] == d.doc) & items["row_code"].notna()]
            if not rows.empty:
                r = rows.iloc[len(rows) // 2]
                out.append(f"{short}{d.year or ''}年{r['row_name']}是多少？")
            out.append(f"{short}的职责是什么？")
        return out[:n]

    # ---- routing ----------------------------------------------------------------------------
    def _answer(self, q: Query, scope: list[DocumentMeta]) -> Answer:
        if q.out_of_scope:
            return refusal(q, T.REFUSE_OUT_OF_SCOPE)
        if q.unknown_agency:
            owners = self._catalog.ending_with(q.unknown_agency)
            close = [self._by_doc[d].agency for d in owners] or self._catalog.closest(q.unknown_agency)
            if close:
                answer = refusal(q, T.DID_YOU_MEAN.format(agency=q.unknown_agency, choices="、".join(close)))
                answer.suggestions = [q.question.replace(q.unknown_agency, name) for name in close]
                return answer
            return refusal(q, T.REFUSE_UNKNOWN_AGENCY.format(agency=q.unknown_agency, known=self.compose.known(scope)))
        targets = [self._by_doc[d] for d in q.docs] if q.docs else list(scope)
        if q.final_accounts:
            # 决算 figures come only from final-accounts documents; a budget says which kind it is
            finals = [d for d in targets if d.stage == "决算"]
            if not finals:
                d = targets[0] if len(targets) == 1 else None
                return refusal(q, T.REFUSE_FINAL.format(agency=d.agency if d else "", kind=d.kind if d else "预算",
                                                        year=d.year or "") if d else T.REFUSE_FINAL_ALL)
            targets = finals
        if q.bad_year:
            name = targets[0].agency if q.docs else ""
            years = "、".join(sorted({str(d.year) for d in targets if d.year}))
            return refusal(q, T.REFUSE_YEAR.format(agency=name, year=q.bad_year, years=years))
        if q.docs and asks_parts(q):
            parts = parts_answer(self.locate, self.compose, q, targets[0])
            if parts is not None:
                return parts
        if q.intent in NUMERIC_INTENTS:
            answer = self._numeric(q, targets)
            finals = [d for d in targets if d.stage == "决算"]
            if (len(targets) == 1 and finals and not q.final_accounts and re.search(lexicon.BUDGET_WORDS, q.text)
                    and answer.value is not None):
                d = finals[0]
                answer.warnings.insert(0, T.KIND_IS_FINAL.format(agency=d.agency, kind=d.kind, year=d.year or ""))
            return answer
        if q.intent == Intent.LIST and q.docs:
            listed = self.handlers.list_rows(q, targets[0])
            if listed is not None:
                return listed
        return answer_from_passages(self.evidence, q, targets)

    def _numeric(self, q: Query, targets: list[DocumentMeta]) -> Answer:
        several = len(targets) > 1
        if several and q.intent in (Intent.RANKING, Intent.COMPARISON) and (
                q.docs or re.search(lexicon.AGENCY_ASKED, q.text)):
            group, count = grouped(q.text, targets) if not q.docs else (targets, None)
            if count is not None and count != len(group):  # «这五家…» and not five documents: which five?
                return refusal(q, T.GROUP_COUNT.format(n=count, found=len(group), known=self.compose.known(group)))
            return self.handlers.across_documents(q, group)
        if several and not q.docs and not q.agency_named:
            return self.handlers.each_document(q, targets)
        if several and q.intent in (Intent.SUM, Intent.DIFFERENCE):
            between = self.handlers.between_documents(q, targets)
            if between is not None:
                return between
        return self.handlers.answer(q, targets[0])

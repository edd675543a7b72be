"""The answering API the CLI, the eval replay and the UI share: question -> typed Answer.

question -> understanding (documents, year, items, intent) -> route (table, passage, both) ->
evidence (line items, narrative figures, passages) -> composed answer with citations, checked by
the number guard. Numbers come only from the store or from arithmetic on it.
"""
from __future__ import annotations

import re
import threading
import unicodedata
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from indexer import store
from indexer.numbers import UNIT_FACTORS, format_amount
from prompts import templates as T
from qa_app import heap, lexicon
from qa_app.config import Settings
from qa_app.evidence import (Fact, RowMatch, SourceLines, budget_total, candidates, columns_beyond_row, counted_nouns,
                              match_rows, norm, phrase_variants, pick, prose_change, prose_delta, prose_figure,
                              prose_prior, total_row)
from qa_app.evidence import facts as all_facts
from qa_app.guard import guard
from qa_app.instances import instance_label, named_instance, same_titled
from qa_app.rewrite import rewrite
from qa_app.types import Answer, Citation, IndexNotFoundError
from qa_app.understanding import Catalog, DocInfo, Query, understand

NUMERIC = {"lookup", "sum", "difference", "ratio", "yoy", "ranking", "comparison"}
CENT = Decimal("0.01")


class IndexMissingError(RuntimeError):
    pass


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def show(value: Decimal) -> str:
    return format_amount(q2(value))


class QAService:
    """Loads the stores once; `ask` is safe to call from several threads (read-only state)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.index_dir = Path(settings.index_dir)
        if not store.db_path(self.index_dir).is_file():
            raise IndexMissingError(T.NO_INDEX)
        self._docs = store.load_documents(self.index_dir)
        self.items = store.load_items(self.index_dir)
        self.findings = store.load_findings(self.index_dir)
        self.doc_infos = [DocInfo.from_record(r) for r in self._docs.to_dict("records")]
        self._by_doc = {d.doc: d for d in self.doc_infos}
        self._catalog = Catalog(self.doc_infos)
        # per-document frames split once: filtering the whole store on every step was most of a lookup's time
        self._items_by_doc = {doc: frame for doc, frame in self.items.groupby("doc", sort=False)}
        # findings by the source lines they cite: every answer checks its cited lines against them
        self._finding_rows = self.findings.to_dict("records")
        self._findings_at: dict[tuple[str, int], list[int]] = {}
        for i, r in enumerate(self._finding_rows):
            for line in {r["line_a"], r["line_b"]}:
                self._findings_at.setdefault((r["doc"], line), []).append(i)
        self._lines: dict[str, list[tuple[int, str]]] = {}
        self._lock = threading.Lock()
        heap.freeze_loaded()

    # ---- public API -------------------------------------------------------------------------
    def documents(self) -> pd.DataFrame:
        return self._docs

    def ask(self, question: str, docs: list[str] | None = None) -> Answer:
        started = time.perf_counter()
        # invisible characters (zero-width, NUL, lone surrogates) do not make a question
        text = "".join(ch for ch in (question or "") if unicodedata.category(ch) not in ("Cf", "Cc", "Cs")
                       or ch in "\n\t").strip()
        if not text:
            return Answer(question=question or "", text=T.EMPTY, route="none", intent="none", refused=True, error="empty")
        if not re.search(r"[\u4e00-\u9fffA-Za-z]", text):
            return Answer(question=text, text=T.NO_WORDS, route="none", intent="none", refused=True, error="no words")
        if len(text) > self.settings.max_question_chars:
            return Answer(question=text[:200], text=T.TOO_LONG.format(n=len(text), limit=self.settings.max_question_chars),
                          route="none", intent="none", refused=True, error="too long")
        scope = [d for d in self.doc_infos if not docs or d.doc in docs]
        q = understand(text, Catalog(scope) if docs else self._catalog)
        try:
            answer = self._answer(q, scope)
        except IndexNotFoundError as exc:  # the line items answer on; only passage search is down
            answer = self._refuse(q, T.NO_PASSAGE_INDEX.format(error=exc))
        answer.steps.insert(0, f"理解：意图 {q.intent}；文件 {', '.join(q.docs) or '未指明'}")
        # the optional LLM only rewords what already passed the guard, and is checked again
        answer = rewrite(guard(answer), self.settings)
        answer.steps.append(f"耗时 {1000 * (time.perf_counter() - started):.0f} ms")
        return answer

    def suggestions(self, n: int = 6) -> list[str]:
        """Example questions built from what is indexed: each document's short name and real row names."""
        out: list[str] = []
        for d in self.doc_infos:
            named = [a for a in d.aliases if len(a) >= 4 and re.search(r"(?:局|中心|委员会|办公室)$", a)]
            short = min(named, key=len, default=d.agency)
            rows = self.items[(self.items["doc"] == d.doc) & self.items["row_code"].notna()]
            if not rows.empty:
                r = rows.iloc[len(rows) // 2]
                out.append(f"{short}{d.year or ''}年{r['row_name']}是多少？")
            out.append(f"{short}的职责是什么？")
        return out[:n]

    # ---- routing ----------------------------------------------------------------------------
    def _answer(self, q: Query, scope: list[DocInfo]) -> Answer:
        if q.out_of_scope:
            return self._refuse(q, T.REFUSE_OUT_OF_SCOPE)
        if q.unknown_agency:
            return self._refuse(q, T.REFUSE_UNKNOWN_AGENCY.format(agency=q.unknown_agency, known=self._known(scope)))
        if q.final_accounts:
            return self._refuse(q, T.REFUSE_FINAL)
        targets = [self._by_doc[d] for d in q.docs] if q.docs else list(scope)
        if q.bad_year:
            name = targets[0].agency if q.docs else ""
            years = "、".join(sorted({str(d.year) for d in targets if d.year}))
            return self._refuse(q, T.REFUSE_YEAR.format(agency=name, year=q.bad_year, years=years))
        if not q.docs and not q.agency_named and q.intent not in ("ranking", "comparison") and len(targets) > 1:
            if q.intent in NUMERIC:
                return self._each_document(q, targets)
        if q.intent in NUMERIC:
            return self._numeric(q, targets)
        return self._passage(q, targets)

    def _known(self, docs: list[DocInfo]) -> str:
        """The indexed agencies, named in full only up to max_documents_listed."""
        names = sorted({d.agency for d in docs})
        limit = self.settings.max_documents_listed
        return "、".join(names) if len(names) <= limit else T.MANY_AGENCIES.format(
            names="、".join(names[:limit]), n=len(names))

    def _refuse(self, q: Query, message: str, steps: list[str] | None = None) -> Answer:
        return Answer(question=q.question, text=message, route="none", intent=q.intent, refused=True, steps=steps or [])

    def _numeric(self, q: Query, targets: list[DocInfo]) -> Answer:
        if q.intent in ("ranking", "comparison") and len(targets) > 1:
            return self._across_documents(q, targets)
        if q.intent in ("sum", "difference") and len(targets) > 1:
            facts = [self._find(q, d, (self._matches(q, d) or [None])[0])[0] for d in targets[:2]]
            if all(f is not None and f.value_yuan is not None for f in facts):
                ordered = sorted(facts, key=lambda f: min((q.text.find(a) for a in [self._by_doc[f.doc].agency, *self._by_doc[f.doc].aliases] if a in q.text), default=99))
                return self._arithmetic(q, targets[0], ordered)
        doc = targets[0]
        handler = {
            "lookup": self._lookup, "sum": self._combine, "difference": self._combine, "ratio": self._ratio,
            "yoy": self._yoy, "ranking": self._ranking, "comparison": self._compare_items,
        }[q.intent]
        return handler(q, doc)

    # ---- helpers ----------------------------------------------------------------------------
    def lines(self, doc: str) -> list[tuple[int, str]]:
        with self._lock:
            if doc not in self._lines:
                self._lines[doc] = SourceLines(store.source_lines(self.index_dir, doc, 1, 10**9))
            return self._lines[doc]

    def _doc_items(self, doc: str) -> pd.DataFrame:
        return self._items_by_doc.get(doc, self.items.iloc[0:0])

    def _cite(self, f: Fact) -> Citation:
        quote = dict(self.lines(f.doc)).get(f.line, "").strip()
        if f.kind == "prose":
            return Citation(doc=f.doc, kind="passage", line_start=f.line, line_end=f.line, quote=quote[:200],
                            row=f.row_name, value=f.value_text)
        return Citation(doc=f.doc, kind="table", line_start=f.line, line_end=f.line, quote=quote, table=f.table,
                        table_id=f.table_id, row=f.label, column=f.column, value=f.value_text)

    def _warnings(self, facts: list[Fact], others: list[Fact]) -> list[str]:
        out = [T.CONFLICT.format(table=o.table, line=o.line, value=o.value_text, unit=o.unit or "") for o in others[:3]]
        hits = sorted({i for f in facts for i in self._findings_at.get((f.doc, f.line), ())})
        for r in (self._finding_rows[i] for i in hits):  # in the store's order
            out.append(T.FINDING.format(message=r["message"], line_a=r["line_a"], value_a=r["value_a"],
                                        line_b=r["line_b"], value_b=r["value_b"]))
        return list(dict.fromkeys(out))

    def _find(self, q: Query, doc: DocInfo, match: RowMatch | None = None) -> tuple[Fact | None, list[Fact]]:
        """One figure for one named item (or, with no item, the column's 合计) in one document."""
        items = self._doc_items(doc.doc)
        if match is not None:
            columns = columns_beyond_row(q.text, match, q.columns)
            fact, others = pick(candidates(match, items), q.text, columns)
            if fact is None and columns:
                # the row has no such column: the column's total in the table the question
                # describes (…支出（不含上年结转）中的项目支出), else the row's own total
                fact, others = total_row(items, q.text + (match.name or ""), columns)
                if fact is None:
                    fact, others = pick(candidates(match, items), q.text, [])
            if fact is None and match.name:
                fact, others = prose_figure(self.lines(doc.doc), doc.doc, match.name), []
            return fact, others
        if q.whole_budget:
            fact, others = budget_total(items, q.text)
            if fact is not None:
                return fact, others
        counts = bool(re.search(r"几[个名人辆项家台]?|多少[人名辆个项家台]|人数|数量", q.text))
        if q.columns and not counts:
            fact, others = total_row(items, q.text, q.columns)
            if fact is not None:
                return fact, others
        titled = None if counts else self._table_named(q, items)
        if titled is not None:
            return titled, []
        lines = self.lines(doc.doc)
        unit = self._main_unit(doc.doc)
        names = counted_nouns(q.item_raw) if counts else self._terms(q) + q.columns
        fragments = phrase_variants(q.item_raw, 3 if counts else 4)
        for term, fragment in [(t, False) for t in names] + [(t, True) for t in fragments]:
            fact = prose_figure(lines, doc.doc, term, unit_hint=unit, counts=counts, fragment=fragment)
            if fact:
                return fact, []
        return None, []

    @staticmethod
    def _terms(q: Query) -> list[str]:
        terms = {v for v in lexicon.ITEM_SYNONYMS.values() if v in q.item_text}
        return sorted(terms, key=len, reverse=True)

    def _table_named(self, q: Query, items: pd.DataFrame) -> Fact | None:
        """An item that is a whole table (三公经费 -> the 三公经费 table): that table's total."""
        tables = {t: norm(t) for t in items["table"].unique()}
        for term in self._terms(q) + phrase_variants(q.item_raw, 5):
            named = [t for t, normed in tables.items() if term in normed]
            if not named:
                continue
            hit = items[items["table"].isin(named) & items["value_yuan"].notna()]
            if hit.empty:
                continue
            totals = hit[hit["row_name"].isin(lexicon.TOTAL_ROWS)]
            if not totals.empty:
                return pick(totals, q.text, [])[0]
            first = hit.sort_values(["line", "col_index"]).iloc[0]
            return pick(hit[hit["line"] == first["line"]].head(1), q.text, [])[0]
        return None

    def _describe(self, f: Fact) -> str:
        col = "" if not f.column or f.column in ("数值", f.row_name) else f"（{f.column}）"
        return f"{f.label}{col}"

    def _refuse_missing(self, q: Query, doc: DocInfo, what: str) -> Answer:
        return self._refuse(q, T.REFUSE_ITEM.format(agency=doc.agency, year=doc.year or "", item=what))

    def _check_codes(self, q: Query, doc: DocInfo) -> Answer | None:
        items = self._doc_items(doc.doc)
        for code in q.codes:
            if not (items["row_code"] == code).any():
                return self._refuse(q, T.REFUSE_CODE.format(agency=doc.agency, year=doc.year or "", code=code))
        if q.odd_codes:
            return self._refuse(q, T.REFUSE_CODE.format(agency=doc.agency, year=doc.year or "", code=q.odd_codes[0]))
        return None

    def _matches(self, q: Query, doc: DocInfo) -> list[RowMatch]:
        return match_rows(q.item_raw, q.item_text, q.codes, self._doc_items(doc.doc))

    def _main_unit(self, doc: str) -> str | None:
        units = self._doc_items(doc)["unit"].dropna()
        return units.mode().iloc[0] if not units.empty else None

    # ---- numeric intents --------------------------------------------------------------------
    def _lookup(self, q: Query, doc: DocInfo) -> Answer:
        bad = self._check_codes(q, doc)
        if bad:
            return bad
        matches = self._matches(q, doc)
        fact, others = self._find(q, doc, matches[0] if matches else None)
        if fact is None:
            return self._text_instead(q, doc)
        instances = same_titled(fact, others)
        if instances:
            texts = self._table_texts(doc.doc, instances)
            rest = norm(q.item_raw).replace(norm(fact.row_name), " ")
            chosen = named_instance(rest, instances, texts)
            if chosen is None:
                return self._which_instance(q, doc, instances, texts)
            fact, others = chosen, [o for o in others if o not in instances]
        return self._single(q, doc, fact, others)

    def _table_texts(self, doc: str, facts: list[Fact]) -> list[str]:
        """Each fact's whole table as printed (read only on this rare path, not at start-up)."""
        tables = store.load_tables(self.index_dir, doc)
        spans = {r.table_id: (int(r.line_start), int(r.line_end)) for r in tables.itertuples()}
        lines = self.lines(doc)
        out = []
        for f in facts:
            start, end = spans.get(f.table_id, (f.line, f.line))
            out.append("\n".join(text for n, text in lines if start <= n <= end))
        return out

    def _which_instance(self, q: Query, doc: DocInfo, instances: list[Fact], texts: list[str]) -> Answer:
        """Several same-titled tables each hold the row: list them and ask which one, never pick."""
        labels = [instance_label(t) for t in texts]
        choices = "；".join(T.INSTANCE_CHOICE.format(label=label or T.LINE.format(line=f.line), value=f.value_text,
                                                    unit=f.unit or "", line=f.line)
                           for f, label in zip(instances, labels))
        text = T.WHICH_INSTANCE.format(agency=doc.agency, year=doc.year or "", table=instances[0].table,
                                       item=self._describe(instances[0]), choices=choices)
        return Answer(question=q.question, text=text, route="table", intent=q.intent,
                      citations=[self._cite(f) for f in instances], docs=[doc.doc],
                      steps=["同名表各有此行：" + "；".join(label for label in labels if label)])

    def _text_instead(self, q: Query, doc: DocInfo) -> Answer:
        """No figure for it: where the narrative or a target table speaks of the thing asked
        (a 绩效指标 such as 响应时间), quote it; otherwise say it is not in the document."""
        from qa_app.passage_answer import answer_from_passages

        refusal = self._refuse_missing(q, doc, q.item_text.strip(" ？?") or q.text)
        if q.codes or q.odd_codes:
            return refusal
        quoted = answer_from_passages(self, q, [doc], min_terms=2)
        if quoted.refused:
            return refusal
        quoted.warnings.insert(0, "表格中没有这一项的数字；以下是文件中相关的原文。")
        return quoted

    def _single(self, q: Query, doc: DocInfo, fact: Fact, others: list[Fact]) -> Answer:
        extra = ""
        if fact.unit == "元" and fact.value_yuan is not None and fact.value_yuan >= 10000 and "万元" in q.text:
            extra = T.UNIT_NOTE.format(converted=show(fact.value_yuan / UNIT_FACTORS["万元"]), unit2="万元")
        fields = dict(agency=doc.agency, year=doc.year or "", table=fact.table, item=self._describe(fact),
                      column="", value=fact.value_text, unit=fact.unit or "", extra=extra, line=fact.line)
        text = (T.LOOKUP if fact.kind == "table" else T.LOOKUP_PROSE).format(**fields)
        formula = f"{fact.value_text}元 ÷ 10000 = {show(fact.value_yuan / UNIT_FACTORS['万元'])}万元" if extra else None
        return Answer(question=q.question, text=text, route="table" if fact.kind == "table" else "both",
                      intent=q.intent, value=fact.amount, unit=fact.unit, citations=[self._cite(fact)], formula=formula,
                      warnings=self._warnings([fact], others), docs=[doc.doc],
                      steps=[f"证据：{fact.table or '说明文字'} 第{fact.line}行"])

    def _pair(self, q: Query, doc: DocInfo) -> list[Fact]:
        """The figures a two-operand question names, in the order it names them."""
        matches = self._matches(q, doc)
        facts: list[Fact] = []
        if len(matches) >= 2:
            for m in matches[:2]:
                fact, _ = self._find(q, doc, m)
                if fact:
                    facts.append(fact)
        elif len(matches) == 1:
            rows = candidates(matches[0], self._doc_items(doc.doc))
            first, _ = pick(rows, q.text, columns_beyond_row(q.text, matches[0], q.columns))
            if first is not None:
                same = rows[(rows["table_id"] == first.table_id) & (rows["column"] == first.column)]
                if len(same) >= 2:  # one name printed on several rows of a table: add them up
                    facts = [Fact(**{**first.__dict__, "value_text": r["value"], "value_yuan": r["value_yuan"],
                                     "line": int(r["line"]), "row_index": int(r["row_index"])})
                             for _, r in same.iterrows()]
                else:
                    facts = [first]
        if not facts and len(q.columns) >= 2:
            ordered = sorted(q.columns, key=lambda c: q.text.find(c))
            for col in ordered[:2]:
                fact, _ = total_row(self._doc_items(doc.doc), q.text, [col])
                if fact:
                    facts.append(fact)
        return facts

    def _combine(self, q: Query, doc: DocInfo) -> Answer:
        bad = self._check_codes(q, doc)
        if bad:
            return bad
        facts = self._pair(q, doc)
        if len(facts) == 1 or (not facts and q.columns):
            return self._lookup(q, doc)  # 一共/合计 about one item is a lookup of its total
        if len(facts) < 2:
            return self._refuse_missing(q, doc, q.item_text.strip(" ？?"))
        return self._arithmetic(q, doc, facts)

    def _arithmetic(self, q: Query, doc: DocInfo, facts: list[Fact]) -> Answer:
        unit = facts[0].unit or "元"
        values = [f.value_yuan / UNIT_FACTORS.get(unit, 1) for f in facts]
        if q.intent == "sum":
            result = sum(values, Decimal(0))
            formula = " + ".join(f"{self._describe(f)} {show(v)}" for f, v in zip(facts, values))
            template = T.SUM
        else:
            result = values[0] - values[1]
            formula = f"{self._describe(facts[0])} {show(values[0])} − {self._describe(facts[1])} {show(values[1])}"
            template = T.DIFFERENCE
        return self._computed(q, doc, facts, q2(result), unit, formula, template)

    def _computed(self, q, doc, facts, result, unit, formula, template) -> Answer:
        agency = doc.agency if len({f.doc for f in facts}) == 1 else "、".join(dict.fromkeys(self._by_doc[f.doc].agency for f in facts))
        text = template.format(agency=agency, year=doc.year or "", formula=formula, value=show(result), unit=unit)
        return Answer(question=q.question, text=text, route="table", intent=q.intent, value=result, unit=unit,
                      citations=[self._cite(f) for f in facts], formula=formula,
                      warnings=self._warnings(facts, []), docs=sorted({f.doc for f in facts}),
                      steps=[f"证据：{len(facts)} 个单元格；计算：{formula}"])

    def _ratio(self, q: Query, doc: DocInfo) -> Answer:
        facts = self._pair(q, doc)
        if len(facts) == 1 or (not facts and q.columns):
            part = facts[0] if facts else total_row(self._doc_items(doc.doc), q.text, q.columns[:1])[0]
            whole = self._whole_of(part) if part else None
            facts = [f for f in (part, whole) if f]
        if len(facts) < 2 or not facts[1].value_yuan:
            return self._refuse_missing(q, doc, q.item_text.strip(" ？?"))
        a, b = facts
        result = q2(a.value_yuan / b.value_yuan * 100)
        formula = f"{self._describe(a)} {show(a.amount)} ÷ {self._describe(b)} {show(b.amount)} × 100%"
        ans = self._computed(q, doc, facts, result, "%", formula, T.RATIO)
        return ans

    def _whole_of(self, part: Fact) -> Fact | None:
        """The total a share is taken of: the 合计 row of the part's table, in its column when the
        part is a row, in the table's total column when the part is a column of the 合计 row."""
        items = self._doc_items(part.doc)
        table = items[(items["table_id"] == part.table_id) & items["value_yuan"].notna()]
        totals = table[table["row_name"].isin(lexicon.TOTAL_ROWS)]
        if totals.empty:
            return None
        if part.row_name in lexicon.TOTAL_ROWS:
            row = totals[totals["row_index"] == part.row_index]
            whole = row[row["column"].isin(lexicon.TOTAL_COLUMNS)].sort_values("col_index")
        else:
            whole = totals[totals["col_index"] == part.col_index]
        return pick(whole.head(1), "", [])[0] if not whole.empty else None

    def _yoy(self, q: Query, doc: DocInfo) -> Answer:
        matches = self._matches(q, doc)
        names = [m.name for m in matches if m.name] + q.columns + self._terms(q)
        names += [t for t in ("预算支出", "预算收入", "收入总计", "支出总计", "收入预算", "支出预算", "一般公共预算拨款支出",
                              "一般公共预算支出", "当年拨款", "财政拨款收入", "财政拨款", "收入总合计", "收入")
                  if t in q.text]
        names = list(dict.fromkeys(names))
        lines = self.lines(doc.doc)
        if q.prior_year and not q.wants_percent:
            stated = prose_prior(lines, doc.doc, names)
            if stated is not None:
                ans = self._single(q, doc, stated, [])
                ans.text = ans.text.replace("说明部分，", "说明部分（上年数），")
                return ans
        change = prose_change(lines, doc.doc, names)
        if change is not None:
            cur, delta_yuan, pct, line, quote, cites = change.current, change.delta_yuan, change.percent, change.line, change.quote, []
        else:
            found = prose_delta(lines, names)
            cur = None
            if found:
                item = found[0]
                match = next((m for m in matches if m.name == item), None)
                cur = self._find(q, doc, match)[0] if match else total_row(self._doc_items(doc.doc), q.text, [item])[0]
            if not found or cur is None:
                return self._refuse_missing(q, doc, (q.item_text.strip(" ？?") or "上年数") + "（与上年的比较）")
            _, delta_yuan, line, quote = found
            pct, cites = None, [self._cite(cur)]
        unit = cur.unit or "万元"
        factor = UNIT_FACTORS.get(unit, Decimal(1))
        delta = delta_yuan / factor
        direction = "增加" if delta >= 0 else "减少"
        base = dict(agency=doc.agency, year=doc.year or "", item=cur.row_name, current=cur.value_text, unit=unit,
                    direction=direction, delta=show(abs(delta)), line=line)
        prior = cur.amount - delta
        if q.wants_percent:
            if pct is not None:
                # a question about a 降幅 wants its size; the sign is in the wording (减少)
                value = abs(pct) if re.search(r"降幅|下降|减少", q.text) else pct
                how = "文件所列变动幅度为 "
            else:
                value, how = q2(delta / prior * 100), f"变动幅度 = {show(delta)} ÷ {show(prior)} × 100% = "
            text, out_unit, formula = T.YOY_PERCENT.format(**base, how=how, value=show(value)), "%", how
        elif q.prior_year:
            formula = f"{cur.value_text} − ({show(delta)})" if delta < 0 else f"{cur.value_text} − {show(delta)}"
            value, out_unit = q2(prior), unit
            text = T.YOY_PRIOR.format(**base, formula=formula, value=show(value))
        else:
            value, out_unit, formula = q2(abs(delta)), unit, None
            text = T.YOY_DELTA.format(**base, value=show(value))
        cite = Citation(doc=doc.doc, kind="passage", line_start=line, line_end=line, quote=quote,
                        row=cur.row_name, value=cur.value_text)
        return Answer(question=q.question, text=text, route="both", intent=q.intent, value=value, unit=out_unit,
                      citations=[cite, *cites], formula=formula, docs=[doc.doc],
                      steps=[f"证据：说明文字第{line}行的同比表述"])

    def _children(self, parent: Fact) -> pd.DataFrame:
        """Rows under a row in the same table and column: by 科目编码 where codes exist, else the
        rows right below it whose figures add up to it."""
        items = self._doc_items(parent.doc)
        table = items[(items["table_id"] == parent.table_id) & (items["col_index"] == parent.col_index)
                      & items["value_yuan"].notna()]
        if parent.row_code:
            kids = table[table["parent_code"] == parent.row_code]
            if not kids.empty:
                return kids
        below = table[table["row_index"] > parent.row_index].sort_values("row_index")
        total, picked = Decimal(0), []
        for idx, r in below.iterrows():
            total += r["value_yuan"]
            picked.append(idx)
            if abs(total - parent.value_yuan) <= Decimal("0.01") * UNIT_FACTORS.get(parent.unit or "元", 1) * len(picked):
                return table.loc[picked]
            if total > parent.value_yuan:
                break
        return table.iloc[0:0]

    def _ranking(self, q: Query, doc: DocInfo) -> Answer:
        matches = self._matches(q, doc)
        parent = self._find(q, doc, matches[0])[0] if matches else None
        rows = self._children(parent) if parent and parent.kind == "table" else None
        scope = f"{doc.agency}{doc.year or ''}年「{parent.label}」" if parent else ""
        if rows is None or rows.empty:
            rows, scope = self._project_rows(doc), f"{doc.agency}{doc.year or ''}年项目"
        if rows is None or rows.empty:
            return self._refuse_missing(q, doc, q.item_text.strip(" ？?"))
        smallest = bool(re.search(r"最少|最低|最小", q.text))
        ordered = rows.sort_values("value_yuan", ascending=smallest)
        facts = all_facts(ordered)
        top = facts[0]
        order = "；".join(f"{f.label} {f.value_text}{f.unit or ''}" for f in facts[:5])
        text = T.RANKING.format(scope=scope, which="最少" if smallest else "最多", item=top.label, value=top.value_text,
                                unit=top.unit or "", source=f"《{top.table}》", line=top.line, order=order)
        cited = ([parent] if parent is not None and parent.kind == "table" else []) + facts[:5]
        return Answer(question=q.question, text=text, route="table", intent=q.intent, value=top.amount, unit=top.unit,
                      citations=[self._cite(f) for f in cited], warnings=self._warnings([top], []),
                      docs=[doc.doc], steps=[f"比较了 {len(facts)} 行"])

    def _project_rows(self, doc: DocInfo) -> pd.DataFrame | None:
        """Project lines of a project table: no codes, no totals, not the agency's own rows, and
        not group rows whose figure repeats the table total."""
        items = self._doc_items(doc.doc)
        tables = items[items["table"].str.contains("项目|专项") & ~items["table"].str.contains("绩效")
                       & items["value_yuan"].notna()]
        if tables.empty:
            return None
        kept = []
        for _, t in tables.groupby("table_id"):
            first_col = t.groupby("row_index")["col_index"].transform("min")
            t = t[t["col_index"] == first_col]
            top = t["value_yuan"].max()
            names = {doc.agency, *doc.aliases}
            keep = t[t["row_code"].isna() & ~t["row_name"].isin(lexicon.TOTAL_ROWS) & ~t["row_name"].isin(names)
                     & ~t["row_name"].map(lambda n: any(n.endswith(s) for s in ("局", "中心")) or n.endswith("项目"))]
            repeated = keep[keep["value_yuan"] == top]
            if len(repeated) > 1 or (len(keep) > 1 and len(repeated) == 1 and top == keep["value_yuan"].sum() - top):
                keep = keep[keep["value_yuan"] != top]  # group rows that repeat the table total
            kept.append(keep)
        return pd.concat(kept) if kept else None

    def _compare_items(self, q: Query, doc: DocInfo) -> Answer:
        facts = self._pair(q, doc)
        if len(facts) < 2:
            return self._refuse_missing(q, doc, q.item_text.strip(" ？?"))
        return self._compare(q, [(doc, f) for f in facts])

    def _compare(self, q: Query, pairs: list[tuple[DocInfo, Fact]]) -> Answer:
        less = bool(re.search(r"更少|更低|最少|最低", q.text))
        ranked = sorted(pairs, key=lambda p: p[1].value_yuan, reverse=not less)
        multi = len({d.doc for d, _ in pairs}) > 1
        name = (lambda d, f: d.agency) if multi else (lambda d, f: f.label)
        order = "；".join(f"{name(d, f)} {f.value_text}{f.unit or ''}（{d.doc} 第{f.line}行）" for d, f in ranked)
        winner_doc, winner = ranked[0]
        intent_text = T.COMPARISON if q.intent == "comparison" else T.RANKING
        text = (T.COMPARISON.format(winner=name(winner_doc, winner), more="少" if less else "多", order=order)
                if intent_text is T.COMPARISON else
                T.RANKING.format(scope="已索引单位", which="最少" if less else "最多", item=name(winner_doc, winner),
                                 value=winner.value_text, unit=winner.unit or "", source=f"{winner_doc.doc}《{winner.table or '说明'}》",
                                 line=winner.line, order=order))
        facts = [f for _, f in ranked]
        return Answer(question=q.question, text=text, route="table", intent=q.intent, value=winner.amount,
                      unit=winner.unit, citations=[self._cite(f) for f in facts],
                      warnings=self._warnings(facts, []), docs=sorted({d.doc for d, _ in pairs}),
                      steps=[f"比较 {len(pairs)} 个数字"])

    def _across_documents(self, q: Query, targets: list[DocInfo]) -> Answer:
        pairs = []
        for doc in targets:
            matches = self._matches(q, doc)
            fact, _ = self._find(q, doc, matches[0] if matches else None)
            if fact is not None and fact.value_yuan is not None:
                pairs.append((doc, fact))
        if len(pairs) < 2:
            return self._refuse(q, T.REFUSE_ITEM.format(agency="所选", year="", item=q.item_text.strip(" ？?")))
        return self._compare(q, pairs)

    def _each_document(self, q: Query, targets: list[DocInfo]) -> Answer:
        """No agency named: answer for every document that has the item, and ask which one."""
        if len(targets) > self.settings.max_documents_listed:
            # one line per document is no answer at hundreds of documents (and reads them all)
            return self._refuse(q, T.ASK_WHICH.format(known=self._known(targets)))
        found = []
        for doc in targets:
            if self._check_codes(q, doc):
                continue
            matches = self._matches(q, doc)
            if not matches and not q.columns:
                continue
            fact, _ = self._find(q, doc, matches[0] if matches else None)
            if fact is not None:
                found.append((doc, fact))
        if not found:
            return self._refuse(q, T.ASK_WHICH.format(known=self._known(targets)))
        if len(found) == 1:
            doc, fact = found[0]
            ans = self._single(q, doc, fact, [])
            ans.warnings.insert(0, f"问题未指明单位；只有{doc.agency}的文件中有此项。")
            return ans
        parts = "；".join(T.MULTI_DOC_PART.format(agency=d.agency, year=d.year or "", value=f.value_text,
                                                   unit=f.unit or "", doc=d.doc, line=f.line) for d, f in found)
        text = T.MULTI_DOC.format(n=len(found), item=self._describe(found[0][1]), parts=parts)
        return Answer(question=q.question, text=text, route="table", intent=q.intent,
                      citations=[self._cite(f) for _, f in found], docs=[d.doc for d, _ in found],
                      steps=[f"未指明单位：逐个文件查找，{len(found)} 份文件有此项"])

    # ---- passages ---------------------------------------------------------------------------
    def _passage(self, q: Query, targets: list[DocInfo]) -> Answer:
        from qa_app.passage_answer import answer_from_passages

        if q.intent == "list":
            for doc in targets[:1] if q.docs else []:
                listed = self._list_rows(q, doc)
                if listed is not None:
                    return listed
        return answer_from_passages(self, q, targets)

    def _list_rows(self, q: Query, doc: DocInfo) -> Answer | None:
        matches = self._matches(q, doc)
        rows = None
        if matches:
            parent = self._find(q, doc, matches[0])[0]
            if parent is not None and parent.kind == "table":
                rows = self._children(parent)
        if (rows is None or rows.empty) and "项目" in q.text:
            rows = self._project_rows(doc)
        if rows is None or rows.empty:
            return None
        facts = all_facts(rows)
        names = "；".join(f"{f.label} {f.value_text}{f.unit or ''}" for f in facts)
        text = T.LIST.format(agency=doc.agency, year=doc.year or "", table=facts[0].table, n=len(facts), names=names)
        return Answer(question=q.question, text=text, route="table", intent="list",
                      citations=[self._cite(f) for f in facts], docs=[doc.doc], steps=[f"列出 {len(facts)} 行"])

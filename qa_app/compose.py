"""Composing answers: the one place a numeric Answer is built. Wording comes from
prompts/templates.py; every figure comes from a Fact or a Computed result, and every Fact
shown is cited with its source line and checked against the reconciliation findings."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pandas as pd

from core import lexicon
from indexer.models import DocumentMeta
from indexer.numbers import UNIT_FACTORS
from prompts import templates as T
from qa_app.arithmetic import Computed, change_in_unit, change_percent, q2, show
from qa_app.instances import instance_label
from qa_app.records import Fact, describe, target_bound
from qa_app.types import Answer, Citation, Route
from qa_app.understanding import Query

CONFLICT = "conflict"  # a citation's role: the other figure a conflict warning names


def _of(doc: DocumentMeta) -> dict[str, str]:
    """How an answer names its source document: whose, which year, budget or final accounts."""
    return dict(agency=doc.agency, year=doc.year or "", kind=doc.stage)


def refusal(q: Query, message: str, steps: list[str] | None = None) -> Answer:
    return Answer(question=q.question, text=message, route=Route.NONE, intent=q.intent, refused=True,
                  steps=steps or [])


class Composer:
    def __init__(self, lines: Callable[[str], list[tuple[int, str]]], findings: pd.DataFrame,
                 by_doc: dict[str, DocumentMeta], max_listed: int):
        self._lines = lines
        self._by_doc = by_doc
        self._max_listed = max_listed
        # findings by the source lines they cite: every answer checks its cited lines against them
        self.finding_rows = findings.to_dict("records")
        self._findings_at: dict[tuple[str, int], list[int]] = {}
        for i, r in enumerate(self.finding_rows):
            for line in {r["line_a"], r["line_b"]}:
                self._findings_at.setdefault((r["doc"], line), []).append(i)

    # ---- parts --------------------------------------------------------------------------------
    def cite(self, f: Fact) -> Citation:
        quote = dict(self._lines(f.doc)).get(f.line, "").strip()
        if f.kind == "prose":
            return Citation(doc=f.doc, kind="passage", line_start=f.line, line_end=f.line, quote=quote[:200],
                            row=f.row_name, value=f.value_text)
        return Citation(doc=f.doc, kind="table", line_start=f.line, line_end=f.line, quote=quote, table=f.table,
                        table_id=f.table_id, row=f.label, column=f.column, value=f.value_text)

    def warnings(self, facts: list[Fact], others: list[Fact]) -> list[str]:
        out = [T.CONFLICT.format(table=o.table, line=o.line, value=o.value_text, unit=o.unit or "") for o in others[:3]]
        # a finding is about a fact when it read that cell: its line, and its column where it names one
        # (one printed line can hold several items: a one-row 三公 table)
        hits = sorted({i for f in facts for i in self._findings_at.get((f.doc, f.line), ())
                       if self._reads_cell(self.finding_rows[i], f)})
        for r in (self.finding_rows[i] for i in hits):  # in the store's order
            out.append(T.FINDING.format(message=r["message"], line_a=r["line_a"], value_a=r["value_a"],
                                        line_b=r["line_b"], value_b=r["value_b"]))
        return list(dict.fromkeys(out))

    def conflicts(self, facts: list[Fact], others: list[Fact]) -> list[Citation]:
        """The other figure of each warning, cited in its own right (its line, its printed value)."""
        out = [replace(self.cite(o), role=CONFLICT) for o in others[:3]]
        cited = {(f.doc, f.line) for f in facts}
        # a finding is about a fact when it read that cell: its line, and its column where it names one
        # (one printed line can hold several items: a one-row 三公 table)
        hits = sorted({i for f in facts for i in self._findings_at.get((f.doc, f.line), ())
                       if self._reads_cell(self.finding_rows[i], f)})
        for r in (self.finding_rows[i] for i in hits):
            for line, value in ((r["line_a"], r["value_a"]), (r["line_b"], r["value_b"])):
                if (r["doc"], line) not in cited and not any(c.doc == r["doc"] and c.line_start == line for c in out):
                    quote = dict(self._lines(r["doc"])).get(line, "").strip()
                    figure = re.match(r"-?[\d,]+(?:\.\d+)?", str(value))  # a finding's value carries its unit
                    out.append(Citation(doc=r["doc"], kind="passage", line_start=line, line_end=line, quote=quote,
                                        value=figure.group() if figure else None, role=CONFLICT))
        return out

    @staticmethod
    def _reads_cell(finding, fact: Fact) -> bool:
        at = [loc for loc in finding.get("locations") or [] if loc.get("line") == fact.line]
        return not at or any(not loc.get("column") or not fact.column or loc.get("column") == fact.column
                             for loc in at)

    def known(self, docs: list[DocumentMeta]) -> str:
        """The indexed agencies, named in full only up to max_documents_listed."""
        names = sorted({d.agency for d in docs})
        limit = self._max_listed
        return "、".join(names) if len(names) <= limit else T.MANY_AGENCIES.format(
            names="、".join(names[:limit]), n=len(names))

    # ---- refusals -----------------------------------------------------------------------------
    @staticmethod
    def missing(q: Query, doc: DocumentMeta, what: str) -> Answer:
        return refusal(q, T.REFUSE_ITEM.format(**_of(doc), item=what))

    @staticmethod
    def not_covered(q: Query, doc: DocumentMeta, what: str, closest: list[str], steps: list[str]) -> Answer:
        """The located figure is not the one asked: say the item is not found, and what is near it."""
        text = T.REFUSE_ITEM.format(**_of(doc), item=what)
        if closest:
            text += T.CLOSEST_ROWS.format(names="、".join(closest))
        return refusal(q, text, steps)

    @staticmethod
    def missing_operands(q: Query, doc: DocumentMeta, missing: list[str], named: list[str]) -> Answer:
        """A sum, difference or ranking over named items one of which is not found: no partial figure."""
        text = T.REFUSE_OPERANDS.format(**_of(doc), missing="」「".join(missing), named="、".join(named))
        return refusal(q, text, [f"未找到：{'、'.join(missing)}"])

    @staticmethod
    def not_together(q: Query, doc: DocumentMeta, part: Fact, whole: Fact) -> Answer:
        text = T.REFUSE_NOT_TOGETHER.format(**_of(doc), part=describe(part), whole=describe(whole))
        return refusal(q, text, [f"{describe(part)} 与 {describe(whole)} 不在同一行或同一列"])

    @staticmethod
    def missing_code(q: Query, doc: DocumentMeta, code: str) -> Answer:
        return refusal(q, T.REFUSE_CODE.format(**_of(doc), code=code))

    # ---- one figure ---------------------------------------------------------------------------
    def single(self, q: Query, doc: DocumentMeta, fact: Fact, others: list[Fact], prior: bool = False) -> Answer:
        extra = ""
        if fact.unit == "元" and fact.value_yuan is not None and fact.value_yuan >= 10000 and "万元" in q.text:
            extra = T.UNIT_NOTE.format(converted=show(fact.value_yuan / UNIT_FACTORS["万元"]), unit2="万元")
        fields = dict(**_of(doc), table=fact.table, item=describe(fact),
                      column="", value=target_bound(fact) + fact.value_text, unit=fact.unit or "", extra=extra,
                      line=fact.line)
        template = T.LOOKUP if fact.kind == "table" else T.LOOKUP_PROSE_PRIOR if prior else T.LOOKUP_PROSE
        formula = f"{fact.value_text}元 ÷ 10000 = {show(fact.value_yuan / UNIT_FACTORS['万元'])}万元" if extra else None
        return Answer(question=q.question, text=template.format(**fields),
                      route=Route.TABLE if fact.kind == "table" else Route.BOTH,
                      intent=q.intent, value=fact.amount, unit=fact.unit, formula=formula,
                      citations=[self.cite(fact), *self.conflicts([fact], others)],
                      warnings=self.warnings([fact], others), docs=[doc.doc],
                      steps=[f"证据：{fact.table or '说明文字'} 第{fact.line}行"])

    def only_document(self, q: Query, doc: DocumentMeta, fact: Fact) -> Answer:
        answer = self.single(q, doc, fact, [])
        answer.warnings.insert(0, T.ONLY_ONE_DOC.format(agency=doc.agency))
        return answer

    def which_scope(self, q: Query, doc: DocumentMeta, facts: list[Fact]) -> Answer:
        """An item printed whole and as one fund's part with different figures, the question naming
        no fund: both figures with their tables, and no one value."""
        choices = "；".join(T.SCOPE_CHOICE.format(table=f.table, column=f.column or "", value=f.value_text,
                                                 unit=f.unit or "", line=f.line) for f in facts)
        text = T.WHICH_SCOPE.format(**_of(doc), item=describe(facts[0]), choices=choices)
        return Answer(question=q.question, text=text, route=Route.TABLE, intent=q.intent,
                      citations=[self.cite(f) for f in facts], docs=[doc.doc],
                      steps=["覆盖检查：两种口径（全部资金 / 单一资金来源）的数字不同，问题没有说明是哪一个"])

    def which_instance(self, q: Query, doc: DocumentMeta, instances: list[Fact], texts: list[str]) -> Answer:
        """Several same-titled tables each hold the row: list them and ask which one, never pick."""
        labels = [instance_label(t) for t in texts]
        choices = "；".join(T.INSTANCE_CHOICE.format(label=label or T.LINE.format(line=f.line), value=f.value_text,
                                                    unit=f.unit or "", line=f.line)
                           for f, label in zip(instances, labels))
        text = T.WHICH_INSTANCE.format(**_of(doc), table=instances[0].table,
                                       item=describe(instances[0]), choices=choices)
        return Answer(question=q.question, text=text, route=Route.TABLE, intent=q.intent,
                      citations=[self.cite(f) for f in instances], docs=[doc.doc],
                      steps=["同名表各有此行：" + "；".join(label for label in labels if label)])

    def per_document(self, q: Query, found: list[tuple[DocumentMeta, Fact]]) -> Answer:
        parts = "；".join(T.MULTI_DOC_PART.format(agency=d.agency, year=d.year or "", value=f.value_text,
                                                   unit=f.unit or "", doc=d.doc, line=f.line) for d, f in found)
        text = T.MULTI_DOC.format(n=len(found), item=describe(found[0][1]), parts=parts)
        return Answer(question=q.question, text=text, route=Route.TABLE, intent=q.intent,
                      citations=[self.cite(f) for _, f in found], docs=[d.doc for d, _ in found],
                      steps=[f"未指明单位：逐个文件查找，{len(found)} 份文件有此项"])

    @staticmethod
    def quoted_instead(quoted: Answer) -> Answer:
        quoted.warnings.insert(0, T.QUOTED_INSTEAD)
        return quoted

    # ---- computed figures ---------------------------------------------------------------------
    def computed(self, q: Query, doc: DocumentMeta, facts: list[Fact], result: Computed, template: str,
                 **fields: str) -> Answer:
        agency = doc.agency if len({f.doc for f in facts}) == 1 else "、".join(
            dict.fromkeys(self._by_doc[f.doc].agency for f in facts))
        fields = {"value": show(result.value), **fields}
        text = template.format(agency=agency, year=doc.year or "", formula=result.formula, unit=result.unit, **fields)
        return Answer(question=q.question, text=text, route=Route.TABLE, intent=q.intent, value=result.value,
                      unit=result.unit, citations=[self.cite(f) for f in facts], formula=result.formula,
                      warnings=self.warnings(facts, []), docs=sorted({f.doc for f in facts}),
                      steps=[f"证据：{len(facts)} 个单元格；计算：{result.formula}"])

    def difference(self, q: Query, doc: DocumentMeta, facts: list[Fact], result: Computed,
                   shortfall: bool = False) -> Answer:
        """first − second, a negative result worded 少 X; a `shortfall` («A比B少多少») is second − first,
        worded 多 X when A is in fact more."""
        names = {"first": describe(facts[0]), "second": describe(facts[1])}
        if result.value >= 0:
            return self.computed(q, doc, facts, result, T.SHORTFALL if shortfall else T.DIFFERENCE, **names)
        return self.computed(q, doc, facts, result, T.SHORTFALL_MORE if shortfall else T.DIFFERENCE_LESS,
                             shown=show(-result.value), **names)

    def change(self, q: Query, doc: DocumentMeta, cur: Fact, delta_yuan: Decimal, percent: Decimal | None,
               line: int, quote: str, cited: list[Fact], line_end: int | None = None,
               reason: str | None = None) -> Answer:
        """An item's change against last year as the narrative states it: the change itself, its
        rate (stated, else computed), or last year's figure worked back from it; with the reason
        the sentence gives, quoted, when it gives one."""
        unit = cur.unit or "万元"
        delta = change_in_unit(delta_yuan, unit)
        base = dict(**_of(doc), item=cur.row_name, current=cur.value_text, unit=unit,
                    direction="增加" if delta >= 0 else "减少", delta=show(abs(delta)), line=line)
        prior = cur.amount - delta
        # a question about a fall (减少了多少, 下降了百分之几) wants its size: the sign is in the wording, and
        # a rise asked as a fall is negative
        asked_fall = bool(re.search(lexicon.FALL_ASKED, q.text))
        if q.wants_percent:
            if percent is not None:  # the stated rate is shown as the answer reads it
                value = -percent if asked_fall else percent
                how, shown = T.YOY_RATE_STATED, value
            else:  # a computed rate is shown as computed
                shown = change_percent(delta, prior)
                value = -shown if asked_fall else shown
                how = T.YOY_RATE_COMPUTED.format(delta=show(delta), prior=show(prior))
            text, out_unit, formula = T.YOY_PERCENT.format(**base, how=how, value=show(shown)), "%", how
        elif q.prior_year:
            formula = f"{cur.value_text} − ({show(delta)})" if delta < 0 else f"{cur.value_text} − {show(delta)}"
            value, out_unit = q2(prior), unit
            text = T.YOY_PRIOR.format(**base, formula=formula, value=show(value))
        else:  # 变化/增加了多少 is answered by the signed change (a fall is negative: the words say 减少)
            value, out_unit, formula = q2(-delta if asked_fall else delta), unit, None
            text = T.YOY_DELTA.format(**base, value=show(abs(delta)))
        if reason and (q.wants_reason or not (q.wants_percent or q.prior_year)):
            text += T.CHANGE_REASON.format(reason=reason)
        elif q.wants_reason:
            text += T.NO_REASON
        # the reason quoted is cited too, where the sentence runs on past the quote
        quote = quote if not reason or reason in quote else f"{quote}……{reason}"
        cite = Citation(doc=doc.doc, kind="passage", line_start=line, line_end=max(line, line_end or line), quote=quote,
                        row=cur.row_name, value=cur.value_text)
        return Answer(question=q.question, text=text, route=Route.BOTH, intent=q.intent, value=value, unit=out_unit,
                      citations=[cite, *(self.cite(f) for f in cited)], formula=formula, docs=[doc.doc],
                      steps=[f"证据：说明文字第{line}行的同比表述"])

    def ranking(self, q: Query, doc: DocumentMeta, scope: str, smallest: bool, facts: list[Fact],
                parent: Fact | None) -> Answer:
        top = facts[0]
        order = "；".join(f"{f.label} {f.value_text}{f.unit or ''}" for f in facts[:5])
        text = T.RANKING.format(scope=scope, which="最少" if smallest else "最多", item=top.label, value=top.value_text,
                                unit=top.unit or "", source=f"《{top.table or T.PROSE_SOURCE}》", line=top.line,
                                order=order)
        cited = ([parent] if parent is not None else []) + facts[:5]
        return Answer(question=q.question, text=text, route=Route.TABLE, intent=q.intent, value=top.amount,
                      unit=top.unit, citations=[self.cite(f) for f in cited], warnings=self.warnings([top], []),
                      docs=[doc.doc], steps=[f"比较了 {len(facts)} 行"])

    def comparison(self, q: Query, ranked: list[tuple[DocumentMeta, Fact]], less: bool) -> Answer:
        multi = len({d.doc for d, _ in ranked}) > 1
        def name(d: DocumentMeta, f: Fact) -> str:
            return d.agency if multi else f.label

        order = "；".join(f"{name(d, f)} {f.value_text}{f.unit or ''}（{d.doc} 第{f.line}行）" for d, f in ranked)
        winner_doc, winner = ranked[0]
        if q.intent == "comparison":
            text = T.COMPARISON.format(winner=name(winner_doc, winner), more="少" if less else "多", order=order)
        else:
            text = T.RANKING.format(scope="已索引单位", which="最少" if less else "最多", item=name(winner_doc, winner),
                                    value=winner.value_text, unit=winner.unit or "",
                                    source=f"{winner_doc.doc}《{winner.table or T.PROSE_SOURCE}》", line=winner.line,
                                    order=order)
        facts = [f for _, f in ranked]
        return Answer(question=q.question, text=text, route=Route.TABLE, intent=q.intent, value=winner.amount,
                      unit=winner.unit, citations=[self.cite(f) for f in facts],
                      warnings=self.warnings(facts, []), docs=sorted({d.doc for d, _ in ranked}),
                      steps=[f"比较 {len(ranked)} 个数字"])

    def listing(self, q: Query, doc: DocumentMeta, facts: list[Fact]) -> Answer:
        names = "；".join(f"{f.label} {f.value_text}{f.unit or ''}" for f in facts)
        text = T.LIST.format(**_of(doc), table=facts[0].table, n=len(facts), names=names)
        return Answer(question=q.question, text=text, route=Route.TABLE, intent=q.intent,
                      citations=[self.cite(f) for f in facts], docs=[doc.doc], steps=[f"列出 {len(facts)} 行"])

    def composition(self, q: Query, doc: DocumentMeta, whole: Fact, parts: list[Fact]) -> Answer:
        """A figure and the parts that add up to it, each part cited (the chart draws exactly these);
        the whole is the headline value, its sum shown as the formula."""
        across = len({f.row_index for f in parts}) == 1  # the columns of one row: named by their columns
        names = "；".join(f"{f.column if across else f.label} {f.value_text}{f.unit or ''}" for f in parts)
        formula = f"{whole.value_text} = " + " + ".join(f.value_text for f in parts)
        text = T.COMPOSITION.format(**_of(doc), table=whole.table, item=describe(whole),
                                    value=whole.value_text, unit=whole.unit or "", line=whole.line, n=len(parts),
                                    names=names)
        return Answer(question=q.question, text=text, route=Route.TABLE, intent=q.intent, value=whole.amount,
                      unit=whole.unit, citations=[self.cite(f) for f in parts], formula=formula,
                      warnings=self.warnings([whole, *parts], []), docs=[doc.doc],
                      steps=[f"构成：《{whole.table}》第{whole.line}行 {describe(whole)} 之下 {len(parts)} 行，"
                             "合计相符"])


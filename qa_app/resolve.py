"""The fall-back chain that turns a named item into a figure that covers it, or into nothing:
the cell the question names (its best table first), else the sentence of the narrative that
states it; each candidate passes the coverage check or is not used. Named lists (A、B和C) are
resolved item by item, and the items not found are returned by name, never dropped."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain

from core import lexicon
from indexer.models import DocumentMeta
from qa_app import coverage
from qa_app.cells import candidates as candidates_of
from qa_app.cells import fund_part_only, scope_split
from qa_app.contexts import beside, repeated_rows, row_total, whole_of
from qa_app.instances import named_instance, same_titled
from qa_app.locate import COUNT_CUES, Locator
from qa_app.matching import RowMatch
from qa_app.named import column_of_row_asked, operand_query
from qa_app.prose import flow_asked, lead_in, prose_figure
from qa_app.records import Fact
from qa_app.staged import budget_cell, stage_asked, stage_fits, stage_sibling, stated_stage
from qa_app.text import norm
from qa_app.titles import named_table_unsaid
from qa_app.understanding import Query
from qa_app.wholes import prints_whole_elsewhere, whole_figure


@dataclass
class Found:
    fact: Fact | None  # a fact that covers the question, or None
    others: list[Fact] = field(default_factory=list)  # the same row's differing figures elsewhere
    match: RowMatch | None = None
    steps: list[str] = field(default_factory=list)  # every coverage decision taken, in order
    # the same item's figure in a table of the other scope (all funds / one fund), when it differs
    # and the question names no fund: no one figure answers
    other_scope: Fact | None = None


_PROJECTS_LISTED = re.compile(r"项目(?:里|中|之中|当中)")


def qualifiers(text: str) -> list[str]:
    """The figure qualifiers (年初预算, 决算数 …) a question says, canonical word first."""
    return [g[0] for g in lexicon.FIGURE_QUALIFIERS if any(w in text for w in g)]


def covered(locate: Locator, q: Query, doc: DocumentMeta) -> Found:
    """The first candidate that covers the question: the located cell, then the narrative's figure
    for the same named item."""
    asks_count = bool(COUNT_CUES.search(q.text))
    matches = locate.matches(q, doc)
    if asks_count:  # «某项目的维保车辆数»: the row that holds a count answers, not the project's money row
        matches.sort(key=lambda m: not locate.counts_in(m, doc))
    # a 科目编码 names its row whatever else the words match (表5 一般公共预算支出情况表 2080105: not 一般公共预算)
    match = next((m for m in matches if m.code), matches[0]) if matches else None
    found = Found(None, match=match)
    fact, others = locate.find(q, doc, match)
    asked = q.item_raw  # as asked: a colloquial word is accounted for by the wording it stands for
    instances = same_titled(fact, others) if fact is not None else []
    if instances:  # one row of several same-titled forms: the form the question names, else ask which
        chosen = named_instance(norm(q.item_raw).replace(norm(fact.row_name), " "), instances,
                                locate.table_texts(doc.doc, instances))
        if chosen is not None:
            fact, others = chosen, [o for o in [fact, *others] if o is not chosen]
    candidates = [(fact, others)] if fact is not None else []
    if fact is not None and prints_whole_elsewhere(locate, fact, q.text):
        # a 基本支出 table holds only the basic part of an item a table of its own prints whole (培训费,
        # 公务接待费): that part is no answer; the narrative's figure for the item may be
        part = re.search(lexicon.PART_TABLES, fact.table).group(0)
        found.steps.append(f"覆盖检查：未通过，《{fact.table}》只列「{fact.row_name}」的{part}部分")
        whole, others = whole_figure(locate, fact, q.text)
        candidates = [(whole, others)] if whole is not None else []
    if match is not None and match.name and (fact is None or fact.kind == "table"):
        stated = prose_figure(locate.lines(doc.doc), doc.doc, match.name, unit_hint=locate.main_unit(doc.doc),
                              counts=asks_count, flow=flow_asked(q.item_raw) if asks_count else None)
        # «X项目», or items listed as projects (项目里A、B、C), ask the projects: the narrative's project
        # figure before a classification row's
        project = fact is not None and not re.search("项目|专项", fact.table or "") and \
            (f"{norm(match.name)}项目" in norm(q.text) or bool(_PROJECTS_LISTED.search(q.text)))
        if stated is not None:
            candidates.insert(0 if project else len(candidates), (stated, []))
    stage = stage_asked(q.text) if doc.stage == "决算" else None
    if stage == "预算数" and match is not None:
        cell = budget_cell(candidates_of(match, locate.doc_items(doc.doc)))
        if cell is not None:  # the row's own budget column, before the 决算 figure it was ranked behind
            candidates.insert(0, (cell, []))
    # a final account asked with no stage is asked its outturn: a 预算数 beside the 决算数 is no answer
    fit = stage or ("决算数" if doc.stage == "决算" else None)
    staged = stated_stage(locate.lines(doc.doc), doc.doc, q, match, fit) if fit else None
    candidates += [(staged, [])] if staged is not None else []
    # a rate relates two stages: the stage words of the question are the rate's, not the figure's
    wanted = q.columns + [w for w in qualifiers(q.text) if stage != "完成率" or w not in lexicon.STAGE_KEYS]
    items = locate.doc_items(doc.doc)
    tried = {f.table_id for f, _ in candidates if f.kind == "table"}
    later = locate.other_tables(q, doc, match, tried) if match is not None and tried else iter(())
    for fact, others in chain(candidates, later):
        line = locate.line_text(doc.doc, fact.line) if fact.kind != "table" else ""
        if fit and not stage_fits(fact, fit, line[:max(line.find(fact.value_text), 0)]):
            found.steps.append(f"覆盖检查：未通过，问的是{fit}，证据「{fact.label}」（{fact.column or '—'}）不是")
            sibling = stage_sibling(items, fact, fit)
            if sibling is None:
                continue
            fact, others = sibling, []
        unsaid = named_table_unsaid(fact, q.text, line)
        if unsaid:
            where = f"《{fact.table}》" if fact.kind == "table" else "说明部分"
            found.steps.append(f"覆盖检查：未通过，问的是「{unsaid}」表里的数字，证据在{where}")
            continue
        context = line if fact.kind != "table" else locate.form_head(fact)
        # a sentence printed over lines names its subject on the lines before its figure
        before = lead_in(locate.lines(doc.doc), fact.line, 2) if fact.kind != "table" else ""
        verdict = coverage.check(match, fact, asks_count=asks_count, columns=wanted, years=q.years,
                                 measure=coverage.measure_asked(q.text), asked=asked, context=context,
                                 lead_in=before, prior=q.prior_year)
        found.steps.append(verdict.step)
        unread = part_scope_unread(locate, doc, q, fact, match) if verdict.covered and q.columns else None
        if unread is not None:
            found.steps.append(unread)
            continue
        twice = repeated_rows(items, fact, q.text) if verdict.covered else []
        if twice:
            printed = "、".join(str(f.line) for f in [fact, *twice])
            found.steps.append(f"覆盖检查：未通过，《{fact.table}》在第{printed}行都列有「{fact.label}」（{fact.column}），"
                               "数字不同，问题没有说是哪一行")
            continue
        if verdict.covered:
            found.fact, found.others = fact, others
            if match is not None and not q.columns:
                found.other_scope = scope_split(fact, candidates_of(match, items), q.text, items)
            return found
    return found


def part_scope_unread(locate: Locator, doc: DocumentMeta, q: Query, fact: Fact, match: RowMatch | None) -> str | None:
    """Why a column figure read from a one-fund table does not answer a question naming no fund (an
    all-funds table prints the row with another total, its column not read); None when it does."""
    items = locate.doc_items(doc.doc)
    rows = candidates_of(match, items) if match is not None else items[items["row_name"] == fact.row_name]
    whole = fund_part_only(fact, rows, q.text, lambda f: locate.table_texts(doc.doc, [f])[0])
    if whole is None:
        return None
    return (f"覆盖检查：未通过，《{fact.table}》只是一种资金来源的{fact.column}；全部资金的《{whole.table}》中"
            f"该行合计为 {whole.value_text}（第{whole.line}行），其{fact.column}没有读到")


def operands(locate: Locator, q: Query, doc: DocumentMeta, parts: list[str]) -> tuple[list[Fact], list[str]]:
    """Each named item's covering figure, in the order named, and the items that have none."""
    facts, missing, subs = [], [], []
    for part in parts:
        sub = operand_query(q, part, parts)
        found = covered(locate, sub, doc)
        subs.append((sub, found.match))
        # an item no row is named by is taken only from a column, table or sentence that names it
        loose_hit = found.match is None and not sub.columns and (
            found.fact is None or not coverage.accounts_for(found.fact, part))
        # a sentence's round 万元 (其他收入5,428万元) in a document whose tables print 元 is rounded: no operand
        rounded = found.fact is not None and found.fact.kind != "table" and found.fact.unit == "万元" and \
            "." not in found.fact.value_text and locate.main_unit(doc.doc) == "元"
        if found.fact is None or loose_hit or found.fact.value_yuan is None or found.other_scope is not None or rounded:
            missing.append(part)
        else:
            facts.append(found.fact)
    stated = _stages_side_by_side(locate, doc, subs)
    return (stated, []) if stated else (facts, missing)


def _stages_side_by_side(locate: Locator, doc: DocumentMeta, subs: list[tuple[Query, RowMatch | None]]) -> list[Fact]:
    """Two stages of one item compared (决算比年初预算多多少) in a final account: both figures from the
    sentence that states them side by side, in one scope; a 决算 table holds no 年初预算 to match."""
    stages = [stage_asked(sub.text) for sub, _ in subs]
    if doc.stage != "决算" or None in stages or len(set(stages)) < 2:
        return []
    lines = locate.lines(doc.doc)
    stated = [stated_stage(lines, doc.doc, sub, match, stage) for (sub, match), stage in zip(subs, stages)]
    return stated if all(stated) and len({f.row_name for f in stated}) == 1 else []


def within_part_table(locate: Locator, part: Fact, whole: Fact, part_name: str) -> Fact:
    """The part of a share read in its whole's table when only a part table (基本支出) prints the whole
    (302 商品和服务支出): the item's figure whole (三公 公务接待费, basic and project) over a basic-only whole
    mixes scopes; its row beside the whole does not. The part as found when that table lacks it."""
    if part.table_id == whole.table_id or whole.kind != "table" or \
            not re.search(lexicon.PART_TABLES, whole.table or ""):
        return part
    inside = beside(locate.doc_items(whole.doc), whole, part_name)
    return inside if inside is not None else part


def share_whole(locate: Locator, doc: DocumentMeta, q: Query, part: Fact, names: list[str]) -> list[Fact]:
    """Part and whole of a share asked of one found figure: the row's own total when the question asks
    a column's part of the row (高中教育里项目支出占几成); the row the question names as the whole, the
    part read beside it in its table (人员经费在支出总计里占几成: not the 合计 of the part's table), or
    nothing when that table does not print it; else the total of the part's column."""
    items = locate.doc_items(doc.doc)
    if column_of_row_asked(q.text):
        return [part, row_total(items, part)]
    named = names[1] if len(names) >= 2 else next(
        (m.name for m in locate.matches(q, doc) if m.name and norm(m.name) != norm(part.row_name)), None)
    if named and norm(named) != norm(part.row_name) and \
            (items["row_name"].map(lambda n: norm(n or "")) == norm(named)).any():
        whole = covered(locate, operand_query(q, named, names[:2]), doc)
        if whole.fact is None or whole.other_scope is not None:
            return [part]
        if whole.fact.table_id == part.table_id:
            return [part, whole.fact]
        inside = beside(items, whole.fact, part.column if part.row_name in lexicon.TOTAL_ROWS else part.row_name)
        return [inside, whole.fact] if inside is not None else [part]
    return [part, whole_of(items, part)]

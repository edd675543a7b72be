"""Locating the figures a question names in one document: cells of the line-item store, else a
figure its narrative states. Everything here returns Facts (or rows of them), never an answer."""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pandas as pd

from core import lexicon
from indexer import store
from indexer.models import DocumentMeta
from qa_app import coverage
from qa_app.arithmetic import adds_up
from qa_app.cells import budget_total, candidates, column_named, column_rank, pick, total_row
from qa_app.matching import RowMatch, columns_beyond_row, match_rows
from qa_app.prose import SourceLines, counted_nouns, flow_asked, prose_figure
from qa_app.records import Fact
from qa_app.text import norm, phrase_variants
from qa_app.titles import title_unsaid
from qa_app.understanding import Query

# a question counting things (几个, 多少人, 人数) asks for a count, never for money
COUNT_CUES = re.compile(r"(?<!百分之)几(?!倍|成)|多少(?:" + lexicon.MEASURE + r")|[人次户个台辆件项床座]数|数量|编制")
_KINDS = tuple(lexicon.SPOKEN_AGENCY_KINDS)
# a row named with its code first ([30202]印刷费, 2080105 劳动保障监察) is a classification row, never a project
_CODE_FIRST = r"\s*[\[【(（]?\d{3,}(?!\d*年)"


def people_names(text: str) -> tuple[str, ...]:
    """The narrative's names for the people a count question asks about: the staffing quota when
    it says 编制, the headcount when it asks how many people."""
    if "编制" in text:
        return lexicon.STAFFING_NAMES
    return lexicon.HEADCOUNT_NAMES if re.search(lexicon.HEADCOUNT_CUES, text) else ()


class Locator:
    """The store's line items split per document once, and each document's source lines read on
    first use: filtering the whole store on every step was most of a lookup's time."""

    def __init__(self, index_dir: Path, items: pd.DataFrame):
        self.index_dir = index_dir
        self.items = items = items.assign(name_key=items["row_name"].map(lambda n: norm(n or "")))  # normed once
        self._items_by_doc = {doc: frame for doc, frame in items.groupby("doc", sort=False)}
        self._lines: dict[str, SourceLines] = {}
        self._spans: dict[str, dict[str, tuple[int, int]]] = {}  # table id -> printed line span, per document
        self._titles: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def lines(self, doc: str) -> SourceLines:
        with self._lock:
            if doc not in self._lines:
                self._lines[doc] = SourceLines(store.source_lines(self.index_dir, doc, 1, 10**9))
            return self._lines[doc]

    def line_text(self, doc: str, line: int) -> str:
        return self.lines(doc).by_line.get(line, "")

    def doc_items(self, doc: str) -> pd.DataFrame:
        return self._items_by_doc.get(doc, self.items.iloc[0:0])

    def matches(self, q: Query, doc: DocumentMeta) -> list[RowMatch]:
        return match_rows(q.item_raw, q.item_text, q.codes, self.doc_items(doc.doc))

    def counts_in(self, match: RowMatch, doc: DocumentMeta) -> bool:
        """Whether the matched row prints a count (a figure whose unit is a measure word)."""
        rows = candidates(match, self.doc_items(doc.doc))
        return bool(rows["unit"].map(lambda u: coverage.quantity_of(u) == "count").any())

    def missing_code(self, q: Query, doc: DocumentMeta) -> str | None:
        """The first 科目编码 the question names that no row of the document carries."""
        items = self.doc_items(doc.doc)
        for code in q.codes:
            if not (items["row_code"] == code).any():
                return code
        return q.odd_codes[0] if q.odd_codes else None

    def main_unit(self, doc: str) -> str | None:
        units = self.doc_items(doc)["unit"].dropna()
        return units.mode().iloc[0] if not units.empty else None

    @staticmethod
    def terms(q: Query) -> list[str]:
        """The disclosure wordings (from the lexicon's synonyms) the question's item text holds."""
        terms = {v for v in lexicon.ITEM_SYNONYMS.values() if v in q.item_text}
        return sorted(terms, key=len, reverse=True)

    def find(self, q: Query, doc: DocumentMeta, match: RowMatch | None = None) -> tuple[Fact | None, list[Fact]]:
        """One figure for one named item (or, with no item, the column's 合计) in one document,
        and the other tables' differing figures for it."""
        items = self.doc_items(doc.doc)
        if match is not None:
            columns = columns_beyond_row(q.text, match, q.columns)
            fact, others = pick(candidates(match, items), q.text, columns)
            if fact is None and columns and not match.code:  # a code no row prints has no column total either
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
        counts = bool(COUNT_CUES.search(q.text))
        if q.columns and not counts:
            fact, others = total_row(items, q.text, q.columns)
            if fact is not None:
                return fact, others
        titled = None if counts else self._table_named(q, items) or column_named(items, q.item_raw, q.text)
        if titled is not None:
            return titled, []
        lines = self.lines(doc.doc)
        unit = self.main_unit(doc.doc)
        names = [*people_names(q.text), *counted_nouns(q.item_raw)] if counts else self.terms(q) + q.columns
        fragments = phrase_variants(q.item_raw, 3 if counts else 4)
        for term, fragment in [(t, False) for t in names] + [(t, True) for t in fragments]:
            fact = prose_figure(lines, doc.doc, term, unit_hint=unit, counts=counts, fragment=fragment,
                                flow=flow_asked(q.item_raw) if counts else None)
            if fact:
                return fact, []
        return None, []

    def other_tables(self, q: Query, doc: DocumentMeta, match: RowMatch,
                     tried: set[str]) -> Iterator[tuple[Fact, list[Fact]]]:
        """The row's best cell in each table not yet tried, best table first: where the first table's
        cell does not cover the question (its title lacks the fund the question names), another may."""
        rows = candidates(match, self.doc_items(doc.doc))
        columns = columns_beyond_row(q.text, match, q.columns)
        while True:
            rows = rows[~rows["table_id"].isin(tried)]
            fact, others = pick(rows, q.text, columns)
            if fact is None:
                return
            tried.add(fact.table_id)
            # a table that prints only parts of the row (基本支出, 工资福利支出 …) has no total to offer
            if columns or column_rank(fact.column, [], q.text) < 50:
                yield fact, others

    def headcount(self, doc: DocumentMeta) -> Fact | None:
        """How many people the document says the body has (实有人员 N人), never its quota (编制)."""
        lines = self.lines(doc.doc)
        return next((f for name in lexicon.HEADCOUNT_NAMES
                     if (f := prose_figure(lines, doc.doc, name, counts=True)) is not None and f.unit in "人名"), None)

    def _table_named(self, q: Query, items: pd.DataFrame) -> Fact | None:
        """An item that is a whole table (三公经费 -> the 三公经费 table): that table's total."""
        tables = {t: norm(t) for t in items["table"].unique()}
        for term in self.terms(q) + phrase_variants(q.item_raw, 5):
            # a 基本支出 table holds one part of what its other title words name: the whole only when asked
            named = [t for t, normed in tables.items() if term in normed
                     and (not re.search(lexicon.PART_TABLES, t) or re.search(lexicon.PART_TABLES, q.text))]
            if not named:
                continue
            hit = items[items["table"].isin(named) & items["value_yuan"].notna()]
            if hit.empty:
                continue
            totals = hit[hit["row_name"].isin(lexicon.TOTAL_ROWS)]
            if totals.empty:  # a table of one unnamed row: that row
                totals = hit[hit["line"] == hit.sort_values(["line", "col_index"]).iloc[0]["line"]]
            # a table titled by several items («三公»经费、会议费、培训费表): the term's own columns
            # (“三公”经费/小计), never the table's total of all of them
            own = totals[totals["column_path"].map(lambda c: term in norm(c or ""))]
            if not own.empty:
                return pick(own.sort_values("col_index"), q.text, [])[0]
            return None if re.search(r"[、和及与]", next(iter(named))) else pick(totals, q.text, [])[0]
        return None

    def pair(self, q: Query, doc: DocumentMeta) -> list[Fact]:
        """The figures a two-operand question names, in the order it names them."""
        matches = self.matches(q, doc)
        facts: list[Fact] = []
        if len(matches) >= 2:
            for m in matches[:2]:
                # the other item's name (基本支出 of «项目支出相当于基本支出») is no column to read this one in
                others = {norm(o.name or "") for o in matches[:2] if o is not m}
                fact, _ = self.find(replace(q, columns=[c for c in q.columns if norm(c) not in others]), doc, m)
                if fact:
                    facts.append(fact)
        elif len(matches) == 1:
            rows = candidates(matches[0], self.doc_items(doc.doc))
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
                fact, _ = total_row(self.doc_items(doc.doc), q.text, [col])
                if fact:
                    facts.append(fact)
        return facts

    def children(self, parent: Fact) -> pd.DataFrame:
        """Rows under a row in the same table and column: by 科目编码 where codes exist, else the
        rows right below it whose figures add up to it."""
        items = self.doc_items(parent.doc)
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
            if adds_up(total, parent.value_yuan, parent.unit, len(picked)):
                return table.loc[picked]
            if total > parent.value_yuan:
                break
        return table.iloc[0:0]

    def project_rows(self, doc: DocumentMeta, question: str = "") -> pd.DataFrame | None:
        """Project lines of a project table: no codes, no totals, not a body's own rows, and
        not group rows whose figure repeats the table total. None when the question asks for
        classification rows (哪个科目, 按经济分类) or names a table the project tables are not."""
        if re.search(r"科目|分类|项级", question):
            return None
        items = self.doc_items(doc.doc)
        tables = items[items["table"].str.contains("项目|专项") & ~items["table"].str.contains("绩效")
                       & items["value_yuan"].notna() & ~items["row_name"].fillna("").str.match(_CODE_FIRST)]
        titles = {t for t in tables["table"].unique() if title_unsaid(t, question) is None}
        tables = tables[tables["table"].isin(titles)]
        if tables.empty:
            return None
        kept = []
        for _, t in tables.groupby("table_id"):
            first_col = t.groupby("row_index")["col_index"].transform("min")
            t = t[t["col_index"] == first_col]
            top = t["value_yuan"].max()
            names = {doc.agency, *doc.aliases}
            keep = t[t["row_code"].isna() & ~t["row_name"].isin(lexicon.TOTAL_ROWS) & ~t["row_name"].isin(names)
                     & ~t["row_name"].map(lambda n: n.endswith(_KINDS) or n.endswith("项目"))]
            repeated = keep[keep["value_yuan"] == top]
            if len(repeated) > 1 or (len(keep) > 1 and len(repeated) == 1 and top == keep["value_yuan"].sum() - top):
                keep = keep[keep["value_yuan"] != top]  # group rows that repeat the table total
            kept.append(keep)
        return pd.concat(kept) if kept else None

    def table_titles(self, doc: str) -> list[str]:
        with self._lock:
            if doc not in self._titles:
                self._titles[doc] = list(store.load_tables(self.index_dir, doc)["title"].dropna())
            return self._titles[doc]

    def form_head(self, fact: Fact) -> str:
        """What a form table says it is about (项目名称 | 某某服务): a 绩效目标表's figures are that project's."""
        text = self.table_texts(fact.doc, [fact])[0] if fact.table_id else ""
        return " ".join(line for line in text.splitlines() if re.search(r"项目名称|项目单位|单位名称", line))

    def table_texts(self, doc: str, facts: list[Fact]) -> list[str]:
        """Each fact's whole table as printed (read only on this rare path, not at start-up)."""
        with self._lock:
            if doc not in self._spans:  # read once per document: every table candidate's form head asks
                tables = store.load_tables(self.index_dir, doc)
                self._spans[doc] = {r.table_id: (int(r.line_start), int(r.line_end)) for r in tables.itertuples()}
            spans = self._spans[doc]
        by_line = self.lines(doc).by_line
        out = []
        for f in facts:
            start, end = spans.get(f.table_id, (f.line, f.line))
            out.append("\n".join(by_line[n] for n in range(start, end + 1) if n in by_line))
        return out

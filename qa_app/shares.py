"""Shares and multiples (A占B的比例, A是B的几倍, A和B合起来占C): the part and the whole each found and
covered, read within one column context of one table, or no figure."""
from __future__ import annotations

import re

from core import lexicon
from indexer.models import DocumentMeta
from prompts import templates as T
from qa_app import arithmetic, coverage
from qa_app.cells import narrower_whole, total_row
from qa_app.compose import Composer
from qa_app.contexts import beside, column_cell, row_total, together, whole_of
from qa_app.locate import Locator
from qa_app.named import column_of_row_asked, named_items, names_column, share_sides
from qa_app.records import Fact
from qa_app.resolve import operands, part_scope_unread, share_whole, within_part_table
from qa_app.text import norm
from qa_app.types import Answer
from qa_app.understanding import Query

# a year said as one (2022年), including the one a comparison is made with
_YEAR_SAID = re.compile(r"((?:19|20)\d{2})年")


def share_answer(locate: Locator, compose: Composer, q: Query, doc: DocumentMeta) -> Answer:
    """The share (or multiple) the question asks, computed on covered figures, or why there is none."""
    names = named_items(q, list(locate.doc_items(doc.doc)["row_name"].dropna().unique()))
    sides = share_sides(q, names)
    if sides is not None:  # «A和B合起来占C»: the share of their sum, every one of them found
        facts, missing = operands(locate, q, doc, [*sides[0], sides[1]])
        if missing:
            return compose.missing_operands(q, doc, missing, [*sides[0], sides[1]])
        times = bool(re.search(lexicon.TIMES_ASKED, q.text))
        result = arithmetic.share_of_total(facts[:-1], facts[-1], times)
        return compose.computed(q, doc, facts, result, T.TIMES if times else T.RATIO)
    facts = locate.pair(q, doc)
    column = column_of_row_asked(q.text)
    if column and facts and norm(facts[0].row_name) != norm(column):  # «X的收入里事业收入占»: within X's row
        items = locate.doc_items(doc.doc)
        part = column_cell(items, facts[0], column)
        whole = row_total(items, part) if part is not None else None
        facts = [part, whole] if whole is not None else []
    elif len(names) >= 2 and not re.search(lexicon.WHOLE_WORDS, names[1]) and \
            (not facts or not names_column(names[1])):
        # both sides are named, and the second is no 全部/总 nor a column's total (read beside the
        # part below): each side's covering figure, as a difference reads it (a 基本支出 row is no
        # item its own table prints whole), never the found one's table total
        facts, missing = operands(locate, q, doc, names[:2])
        if missing:
            return compose.missing_operands(q, doc, missing, names[:2])
        facts = [within_part_table(locate, facts[0], facts[1], names[0]), facts[1]]
    if len(facts) == 1 or (not facts and q.columns):
        part = facts[0] if facts else total_row(locate.doc_items(doc.doc), q.text, q.columns[:1])[0]
        unread = part_scope_unread(locate, doc, q, part, None) if part is not None and not facts else None
        if unread is not None:
            return compose.not_covered(q, doc, q.asked, [], [unread])
        facts = [f for f in share_whole(locate, doc, q, part, names) if f] if part else []
    # what a share of a row's column is taken within (X of «X里…占») must be that row: 财政拨款里… is no
    # all-funds 合计
    within = re.sub(r"(?:里|中|当中|之中)的?$", "", q.item_text.split(column)[0].strip()) if column else ""
    if len(facts) < 2 or not facts[1].value_yuan or (within and _unsaid(within, facts[1], funds=True)):
        return compose.missing(q, doc, q.asked)
    part, whole = facts[:2]
    if not together(part, whole) and {part.row_name, whole.row_name} & set(lexicon.TOTAL_ROWS):
        # a 合计 cell is the whole of its own table only: the share is read within one row or one
        # column (the whole beside the part, or the part beside the whole), never across tables
        part_name, whole_name = names[:2] if len(names) >= 2 else (part.row_name, whole.row_name)
        moved = beside(locate.doc_items(doc.doc), part, whole_name)
        if moved is not None:
            whole = moved
        else:
            moved = beside(locate.doc_items(doc.doc), whole, part_name)
            if moved is None:
                return compose.not_together(q, doc, part, whole)
            part = moved
    if not column and _own_part(part, whole):
        # «A占专项业务经费的百分比»: the whole is the column's total, never A's own figure in that column
        whole = whole_of(locate.doc_items(doc.doc), whole) or whole
    if not whole.value_yuan:
        return compose.missing(q, doc, q.asked)
    # the two figures together must account for what the share is asked of, and be two figures
    left = coverage.unaccounted(q.item_text, part, context=coverage.labels(whole)) or \
        coverage.qualifiers_missing(part, q.columns, extra=coverage.labels(whole))
    # the whole cited is one of the two sides named, by its own labels (全部基本支出 is no row's 小计)
    if not left and len(names) >= 2 and all(_unsaid(n, whole) for n in names[:2]):
        left = _unsaid(names[1], whole)
    # two years compared (2023年X是2022年的百分之几): one figure of each, each labelled by its year
    years = set(q.years) | {int(y) for y in _YEAR_SAID.findall(q.text)}
    part_years, whole_years = coverage.labelled_years(part), coverage.labelled_years(whole)
    if not left and len(years) >= 2 and not (part_years & years and whole_years & years and part_years != whole_years):
        left = "、".join(f"{y}年" for y in sorted(years))
    side = coverage.other_side(q.item_text, part) or coverage.other_side(q.item_text, whole)
    left = left or (f"{side[0]}（证据是{side[1]}）" if side else None)
    kinds = {coverage.quantity(part), coverage.quantity(whole)}
    # a part (A占B) larger than its whole, or read over more funds than the whole: not its part
    narrower = narrower_whole(part, whole, q.text)
    # one row's two total columns (合计 and 小计 of one project) are one figure, however the columns differ
    itself = coverage.same_figure(part, whole) or (not column and _own_part(part, whole, any_column=True)
                                                   and part.value_yuan == whole.value_yuan)
    if left or itself or len(kinds) > 1 or narrower:
        why = (f"问题中的「{left}」两个数字都没有说到" if left else "部分与整体是同一个数字"
               if itself else f"「{part.label}」不是《{whole.table or '说明'}》"
               f"「{whole.label}」的一部分" if narrower else "部分与整体不是同一种数（金额、比率、数量）")
        step = f"覆盖检查：未通过，{why}"
        return compose.not_covered(q, doc, q.asked, [], [step])
    if re.search(lexicon.TIMES_ASKED, q.text):
        return compose.computed(q, doc, [part, whole], arithmetic.times(part, whole), T.TIMES)
    return compose.computed(q, doc, [part, whole], arithmetic.share(part, whole), T.RATIO)


def _unsaid(name: str, fact: Fact, funds: bool = False) -> str | None:
    """What of a named side (its 全部/总计 aside) the fact's labels do not say, column words and a year
    included (and the funds and sources, with `funds`); or the part column (基本支出) the fact is read in
    that the side does not name."""
    bare = re.sub(lexicon.WHOLE_WORDS, "", name)
    groups = lexicon.COLUMN_WORDS + (lexicon.FIGURE_QUALIFIERS if funds else [])
    columns = [g[0] for g in groups if any(w in bare for w in g) and g[0] not in lexicon.STAGE_KEYS]
    part = next((g[0] for g in lexicon.COLUMN_WORDS if norm(fact.column or "") in g and g[0] not in columns), None)
    years = [int(y) for y in _YEAR_SAID.findall(bare)]  # «…是2022年的百分之几»: that year's
    return coverage.unaccounted(bare, fact) or coverage.qualifiers_missing(fact, columns) or part or \
        coverage.year_unsaid(fact, years)


def _own_part(part: Fact, whole: Fact, any_column: bool = False) -> bool:
    """Whether a whole is a part column (项目支出, 人员经费 …; with `any_column`, any column) of the row whose
    total is the part (A占项目支出); two part columns of one row (项目支出是基本支出的几倍) are peers."""
    def is_part(f: Fact) -> bool:
        return any(norm(f.column or "") in g for g in lexicon.COLUMN_WORDS)
    return part.kind == whole.kind == "table" and (part.table_id, part.row_index) == (whole.table_id, whole.row_index) \
        and (any_column or is_part(whole)) and not is_part(part)

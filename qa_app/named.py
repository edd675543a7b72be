"""The items a question names one by one for arithmetic: «A、B和C加起来», «A、B、C中哪一项最多»,
«A比B多多少», «A占B的比例». Each named item becomes a question of its own (the question with the
other items cut out), so it is located and checked for coverage like a single lookup, and an item
that is not found is said, never dropped. Reads no figure."""
from __future__ import annotations

import os
import re
from dataclasses import replace

from core import lexicon
from qa_app.text import loose
from qa_app.understanding import Query, item_text

_SEPARATORS = re.compile(lexicon.NAMED_SEPARATORS)
# where the list of named items ends: the words that say what to do with them
_LIST_END = re.compile(lexicon.NAMED_LIST_END)
# 比 for differences and comparisons, 占 (or 是…的几倍) for shares: the two sides are the two operands
_SIDES = {"difference": re.compile(r"比"), "comparison": re.compile(r"比"),
          "ratio": re.compile(r"占|相当于|是")}  # A占B的比例, A是B的几倍 (the clause is cut before 的比例, 的几倍)
# «A在B中占比»: the share's sides when 占 stands after them (the clause is cut before 占比)
_WITHIN = re.compile(r"在(?=[^在]+(?:当中|之中|[中里])$)")
_EDGE = re.compile(r"^(?:在|从|把|将|对比|比较|请问|计算|的)+"
                   r"|(?:的|之间|这些|这几项|这?[两三四五六几][项样个种家](?:项目|单位)?|各项|合起来|加起来|加在一起)+$")
_PLACEHOLDER = "\u0000{}\u0001"
_QUALIFIERS = re.compile("|".join(sorted({w for g in lexicon.FIGURE_QUALIFIERS + lexicon.COLUMN_WORDS for w in g}
                                         | {"数", "的", "预算"}, key=len, reverse=True)))


# the scopes one item is printed in (全部资金 / 一般公共预算 …): said before the figure words of a side
_SCOPES = "全部资金|所有资金|" + lexicon.FUNDS
# and the parts an item is printed in (基本支出 / 项目支出 …), said after the item by a lead-in clause
_SCOPES_OR_PARTS = _SCOPES + "|" + "|".join(w for g in lexicon.COLUMN_WORDS for w in g)
# the words of a table's title after an item (…支出总表（, …支出表): a side named by the table it is read in
_TABLE_WORDS = re.compile(r"(?:支出|收入)?(?:总)?表[（(]?$")
_COLUMNS = re.compile("|".join(w for g in lexicon.COLUMN_WORDS for w in g))


# «X（支出）里基本支出占多少», «X的收入中事业收入占»: a column (a part, an income source, a fund) said after the
# row it lies in is a part of that row; the row's total the whole
_ROW_PARTS = "|".join([_COLUMNS.pattern, *(w for g in lexicon.INCOME_SOURCES for w in g), lexicon.FUNDS])
_IN_ROW = re.compile(r"(?:里|中|当中|之中)的?(" + _ROW_PARTS + r")(?:收入|拨款)?(?:部分)?(?:所?占|的?占比)")


def column_of_row_asked(text: str) -> str | None:
    """The column a share asks as a part of one row (高中教育里项目支出占几成: 项目支出), not the row's part
    of the column (高中教育占项目支出的比例: None)."""
    m = _IN_ROW.search(text)
    return m.group(1) if m else None


def names_column(name: str) -> bool:
    """Whether a named side is a column word (基本支出, 人员经费): a share of it is of that column's total."""
    return bool(_COLUMNS.fullmatch(name))


def _protect(clause: str, names: list[str]) -> tuple[str, list[str]]:
    """Row names that hold a separator themselves (社会保障和就业支出, 公务用车购置及运行维护费)
    are one item: they are set aside before splitting, longest first."""
    kept: list[str] = []
    for name in sorted({n for n in names if _SEPARATORS.search(n)}, key=len, reverse=True):
        if name in clause:
            clause = clause.replace(name, _PLACEHOLDER.format(len(kept)))
            kept.append(name)
    return clause, kept


def named_items(q: Query, row_names: list[str]) -> list[str]:
    """The items named one by one, in the order named; fewer than two means the question names no list."""
    text = q.item_raw.strip(" ？?。")
    end = _LIST_END.search(text)
    clause = text[:end.start()] if end else text
    # the list is the clause after any lead-in (一般公共预算支出里，A、B和C…)
    # or the clause before the asking words when that one holds the list (A、B、C三样，哪样花钱最多)
    pieces = re.split(r"[，,：:；]", clause)
    at = next((i for i in range(len(pieces) - 1, -1, -1) if _SEPARATORS.search(pieces[i])), len(pieces) - 1)
    lead, clause = (pieces[at - 1].replace(" ", "") if at else ""), pieces[at]
    clause, kept = _protect(clause.replace(" ", ""), row_names)
    sides = _SIDES.get(q.intent)
    pieces = sides.split(clause, maxsplit=1) if sides and sides.search(clause) else [clause]
    if q.intent == q.intent.RATIO and len(pieces) == 1 and _WITHIN.search(clause):  # A在B中（占比）
        pieces = _WITHIN.split(clause, maxsplit=1)
        pieces[-1] = re.sub(r"(?:当中|之中|[中里])$", "", pieces[-1])
    parts: list[str] = []
    for piece in pieces:
        parts += _SEPARATORS.split(piece)
    out = []
    for part in parts:
        for i, name in enumerate(kept):
            part = part.replace(_PLACEHOLDER.format(i), name)
        part = _EDGE.sub("", part)
        if len(loose(part)) >= 2:
            out.append(part)
    if len(out) < 2:
        return []
    # «A和B的项目支出哪个多»: a column said after the last item only qualifies every item listed
    tail = re.search(r"的((?:" + _COLUMNS.pattern + r")[^的]*)$", out[-1])
    if tail and len(out) >= 2 and not any(_COLUMNS.search(p) for p in out[:-1]) and q.intent != q.intent.RATIO:
        out[:-1] = [f"{p}的{tail.group(1)}" for p in out[:-1]]
    # «事业单位医疗，全部资金比一般公共预算财政拨款多支出多少»: sides that say only scopes are the scopes of the
    # item the clause before them names
    if len(loose(re.sub(lexicon.QUESTION_NOISE, "", lead))) >= 2 and all(_scope_only(p, _SCOPES_OR_PARTS) for p in out):
        out = [f"{lead.rstrip('的')}{p}" for p in out]
    # «年末结转和结余比年初少多少»: a side that is no row and says only what sets it apart from the first
    # side's row (年初 for 年末) names the row with the first side's words after it (年初结转和结余)
    known = {loose(n) for n in row_names}
    out[1:] = [f"{p}{out[0][len(p):]}" if loose(p) not in known and len(p) < len(out[0])
               and loose(f"{p}{out[0][len(p):]}") in known else p for p in out[1:]]
    # «A决算比年初预算多多少»: a side that names only a figure of an item is the first side's item
    item = _QUALIFIERS.sub("", out[0])
    if item.strip("的") in lexicon.BARE_TOTALS:
        return out  # 政府性基金预算收入比事业收入…: a bare 收入 left is no item, each side is one of its own
    # «X全部资金支出是一般公共预算支出的几倍»: two scopes of one item contrasted, the second side saying only
    # its scope; a side with no scope of its own (人员经费占一般公共预算支出) is compared with the scope's whole
    first = re.search(_SCOPES, out[0])
    if first and item:
        stem = _TABLE_WORDS.sub("", out[0][:first.start()])  # 学前教育支出总表（全部资金）: the item is 学前教育
        out[1:] = [f"{stem}{p}" if _scope_only(p) and stem else p for p in out[1:]]
    # a share of a column's whole (A和B占基本支出) is of that column's total, not of A's part of it
    whole = names_column(out[-1]) if q.intent == q.intent.RATIO else False
    return [f"{item}{part}" if not _QUALIFIERS.sub("", part).strip() and item and not (whole and part == out[-1])
            else part for part in out]


def _scope_only(side: str, scopes: str = _SCOPES) -> bool:
    """Whether a side says only a scope (全部资金, 一般公共预算财政拨款支出, 财政拨款支出表) and no item of its own."""
    return bool(re.match(scopes, side)) and not _QUALIFIERS.sub("", _TABLE_WORDS.sub("", re.sub(scopes, "", side))
                                                                ).strip("".join(lexicon.SIDES) + "的")


def share_sides(q: Query, names: list[str]) -> tuple[list[str], str] | None:
    """«A和B合起来占C的比例»: the items a share is of, summed, and its whole; None when one item is."""
    side = _SIDES["ratio"].search(q.item_raw)
    if side is None or len(names) < 3:
        return None
    before = q.item_raw[:side.start()].replace(" ", "")
    parts = [n for n in names[:-1] if n in before]
    return (parts, names[-1]) if len(parts) == len(names) - 1 else None


def operand_query(q: Query, part: str, parts: list[str]) -> Query:
    """The question as if it named only `part`: the other items cut out of its text, so the table
    and column words it says still choose where `part` is read."""
    text = q.text
    for other in parts:
        if other != part:
            # a side given the first side's item (年初预算 → 采供血机构支出年初预算) is printed without it
            shared = len(os.path.commonprefix([part, other])) if other not in text else 0
            text = text.replace(other[shared:], " ")
    if part not in text:  # a side given words said once for all (A和B的项目支出): the side as read
        text = f"{text} {part}"
    columns = [g[0] for g in lexicon.COLUMN_WORDS if any(w in part for w in g)]
    codes = [c for c in q.codes if c in part]
    return replace(q, text=text, intent=q.intent.LOOKUP, item_raw=part, item_text=item_text(part, []),
                   codes=codes, odd_codes=[], columns=columns, whole_budget=False)

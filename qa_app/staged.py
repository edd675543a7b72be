"""Figures a sentence labels by stage. Final accounts explain each item with its budget and its
outturn side by side: «小学教育（项）。年初预算10.00万元，支出决算12.00万元，完成年初预算的
120%». Which of the figures answers depends on the stage asked (年初预算, 决算, 完成率): the
figure nearest the item's name is no answer to a question about another stage."""
from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from core import lexicon
from indexer.numbers import PROSE_FIGURE, parse_amount
from qa_app.coverage import quantity
from qa_app.matching import RowMatch
from qa_app.paragraphs import Paragraph
from qa_app.prose import SourceLines, _prose_fact
from qa_app.records import Fact
from qa_app.text import norm, tail_of_level_name
from qa_app.understanding import Query

_LABEL = "|".join(f"(?P<s{i}>{pattern})" for i, (_, pattern) in enumerate(lexicon.STAGE_LABELS))
_FIGURE = re.compile(r"(?:" + _LABEL + r")(?:的|为|是|了)?\s*" + PROSE_FIGURE + r"\s*(?P<unit>万元|元|[%％])")
# the next item's own heading (2.教育支出（类）…, （三）会议费…): its figures are not this item's
_NEXT_ITEM = re.compile(r"(?:^|[。；])\s*(?:\d{1,2}[.．、]|[（(]" + lexicon.NUMERAL + "[)）]|"
                        + lexicon.NUMERAL + "、)")
_REACH = 120  # characters after the item's name: its sentence and the one that follows


def stage_asked(text: str) -> str | None:
    """The stage the question asks of an item's figure (a STAGE_LABELS key), or None when it asks
    none or two (决算比年初预算多多少 is a difference of two stages)."""
    if re.search(lexicon.STAGE_RATE_ASKED, text):
        return "完成率"
    text = re.sub(lexicon.FUND_BUDGET, "", text)
    final, budget = re.search(lexicon.FINAL_ACCOUNTS, text), re.search(lexicon.BUDGET_WORDS, text)
    if final:
        return None if budget else "决算数"
    if not budget:
        return None
    return next((stage for stage, pattern in lexicon.STAGE_LABELS[1:3] if re.search(pattern, text)), "预算数")


def staged_figure(lines: SourceLines, doc: str, name: str, stage: str) -> Fact | None:
    """The figure the narrative labels with `stage` for the item `name`, within the item's own
    sentences (a heading that names it, closed by 。, runs on into the next paragraph); its column
    says the stage, so coverage can see what was read."""
    key = norm(name)
    pars = lines.paragraphs
    for at, par in enumerate(pars):
        following = pars[at + 1] if at + 1 < len(pars) else None
        for mention in re.finditer(re.escape(key), par.text):
            if par.text[:mention.start()].endswith("其他"):
                continue  # 其他<item> is another row of the classification
            if tail_of_level_name(par.text, mention.start(), mention.end()):
                continue  # the tail of a longer level name (行政事业单位医疗（款）) is not the item
            start = mention.end()
            own = par.text[start:start + _REACH]
            # a heading naming the item (…传染病医院（项）。) has its figures in the next paragraph
            extend = following is not None and not _FIGURE.search(own)
            window = own + (following.text[:_REACH - len(own)] if extend else "")

            def line_at(offset: int, par: Paragraph = par, start: int = start, own: str = own,
                        following: Paragraph | None = following) -> int:
                return par.line_at(start + offset) if offset < len(own) else following.line_at(offset - len(own))
            cut = _NEXT_ITEM.search(window)
            window = window[:cut.start()] if cut else window
            found = [f for m in _FIGURE.finditer(window) if (f := _read(m, stage, doc, name, line_at))]
            # a plain 预算 of a final account is whichever budget the sentence states, if it states one
            if len({f.value_text for f in found}) == 1:
                return found[0]
    return None


# the budget stages a plain 预算 of a final account may be printed as
_BUDGET_STAGES = ("预算数", "调整预算", "年初预算")


def _read(m: re.Match, stage: str, doc: str, name: str, line_at: Callable[[int], int]) -> Fact | None:
    label = next(s for i, (s, _) in enumerate(lexicon.STAGE_LABELS) if m.group(f"s{i}"))
    if label != stage and not (stage == "预算数" and label in _BUDGET_STAGES):
        return None
    amount = parse_amount(m.group("num").replace("，", ","))
    unit = "%" if m.group("unit") in "%％" else m.group("unit")
    if amount is None or (unit == "%") != (stage == "完成率"):
        return None
    fact = _prose_fact(doc, name, amount.text, unit, line_at(m.start("num")))
    fact.column = m.group(0)[:m.start("num") - m.start()].strip()
    return fact


# where the item's name ends: the first stage word or word of asking
_STAGE_WORDS = re.compile("|".join([lexicon.STAGE_RATE_ASKED, lexicon.FINAL_ACCOUNTS, lexicon.NUMERIC_CUES,
                                    *(pattern for _, pattern in lexicon.STAGE_LABELS[1:])]))


def staged_names(q: Query, match: RowMatch | None) -> list[str]:
    """The item a stage question is about: its matched row, else its wording up to the first stage
    word (综合医院支出决算完成了… -> 综合医院支出, and 综合医院, as the narrative names the 项)."""
    if match is not None and match.name:
        return [match.name]
    head = norm(_STAGE_WORDS.split(q.item_raw, maxsplit=1)[0]).strip(" 的")
    bare = re.sub(r"(?:支出|经费)$", "", head)
    return [n for n in dict.fromkeys([head, bare]) if len(n) >= 2]


def stated_stage(lines: SourceLines, doc: str, q: Query, match: RowMatch | None, stage: str) -> Fact | None:
    """The narrative's `stage` figure for the item the question names (its row, else its wording)."""
    return next((f for name in staged_names(q, match) if (f := staged_figure(lines, doc, name, stage)) is not None),
                None)


# the label a sentence prints right before a figure of the plan (年初预算455.12万元, 全年预算数为)
_PLAN_BEFORE = re.compile(r"(?:年初|全年|调整后?的?)?预算(?:数)?(?:为|是)?\s*$")


def stage_fits(fact: Fact, stage: str, said_before: str = "") -> bool:
    """Whether a figure is of the stage asked: a rate is a percent; a budget figure of a final
    account says 预算 in its own labels (the fund's name 一般公共预算 is no stage)."""
    if stage == "完成率":
        return quantity(fact) == "percent"
    if stage == "预算数":
        # the cell's own heading says its stage first (a 决算表 prints 预算数 and 决算数 columns)
        for said in (f"{fact.column_path or ''}{fact.column or ''}{fact.row_name}", fact.table or ""):
            said = re.sub(lexicon.FUND_BUDGET, "", norm(said))
            if re.search(lexicon.FINAL_ACCOUNTS, said):
                return False
            if "预算" in said:
                return True
        return False
    own = re.sub(lexicon.FUND_BUDGET, "", norm(f"{fact.column_path or ''}{fact.column or ''}{fact.row_name or ''}"))
    # the plan, not the outturn: a 三公 决算表's 预算数 row, a 绩效自评表's 全年预算数 column, or a sentence's
    # figure right after a plan label («预算455.12万元，支出决算450.96万元»: the first)
    if stage == "决算数" and not re.search(lexicon.FINAL_ACCOUNTS, own) and (
            "预算" in own or _PLAN_BEFORE.search(re.sub(lexicon.FUND_BUDGET, "", said_before))):
        return False
    return quantity(fact) != "percent"


def stage_sibling(items: pd.DataFrame, fact: Fact, stage: str) -> Fact | None:
    """The cell beside a figure of the wrong stage that its table labels with the stage asked: a 三公
    决算表 prints its items as columns over a 预算数 row and a 决算数 row, a 决算表 its rows over 预算数
    and 决算数 columns. None when the table labels no one such cell."""
    if fact.kind != "table" or stage == "完成率":
        return None
    pattern = dict(lexicon.STAGE_LABELS)[stage]
    table = items[(items["table_id"] == fact.table_id) & items["value_yuan"].notna()]
    same_column = table[(table["col_index"] == fact.col_index) & (table["row_index"] != fact.row_index)]
    same_row = table[(table["row_index"] == fact.row_index) & (table["col_index"] != fact.col_index)]
    hits = [Fact.from_row(r) for frame, label in ((same_column, "row_name"), (same_row, "column"))
            for _, r in frame.iterrows()
            if re.fullmatch(pattern, re.sub(lexicon.FUND_BUDGET, "", norm(r[label] or "")))]
    hits = [f for f in hits if stage_fits(f, stage)]
    return hits[0] if len(hits) == 1 else None


def budget_cell(rows: pd.DataFrame) -> Fact | None:
    """A final account's budget figure for a row asked its plain 预算: the row's one budget-stage
    figure (年初预算数, or 预算数 of a 三公 table); two different ones (年初 and 调整) leave it open."""
    facts = [f for _, r in rows.iterrows() if stage_fits(f := Fact.from_row(r), "预算数")]
    return facts[0] if len({f.value_yuan for f in facts}) == 1 else None

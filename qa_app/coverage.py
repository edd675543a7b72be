"""Whether a located fact answers the question asked, before any number is given. A fact covers a
question only when its row is the row the question named (the same 科目编码 when a code is named;
the same printed name when a name is), and its quantity is the kind asked (a count for 几个/多少人,
money otherwise). A fact that does not cover is never answered: the caller says the item is not
found instead, naming the closest rows that exist."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from core import lexicon
from indexer.numbers import UNIT_FACTORS
from qa_app.matching import RowMatch
from qa_app.records import Fact
from qa_app.text import norm


@dataclass
class Verdict:
    covered: bool
    reason: str  # recorded in Answer.steps either way

    @property
    def step(self) -> str:
        return f"覆盖检查：{'通过' if self.covered else '未通过'}，{self.reason}"


def quantity_of(unit: str | None) -> str:
    """money | count | percent | other: what kind of figure a unit makes."""
    if unit in UNIT_FACTORS:
        return "money"
    if unit == "%":
        return "percent"
    if unit in lexicon.MEASURE_WORDS:
        return "count"
    return "other"


def quantity(fact: Fact) -> str:
    return quantity_of(fact.unit)


def same_figure(a: Fact, b: Fact) -> bool:
    """One printed figure read twice, or one item's figure in one column printed on two rows (a share
    of a figure by itself is no share)."""
    return (a.doc, a.table_id, a.row_index, a.col_index, a.line, a.value_text) == \
        (b.doc, b.table_id, b.row_index, b.col_index, b.line, b.value_text) or \
        (a.doc, a.table_id, a.row_code, a.row_name, a.column) == (b.doc, b.table_id, b.row_code, b.row_name, b.column)


def labels(fact: Fact) -> str:
    return norm("".join(x or "" for x in (fact.column_path, fact.column, fact.row_name, fact.table)))


def qualifiers_missing(fact: Fact, columns: list[str] = (), years: list[int] = (), extra: str = "",
                       prior: bool = False) -> str | None:
    """What the question qualifies its figure by that the fact's own labels do not say: a column
    word (基本支出, 政府性基金 …, or 年初预算 / 决算数 of final accounts), or a year where the fact's
    row or column is labelled by years (a 三公 table with 2025年 and 2026年 columns). None: covered."""
    said = labels(fact) + extra
    for group in lexicon.COLUMN_WORDS + lexicon.FIGURE_QUALIFIERS:
        if group[0] in columns and not any(norm(w) in said for w in group):
            return group[0]
    return year_unsaid(fact, years, prior, extra)


def _year_label(fact: Fact, line: str = "") -> str:
    if fact.kind == "table":
        return norm(f"{fact.column_path}{fact.column}{fact.row_name}")
    return line[:line.find(fact.value_text)] if fact.value_text and fact.value_text in line else ""


def labelled_years(fact: Fact, line: str = "") -> set[int]:
    """The years a fact's own labels print (a cell's row and column, the words before a sentence's figure)."""
    return _years_in(_year_label(fact, line))


def _years_in(label: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?:19|20)\d{2}", label)}


def year_unsaid(fact: Fact, years: list[int], prior: bool = False, line: str = "") -> str | None:
    """The year asked that the fact's own labels (a cell's row and column, the words before a sentence's
    figure) do not say: labelled by other years, or, for a year before the document's (`prior`),
    labelled by none, so the document's own year."""
    own = _year_label(fact, line)
    if fact.kind != "table" and not own and not prior:
        return None
    printed = _years_in(own)
    if years and printed and not set(years) & printed:
        return f"{years[0]}年"
    if prior and years and not printed and not re.search(lexicon.PRIOR_YEAR_CUES, own):
        return f"{years[0]}年"
    return None


# measure words that say what is counted (几辆 are vehicles, 多少人 people); 个/项 count anything
_SAME_MEASURE = ({"人", "名", "万人"}, {"人次", "万人次"}, {"平方米", "万平方米"})
_ANY_MEASURE = frozenset("个项")


_ASKED = re.compile(r"(?:几|多少)(" + lexicon.MEASURE + ")")


def measure_asked(text: str) -> str | None:
    m = _ASKED.search(text)
    return m.group(1) if m else None


def _measure_differs(asked: str | None, unit: str | None) -> bool:
    if not asked or asked in _ANY_MEASURE or not unit:
        return False
    return unit != asked and not any({asked, unit} <= same for same in _SAME_MEASURE)


def check(match: RowMatch | None, fact: Fact, asks_count: bool, columns: list[str] = (),
          years: list[int] = (), measure: str | None = None, asked: str = "", context: str = "",
          lead_in: str = "", prior: bool = False) -> Verdict:
    """Whether the fact answers what was asked. `context` is the figure's own line (its qualifiers count
    for it); `lead_in` the lines before, whose words may still name what the sentence is about."""
    kind = quantity(fact)
    if asks_count and kind != "count":
        return Verdict(False, f"问的是数量，证据是{fact.unit or '无单位'}的数字")
    if asks_count and _measure_differs(measure, fact.unit):
        return Verdict(False, f"问的是多少{measure}，证据是以「{fact.unit}」计的数量")
    if not asks_count and kind == "count":
        return Verdict(False, f"问的是金额，证据是以「{fact.unit}」计的数量")
    if match is not None and match.code and fact.row_code != match.code:
        return Verdict(False, f"问的是科目编码 {match.code}，证据行是 {fact.label}")
    if match is not None and match.name and not match.code and not accounts_for(fact, match.name):
        return Verdict(False, f"问的是「{match.name}」，证据是《{fact.table or '说明'}》「{fact.row_name}」")
    side = other_side(asked, fact)
    if side:
        return Verdict(False, f"问的是{side[0]}，证据「{fact.label}」（{fact.table or '说明'}）是{side[1]}")
    # a sentence's figure for one fund (政府性基金预算…) answers no question naming another or a wider one (财政拨款)
    fund = fund_of_sentence(fact, context, lead_in) if re.search(lexicon.FUNDS, asked) else None
    if fund and fund.removesuffix("预算") not in norm(asked):
        return Verdict(False, f"证据「{fact.label}」只是{fund}的数字，问题没有问这一种资金")
    part = part_of_sentence(fact, context, asked) if asked else None
    if part:
        return Verdict(False, f"证据「{fact.label}」是{part}部分的数字，问题没有问{part}")
    left_out = re.search(lexicon.EXCLUDED_SCOPE, asked)
    if left_out:  # the rest beyond a fund or part is no printed figure: never the part's, nor the whole's
        return Verdict(False, f"问的是「{left_out.group(1) or left_out.group(2)}」以外的部分，文件没有直接列出")
    if fact.column == "小计" and re.search(r"总计|合计", asked):
        return Verdict(False, f"问的是总计，证据「{fact.label}」是小计")  # a subtotal column is part of a total
    # a sentence says its own qualifiers (本级, 决算): they count for the figure it states
    missing = qualifiers_missing(fact, columns, years, extra=norm(context) if fact.kind != "table" else "",
                                 prior=prior)
    if missing:
        return Verdict(False, f"问的是「{missing}」的数字，证据「{fact.label}」（{fact.column or '—'}）不是")
    # a count the narrative states is found by the noun counted (几辆公车: 共有车辆N辆), not by the wording;
    # a count asked without one (编制人数是多少) is checked like any other figure
    by_noun = asks_count and fact.kind != "table" and measure is not None
    # the rest of the question still has to be said (培训多少人 is not 实有在编人员 4人; 维保多少辆车 of a
    # project is not the body's 车辆 144 辆)
    left = unaccounted(_COUNTED.sub(" ", asked) if by_noun else asked, fact, lead_in + context) if asked else None
    if left:
        return Verdict(False, f"问题中的「{left}」证据「{fact.label}」（{fact.table or '说明'}）没有说到")
    named = (match.code or match.name) if match is not None else "问题所指的列、表或总额"
    return Verdict(True, f"证据行「{fact.label}」对应{named}")


def before_figure(fact: Fact, line: str, lead_in: str = "", stops: str = "。；;") -> str:
    """The words of a sentence before its figure, back to the last of `stops`; empty for a cell."""
    if fact.kind == "table" or not fact.value_text:
        return ""
    text = norm(line)
    at = text.find(norm(fact.value_text))
    return re.split(f"[{stops}]", lead_in + text[:at])[-1] if at >= 0 else ""


_SOURCES = "|".join([lexicon.FUND_BUDGET, *(w for g in lexicon.INCOME_SOURCES for w in g)])


def fund_of_sentence(fact: Fact, line: str, lead_in: str = "") -> str | None:
    """The fund a sentence's figure is stated for, said in its clause before the figure (政府性基金预算财政拨款
    年初结转和结余58,830.98: 政府性基金预算); None for a cell or a figure no fund qualifies."""
    # the source named last before the figure is its own: 事业收入 after a fund's clause is no part of that fund
    found = re.findall(_SOURCES, before_figure(fact, line, lead_in))
    return found[-1] if found and re.fullmatch(lexicon.FUND_BUDGET, found[-1]) else None


def part_of_sentence(fact: Fact, line: str, asked: str) -> str | None:
    """The part (基本支出, 人员经费 …) a sentence's figure is labelled with right before it, on its own line,
    that the question does not ask: «一般公共预算财政拨款基本支出98,606.29» is no 一般公共预算财政拨款支出
    (a heading on the line above, 二、项目支出说明, labels no figure)."""
    label = before_figure(fact, line, stops="。；;，,：:")
    return next((g[0] for g in lexicon.COLUMN_WORDS if any(w in label for w in g) and not any(w in asked for w in g)),
                None)


def other_side(asked: str, fact: Fact) -> tuple[str, str] | None:
    """(side asked, side cited) when a question about income is answered by an expenditure cell or the
    reverse: the row or column says the other side (本年支出合计 for 收入合计), or, saying neither, the
    table's title does (行政运行 of a 收入决算表 for 行政运行支出). A 收支总表 says both; a sentence's figure
    is judged by its own label (支出决算296,047.75 is no 收入)."""
    said = [s for s in lexicon.SIDES if s in asked]
    if len(said) != 1:
        return None
    want, other = said[0], next(s for s in lexicon.SIDES if s != said[0])
    own = norm(f"{fact.row_name or ''}{fact.column_path or ''}{fact.column or ''}")
    if want in own:
        return None
    title = norm(fact.table or "")  # a sentence has none: only its figure's own label counts
    return (want, other) if other in own or (other in title and want not in title) else None


# the counted noun and the people a count asks about: found by the noun, so accounted for by it
_COUNTED = re.compile(r"(?:几|多少)(?:" + lexicon.MEASURE + r")[\u4e00-\u9fff]{0,6}|" + lexicon.HEADCOUNT_CUES)
_FIGURE_WORDS = sorted(lexicon.FIGURE_WORDS, key=len, reverse=True)
_ASKING = re.compile(lexicon.AGENCY_GROUP + "|" + lexicon.AGENCY_ASKED + "|" + lexicon.PERCENT_CUES + "|"
                     + lexicon.BOUND_WORDS + "|"
                     + lexicon.QUESTION_NOISE + "|"
                     + "|".join(lexicon.INTENT_CUES.values()) + "|"
                     + lexicon.NAMED_LIST_END + r"|(?:几|多少)(?:" + lexicon.MEASURE + ")")
_ALL_COLUMN_WORDS = sorted({w for g in lexicon.COLUMN_WORDS + lexicon.FIGURE_QUALIFIERS for w in g}, key=len,
                           reverse=True)


def unaccounted(asked: str, fact: Fact, context: str = "") -> str | None:
    """The words of the question's item text that neither the fact's row, column, table title and
    sentence (`context`) nor a word of asking account for: «孩子生活补助及儿童村运转经费» is not
    answered by the row 生活补助 (孩子, 儿童村运转 are left), «行政运行的日常公用支出» not by the
    合计 row. Pieces of two characters or more shared with the labels count as accounted for."""
    said = norm("".join(x or "" for x in (fact.row_name, fact.column_path, fact.column, fact.table, context)))
    text = norm(re.sub(r"(?:19|20)\d{2}年?|\d+|不?含[^，,。？?）)]*", " ", asked))
    # a colloquial name is accounted for by the disclosure wording it stands for (人员工资: 工资福利支出)
    for colloquial, wording in lexicon.ITEM_SYNONYMS.items():
        if colloquial in text and _left(norm(wording), said) is None:
            text = text.replace(colloquial, " ")
    # «A（B）» gives one item two names: either accounts for both
    for m in re.finditer(r"([\u4e00-\u9fff]{2,10})[（(]([^（()）]{2,})[)）]", text):  # (境) is no second name
        if _left(m.group(1), said) is None or _left(m.group(2), said) is None:
            text = text.replace(m.group(0), " ")
    return _left(text, said)


def _left(text: str, labels: str) -> str | None:
    text = _ASKING.sub(" ", text)
    for word in _ALL_COLUMN_WORDS:
        text = text.replace(norm(word), " ")
    # what the labels share with the question, longest pieces first
    # of items named side by side a printed word accounts for one: «规范性津补贴和其他津补贴» is not the row
    # 规范性津补贴 (within one item, 培训支出里培训费, a word may be said twice)
    listed = bool(re.search(lexicon.NAMED_SEPARATORS, text))
    for size in range(len(text), 1, -1):
        for i in range(len(text) - size + 1):
            piece = text[i:i + size]
            if " " not in piece and piece in labels:
                text = text.replace(piece, " " * size)  # the same length: the offsets still to try stay valid
                labels = labels.replace(piece, " ", 1) if listed else labels
    for word in _FIGURE_WORDS:
        if len(word) > 1:
            text = text.replace(word, " ")
    # a one-character word (中, 一, 为 …) is a word of asking only standing at the edge of what is left:
    # inside 第一中学 it is part of a name
    edge = "".join(w for w in _FIGURE_WORDS if len(w) == 1)
    # 其他 before a name is a row of its own (其他商品和服务支出 is not 商品和服务支出): its 其 is no word of asking
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    left = [run.rstrip(edge) if run.startswith("其他") else run.strip(edge) for run in runs]
    left = [run for run in left if len(run) >= 2]
    return "、".join(left) if left else None


def accounts_for(fact: Fact, name: str) -> bool:
    """A named item is accounted for by the fact's row name, or by its column heading or table
    title (基本支出 asked of a 支出总表 is its 合计 row's 基本支出 column)."""
    key = norm(name)
    if norm(fact.row_name) == key:
        return True
    return any(key in norm(part) for part in (fact.column_path or "", fact.column or "", fact.table or ""))


def closest_rows(asked: str, items: pd.DataFrame, n: int = 3) -> list[str]:
    """The document's row names most alike to what was asked, for a not-found answer."""
    names = list(dict.fromkeys(items["row_name"].dropna()))
    found = process.extract(asked, names, scorer=fuzz.partial_ratio, limit=n, score_cutoff=60)
    return [name for name, _, _ in found]

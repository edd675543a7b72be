"""Finding the figures a question asks for: line items in the table store, or, where a table is
silent, a figure the narrative states for the same item. Every Fact keeps its source line."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from rapidfuzz import fuzz

from indexer.items import FORMULA_MARK
from indexer.numbers import PROSE_AMOUNT, PROSE_FIGURE, UNIT_FACTORS, parse_amount
from qa_app import lexicon


@dataclass
class Fact:
    doc: str
    table: str | None
    table_id: str | None
    row_code: str | None
    row_name: str
    column: str | None
    value_text: str  # as printed
    unit: str | None
    value_yuan: Decimal | None
    line: int
    kind: str = "table"  # "table" | "prose"
    row_index: int = -1
    col_index: int = -1

    @property
    def amount(self) -> Decimal:
        """The figure in its own unit (万元 figures stay in 万元)."""
        if self.value_yuan is not None and self.unit in UNIT_FACTORS:
            return self.value_yuan / UNIT_FACTORS[self.unit]
        parsed = parse_amount(self.value_text.rstrip("元万%"))
        return parsed.value if parsed else Decimal(0)

    @property
    def label(self) -> str:
        return f"{self.row_code} {self.row_name}".strip() if self.row_code else self.row_name


@functools.lru_cache(maxsize=1 << 16)  # pure, and called on every row name for every question
def norm(text: str) -> str:
    """Names compare without brackets' width, quotes or spaces: （境） == (境)."""
    return re.sub(r"[\s“”\"'‘’「」]", "", text).replace("（", "(").replace("）", ")")


_GENERIC = {"合计", "小计", "总计", "其他", "数值", "其中", "项目", "金额", "预算数"}
_COLUMN_WORDS = {w for group in lexicon.COLUMN_WORDS for w in group}
_COLUMN_GROUPS = {group[0]: group for group in lexicon.COLUMN_WORDS}


@dataclass
class RowMatch:
    name: str | None  # row name matched (normalised form as stored)
    code: str | None
    start: int  # position in the question, to keep the order the user named things in


@functools.lru_cache(maxsize=1 << 16)
def _loose(text: str) -> str:
    """Without digits and punctuation (改制企业39.49退休人员医保费 ~ 改制企业退休人员医保费)."""
    return re.sub(r"[\d.,、:：()\s%]", "", norm(text))


# a trailing bracket that qualifies a label with its unit: （台、辆）, （平方米）, （金额单位：万元）
_QUALIFIER = re.compile(r"[（(][^（()）]*(?:平方米|台|辆|个|人|套|元)[^（()）]*[)）]$")


def _find_names(text: str, names: list[str], taken: list[tuple[int, int]]) -> list[RowMatch]:
    """Names found in the question, compared without digits and punctuation on both sides, so
    改制企业39.49退休人员医保费 is found in 改制企业退休人员医保费. A name right after 不含/含 is
    what the question excludes, not what it asks for."""
    loose_text = _loose(text)
    found = []
    for name in names:
        key = _loose(name)
        if len(key) < 2 or key in _GENERIC:
            continue
        pos = loose_text.find(key)
        bare = _loose(_QUALIFIER.sub("", name)) if pos < 0 else key
        if bare != key and len(bare) >= 2 and bare not in _GENERIC | _COLUMN_WORDS:
            key, pos = bare, loose_text.find(bare)  # 车辆（台、辆） is asked about as 车辆
        if pos < 0 or loose_text[max(0, pos - 1):pos] == "含":
            continue
        if any(a <= pos < b or a < pos + len(key) <= b for a, b in taken):
            continue
        taken.append((pos, pos + len(key)))
        found.append(RowMatch(name, None, pos))
    return found


_AND = re.compile(r"和|与|及")


def _coordinated(text: str, names: list[str]) -> list[RowMatch]:
    """Two row names said once, sharing their common parts: 补发在职和退休人员补充绩效 names
    补发在职人员补充绩效 and 补发退休人员补充绩效. Both must be rows of the document; of several
    readings the one with the longest first name wins."""
    # the question may say 的 where a name has none (在职和退休人员的补充绩效); the question's years
    # are cut out before matching (item_text), so the names' are too
    loose_text = _loose(text).replace("的", "")
    if not _AND.search(loose_text):
        return []
    by_key: dict[str, str] = {}
    for n in names:
        by_key.setdefault(_loose(re.sub(r"\d{4}年", "", n)).replace("的", ""), n)
    best: tuple[int, list[RowMatch]] | None = None
    for m in _AND.finditer(loose_text):
        left, right = loose_text[:m.start()], loose_text[m.end():]
        for key, name in by_key.items():
            for i in range(1, len(key) - 1):
                head, tail = key[:i], key[i:]  # head = shared prefix + own part, tail = shared suffix
                j = right.find(tail) if left.endswith(head) else -1
                if j <= 0 or (best and best[0] >= len(key)):
                    continue
                for k in range(len(head)):
                    other = by_key.get(head[:k] + right[:j] + tail)
                    if other and other != name:
                        best = (len(key), [RowMatch(name, None, m.start() - len(head)), RowMatch(other, None, m.end())])
                        break
    return best[1] if best else []


def match_rows(raw_text: str, text: str, codes: list[str], items: pd.DataFrame) -> list[RowMatch]:
    """Line-item names (or codes) the question names, in the order it names them. The question's
    own wording is tried before its colloquial words are rewritten (5人雇佣人员工资 is a project,
    not 工资福利支出). Longest names win; a name inside a longer matched one is no second match.
    A 科目编码 names its row exactly: names that are part of a coded row's name are not matched."""
    raw, rewritten = norm(raw_text), norm(text)
    matches = [RowMatch(None, c, rewritten.find(c)) for c in codes]
    coded = [_loose(n) for n in items.loc[items["row_code"].isin(codes), "row_name"]]
    names = sorted({n for n in items["row_name"].dropna()
                    if len(norm(n)) >= 2 and not any(_loose(n) in c for c in coded)},
                   key=lambda n: -len(_loose(n)))
    found = _find_names(raw, names, [])
    if len(found) < 2:
        found = _coordinated(raw, names) or found
    if not found:
        found = _find_names(rewritten, names, [])
    if not found and not codes:  # the question names part of a long row label (…区级财政补助)
        for variant in (v for v in phrase_variants(re.sub(lexicon.QUESTION_NOISE, " ", raw), 8)):
            hit = next((n for n in names if variant in norm(n)), None)
            if hit:
                found.append(RowMatch(hit, None, raw.find(variant)))
                break
    matches += found
    matches.sort(key=lambda m: m.start)
    # a column word (基本支出) found as a row name only counts when nothing else names the row
    specific = [m for m in matches if m.code or norm(m.name or "") not in _COLUMN_WORDS]
    return specific or matches


def _fact(row) -> Fact:
    return Fact(
        doc=row["doc"], table=row["table"], table_id=row["table_id"], row_code=row["row_code"],
        row_name=row["row_name"], column=row["column"], value_text=row["value"], unit=row["unit"],
        value_yuan=row["value_yuan"], line=int(row["line"]), row_index=int(row["row_index"]),
        col_index=int(row["col_index"]),
    )


def facts(rows: pd.DataFrame) -> list[Fact]:
    """Every row as a Fact, in the frame's order."""
    return [_fact(r) for r in rows.to_dict("records")]


def _table_score(title: str, question: str) -> int:
    score = sum(3 for w in lexicon.TABLE_SCOPE_WORDS if w in title and w in question)
    score -= sum(2 for w in ("绩效", "三公", "政府采购", "收入") if w in title and w not in question)
    if "总表" not in title:
        score += 1  # a detail table is more specific than a summary 总表
    if "不含" in title and "不含" not in question:
        score -= 4  # the question did not ask to leave anything out
    return score


def _column_rank(column: str, wanted: list[str], question: str = "") -> int:
    col = norm(column or "")
    # a heading the question says in so many words (预算增减变化 for 预算增减变化(C-D)); the
    # column words (人员经费 …) are the question's `wanted` columns, ranked below
    said = _QUALIFIER.sub("", re.sub(FORMULA_MARK, "", col))
    if (len(said) >= 2 and said not in _GENERIC and not any(said.startswith(w) for w in _COLUMN_WORDS)
            and said in norm(question)):
        return 0
    if wanted:
        for group in lexicon.COLUMN_WORDS:
            if group[0] in wanted and any(col == w or col.startswith(w) for w in group):
                return 0
        return 99
    for i, total in enumerate(lexicon.TOTAL_COLUMNS):
        if col == total:
            return 1 + i
    return 50


def columns_beyond_row(text: str, match: RowMatch, columns: list[str]) -> list[str]:
    """The column words a question says outside the row name it matched: in 人员经费和公用经费支出
    (a row of a 收支总表) 人员经费 and 公用经费 name the row, not two columns to read it in. A row
    named just by a column word (人员经费) keeps the word as a column."""
    name = norm(match.name or "")
    if not name or name in _COLUMN_WORDS:
        return columns
    said = norm(text)
    return [c for c in columns if any(said.count(w) > name.count(w) for w in _COLUMN_GROUPS.get(c, (c,)))]


def candidates(match: RowMatch, items: pd.DataFrame) -> pd.DataFrame:
    if match.code:
        rows = items[items["row_code"] == match.code]
    else:
        key = norm(match.name or "")
        rows = items[items["row_name"].map(lambda n: norm(n or "") == key)]
    return rows[rows["value_yuan"].notna() | (rows["unit"] == "%")]


def pick(rows: pd.DataFrame, question: str, columns: list[str]) -> tuple[Fact | None, list[Fact]]:
    """The most specific cell for a row, and the other tables' differing figures for it."""
    if rows.empty:
        return None, []
    ranked = rows.assign(
        _col=rows["column"].map(lambda c: _column_rank(c, columns, question)),
        _tab=rows["table"].map(lambda t: -_table_score(t, question)),
    )
    ranked = ranked[ranked["_col"] < 99] if columns else ranked
    if ranked.empty:
        return None, []
    ranked = ranked.sort_values(["_col", "_tab", "line", "col_index"])
    best = _fact(ranked.iloc[0])
    same_column = ranked[ranked["_col"] == ranked.iloc[0]["_col"]]
    others = [_fact(r) for _, r in same_column.iterrows()
              if r["table_id"] != best.table_id and r["value_yuan"] is not None
              and best.value_yuan is not None and r["value_yuan"] != best.value_yuan]
    return best, others


def total_row(items: pd.DataFrame, question: str, columns: list[str]) -> tuple[Fact | None, list[Fact]]:
    """A question naming only a column (基本支出是多少) asks for that column's 合计 row."""
    rows = items[items["row_name"].isin(lexicon.TOTAL_ROWS[:1]) & items["value_yuan"].notna()]
    fact, others = pick(rows, question, columns)
    for col in columns if fact is None else []:
        # no such column: a table titled by it (基本支出明细表) has it as its total column
        fact, others = pick(rows[rows["table"].map(lambda t: col in norm(t))], question, [])
        if fact is not None:
            break
    return fact, others


def budget_total(items: pd.DataFrame, question: str) -> tuple[Fact | None, list[Fact]]:
    """部门预算是多少 asks for the budget as a whole: the 收入总计 of the 收支总表, else its 支出总计."""
    for name in lexicon.BUDGET_TOTAL_ROWS:
        rows = items[(items["row_name"] == name) & items["value_yuan"].notna()]
        if not rows.empty:
            return pick(rows, question, [])
    return None, []


def _prose_fact(doc: str, name: str, text: str, unit: str | None, line: int) -> Fact:
    """A figure the narrative states; money units get their exact yuan value, counts none."""
    value = parse_amount(text).value
    return Fact(doc=doc, table=None, table_id=None, row_code=None, row_name=name, column=None, value_text=text,
                unit=unit, value_yuan=value * UNIT_FACTORS[unit] if unit in UNIT_FACTORS else None, line=line,
                kind="prose")


_CHANGE = re.compile(r"增|减|比|较|上年|去年|同比|下降|持平")
_OTHER_ITEM = re.compile(r"费|补助|补贴")


class SourceLines(list):
    """A document's (line number, text) pairs. Its narrative (non-table) lines, normalised for
    name matching, are worked out once: a question tries dozens of phrasings against them."""

    @functools.cached_property
    def narrative(self) -> list[tuple[int, str]]:
        return [(n, norm(text)) for n, text in self if "\t" not in text and not text.lstrip().startswith("|")]


def _narrative(lines: list[tuple[int, str]], name: str) -> list[tuple[int, str]]:
    """The narrative lines that name `name` (normalised): the only ones a pattern around it can match."""
    key = norm(name)
    narrative = lines.narrative if isinstance(lines, SourceLines) else SourceLines(lines).narrative
    return [(n, text) for n, text in narrative if key in text]


def prose_figure(lines: list[tuple[int, str]], doc: str, name: str, unit_hint: str | None = None,
                 counts: bool = False, fragment: bool = False) -> Fact | None:
    """The figure the narrative states for an item: «<name>…<number>万元» within a few characters,
    skipping changes against last year; or «无<name>» (the document says there is none), which is
    a stated zero. With counts=True, «<name>…<number>人/名/辆/个» instead. Table lines are not
    narrative. A fragment (a piece of the question's wording, not an item name) takes no figure
    that another item's name stands in front of: in «退休人员医保费：N万元» N is the 医保费's."""
    naming = _narrative(lines, name)
    if not naming:
        return None
    key = re.escape(norm(name)).replace(r"\(", r"[（(]").replace(r"\)", r"[)）]")
    unit_re = r"(?P<unit>人|名|辆|个|台|家|项)" if counts else r"(?P<unit>万元|元)"
    pattern = re.compile(key + r"(?P<gap>[^。；，,\d（(及和]{0,4}?)" + PROSE_FIGURE + r"\s*" + unit_re)
    none = re.compile(r"(?:无|没有)[^。；，,]{0,6}?" + key)
    for n, text in naming:
        for m in pattern.finditer(text):
            if _CHANGE.search(m.group("gap")) or (fragment and _OTHER_ITEM.search(m.group("gap"))):
                continue
            amount = parse_amount(m.group("num").replace("，", ","))
            if amount is None:
                continue
            unit = m.group("unit")
            return _prose_fact(doc, name, amount.text, unit if unit in UNIT_FACTORS else None, n)
        if not counts and unit_hint and none.search(text):
            return _prose_fact(doc, name, "0", unit_hint, n)
    return None


def counted_nouns(text: str) -> list[str]:
    """How the narrative may name what a count question counts: 几辆车 -> 车辆 (the noun and its
    measure word make the usual compound), 几辆公车 -> 公车辆, 车辆; 几名工作人员 -> 工作人员."""
    out: list[str] = []
    for measure, noun in re.findall(r"(?:几|多少)([个名人辆项家台套])([\u4e00-\u9fff]{1,6})", text):
        out += [noun + measure, noun[-1] + measure] + ([noun] if len(noun) >= 2 else [])
    return [t for t in dict.fromkeys(out) if len(t) >= 2]


def phrase_variants(text: str, minimum: int = 3) -> list[str]:
    """Sub-phrases of the question's Chinese runs, longest first: the question may say more
    (…项目多少钱) or less than the narrative's own wording."""
    runs = re.findall(r"[\u4e00-\u9fff]{%d,}" % minimum, text)
    out: list[str] = []
    for run in runs:
        for size in range(len(run), minimum - 1, -1):
            out += [run[i:i + size] for i in range(0, len(run) - size + 1)]
    return sorted(dict.fromkeys(out), key=len, reverse=True)


_YOY = re.compile(
    r"(?:比|较)(?:上年|去年|上一年|\d{4}年)(?:预算数?|预算|同期|同比)?(?P<dir>增加|减少|增长|下降)(?:了)?"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)(?:[，,]?\s*(?:增长|增加|下降|减少|增幅|降幅)(?:了|为)?\s*(?P<pct>\d+(?:\.\d+)?)%)?"
)


@dataclass
class Change:
    current: Fact  # this year's figure as the sentence states it
    delta_yuan: Decimal  # signed change against last year
    percent: Decimal | None  # as printed, signed
    line: int
    quote: str


def prose_change(lines: list[tuple[int, str]], doc: str, names: list[str]) -> Change | None:
    """«<item> X万元，比上年增加 Y万元，增长 Z%»: the item's figure and its change, from one
    sentence of the narrative. The first name that has such a sentence wins."""
    for name in names:
        key = norm(name)
        for n, text in lines:
            if "\t" in text or text.lstrip().startswith("|"):
                continue
            t = norm(text)
            for sentence in re.split(r"[。；;]", t):
                pos = sentence.find(key)
                if pos < 0:
                    continue
                rest = sentence[pos + len(key):]
                cur = re.search(PROSE_AMOUNT, rest)
                ch = _YOY.search(rest)
                if not cur or not ch or cur.start() > ch.start():
                    continue
                amount = parse_amount(cur.group("num").replace("，", ","))
                delta = parse_amount(ch.group("num"))
                if amount is None or delta is None:
                    continue
                sign = -1 if ch.group("dir") in ("减少", "下降") else 1
                unit, dunit = cur.group("unit"), ch.group("unit")
                current = _prose_fact(doc, name, amount.text, unit, n)
                pct = Decimal(ch.group("pct")) * sign if ch.group("pct") else None
                return Change(current, sign * delta.value * UNIT_FACTORS[dunit], pct, n, sentence[:300])
    return None


_YOY_CONTEXT = re.compile(r"比上年|较上年|比去年|较去年|比\d{4}年|较\d{4}年|同比|增减情况")


def prose_delta(lines: list[tuple[int, str]], names: list[str]) -> tuple[str, Decimal, int, str] | None:
    """«…较上年… <item>增加 X万元» in a line about the change against last year: (name, signed
    change in yuan, line, quote). For items whose own figure the sentence does not repeat."""
    for name in names:
        pattern = re.compile(re.escape(norm(name)) + r"(?P<dir>增加|减少|增长|下降)(?:了)?" + PROSE_AMOUNT)
        for n, text in _narrative(lines, name):
            if not _YOY_CONTEXT.search(text):
                continue
            m = pattern.search(text)
            amount = parse_amount(m.group("num")) if m else None
            if amount is not None:
                sign = -1 if m.group("dir") in ("减少", "下降") else 1
                return name, sign * amount.value * UNIT_FACTORS[m.group("unit")], n, text[max(0, m.start() - 60): m.end() + 20]
    return None


def prose_prior(lines: list[tuple[int, str]], doc: str, names: list[str]) -> Fact | None:
    """Last year's figure stated outright: «(上年…<item> X万元…)»."""
    for name in names:
        pattern = re.compile(r"(?:上年|去年|上一年)(?!结转|结余)[^。；]{0,40}?" + re.escape(norm(name)) + r"(?P<gap>[^。；，,\d]{0,4}?)" + PROSE_AMOUNT)
        for n, text in _narrative(lines, name):
            m = pattern.search(text)
            amount = parse_amount(m.group("num")) if m and not _CHANGE.search(m.group("gap")) else None
            if amount is not None:
                unit = m.group("unit")
                return _prose_fact(doc, name, amount.text, unit, n)
    return None

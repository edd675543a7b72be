"""Which cell of the rows a question names answers it: the column the question names (or the
row's own total column), in the table whose title fits the question best; and the 合计 rows a
question naming only a column, or the budget as a whole, asks for."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable

import pandas as pd

from core import lexicon
from indexer.items import FORMULA_MARK
from qa_app.matching import COLUMN_WORDS, QUALIFIER, RowMatch
from qa_app.records import Fact
from qa_app.text import norm
from qa_app.titles import IN_TABLE, off_topic, table_score

_STAGE_ROW = re.compile("|".join(pattern for _, pattern in lexicon.STAGE_LABELS))


def column_rank(column: str, wanted: list[str], question: str = "") -> int:
    col = norm(column or "")
    # a heading the question says in so many words (预算增减变化 for 预算增减变化(C-D)); the
    # column words (人员经费 …) are the question's `wanted` columns, ranked below
    said = QUALIFIER.sub("", re.sub(FORMULA_MARK, "", col))
    if (len(said) >= 2 and said not in lexicon.GENERIC_LABELS and not any(said.startswith(w) for w in COLUMN_WORDS)
            and said in norm(question)):
        return 0
    if wanted:
        for group in lexicon.COLUMN_WORDS:
            if group[0] in wanted and any(col == w or col.startswith(w) for w in group):
                return 0
        return 99
    col = re.sub(r"^(?:19|20)\d{2}年(?=合计|总计|预算数|决算数)", "", col)  # 2023年合计 is the year's 合计
    # the total the question says in so many words (…支出预算总计多少), below a heading it names: in
    # «支出合计的一般公共预算» the 合计 is the row's name and 一般公共预算 the column asked
    if col in (*lexicon.GRAND_TOTALS, "小计") and col in question:
        return 1
    for i, total in enumerate(lexicon.TOTAL_COLUMNS):
        if col == total:
            return 2 + i
    if re.search(r"(?:合计|总计)$", col):
        return 2 + lexicon.TOTAL_COLUMNS.index("合计")  # 本年支出合计 is the row's total
    return 50



def candidates(match: RowMatch, items: pd.DataFrame) -> pd.DataFrame:
    if match.code:
        rows = items[items["row_code"] == match.code]
    else:
        key = norm(match.name or "")
        names = items["name_key"] if "name_key" in items else items["row_name"].map(lambda n: norm(n or ""))
        rows = items[names == key]
    # a figure of unknown unit is no answer; money, percentages and counts with their measure word are
    return rows[rows["value_yuan"].notna() | rows["unit"].notna()]


def _unnamed_among_others(rows: pd.DataFrame) -> list[bool]:
    """Cells whose column does not say which figure of the row they are, so they answer nothing: an
    unnamed column (数值) in a row that prints other figures, or a name the row gives two different
    figures (a 三公 table whose columns are named by fund only: 一般公共预算 under each item)."""
    # plain loops: the rows of one match are few, and pandas' group-bys cost more than the work here
    cells = list(zip(zip(rows["table_id"], rows["row_index"]),
                     (f"{p or ''}|{c or ''}" for p, c in zip(rows["column_path"], rows["column"]))))
    per_row = Counter(row for row, _ in cells)
    figures: dict[tuple, set] = defaultdict(set)
    for cell, value in zip(cells, rows["value"]):
        if value is not None and value == value:  # NaN is no figure
            figures[cell].add(value)
    return [(col == "数值" and per_row[row] > 1) or len(figures[(row, path)]) > 1
            for (row, path), col in zip(cells, rows["column"])]


def _part_sums(frame: pd.DataFrame) -> dict[tuple, object]:
    """Each row's 基本支出 + 项目支出, for the rows that print both parts."""
    parts: dict[tuple, dict] = defaultdict(dict)
    for table, row, column, value in zip(frame["table_id"], frame["row_index"], frame["column"], frame["value_yuan"]):
        if column in lexicon.TOTAL_PARTS and value is not None:
            parts[(table, row)].setdefault(column, value)  # a part printed twice counts once
    return {key: sum(got.values()) for key, got in parts.items() if len(got) == len(lexicon.TOTAL_PARTS)}


def _adds_up(cell: pd.Series, sums: dict[tuple, object]) -> bool:
    """Whether a total agrees with its own row's parts (合计 = 基本支出 + 项目支出) where the row prints them."""
    parts = sums.get((cell["table_id"], cell["row_index"]))
    return cell["_col"] >= 50 or parts is None or cell["value_yuan"] is None or parts == cell["value_yuan"]


def _part(title: str | None) -> bool:
    return bool(re.search(lexicon.PART_TABLES, title or ""))


def _fund_only(title: str | None) -> bool:
    return bool(re.search(lexicon.FUNDS, title or ""))


def _trusted(ranked: pd.DataFrame, question: str) -> pd.Series:
    """The best-ranked cell, unless another table's figure answers better: where a total is a
    misprint its own row's parts contradict, the same row's total that adds up; where the cell is
    one fund's part of an item the question asks whole (no fund named), a table holding it whole;
    where the tables holding it whole disagree, the figure more tables print."""
    first = ranked.iloc[0]
    peers = ranked[(ranked["_off"] == first["_off"]) & (ranked["_col"] == first["_col"])]
    sums = _part_sums(ranked)
    if not _adds_up(first, sums):
        sound = peers[[_adds_up(cell, sums) for _, cell in peers.iterrows()]]
        return sound.iloc[0] if not sound.empty else first
    # a 基本支出 table holds only the basic part by design: no table of the item whole
    whole = peers[~peers["table"].map(lambda t: _fund_only(t) or _part(t))]
    if _fund_only(first["table"]) and not re.search(lexicon.FUNDS, question):
        # one fund's figure answers no question naming none where a table of all funds prints the item's
        # total, whatever that table calls its total column (合计 of a 财政拨款 table, 决算数 of the 总表)
        wider = ranked[(ranked["_off"] == first["_off"]) & (ranked["_col"] < 50)
                       & ~ranked["table"].map(lambda t: _fund_only(t) or _part(t))]
        if wider["value_yuan"].nunique() == 1 and wider.iloc[0]["value_yuan"] != first["value_yuan"] and \
                _adds_up(wider.iloc[0], sums):
            return wider.iloc[0]
    if whole.empty:
        return first
    if whole["value_yuan"].nunique() < 2:
        return first
    tables = peers.groupby("value_yuan")["table_id"].nunique()
    if tables.max() <= tables.get(first["value_yuan"], 0) or (tables == tables.max()).sum() > 1:
        return first
    return peers[peers["value_yuan"] == tables.idxmax()].iloc[0]


def pick(rows: pd.DataFrame, question: str, columns: list[str]) -> tuple[Fact | None, list[Fact]]:
    """The most specific cell for a row, and the other tables' differing figures for it."""
    if rows.empty:
        return None, []
    rows = rows[[not unnamed for unnamed in _unnamed_among_others(rows)]]
    if rows.empty:
        return None, []
    ranked = rows.assign(
        _off=rows["table"].map(lambda t: off_topic(t, question)),
        _col=rows["column"].map(lambda c: column_rank(c, columns, IN_TABLE.sub("", question))),
        _tab=rows["table"].map(lambda t: -table_score(t, question)),
    )
    ranked = ranked[ranked["_col"] < 99] if columns else ranked
    if ranked.empty:
        return None, []
    # a topic table's total column (政府采购表 办公费 总计) never outranks the item's own table
    # a row with a 科目编码 is the classification's item; a same-named row without one is a listing
    # under another heading (a procurement or project line) unless its table's title fits better
    ranked = ranked.assign(_bare=ranked["row_code"].isna() & ranked["row_code"].notna().any())
    ranked = ranked.sort_values(["_off", "_col", "_tab", "_bare", "line", "col_index"])
    best = Fact.from_row(_trusted(ranked, question))
    same_column = ranked[ranked["_col"] == ranked.iloc[0]["_col"]]
    others = [Fact.from_row(r) for _, r in same_column.iterrows()
              if r["table_id"] != best.table_id and r["value_yuan"] is not None
              and best.value_yuan is not None and r["value_yuan"] != best.value_yuan]
    return best, others


def total_row(items: pd.DataFrame, question: str, columns: list[str]) -> tuple[Fact | None, list[Fact]]:
    """A question naming only a column (基本支出是多少) asks for that column's 合计 row."""
    rows = items[items["row_name"].isin(lexicon.TOTAL_ROWS[:1]) & items["value_yuan"].notna()]
    fact, others = pick(rows, question, columns)
    fund = re.search(lexicon.FUNDS, question)
    if fact is not None and fund and fund.group(0) not in norm(f"{fact.table}{fact.column_path}"):
        fact = None  # 财政拨款基本支出 is not an all-funds table's 基本支出 column: a table titled by both
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


def scope_split(fact: Fact, rows: pd.DataFrame, question: str, items: pd.DataFrame | None = None) -> Fact | None:
    """The same row's total in a table of the other scope (all funds vs one fund) when it differs
    and the question names no fund: which figure was meant is then open (an item's 支出决算 is one figure
    in the 支出决算表 and another in the 一般公共预算财政拨款支出决算表)."""
    if fact.kind != "table" or rows.empty or re.search(lexicon.FUNDS + "|" + lexicon.WHOLE_ASKED, question) or \
            column_rank(fact.column, [], question) >= 50:
        return None  # a named fund, the whole asked (总计), or a named column (基本支出): no question of scope
    rows = rows.assign(_col=rows["column"].map(lambda c: column_rank(c, [], question)))
    ranks = rows["_col"].where(rows["column"] != "数值", 99)  # an unnamed column says no scope
    sums = _part_sums(rows)
    sound = pd.Series([_adds_up(cell, sums) for _, cell in rows.iterrows()], index=rows.index, dtype=bool)
    other = rows[(ranks < 50) & sound & (rows["table"].map(_fund_only) != _fund_only(fact.table))
                 & ~rows["table"].map(lambda t: off_topic(t, question) or _part(t) != _part(fact.table))
                 & (rows["value_yuan"] != fact.value_yuan)]  # a 基本支出 table holds a part by design
    if items is not None and not other.empty:
        # a figure that is its table's grand total, printed on an item's row (a 收支总表 whose right side
        # slipped a line), is no second scope of the item
        totals = items[items["table_id"].isin(other["table_id"]) & items["row_name"].isin(
            (*lexicon.TOTAL_ROWS, *lexicon.BUDGET_TOTAL_ROWS))]
        slipped = set(zip(totals["table_id"], totals["value_yuan"]))
        other = other[[(t, v) not in slipped for t, v in zip(other["table_id"], other["value_yuan"])]]
    if other.empty:
        return None
    return Fact.from_row(other.assign(_r=ranks[other.index]).sort_values(["_r", "line"]).iloc[0])


def fund_part_only(fact: Fact, rows: pd.DataFrame, question: str, printed: Callable[[Fact], str]) -> Fact | None:
    """A column figure (项目支出) read from a one-fund table, the question naming no fund, where an
    all-funds table that has the column prints the same row with another total: the all-funds column
    figure is another number, not read. Returns that table's total of the row (what shows the scopes
    differ). A column only the fund's tables have (人员经费 of 一般公共预算 tables) is theirs to answer."""
    if fact.kind != "table" or not _fund_only(fact.table) or _part(fact.table) or \
            column_rank(fact.column, [], question) < 50 or \
            re.search(lexicon.FUNDS + "|" + lexicon.WHOLE_ASKED, question):
        return None  # a named fund, a total column, or a part table (基本支出表: the part is its design)
    totals = rows[rows["column"].map(lambda c: column_rank(c, [], question) < 50) & rows["value_yuan"].notna()]
    own = set(totals.loc[totals["table_id"] == fact.table_id, "value_yuan"])
    if not own:
        return None
    whole = totals[~totals["table"].map(lambda t: _fund_only(t) or _part(t) or off_topic(t, question))
                   & ~totals["value_yuan"].isin(own)]
    if (whole["value_yuan"] == fact.value_yuan).any():
        return None  # a whole table's total is the figure itself (项目支出表 合计 = the fund table's 项目支出)
    # the column as the table prints it (its heading), whether or not its cells were read: the first
    # such table is enough, so tables are read only until one prints it
    heads = (f for f in map(Fact.from_row, (r for _, r in whole.sort_values("line").iterrows()))
             if norm(fact.column) in norm(printed(f)))
    return next(heads, None)


def narrower_whole(part: Fact, whole: Fact, question: str) -> bool:
    """A share whose whole is one fund's (财政拨款收支总表 本年收入) and whose part is read over all funds
    (收入总表 其他收入), the question naming no fund, or a part (A占B) larger than its whole: the part is
    not within that whole."""
    if "占" in question and abs(part.value_yuan) > abs(whole.value_yuan):
        return True
    return part.kind == "table" and _fund_only(whole.table) and not _fund_only(part.table) and \
        not re.search(lexicon.FUNDS, question)


def column_named(items: pd.DataFrame, asked: str, question: str) -> Fact | None:
    """An item printed as a column heading of a one-row table (三公 tables: 合计 | 因公出国（境）费 |
    公务接待费 | 会议费 | 培训费): its cell in that table's total or only row."""
    key = norm(re.sub(lexicon.QUESTION_NOISE, "", asked)).strip()
    key = re.sub(f"的?(?:{_STAGE_ROW.pattern})$", "", key)  # 公务接待费预算数: the stage is the row asked
    if len(key) < 3:
        return None
    rows = items[items["column"].map(lambda c: norm(c or "") == key) & items["value_yuan"].notna()]
    # its only row, its total row, or (a final account's 三公 table) the rows of its stages
    rows = rows[rows["row_name"].map(lambda n: not n or n in lexicon.TOTAL_ROWS or bool(_STAGE_ROW.fullmatch(n)))]
    return pick(rows, question, [])[0] if not rows.empty else None

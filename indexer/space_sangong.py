"""Value columns of a 三公经费 table whose header is broken over lines, placed by the table's two identities.

Every 三公 table prints the same parts: the 三公 total first, then 因公出国（境）费, the 公务用车购置及运行(维护)费
group (its 小计, 购置费, 运行(维护)费) and 公务接待费, with other expenses the title adds (会议费, 培训费, 机关运行
经费) after them. Templates differ in the order of the three parts (出国 | 车 | 接待 in the national 决算 template,
出国 | 接待 | 车 in others), and a header broken over lines does not say which; the rows drop their empty cells.
Two identities hold on every row whatever the order: total = 出国 + 车小计 + 接待 and 车小计 = 购置 + 运行.

Each order of the three parts is kept unless a header line prints two parts the other way round (words of
one line keep their left-to-right order) or some row cannot keep both identities under it. A figure is
named only when every kept order and every placement keeping the identities give it the same part; the
others are left out and counted. The twins the sums cannot tell apart (出国 and 接待, 购置 and 运行) are
told apart where the document's own text names the figure (`安排公务接待费预算1.86万元`). 购置费 before
运行费 inside the group is the one order taken from the templates, not the rows, and a header line
printing them the other way round turns the rule off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations, permutations

from core.lexicon import GRAND_TOTALS
from indexer.space_place import sums_hold, vector
from indexer.space_totals import printed_before

TOTAL, ABROAD, CARS, BUY, RUN, RECEPTION = range(6)  # canonical slots; extra expenses follow
_PARTS = ((ABROAD,), (CARS, BUY, RUN), (RECEPTION,))
_EXTRAS = ("会议费", "培训费", "机关运行经费")
# a part's heading or a piece of it (公务接 / 待费; 公务用车 alone tops one of the cars' columns)
_KINDS = ((ABROAD, re.compile(r"出国")), (RECEPTION, re.compile(r"接待|公务接$")),
          (CARS, re.compile(r"购置及运行|^公务用车[^购运]*$")), (BUY, re.compile(r"购置")),
          (RUN, re.compile(r"^运行|公务用车运行")))
_TOTAL_WORD = re.compile(r"(?:合计|小计|总计|总额)$")
# the whole names a broken heading's pieces come from (a piece of one is no column of its own)
_WHOLE = ("“三公”经费合计", "“三公”经费财政拨款预算总额", "因公出国（境）费用", "公务用车购置及运行维护费",
          "公务接待费")
_HEADING = re.compile(r"(?:经费|数|[)）])$")  # a whole 三公 heading (“三公”经 / 费合计 are pieces)
_MAX_OPTIONS = 3000
_PART_NAMES = ((ABROAD, re.compile(r"因公出国[（(]境[)）](?:费用?|经费)$")),
               (CARS, re.compile(r"公务用车购置及运行(?:维护)?费$")), (BUY, re.compile(r"公务用车购置费$")),
               (RUN, re.compile(r"公务用车运行(?:维护)?费$")), (RECEPTION, re.compile(r"公务接待费$")))
# parts the identities cannot tell apart (both add to the same sum): the text's name decides between them only;
# a figure named 运行费 may still be the 小计 beside it (购置 empty)
_TWINS = {ABROAD: RECEPTION, RECEPTION: ABROAD, BUY: RUN, RUN: BUY}
_STAGE = re.compile(r"(?:预算数?|决算数?|支出|执行数)+$")


@dataclass
class Sangong:
    leaves: list[str]
    paths: list[str]
    orders: list[list[int]]  # each kept order: visual column -> canonical slot
    named: dict[Decimal, int]  # figures the document's text names as one part -> that part's slot


def _kind(word: str) -> int | None:
    return next((slot for slot, pattern in _KINDS if pattern.search(word)), None)


def _extra(word: str) -> str | None:
    return next((e for e in _EXTRAS if word.startswith(e)), None)


def _slot(word: str, extras: list[str]) -> int | None:
    kind, extra = _kind(word), _extra(word)
    return kind if kind is not None or extra is None else RECEPTION + 1 + extras.index(extra)


def _is_piece(word: str) -> bool:
    return len(word) <= 2 or "三公" in word or heading_piece(word)


def heading_piece(label: str) -> bool:
    """A row label that is the lower piece of a broken part heading (公务用车运行维 / 护费 above a row printing
    no label), not a row: 三公 rows are periods, stages or units, never a piece of a part's name."""
    plain = label.replace("(", "（").replace(")", "）")
    return bool(plain) and not plain.endswith((*GRAND_TOTALS, "小计")) and any(plain in whole for whole in _WHOLE)


def _visual(order: tuple[tuple[int, ...], ...], extras: int) -> list[int]:
    return [TOTAL, *(s for part in order for s in part), *range(RECEPTION + 1, RECEPTION + 1 + extras)]


def _sums(visual: list[int]) -> list[tuple[int, list[int]]]:
    at = {slot: i for i, slot in enumerate(visual)}
    return [(at[TOTAL], [at[ABROAD], at[CARS], at[RECEPTION]]), (at[CARS], [at[BUY], at[RUN]])]


def _agrees(visual: list[int], lines: list[list[int]]) -> bool:
    """No header line prints two parts in another order than `visual` (group words stand for the group)."""
    rank = {slot: i for i, slot in enumerate(visual)}
    for slots in lines:
        ranks = [rank[s] if s != CARS else rank[BUY] for s in slots]
        if ranks != sorted(ranks):
            return False
    return True


def _options(figs: list[Decimal], visual: list[int], decimals: int,
             named: dict[Decimal, int]) -> list[tuple[int, ...]] | None:
    """The canonical slots of each figure, for every placement keeping both identities where no figure the
    document's text names as one part stands in that part's twin."""
    width, sums = len(visual), _sums(visual)
    placements = list(combinations(range(width), len(figs)))
    if len(placements) > _MAX_OPTIONS:
        return None
    kept = [o for o in placements if sums_hold(vector(figs, o, width), sums, decimals)]
    slots = [tuple(visual[c] for c in o) for o in kept]
    return [o for o in slots if not any(_TWINS.get(named.get(f)) == s for f, s in zip(figs, o))]


def named_parts(lines: tuple[str, ...]) -> dict[Decimal, int]:
    """Figures the text names as one 三公 part (`安排公务接待费预算1.86万元`): the part's name right before the
    figure, a stage word (预算, 支出决算 …) between them at most. A figure named as two parts names none."""
    out: dict[Decimal, set[int]] = {}
    for value, befores in printed_before(lines).items():
        for before in befores:
            text = _STAGE.sub("", before)
            for slot, pattern in _PART_NAMES:
                if pattern.search(text):
                    out.setdefault(value, set()).add(slot)
    return {v: s.pop() for v, s in out.items() if len(s) == 1}


def sangong_columns(header: list[list[str]], width: int | None, rows: list[list[Decimal]],
                    decimals: int, lines: tuple[str, ...] = ()) -> Sangong | None:
    """The 三公 table's columns, or None when the header is not one or the rows contradict every order.
    `header`: each header line's value-column words; `width`: the 栏次 count when the header prints one;
    `lines`: the document, whose text may name a part's figure."""
    words = [w for line in header for w in line]
    # other expenses keep the slots after 公务接待费 in the order the header prints them
    extras = list(dict.fromkeys(e for w in words if _kind(w) is None and (e := _extra(w))))
    slots = [[k for w in line if (k := _slot(w, extras)) is not None] for line in header]
    totals = [w for w in words if _TOTAL_WORD.search(w)]
    if not {ABROAD, BUY, RUN, RECEPTION} <= {k for line in slots for k in line} or not 1 <= len(totals) <= 2:
        return None
    if any(_kind(w) is None and not _extra(w) and not _TOTAL_WORD.search(w) and not _is_piece(w) for w in words):
        return None  # a heading of some other column
    n = 6 + len(extras)
    if width not in (None, n) or not rows or any(len(r) > n for r in rows):
        return None
    kept, named = [], named_parts(lines)
    for order in permutations(_PARTS):
        visual = _visual(order, len(extras))
        if not _agrees(visual, slots):
            continue
        if all(_options(r, visual, decimals, named) != [] for r in rows):
            kept.append(visual)
    if not kept:
        return None
    return Sangong(*_names(words, extras), kept, named)


def _names(words: list[str], extras: list[str]) -> tuple[list[str], list[str]]:
    def whole(kind: int, default: str) -> str:
        return next((w for w in words if _kind(w) == kind and w.endswith(("费", "费用"))), default)
    upkeep = "维护" if any("维护" in w for w in words) else ""
    group = whole(CARS, f"公务用车购置及运行{upkeep}费")
    run = next((w for w in words if _kind(w) == RUN and w.endswith("费") and w.startswith("公务用车")),
               f"公务用车运行{upkeep}费")
    total, heading = _total_name(words)
    leaves = [total, whole(ABROAD, "因公出国（境）费"), "小计", "公务用车购置费", run, "公务接待费", *extras]
    paths = [f"{heading}/{total}" if heading else total, leaves[ABROAD], f"{group}/小计",
             f"{group}/公务用车购置费", f"{group}/{run}", "公务接待费", *extras]
    return leaves, paths


def _total_name(words: list[str]) -> tuple[str, str | None]:
    """The total column's heading, and the 三公 heading printed over it when the total is a bare 小计/合计.
    A total heading broken in two (“三公”经费财政 / 拨款预算总额) is joined when one piece of each is printed."""
    totals = [w for w in words if _TOTAL_WORD.search(w) and w != "小计"]
    whole = next((w for w in totals if "三公" in w or w in GRAND_TOTALS), None)
    heading = next((w for w in words if "三公" in w and not _TOTAL_WORD.search(w) and _HEADING.search(w)), None)
    if whole or heading:
        return whole or "小计", heading if heading and not (whole and "三公" in whole) else None
    tops = [w for w in words if "三公" in w and not _TOTAL_WORD.search(w)]
    return (tops[0] + totals[0] if len(tops) == len(totals) == 1 else "“三公”经费合计"), None


def place_sangong(table: Sangong, rows: list[list[Decimal]], decimals: int) -> list[dict[int, int]]:
    """Per row: figure index -> canonical column, for the figures every kept order places alike."""
    out = []
    for figs in rows:
        slots: list[set[int]] = [set() for _ in figs]
        certain = True
        for visual in table.orders:
            options = _options(figs, visual, decimals, table.named)
            if not options:
                certain = False
                break
            for o in options:
                for i, s in enumerate(o):
                    slots[i].add(s)
        out.append({i: next(iter(s)) for i, s in enumerate(slots) if certain and len(s) == 1})
    return out

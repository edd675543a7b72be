"""Side-by-side panels of a 收支总表: 收入 rows on the left and 支出 rows on the right of one line.

PDF text extraction prints both halves of a row on one line, so what the text alone does not say
is read from the table's own form:
- the national 决算 template prints a 行次 (row number) after each label, and a row whose halves
  print no figure (`四、上级补助收入 4 四、公共安全支出 34`) is still a row of the table, not prose;
- its 栏次 row (`栏次 1 栏次 2 3 4 5`) counts each panel's value columns;
- the header line printing each panel's label headings (`项目 行次 金额 项目 行次 合计 …`) names each
  panel's columns, under the panel's own heading above it (收入 / 支出);
- a row printing one half only belongs to the panel its label's side (…收入 / …支出) names;
- a panel's 本年收入合计 / 本年支出合计 (or its 总计, when nothing else is printed after its numbered
  rows) is the sum of its numbered rows (一、 二、 …), column by column: an identity that places
  the figures of rows printing fewer cells than the panel has columns.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from indexer.numbers import normalise_text
from indexer.space_place import Placed
from indexer.space_rows import Segment, Token

ROW_NUMBER = "行次"
COLUMN_NUMBER = "栏次"
_SIDE = re.compile(r"(收入|支出)(?:合计|总计)?$")
_TOP_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")
_PANEL_TOTAL = re.compile(r"(?:合计|总计)$")
_OF_YEAR = re.compile(r"本年(?:收入|支出)?合计$")


def is_rownum_row(tokens: list[Token]) -> bool:
    """A 行次 table's row printing labels and row numbers but no figure: each label is followed by
    its row number, and the row numbers rise (`10 十、节能环保支出 40`, `四、上级补助收入 4 四、公共安全支出 34`)."""
    nums = [int(t.text) for t in tokens if t.kind == "int"]
    if not nums or any(t.kind not in ("int", "label") for t in tokens) or any(len(t.text) > 3 for t in tokens
                                                                             if t.kind == "int"):
        return False
    followed = all(nxt.kind == "int" for t, nxt in zip(tokens, tokens[1:] + [Token("", "")]) if t.kind == "label")
    return followed and nums == sorted(set(nums))


def promote_rownum_rows(kinds: dict[int, str | None], toks: dict[int, list[Token]],
                        is_title: Callable[[list[Token]], bool]) -> None:
    """Under a header naming a 行次 column, rows printing no figure are data rows (they stay inside the
    table instead of ending it); the table ends at a line of any other kind (its note, a title)."""
    inside = False
    for n in sorted(kinds):
        k = kinds[n]
        if k == "labels" and any(ROW_NUMBER in t.text for t in toks[n]):
            inside = True
        elif k is None and inside and is_rownum_row(toks[n]):
            kinds[n] = "data"
        elif k is None or (k == "labels" and is_title(toks[n])):
            inside = False


def index_widths(index_lines: list[list[Token]], panels: int) -> list[int] | None:
    """Each panel's value-column count from a 栏次 row printing one 栏次 per panel (`栏次 1 栏次 2 3 4 5`)."""
    for tokens in index_lines:
        widths: list[int] = []
        for t in tokens:
            if t.kind == "label" and COLUMN_NUMBER in t.text:
                widths.append(0)
            elif t.kind == "int" and widths:
                widths[-1] += 1
        if len(widths) == panels and all(widths):
            return widths
    return None


@dataclass
class PanelNames:
    leaves: list[str]
    paths: list[str]
    named: list[bool]  # per panel: its columns are named (so their count is known)


def panel_names(lines: list[list[str]], widths: list[int], is_label: Callable[[str], bool],
                counted: bool) -> PanelNames | None:
    """Names from the header line printing each panel's label headings then its value headings
    (`项目 行次 决算数 项目 行次 决算数`): a panel is named when its headings count its columns. A line
    above printing one heading per panel (收入 支出) heads each panel's names. `counted`: the widths are
    the 栏次 row's; the rows' widths are not proof when a heading word stands alone on a line below
    (国有资本 / 经营预算 broken around the naming line: that column is missing from its count)."""
    panels = len(widths)
    at = next((i for i, words in enumerate(lines) if len(_groups(words, is_label)) == panels), None)
    if at is None or not counted and any(len(words) == 1 for words in lines[at + 1:]):
        return None
    groups = _groups(lines[at], is_label)
    named = [len(g) == w for g, w in zip(groups, widths)]
    if not any(named):
        return None
    top = next((w for w in reversed(lines[:at]) if len(w) == panels and not any(map(is_label, w))), None)
    leaves: list[str] = []
    paths: list[str] = []
    for p, (g, w) in enumerate(zip(groups, widths)):
        names = g if named[p] else [""] * w
        leaves += names
        paths += [f"{top[p]}/{x}" if top and x else x for x in names]
    return PanelNames(leaves, paths, named)


def _groups(words: list[str], is_label: Callable[[str], bool]) -> list[list[str]]:
    """A header line's value headings per panel: a label heading after a value heading opens the next
    panel. Empty when the line prints no label heading (it names no panel)."""
    out: list[list[str]] = []
    after_label = False
    for w in words:
        if is_label(w):
            if not out or not after_label and out[-1]:
                out.append([])
            after_label = True
        elif out:
            out[-1].append(w)
            after_label = False
    return out if all(out) else []


def side(label: str) -> str | None:
    m = _SIDE.search(label)
    return m.group(1) if m else None


def panel_by_side(segs: list[Segment], full: list[list[Segment]], panels: int, text: str) -> list[int] | None:
    """The panel of a row printing one half only: the one panel whose rows printing every half are all
    labelled on the side (收入 or 支出) this row's label names. The label must be one printed word: two
    words read as one label may be both halves' labels (`二、财政专户管理资金 行政事业单位养老支出 396.67`,
    the left half printing no figure), and the figure's half is then unknown."""
    if len(segs) != 1 or not (want := side(segs[0].label)) or segs[0].label not in normalise_text(text).split():
        return None
    sides = [{side(row[p].label) for row in full} - {None} for p in range(panels)]
    owners = [p for p, s in enumerate(sides) if s == {want}]
    return owners if len(owners) == 1 else None


def with_sum_rows(rows: list[Placed], labels: list[str]) -> list[Placed]:
    """A panel without codes whose numbered rows (一、 二、 …) add up to its 本年…合计 row, or to its
    总计 when no other row after them prints a figure: the numbered rows stand as the total's children
    (given stand-in codes of one level, which only the placement sees)."""
    if any(r.code for r in rows):
        return rows
    tops = [i for i, x in enumerate(labels) if _TOP_NUMBERED.match(x)]
    if len(tops) < 2:
        return rows
    after = [i for i in range(tops[-1] + 1, len(rows)) if rows[i].figs]
    total = next((i for i in after if _OF_YEAR.search(labels[i])), None)
    if total is None and after and _PANEL_TOTAL.search(labels[after[0]]):
        total = after[0]
    if total is None:
        return rows
    out = [replace(r, is_total_row=i == total) for i, r in enumerate(rows)]
    for k, i in enumerate(tops):
        out[i] = replace(out[i], code=f"#{k:02d}")
    return out


"""Tables printed at fixed character positions -> cells, by the same geometry as a PDF page.

`pdftotext -layout`, a terminal's copy of a PDF and many converters print a table with its columns
padded by spaces: the cell boundaries are runs of two or more spaces and, for a row that leaves a
cell empty, only the character position tells which column a figure stands in. Read as words
split at single spaces, such a row loses that (a figure shifts left into the empty column). So a
run of such lines is laid out like a PDF page (indexer.pdf_layout): each word placed at its display
column (a CJK character is two columns wide, as terminals print it), cells cut at gaps of two
columns or more, column bands taken from the figures; a figure that overlaps two bands is left
out and counted, never read in order.
"""
from __future__ import annotations

import re
import unicodedata

from indexer.cell_text import is_meta
from indexer.numbers import parse_amount
from indexer.page_furniture import is_page_number
from indexer.pdf_layout import Word, place_lines, split_glued, visual_lines

# One em is a CJK character: two columns. A single space (half an em) stays inside a cell, two
# spaces (a whole em) are above pdf_layout's cell gap.
_EM = 2.0
_WIDE_GAP = re.compile(r"\S {2,}\S")
_LEADER_DOTS = re.compile(r"\.{4,}|…{2,}|·{4,}")
_SENTENCE_END = re.compile(r"[。；;：:]$")
# Wrapped-label fragments (one cell on its own line) allowed between two positioned lines.
MAX_INNER_FRAGMENTS = 2
# A table has two lines with a figure in a column of their own, or one line with this many (the one
# row of a 三公 table under its header): a padded note with one amount is no table.
MIN_ROW_FIGURES = 2


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def positioned_words(line: str, number: int) -> list[Word]:
    """The words of one line at their display columns; the line number is the word's height."""
    out: list[Word] = []
    for m in re.finditer(r"\S+", line):
        x0 = display_width(line[:m.start()])
        xs = [x0 + display_width(m.group()[:k]) for k in range(len(m.group()) + 1)]
        word = Word(m.group(), x0, xs[-1], number, number + 0.8, _EM)
        out.extend(split_glued(word, xs[:-1], xs[1:]))
    return out


def _chunks(line: str) -> list[str]:
    return [c for c in re.split(r" {2,}", line.strip()) if c]


def _positioned(line: str) -> bool:
    """A table line printed with its columns padded: no note (单位：万元), no contents entry."""
    if not _WIDE_GAP.search(line) or _LEADER_DOTS.search(line):
        return False
    return not any(is_meta(c) for c in _chunks(line))


def _fragment(line: str) -> bool:
    text = line.strip()
    return bool(text) and " " not in text and not is_page_number(text) and not _SENTENCE_END.search(text)


def _figures(line: str) -> int:
    chunks = _chunks(line)
    return sum(parse_amount(c) is not None for c in chunks) if len(chunks) > 1 else 0


def _runs(lines: list[str], taken: set[int]) -> list[list[int]]:
    """Line numbers of each run of positioned lines, wrapped-label fragments between them included."""
    free = [n not in taken for n in range(len(lines) + 1)] + [False]
    runs: list[list[int]] = []
    n = 1
    while n <= len(lines):
        if not (free[n] and _positioned(lines[n - 1])):
            n += 1
            continue
        run = [n]
        n += 1
        while n <= len(lines) and free[n]:
            if _positioned(lines[n - 1]):
                run.append(n)
                n += 1
                continue
            k = n
            while k <= len(lines) and free[k] and k - n < MAX_INNER_FRAGMENTS and _fragment(lines[k - 1]):
                k += 1
            if k == n or not (k <= len(lines) and free[k] and _positioned(lines[k - 1])):
                break
            run += list(range(n, k))
            n = k
        figures = [f for m in run if (f := _figures(lines[m - 1]))]
        if len(figures) > 1 or figures and figures[0] >= MIN_ROW_FIGURES:
            runs.append(run)
    return runs


def fixed_rows(lines: list[str], taken: set[int]) -> dict[int, tuple[list[str], int]]:
    """Line number -> (one text per column, figures left out because their column was not certain)
    for the lines of fixed-width tables; lines in `taken` belong to other layouts."""
    out: dict[int, tuple[list[str], int]] = {}
    for run in _runs(lines, taken):
        placed_lines = visual_lines([w for n in run for w in positioned_words(lines[n - 1], n)])
        for ln, placed in zip(placed_lines, place_lines(placed_lines)):
            out[int(ln.top)] = placed
    return out

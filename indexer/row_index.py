"""A 行次 column: the row numbers a final-accounts form prints beside each label (1, 2, 3 … down the
收入 panel, then n+1, n+2 … down the 支出 panel). They are positions, never amounts, whatever the
header says: a header broken over lines or cells can leave the column unnamed, and read as figures
every row would gain a figure of 1, 2, 3 ….

Each panel's labels stand left of its row numbers and its figures right of them, so the column
also tells where one panel ends: a label column after a row-number column opens the next panel
even when the panel between prints no figure at all.
"""
from __future__ import annotations

import re

_ROW_NUMBER = re.compile(r"^\d{1,3}$")
# fewer rows could be a short column of small counts that happen to rise by one
MIN_ROWS = 5


def is_row_number_column(texts: list[str]) -> bool:
    """The printed cells of one column, top to bottom: whole numbers of at most three digits,
    each one more than the one above it."""
    filled = [t.strip() for t in texts if t and t.strip()]
    if len(filled) < MIN_ROWS or not all(_ROW_NUMBER.match(t) for t in filled):
        return False
    numbers = [int(t) for t in filled]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))

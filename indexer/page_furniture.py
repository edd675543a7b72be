"""Lines a printed page carries that are not the document's text: page numbers and running headers.

Text extracted from a PDF keeps them where the page broke (`— 4 —` between two halves of one
sentence, `无锡市某局2026年度部门预算公开` on top of every page). Quoted inside a passage they read as
content and split sentences apart, so the narrative reader leaves them out.
"""
from __future__ import annotations

import re
from collections import Counter

# `— 4 —`, `- 17 -`, `—7—`, `第 3 页`, `第3页 共20页`, `3 / 20`: a number that only a dash, a 第…页
# or a page count makes a page number. A bare number on a line may be a figure pushed off its row.
_PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－−~～·]+\s*\d{1,4}\s*[—–\-－−~～·]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})$"
)
# A running header or footer stands next to the page break on page after page, the same words each time.
MIN_REPEATS = 3
NEAR_BREAK = 2  # non-blank lines on either side of a page number that belong to the page's margin


# A line of a PDF page is known to stand alone, so there a bare number is the page's number too.
_BARE = re.compile(r"^\d{1,4}$")


def is_page_number(line: str, bare: bool = False) -> bool:
    """`bare`: the line is a whole visual line of a page (a PDF), where a number alone is no figure
    pushed off its row but the page's number."""
    text = line.strip()
    return bool(_PAGE_NUMBER.match(text) or bare and _BARE.match(text))


def running_lines(lines: list[str]) -> set[str]:
    """Texts printed beside at least MIN_REPEATS page numbers: the page header or footer. Page
    numbers are what mark the page breaks in extracted text, so a document without them has none
    found (a repeated line elsewhere may be a form title or a table's header, which are content)."""
    filled = [i for i, x in enumerate(lines) if x.strip()]
    breaks = [k for k, i in enumerate(filled) if is_page_number(lines[i])]
    near: dict[str, set[int]] = {}
    for b in breaks:
        for k in [*range(b - NEAR_BREAK, b), *range(b + 1, b + 1 + NEAR_BREAK)]:
            if 0 <= k < len(filled) and not is_page_number(lines[filled[k]]):
                near.setdefault(lines[filled[k]].strip(), set()).add(b)
    return {s for s, seen in near.items() if len(seen) >= MIN_REPEATS and re.search(r"[\u4e00-\u9fff]", s)
            and not re.search(r"\d[\d,]*\.\d", s)}


def page_top_lines(lines: list[str]) -> set[str]:
    """Texts printed as the first line of at least half the pages (extracted pages are separated
    by one blank line): a running header even where no page number marks the break. Table titles
    repeated on continuation pages are not first lines that often."""
    firsts = Counter(lines[i].strip() for i in range(1, len(lines)) if not lines[i - 1].strip() and lines[i].strip())
    pages = sum(1 for i in range(1, len(lines)) if not lines[i - 1].strip()) + 1
    return {t for t, n in firsts.items() if n >= MIN_REPEATS and n * 2 >= pages and not re.search(r"\d{3,}\.\d", t)}


def furniture(lines: list[str]) -> set[int]:
    """1-based numbers of the lines that are page furniture."""
    running = running_lines(lines)
    return {n for n, line in enumerate(lines, start=1) if is_page_number(line) or line.strip() in running}

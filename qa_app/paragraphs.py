"""A document's narrative as sentences that may run over several printed lines. Text taken from a
PDF breaks a sentence wherever the page's line ends («比上年增加552.08万» / «元，增长6.2%»), so a
figure, its unit and its reason are read from the lines joined back, and each position is traced
back to the line it was printed on."""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from qa_app.text import norm

# a line that opens a heading or a list entry starts a new paragraph (一、 （1） 1. - (2) 第三部分)
OPENS = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|-\s"
                    r"|第[一二三四五六七八九十]+部分)")
# a line that ends a sentence, a heading's colon or a list entry's semicolon closes its paragraph
_CLOSES = re.compile(r"[。：:；;！？!?]\s*$")


@dataclass(frozen=True)
class Paragraph:
    line: int  # first printed line
    text: str  # the lines joined, normalised (norm), nothing between them
    starts: tuple[tuple[int, int], ...]  # (offset in text, printed line) for each line joined

    @property
    def line_end(self) -> int:
        return self.starts[-1][1]

    def line_at(self, pos: int) -> int:
        """The printed line the character at `pos` is on."""
        offsets = [o for o, _ in self.starts]
        return self.starts[bisect.bisect_right(offsets, pos) - 1][1]


# a page number between two pages (4, — 10 —, -17-): no text of the paragraph it interrupts
_FURNITURE = re.compile(r"[\s\-—–]*\d{0,4}[\s\-—–]*")
# a body line runs to the page's edge: near the length of the document's longer lines (its upper
# quartile; many narrative lines are short labels), which a heading does not reach
_FULL_WIDTH = 0.85


def paragraphs(narrative: list[tuple[int, str]], furniture: Collection[int] = (),
               text: Callable[[str], str] = norm) -> list[Paragraph]:
    """Consecutive narrative lines joined until one closes a sentence or the next opens a heading.
    A blank line or a page number closes too, unless the text before it stopped mid-sentence at
    full width (a page break inside a sentence); any other gap in line numbers (a table) closes.
    `furniture`: lines known to be page furniture (a running header), read like a page number.
    `text`: how a line is kept (normalised for matching by default; cleaned for quoting)."""
    out: list[Paragraph] = []
    parts: list[tuple[int, str]] = []
    narrative = [(n, "" if n in furniture else t) for n, t in narrative]
    widths = sorted(len(norm(t)) for _, t in narrative if not _FURNITURE.fullmatch(t))
    full = _FULL_WIDTH * widths[3 * len(widths) // 4] if widths else 0

    def close() -> None:
        if parts:
            starts, offset = [], 0
            for n, text in parts:
                starts.append((offset, n))
                offset += len(text)
            out.append(Paragraph(parts[0][0], "".join(t for _, t in parts), tuple(starts)))
            parts.clear()

    previous = None
    for n, raw in narrative:
        if previous is not None and (n != previous + 1 or OPENS.match(raw)):
            close()
        previous = n
        if raw.lstrip().startswith("#"):  # a marked-up heading stands alone
            close()
            out.append(Paragraph(n, text(raw), ((0, n),)))
            continue
        if _FURNITURE.fullmatch(raw):
            if not parts or len(norm(parts[-1][1])) < full:
                close()
            continue
        parts.append((n, text(raw)))
        if _CLOSES.search(raw):
            close()
    close()
    return out

"""Source lines as a reader sees them: wrapped, numbered by their line in the file (the one
numbering used everywhere: 第N行 in text, N under 行号), the PDF page marked where it changes,
the cited lines set off from their context and the cited figure highlighted.

The HTML is for st.html; every source text is escaped, so a line of a disclosure can never
become markup.
"""
from __future__ import annotations

import html
import re
from collections.abc import Collection

from qa_app.types import Citation

# Lines shown either side of the cited ones: a cell printed on a line of its own is read with
# its row label and neighbours.
CONTEXT_LINES = 2

STYLE = """<style>
.src {font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; line-height: 1.55}
.src.scroll {max-height: 560px; overflow-y: auto}
.src-line {display: flex; gap: .75rem; color: #8a8a8a}
.src-line.cited {color: inherit; background: rgba(255, 224, 138, .28)}
.src-no {flex: 0 0 3.5em; text-align: right; color: #9a9a9a; user-select: none}
.src-text {white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 4; min-width: 0}
.src-page {color: #9a9a9a; font-size: .75rem; margin: .3rem 0 .1rem 4.25em}
.src mark {background: #ffd54f; color: inherit; font-weight: 600; padding: 0 .15em; border-radius: 2px}
</style>"""


def line_span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def span_lines(span: str) -> range:
    """The lines a span written by line_span covers ("634–636" -> 634..636); empty for ""."""
    if not span:
        return range(0)
    first, _, last = span.partition("–")
    return range(int(first), int(last or first) + 1)


def lines_label(start: int, end: int) -> str:
    return f"第{line_span(start, end)}行"


def pages_label(pages: dict[int, int], start: int, end: int) -> str | None:
    """第P页 / 第P–Q页 for the lines start..end; None for a source without pages."""
    found = [p for n, p in pages.items() if start <= n <= end]
    return f"第{line_span(min(found), max(found))}页" if found else None


def window(c: Citation) -> tuple[int, int]:
    return max(1, c.line_start - CONTEXT_LINES), c.line_end + CONTEXT_LINES


def _figure(value: str | None) -> re.Pattern | None:
    """The figure as printed, never as part of a longer number."""
    text = (value or "").strip()
    if not re.search(r"\d", text):
        return None
    # a scan's text may space a figure after its separators (54. 07 for 54.07), as the indexer reads it
    printed = "".join(re.escape(ch) + (r"\s?" if ch in ".," else "") for ch in text)
    # neither digits nor a digit's separator (4,066.60 holds 066.60; 404.675 holds 404.67) beside it
    return re.compile(rf"(?<![\d.])(?<!\d,){printed}(?!\d|[.,]\d)")


def _marked(text: str, figure: re.Pattern | None) -> str:
    if figure is None:
        return html.escape(text)
    out, at = [], 0
    for m in figure.finditer(text):
        out += [html.escape(text[at:m.start()]), f"<mark>{html.escape(m.group())}</mark>"]
        at = m.end()
    return "".join(out) + html.escape(text[at:])


def citation_html(lines: list[tuple[int, str]], pages: dict[int, int], c: Citation) -> str:
    """`lines` around the citation, its own lines set off and its figure marked on them."""
    return source_html(lines, pages, range(c.line_start, c.line_end + 1), c.value)


def source_html(lines: list[tuple[int, str]], pages: dict[int, int], cited: Collection[int],
                figure_text: str | None = None, scroll: bool = False) -> str:
    """`lines` (number, verbatim text): the `cited` ones set off, `figure_text` marked on them,
    a page label wherever the page changes; `scroll` keeps a long table in a box of its own."""
    figure = _figure(figure_text)
    out, page = [f'<div class="src{" scroll" if scroll else ""}">'], None
    for n, text in lines:
        if pages.get(n, page) != page:
            page = pages[n]
            out.append(f'<div class="src-page">第{page}页</div>')
        cited_line = n in cited
        out.append(f'<div class="src-line{" cited" if cited_line else ""}" data-line="{n}">'
                   f'<span class="src-no">{n}</span>'
                   f'<span class="src-text">{_marked(text, figure if cited_line else None)}</span></div>')
    return "".join(out) + "</div>"

"""The heading hierarchy of a disclosure's narrative text.

Budget disclosures number their headings with a few conventional markers (第X部分, 一、, （一）,
1. / 1、, (1)). Each marker has a fixed level, but documents nest them inconsistently (a
"第一部分" may open *inside* an "五、" section), so nesting follows the order the markers appear.
Text extraction adds noise the detection must see through: markdown `#`, `**bold**`, `<b>` tags,
list dashes, and numbered list items that look like headings but are sentences.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.models import Section
from indexer.page_furniture import furniture

_CN_DIGITS = "一二三四五六七八九十百零〇廿"
# Order matters: the bracketed forms must be tried before the bare numeral forms.
_MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^(第\s*([{_CN_DIGITS}\d]+)\s*部分)\s*(.*)$")),
    (3, re.compile(rf"^([（(]\s*([{_CN_DIGITS}]+)\s*[）)])\s*(.*)$")),
    (5, re.compile(r"^([（(]\s*(\d{1,2})\s*[）)])\s*(.*)$")),
    (2, re.compile(rf"^(([{_CN_DIGITS}]+)\s*[、．.])\s*(.*)$")),
    # "1.5万元" is a number, not a heading: a dot marker must not be followed by a digit.
    (4, re.compile(r"^((\d{1,2})\s*(?:[、．]|\.(?!\d)))\s*(.*)$")),
]
_FIRST_ORDINALS = {"一", "1"}

MAX_TITLE_CHARS = 40
# A heading that ends with 。 is tolerated only when short ("（二）机关运行经费。").
MAX_STOP_TITLE_CHARS = 30
# A heading followed on the same line by its text ("（一）加大信息化建设力度。新医保信息系统…").
MAX_INLINE_TITLE_CHARS = 20
MIN_INLINE_BODY_CHARS = 6

_LEADERS = re.compile(r"(\.{3,}|…{2,}|·{3,}|-{4,})")
_SENTENCE_PUNCT = re.compile(r"[，,；;]")
_AMOUNT = re.compile(r"\d\s*(?:万|元|%|％)")  # headings name topics; list items carry amounts
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_INLINE = re.compile(r"^([^，,、；;：:。！？\s]{2,%d})([：:。]|\s+)(.+)$" % MAX_INLINE_TITLE_CHARS)
_TOC_WORD = "目录"


@dataclass(frozen=True)
class _Heading:
    level: int
    number: str  # the numeral as printed ("一", "12")
    title: str  # marker + title, as shown to users
    body: str  # text following the heading on the same line ("" for a full-line heading)

    @property
    def key(self) -> tuple[int, str]:
        return self.level, self.number


def clean_line(line: str) -> str:
    """The visible text of a line: markdown heading/list markers, emphasis and tags removed."""
    text = _HTML_TAG.sub("", line).strip()
    text = re.sub(r"^#+\s*", "", text)
    text = re.sub(r"^(?:[-*+•]\s+)+", "", text)
    return text.replace("**", "").strip()


def _split_bold_lead(line: str) -> tuple[str, str] | None:
    """'**一、基本支出：**指为…' -> ('一、基本支出：', '指为…'): bold marks where a title ends."""
    text = _HTML_TAG.sub("", line).strip()
    text = re.sub(r"^#+\s*", "", text)
    text = re.sub(r"^(?:[-+•]\s+)+", "", text)
    if not text.startswith("**"):
        return None
    end = text.find("**", 2)
    if end <= 2:
        return None
    return text[2:end].strip(), text[end + 2 :].replace("**", "").strip()


def _marker(text: str) -> tuple[int, str, str, str] | None:
    """(level, number, marker as printed, rest of the line) when the text starts with a marker."""
    for level, pattern in _MARKERS:
        m = pattern.match(text)
        if m:
            marker = re.sub(r"\s+", "", m.group(1))
            # "第一部分 概况" reads better with its space kept; "一、概况" has none.
            return level, m.group(2), marker + (" " if level == 1 else ""), m.group(3).strip()
    return None


def _plausible_title(title: str) -> bool:
    return (
        bool(re.search(r"[\u4e00-\u9fffA-Za-z]", title))
        and not _LEADERS.search(title)
        and not _AMOUNT.search(title)
    )


def _full_line_title(rest: str, in_list: bool) -> str | None:
    """The title when the whole line is a heading, else None."""
    title = rest.rstrip("：: ")
    if not title or len(title) > MAX_TITLE_CHARS or not _plausible_title(title):
        return None
    if title.endswith(("；", ";", "，", ",", "、")):
        return None
    if title.endswith("。"):
        title = title[:-1]
        # A short statement ending in 。 inside a run of same-level items is a list entry.
        if in_list or len(title) > MAX_STOP_TITLE_CHARS or re.search(r"[。：:]", title):
            return None
    return None if _SENTENCE_PUNCT.search(title) else title


def _inline_title(rest: str) -> tuple[str, str] | None:
    m = _INLINE.match(rest)
    if not m or len(m.group(3).strip()) < MIN_INLINE_BODY_CHARS or not _plausible_title(m.group(1)):
        return None
    body = m.group(3).strip()
    # A figure after the title is a list entry's value ("…补助：69.20万元。"); after a mere space,
    # only a whole sentence is the heading's text (OCR also puts spaces inside titles).
    if body[0].isdigit() or (not m.group(2).strip() and not body.endswith("。")):
        return None
    return m.group(1), body


def _detect(raw: str, in_list: bool) -> _Heading | None:
    # Table cells (tab-led or tab/pipe-separated lines) are never headings.
    if "\t" in raw or "|" in raw:
        return None
    bold = _split_bold_lead(raw)
    if bold and bold[1]:
        found = _marker(bold[0])
        title = found[3].rstrip("：: ") if found else ""
        if found and title and _plausible_title(title):
            return _Heading(found[0], found[1], found[2] + title, bold[1])
    found = _marker(clean_line(raw))
    if not found:
        return None
    level, number, marker, rest = found
    inline = _inline_title(rest)
    if inline:
        return _Heading(level, number, marker + inline[0], inline[1])
    title = _full_line_title(rest, in_list)
    return None if title is None else _Heading(level, number, marker + title, "")


def _marker_levels(lines: Sequence[str], usable: list[bool]) -> list[int | None]:
    return [(_marker(clean_line(t)) or (None,))[0] if usable[i] else None for i, t in enumerate(lines)]


def _neighbours_share_level(i: int, levels: list[int | None], texts: list[str]) -> bool:
    """True when the nearest non-blank line before or after starts with the same marker level."""
    level = levels[i]
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(texts) and not texts[j]:
            j += step
        if 0 <= j < len(texts) and levels[j] == level:
            return True
    return False


def _toc_range(texts: list[str], levels: list[int | None], raw: Sequence[str]) -> tuple[int, int] | None:
    """0-based inclusive range of the 目录 area: from the 目录 line until its first entry recurs
    in the body (or, failing that, until the first line that is no entry-like line).

    Entries with tab-separated page numbers may have been claimed as a table, so entries are read
    from the raw lines; the recurrence must be a real heading outside tables."""
    start = next((i for i, t in enumerate(raw) if re.sub(r"[\s#*]", "", _HTML_TAG.sub("", t)) == _TOC_WORD), None)
    if start is None:
        return None
    first_key = None
    for j in range(start + 1, len(raw)):
        found = _marker(_LEADERS.split(clean_line(raw[j]))[0].strip())
        if found:
            first_key = (found[0], found[1])
            break
    if first_key is not None:
        for k in range(j + 1, len(texts)):
            heading = _detect(raw[k], False) if levels[k] == first_key[0] else None
            if heading and heading.key == first_key:
                return start, k - 1
    end = start
    for k in range(start + 1, len(texts)):
        t = texts[k]
        if t and not (_LEADERS.search(t) or levels[k] is not None or (len(t) <= MAX_TITLE_CHARS and "。" not in t)):
            break
        end = k if t else end
    return start, end


def _place(stack: list[_Heading], heading: _Heading) -> None:
    """Put a heading into the open-heading stack.

    A marker style already open means a sibling. A style not yet open that starts its numbering
    (一 / 1) opens a child even when its nominal level is higher: documents nest "第一部分" under
    "五、". Otherwise the nominal level decides (a "第二部分" without an open "第一部分").
    """
    same = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].level == heading.level), None)
    if same is not None:
        del stack[same:]
    elif heading.number not in _FIRST_ORDINALS:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
    stack.append(heading)


def parse_sections(lines: list[str], skip_ranges: Sequence[tuple[int, int]] = ()) -> list[Section]:
    """Split a document's lines into sections, one per heading (plus a preamble and a 目录 area
    when present). `skip_ranges` are 1-based inclusive line ranges occupied by tables: their lines
    are neither headings nor section text; nor are page numbers and running headers."""
    usable = [True] * len(lines)
    for n in furniture(lines):
        usable[n - 1] = False
    for a, b in skip_ranges:
        for n in range(max(a, 1), min(b, len(lines)) + 1):
            usable[n - 1] = False
    texts = [clean_line(t) if usable[i] else "" for i, t in enumerate(lines)]
    levels = _marker_levels(lines, usable)
    toc = _toc_range(texts, levels, lines)

    # (0-based line, heading or None for the 目录 area)
    starts: list[tuple[int, _Heading | None]] = []
    for i, raw in enumerate(lines):
        if toc and toc[0] <= i <= toc[1]:
            if i == toc[0]:
                starts.append((i, None))
            continue
        if levels[i] is None:
            continue
        heading = _detect(raw, _neighbours_share_level(i, levels, texts))
        if heading:
            starts.append((i, heading))

    sections: list[Section] = []
    first = starts[0][0] if starts else len(lines)
    preamble = [i for i in range(first) if texts[i]]
    if preamble:
        title = texts[preamble[0]]
        sections.append(_section(title, 0, [title], preamble[0], preamble[1:], texts, "", "preamble"))

    stack: list[_Heading] = []
    for n, (i, heading) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        body = [k for k in range(i + 1, stop) if texts[k]]
        if heading is None:
            sections.append(_section(_TOC_WORD, 0, [_TOC_WORD], i, body, texts, "", "toc"))
            continue
        _place(stack, heading)
        path = [h.title for h in stack]
        sections.append(_section(heading.title, heading.level, path, i, body, texts, heading.body, "body"))
    return sections


def _section(
    title: str, level: int, path: list[str], head: int, body: list[int], texts: list[str], inline: str, role: str
) -> Section:
    text_lines = ([head + 1] if inline else []) + [k + 1 for k in body]
    text = "\n".join(([inline] if inline else []) + [texts[k] for k in body])
    return Section(
        title=title,
        level=level,
        path=path,
        line_start=head + 1,
        line_end=(body[-1] + 1) if body else head + 1,
        text=text,
        text_lines=text_lines,
        role=role,
    )

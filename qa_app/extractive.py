"""A descriptive answer in the document's own words, shortened: the sentences that answer, and
whole numbered list items in order, with the page furniture a PDF leaves between them (page
numbers, running headers) taken out and a list item broken by a page break joined again.

No language model: every character of the answer is a character of the cited lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.models import Passage
from indexer.page_furniture import furniture
from indexer.passages import PATH_SEPARATOR
from indexer.sections import clean_line
from prompts import templates as T
from qa_app.paragraphs import OPENS, Paragraph, paragraphs
from qa_app.text import norm

MAX_CHARS = 1200  # beyond this the answer is cut after a whole paragraph, and says how many follow
MAX_SENTENCES = 3  # sentences picked from a section that is not itself the topic
_SENTENCE = re.compile(r"(?<=[。！？!?])")
_INTRODUCES = re.compile(r"[：:]$")  # «主要职责是：» opens the list that follows


@dataclass(frozen=True)
class Unit:
    text: str
    line_start: int
    line_end: int
    item: bool  # a numbered list item, kept whole


@dataclass(frozen=True)
class Extract:
    section: str  # the heading path answered from
    units: list[Unit]
    more: int  # paragraphs of the section left out for length

    @property
    def line_start(self) -> int:
        return self.units[0].line_start

    @property
    def line_end(self) -> int:
        return self.units[-1].line_end

    @property
    def quote(self) -> str:
        """The cited text, one paragraph a line (the printed lines' wrapping undone)."""
        return "\n".join(u.text for u in self.units)

    @property
    def text(self) -> str:
        body = "\n\n".join(u.text for u in self.units)
        more = f"\n\n{T.MORE_IN_SOURCE}" if self.more else ""
        return (f"\n\n{body}" if len(self.units) > 1 else body) + more


def _names(heading: str, terms: list[str]) -> bool:
    return any(norm(t) in norm(heading) for t in terms if t)


def scope(passages: list[Passage], best: Passage, terms: list[str]) -> tuple[str, range, bool]:
    """(heading path, its lines, whether its heading names the topic). The nearest heading over the
    best passage that names a question word is the topic (主要职能 for «…的主要职能是什么»), else
    the passage's own section. Its numbered sub-sections are its list items (the section reader
    takes «1、依法审判…» for a heading), so they are part of it; other sub-sections are not."""
    parts = best.section.split(PATH_SEPARATOR)
    named = next((k for k in range(len(parts), 0, -1) if _names(parts[k - 1], terms)), None)
    path = PATH_SEPARATOR.join(parts[:named]) if named else best.section
    depth = len(path.split(PATH_SEPARATOR))

    def inside(p: Passage) -> bool:
        below = p.section.split(PATH_SEPARATOR)
        return p.kind == "section" and below[:depth] == path.split(PATH_SEPARATOR) and all(
            OPENS.match(h) for h in below[depth:])

    own = [p for p in passages if inside(p)] or [best]
    return path, range(min(p.line_start for p in own), max(p.line_end for p in own) + 1), named is not None


def _without_heading(line: str, heading: str) -> str:
    """The line after its heading: «十、“三公”经费：“三公”经费指…» starts the text on the heading's line."""
    text = clean_line(line)
    cut = next((k for k in range(len(text) + 1) if norm(text[:k]) == norm(heading)), None)
    return text if cut is None else text[cut:].lstrip(" ：:")


def _units(paras: list[Paragraph], sentences: bool) -> list[Unit]:
    """List items whole (an item's text after a semicolon's line end is still the item); other
    paragraphs whole, or as their sentences when sentences are to be picked from them."""
    out: list[Unit] = []
    for p in paras:
        if OPENS.match(p.text):
            out.append(Unit(p.text, p.line, p.line_end, True))
            continue
        if out and out[-1].item and not out[-1].text.endswith(("。", "！", "？", "!", "?")):
            out[-1] = Unit(out[-1].text + p.text, out[-1].line_start, p.line_end, True)
            continue
        at = 0
        for sentence in filter(None, _SENTENCE.split(p.text) if sentences else [p.text]):
            if re.search(r"[\w\u4e00-\u9fff]", sentence):  # a stray 。 left by a cut heading says nothing
                out.append(Unit(sentence, p.line_at(at), p.line_at(at + len(sentence) - 1), False))
            at += len(sentence)
    return _continued(out)


_FIRST_ITEM = re.compile(r"^\s*[（(]?(?:一|1(?!\d))[)）、.．]")  # «1.», «一、», «（一）» start a list of their own


def _continued(units: list[Unit]) -> list[Unit]:
    """A paragraph between two items of one list is the item before it going on: a PDF closes a
    paragraph at every line ending in 。, so an item of two sentences comes out as two paragraphs
    («（八）…完善计划生育政策。» / «指导市计划生育协会的业务工作。»). A paragraph after the
    last item (此外，…), a list's lead-in (…：) or one before a new list stays its own."""
    out: list[Unit] = []
    for k, u in enumerate(units):
        after = next((v for v in units[k + 1:] if v.item or _INTRODUCES.search(v.text)), None)
        if (not u.item and out and out[-1].item and not _INTRODUCES.search(u.text) and after is not None
                and after.item and not _FIRST_ITEM.match(after.text)):
            out[-1] = Unit(out[-1].text + u.text, out[-1].line_start, u.line_end, True)
        else:
            out.append(u)
    return out


def _answering(units: list[Unit], terms: list[str]) -> list[Unit]:
    """The units naming the most question words (up to MAX_SENTENCES, in order), each with the
    list it introduces; all units when none names one."""
    score = [sum(norm(t) in norm(u.text) for t in set(terms)) for u in units]
    best = max(score, default=0)
    if best == 0:
        return units
    keep: list[int] = []
    for i in [i for i, s in enumerate(score) if s == best][:MAX_SENTENCES]:
        keep.append(i)
        if _INTRODUCES.search(units[i].text):
            j = i + 1
            while j < len(units) and units[j].item:
                keep.append(j)
                j += 1
    return [units[i] for i in sorted(set(keep))]


def extract(lines: list[tuple[int, str]], passages: list[Passage], best: Passage, terms: list[str]) -> Extract | None:
    """`lines`: the whole document's (number, text), for telling its page furniture. A table's
    passage (its title, columns and row labels) is no narrative to extract from: None."""
    if best.kind != "section":
        return None
    path, span, named = scope(passages, best, terms)
    marginal = furniture([t for _, t in lines])
    heading = path.split(PATH_SEPARATOR)[-1]
    narrative = [(n, _without_heading(t, heading) if n == span.start else t) for n, t in lines
                 if n in span and "\t" not in t and not t.lstrip().startswith("|")]
    units = _units([p for p in paragraphs(narrative, marginal, clean_line) if p.text], sentences=not named)
    chosen = units if named else _answering(units, terms)
    while chosen and _INTRODUCES.search(chosen[-1].text):  # a list's lead-in whose list is elsewhere
        chosen = chosen[:-1]
    if not chosen:
        return None
    kept, size = [], 0
    for u in chosen:
        if kept and size + len(u.text) > MAX_CHARS:
            break
        kept.append(u)
        size += len(u.text)
    return Extract(path, kept, len(chosen) - len(kept))

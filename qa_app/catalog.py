"""The indexed agencies' names, for resolving which documents a question is about: exact names and
aliases, fuzzy near misses, the body a phrase ends with, and the shortenings people make of a name."""
from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from core import lexicon
from indexer.models import DocumentMeta

_AGENCY_KINDS = "(?:" + "|".join(lexicon.SPOKEN_AGENCY_KINDS) + ")"
_SCOPE = r"(?:（[^）]*）|\([^)]*\))?"  # (机关本级) and the like after the name
AGENCY_PHRASE = re.compile(r"[\u4e00-\u9fff]{2,20}?" + _AGENCY_KINDS + _SCOPE)
_AGENCY_KIND = re.compile("(" + _AGENCY_KINDS + ")" + _SCOPE + "$")


_REGION_PREFIX = re.compile(r"(?:中共)?(?:[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|州|盟|区|县|旗))*")


def body_kind(name: str) -> str | None:
    """What sort of body a name is (局, 中心 …): a 局 and a 中心 of one district are two agencies."""
    m = _AGENCY_KIND.search(name)
    return m.group(1) if m else None


def _names_only_region(alias: str, d: DocumentMeta) -> bool:
    is_region = bool(d.region) and alias in (d.region or "") or len(alias) <= 4 and alias[-1:] in "区县市旗"
    return is_region or alias == alias.rstrip("区县") and len(alias) <= 3


class Catalog:
    """The documents' names, indexed once: resolving a question looks up the question's own
    substrings and fuzzy-matches its agency phrases in one vectorised call, so its cost does not
    grow with the number of documents indexed."""

    def __init__(self, docs: list[DocumentMeta]) -> None:
        self.docs = docs
        self.by_doc = {d.doc: d for d in docs}
        self.names = {d.doc: [d.agency, *d.aliases] for d in docs}
        # alias -> [(doc, whether the alias names more than a region)]
        self._exact: dict[str, list[tuple[str, bool]]] = {}
        for d in docs:
            for alias in dict.fromkeys(a for a in self.names[d.doc] if a):
                self._exact.setdefault(alias, []).append((d.doc, not _names_only_region(alias, d)))
        self._lengths = sorted({len(a) for a in self._exact})
        # long name -> its documents, for the fuzzy pass
        self._long: dict[str, list[str]] = {}
        for d in docs:
            for a in dict.fromkeys(a for a in self.names[d.doc] if len(a) > 4):
                self._long.setdefault(a, []).append(d.doc)
        self._long_names = list(self._long)

    def present(self, text: str) -> set[str]:
        """Every indexed name that occurs in text."""
        return {sub for n in self._lengths for i in range(len(text) - n + 1) if (sub := text[i:i + n]) in self._exact}

    def exact_hits(self, present: set[str]) -> dict[str, tuple[int, bool]]:
        """doc -> (longest of its names among `present`, whether that name is more than a region)."""
        hits: dict[str, tuple[int, bool]] = {}
        for alias in present:
            for doc, names_more in self._exact[alias]:
                hits[doc] = max(hits.get(doc, (0, False)), (len(alias), names_more))
        return hits

    def names_more_than_region(self, alias: str) -> bool:
        return any(more for _, more in self._exact.get(alias, ()))

    def ending_with(self, phrase: str) -> list[str]:
        """Documents one of whose names ends with the phrase: 统计局 names 广州市统计局 when no
        other indexed agency is a 统计局 (the caller decides what several owners mean)."""
        if len(phrase) < 2:
            return []
        return sorted(d.doc for d in self.docs if any(n.endswith(phrase) for n in self.names[d.doc]))

    def closest(self, phrase: str, n: int = 3, cutoff: int = 75, margin: int = 5) -> list[str]:
        """The indexed agencies whose names are nearest to a phrase that names none of them
        (某督区… for 某都区…, one character off), best first and within `margin` of the best: what a
        user who mistyped may have meant. Another region's office of the same kind is not near."""
        names = [(a, d.agency) for d in self.docs for a in self.names[d.doc] if len(a) >= 3]
        found = process.extract(phrase, [a for a, _ in names], scorer=fuzz.ratio, processor=None,
                                score_cutoff=cutoff, limit=None)
        best = max((score for _, score, _ in found), default=0)
        return list(dict.fromkeys(names[i][1] for _, score, i in found if score >= best - margin))[:n]

    def abbreviated(self, text: str, reach: int = 12) -> tuple[str, str] | None:
        """(document, span) when the start of the question abbreviates exactly one agency's name the
        way Chinese names are shortened: its characters in order, from the name's first character
        or up to its last (上海交职院, 某沙职教基地, 巡特警支队). A span that neither begins nor ends
        the name (医疗保障 of 某市医疗保障局) is an item word, not the agency."""
        best: dict[str, str] = {}
        for d in self.docs:
            name = d.agency
            # the kind word (办公室, 中心) is said whole or not at all: 某某基地办公费 ends at 基地
            kind_start = len(name) - len(body_kind(name) or "")
            region = len(_REGION_PREFIX.match(name).group(0))
            for i in range(min(reach, len(text))):
                found: list[int] = []
                while i + len(found) < len(text) and (p := name.find(text[i + len(found)], found[-1] + 1 if found
                                                                  else 0)) >= 0:
                    found.append(p)
                while found and kind_start <= found[-1] < len(name) - 1:
                    found.pop()
                said = [p for p in found if p >= kind_start]
                if said and said != list(range(kind_start, len(name))):
                    del found[-len(said):]  # 委…会 of 委员会 is no kind word: 卫健委会议费 is 卫健委 + 会议费
                span = text[i:i + len(found)]
                if sum(p >= region for p in found) < 2:
                    continue  # a place name alone (某某市) is no agency
                anchored = span[:1] == name[:1] or name.endswith(span[-2:])
                if len(span) >= 4 and anchored and len(span) > len(best.get(d.doc, "")):
                    best[d.doc] = span
        if not best:
            return None
        longest = max(len(s) for s in best.values())
        winners = [d for d, s in best.items() if len(s) == longest]
        return (winners[0], best[winners[0]]) if len(winners) == 1 else None

    def like(self, phrase: str, cutoff: int) -> set[str]:
        """Documents with a long name at least `cutoff` alike (fuzz.ratio) to phrase."""
        found = process.extract(phrase, self._long_names, scorer=fuzz.ratio, processor=None,
                                score_cutoff=cutoff, limit=None)
        return {doc for name, _, _ in found for doc in self._long[name]}

"""Which rows of a document a question names: by 科目编码, by the row's printed name (compared
loosely), by two names said once (在职和退休人员…), or by part of a long label. Returns the
matches in the order the question names them; reads no figure."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from core import lexicon
from qa_app.text import loose, norm, phrase_variants

_GENERIC = lexicon.GENERIC_LABELS
COLUMN_WORDS = {w for group in lexicon.COLUMN_WORDS for w in group}
_COLUMN_GROUPS = {group[0]: group for group in lexicon.COLUMN_WORDS}


@dataclass
class RowMatch:
    name: str | None  # row name matched (normalised form as stored)
    code: str | None
    start: int  # position in the question, to keep the order the user named things in



# a trailing bracket that qualifies a label with its unit: （台、辆）, （平方米）, （金额单位：万元）
QUALIFIER = re.compile(r"[（(][^（()）]*(?:平方米|台|辆|个|人|套|元)[^（()）]*[)）]$")


def _find_names(text: str, names: list[str], taken: list[tuple[int, int]]) -> list[RowMatch]:
    """Names found in the question, compared without digits and punctuation on both sides, so
    改制企业39.49退休人员医保费 is found in 改制企业退休人员医保费. A name right after 不含/含 is
    what the question excludes, not what it asks for."""
    loose_text = loose(text)
    found = []
    for name in names:
        key = loose(name)
        if len(key) < 2 or key in _GENERIC:
            continue
        pos = loose_text.find(key)
        bare = loose(QUALIFIER.sub("", name)) if pos < 0 else key
        if bare != key and len(bare) >= 2 and bare not in _GENERIC | COLUMN_WORDS:
            key, pos = bare, loose_text.find(bare)  # 车辆（台、辆） is asked about as 车辆
        # the first free mention: 其他社会保障和就业支出在社会保障和就业支出中 names the shorter row second
        while pos >= 0 and any(a <= pos < b or a < pos + len(key) <= b for a, b in taken):
            pos = loose_text.find(key, pos + 1)
        if pos < 0 or loose_text[max(0, pos - 1):pos] == "含":
            continue
        taken.append((pos, pos + len(key)))
        found.append(RowMatch(name, None, pos))
    return found


_AND = re.compile(r"和|与|及")


def _coordinated(text: str, names: list[str]) -> list[RowMatch]:
    """Two row names said once, sharing their common parts: 补发在职和退休人员补充绩效 names
    补发在职人员补充绩效 and 补发退休人员补充绩效. Both must be rows of the document; of several
    readings the one with the longest first name wins."""
    # the question may say 的 where a name has none (在职和退休人员的补充绩效); the question's years
    # are cut out before matching (item_text), so the names' are too
    loose_text = loose(text).replace("的", "")
    if not _AND.search(loose_text):
        return []
    by_key: dict[str, str] = {}
    for n in names:
        by_key.setdefault(loose(re.sub(r"\d{4}年", "", n)).replace("的", ""), n)
    best: tuple[int, list[RowMatch]] | None = None
    for m in _AND.finditer(loose_text):
        left, right = loose_text[:m.start()], loose_text[m.end():]
        for key, name in by_key.items():
            for i in range(1, len(key) - 1):
                head, tail = key[:i], key[i:]  # head = shared prefix + own part, tail = shared suffix
                j = right.find(tail) if left.endswith(head) else -1
                if j <= 0 or (best and best[0] >= len(key)):
                    continue
                for k in range(len(head)):
                    other = by_key.get(head[:k] + right[:j] + tail)
                    if other and other != name:
                        best = (len(key), [RowMatch(name, None, m.start() - len(head)), RowMatch(other, None, m.end())])
                        break
    return best[1] if best else []


def _said_at(text: str, name: str) -> int:
    at = text.find(norm(name))
    return at if at >= 0 else len(text)


def match_rows(raw_text: str, text: str, codes: list[str], items: pd.DataFrame) -> list[RowMatch]:
    """Line-item names (or codes) the question names, in the order it names them. The question's
    own wording is tried before its colloquial words are rewritten (5人雇佣人员工资 is a project,
    not 工资福利支出). Longest names win; a name inside a longer matched one is no second match.
    A 科目编码 names its row exactly: names that are part of a coded row's name are not matched."""
    raw, rewritten = norm(raw_text), norm(text)
    # a code's place counted as names' are, without digits and punctuation: (2101102)本年支出合计 says the code first
    matches = [RowMatch(None, c, len(loose(rewritten[:at])) if (at := rewritten.find(c)) >= 0 else at) for c in codes]
    coded = [loose(n) for n in items.loc[items["row_code"].isin(codes), "row_name"]]
    # longest first; of two as long, the one said first (小学教育支出: 小学教育, not 教育支出), then by
    # name, so the order never depends on a set's (a process's hash seed)
    names = sorted({n for n in items["row_name"].dropna()
                    if len(norm(n)) >= 2 and not any(loose(n) in c for c in coded)},
                   key=lambda n: (-len(loose(n)), _said_at(raw, n), n))
    # the coded row's own name, said beside its code, is taken: 高等职业教育（2050305）支出 holds no row 教育支出
    said = loose(raw)
    beside_code = [(at, at + len(c)) for c in coded if c and (at := said.find(c)) >= 0]
    found = _find_names(raw, names, list(beside_code))
    if len(found) < 2:
        found = _coordinated(raw, names) or found
    if not found:
        found = _find_names(rewritten, names, list(beside_code))
    if not found:
        found = _by_other_ending(raw, names)
    if not found and not codes:  # the question names part of a long row label (…区级财政补助)
        for variant in (v for v in phrase_variants(re.sub(lexicon.QUESTION_NOISE, " ", raw), 8)):
            hit = next((n for n in names if variant in norm(n)), None)
            if hit:
                found.append(RowMatch(hit, None, raw.find(variant)))
                break
    matches += found
    matches.sort(key=lambda m: m.start)
    # a column word (基本支出) found as a row name only counts when nothing else names the row
    specific = [m for m in matches if m.code or norm(m.name or "") not in COLUMN_WORDS]
    return specific or matches



def _by_other_ending(text: str, names: list[str]) -> list[RowMatch]:
    """A row asked by the other of the endings an item is printed with (因公出国（境）费 for a row
    因公出国（境）支出, 公务接待费用 for 公务接待费): the same item."""
    aliases: dict[str, str] = {}
    for name in names:
        for ending, others in lexicon.ITEM_ENDINGS.items():
            stem = name[:-len(ending)]
            if name.endswith(ending) and len(loose(stem)) >= 3:
                aliases.update({stem + other: name for other in others if stem + other not in names})
    return [RowMatch(aliases[m.name], None, m.start) for m in _find_names(text, list(aliases), [])]


def columns_beyond_row(text: str, match: RowMatch, columns: list[str]) -> list[str]:
    """The column words a question says outside the row name it matched: in 人员经费和公用经费支出
    (a row of a 收支总表) 人员经费 and 公用经费 name the row, not two columns to read it in. A row
    named just by a column word (人员经费) keeps the word as a column."""
    name = norm(match.name or "")
    if not name or name in COLUMN_WORDS:
        return columns
    said = norm(text)
    return [c for c in columns if any(said.count(w) > name.count(w) for w in _COLUMN_GROUPS.get(c, (c,)))]


"""The agencies a question groups (这五家医保单位里, 3家单位中): the documents it means, narrowed by
the word it names them by, and whether their count is the count it says."""
from __future__ import annotations

import re

import cn2an

from indexer.models import DocumentMeta

_GROUP = re.compile(r"(?P<n>[一二三四五六七八九十两\d]+)(?:家|个)(?P<word>[\u4e00-\u9fff]{0,4}?)(?:单位|部门|机构)?"
                    r"(?:里|中|之中|当中)")


def grouped(text: str, targets: list[DocumentMeta]) -> tuple[list[DocumentMeta], int | None]:
    """(the documents the group means, the count the question says); the targets unchanged and None
    when the question names no counted group. A word naming them (医保) keeps the documents whose
    agency names say it."""
    m = _GROUP.search(text)
    if m is None:
        return targets, None
    try:
        n = int(cn2an.cn2an(m.group("n"), "smart"))
    except ValueError:
        return targets, None
    word = m.group("word")
    if len(word) >= 2:
        named = [d for d in targets if any(word in a for a in (d.agency, *d.aliases))]
        targets = named or targets
    return targets, n

"""Why a figure changed, as the narrative says it: the reason clause right after a change
(主要原因是… / 原因是… / 主要是…), or a sentence of its own a little later whose subject is the
item. A further change stated first means the reason is another item's."""
from __future__ import annotations

import re

from core import lexicon
from qa_app.paragraphs import Paragraph

# why a figure changed, as disclosures word it right after the change (主要原因是… / 原因是… / 主要是…)
_REASON = re.compile(r"(?:主要原因|原因)(?:是|为|主要是|主要为)?[:：，,]?(?P<why>[^。；;]{2,150})"
                     r"|主要(?:是|为|由于|系)(?P<why2>[^。；;]{2,150})")
# a further change stated before any reason: that reason (if any) is another item's; a rate
# (上升3.82%) is the same change
_NEXT_CHANGE = re.compile(lexicon.CHANGE_DIRECTION + r"了?\d[\d,.]*\s*(?:万元|元)")


def reason_after_change(after: str) -> str | None:
    """The reason clause that follows a change, unless another change is stated first."""
    m = _REASON.search(after[:240])
    if m is None or _NEXT_CHANGE.search(after[:m.start()]):
        return None
    why = (m.group("why") or m.group("why2")).lstrip("是为").strip("，,：: ")
    # a breakdown (其中：…) where the reason should be is no reason
    return why if len(why) >= 2 and not why.startswith("其中") else None


# «财政拨款收入支出增加的主要原因是…»: a reason given in a sentence of its own, after the changes
_LATER_REASON = re.compile(r"(?P<subject>[^。；;]{2,30}?)(?:增加|减少|增长|下降|变化|增减|变动)?的?(?:主要)?原因"
                           r"(?:是|为|主要是|主要为)[:：，,]?(?P<why>[^。；;]{2,150})")


def reason_stated_later(after: str, key: str, reach: int = 3) -> str | None:
    """The reason of a later sentence (within `reach` sentences) whose subject is the item: it shares
    most of the item's name (财政拨款收入 in 财政拨款收入支出增加的主要原因是…)."""
    for sentence in re.split(r"(?<=[。])", after)[1:reach + 1]:
        m = _LATER_REASON.search(sentence)
        if m and _shared_run(m.group("subject"), key) >= max(2, len(key) * 2 // 3):
            return m.group("why").strip("，,：: ")
    return None


def _shared_run(a: str, b: str) -> int:
    """Length of the longest run of characters two texts share."""
    return max((n for i in range(len(b)) for n in range(len(b) - i, 0, -1) if b[i:i + n] in a), default=0)


def reason_in_paragraph(paragraphs: list[Paragraph], line: int, said: str) -> tuple[str | None, int]:
    """The reason given after `said` (on printed line `line`), read on into the paragraph's next
    lines, and the last line it is printed on (0: none given)."""
    par = next((p for p in paragraphs if p.line <= line <= p.line_end and said in p.text), None)
    if par is None:
        return None, 0
    after = par.text.find(said) + len(said)
    why = reason_after_change(par.text[after:])
    return (why, par.line_at(par.text.find(why, after) + len(why) - 1)) if why else (None, 0)

"""How names are compared: the same name printed with other brackets, quotes, spaces or figures
in it is the same name. Pure functions on strings, shared by every step that matches names."""
from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=1 << 16)  # pure, and called on every row name for every question
def norm(text: str) -> str:
    """Names compare without brackets' width, quotes or spaces: （境） == (境)."""
    return re.sub(r"[\s“”\"'‘’「」]", "", text).replace("（", "(").replace("）", ")")

@functools.lru_cache(maxsize=1 << 16)
def loose(text: str) -> str:
    """Without digits and punctuation (改制企业39.49退休人员医保费 ~ 改制企业退休人员医保费)."""
    return re.sub(r"[\d.,、:：()\s%]", "", norm(text))

def phrase_variants(text: str, minimum: int = 3) -> list[str]:
    """Sub-phrases of the question's Chinese runs, longest first: the question may say more
    (…项目多少钱) or less than the narrative's own wording."""
    runs = re.findall(r"[\u4e00-\u9fff]{%d,}" % minimum, text)
    out: list[str] = []
    for run in runs:
        for size in range(len(run), minimum - 1, -1):
            out += [run[i:i + size] for i in range(0, len(run) - size + 1)]
    return sorted(dict.fromkeys(out), key=len, reverse=True)


# the level a classification name is labelled with in the narrative (…支出（类）…医疗（款）…医疗（项）)
_LEVEL = re.compile(r"[（(][类款项][)）]")


def tail_of_level_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is the tail of a longer labelled name (事业单位医疗 in 行政事业单位医疗（款）)."""
    return bool(_LEVEL.match(text, end)) and bool(re.search(r"[\u4e00-\u9fff]$", text[:start]))

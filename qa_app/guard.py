"""The number guard: every number in an answer's text must be traceable to its evidence (a cited
cell or passage, the shown formula, the headline value) or to the question itself. An answer
that fails is not given. This is what keeps a template bug, or a future LLM rewrite, from ever
putting an invented figure in front of a user."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from qa_app.types import Answer

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CN_DIGIT = "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟"
# a run of Chinese numerals (at least one that is not 万/亿, so 193.05万元 is not one) before a unit
_SPELLED = re.compile(rf"[{_CN_DIGIT}万亿]*[{_CN_DIGIT}][{_CN_DIGIT}万亿点]*(?:元|%|％|个百分点)"
                      rf"|百分之[{_CN_DIGIT}点]+")
GUARD_FAILED = "答案未通过数字校验（文中有无法在证据中找到的数字），因此不予给出。"


def _joined(text: str) -> str:
    # OCR splits decimals ("54. 07"); read them as the one number they are
    return re.sub(r"(?<=\d)\.\s+(?=\d)", ".", text or "")


def _number(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", "")).normalize()
    except InvalidOperation:
        return None


def numbers_in(text: str) -> set[Decimal]:
    return {n for n in map(_number, _NUMBER.findall(_joined(text))) if n is not None}


def states_value(text: str, value: Decimal, unit: str | None) -> bool:
    """Whether text gives value (in any printed form: 1,234.50 or 1234.5) directly followed by its
    unit: a figure that lost its unit, or moved to another (元 for 万元), no longer states it."""
    targets = {Decimal(value).normalize(), Decimal(value).quantize(Decimal("0.01")).normalize()}
    text = _joined(text)
    return any(_number(m.group()) in targets and text[m.end():].lstrip().startswith(unit or "")
               for m in _NUMBER.finditer(text))


def _sources(answer: Answer) -> list[str]:
    sources = [answer.question, answer.formula or "", *answer.warnings, *answer.steps]
    for c in answer.citations:
        sources += [c.quote, c.value or "", c.row or "", c.table or "", c.column or "", c.doc,
                    str(c.line_start), str(c.line_end), c.section or ""]
    return sources


def allowed_numbers(answer: Answer) -> set[Decimal]:
    allowed = set().union(*(numbers_in(s) for s in _sources(answer)))
    if answer.value is not None:
        # a negative difference is worded by its size (少 X): the magnitude is the same figure
        for value in (Decimal(answer.value), abs(Decimal(answer.value))):
            allowed.add(value.normalize())
            allowed.add(value.quantize(Decimal("0.01")).normalize())
    return allowed


def unsupported_numbers(answer: Answer) -> set[Decimal]:
    return numbers_in(answer.text) - allowed_numbers(answer)


def unsupported_spelled(answer: Answer) -> set[str]:
    """Amounts written in Chinese numerals (三百万元, 百分之五) that the evidence does not spell the
    same way. Templates print digits only; this is for text someone else wrote (an LLM)."""
    return _spelled(answer.text) - set().union(*(_spelled(s) for s in _sources(answer)))


def _spelled(text: str) -> set[str]:
    return set(_SPELLED.findall(text or ""))


def guard(answer: Answer) -> Answer:
    if answer.refused:
        return answer
    missing = unsupported_numbers(answer)
    if not missing:
        return answer
    return Answer(question=answer.question, text=GUARD_FAILED, route="none", intent=answer.intent, refused=True,
                  error="number guard: " + ", ".join(sorted(str(m) for m in missing)), steps=answer.steps)

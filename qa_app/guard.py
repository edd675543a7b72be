"""The number guard: every number in an answer's text must be traceable to its evidence (a cited
cell or passage, the shown formula, the headline value) or to the question itself. An answer
that fails is not given. This is what keeps a template bug, or a future LLM rewrite, from ever
putting an invented figure in front of a user."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from qa_app.types import Answer

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
GUARD_FAILED = "答案未通过数字校验（文中有无法在证据中找到的数字），因此不予给出。"


def numbers_in(text: str) -> set[Decimal]:
    out = set()
    for token in _NUMBER.findall(re.sub(r"(?<=\d)\.\s+(?=\d)", ".", text or "")):
        try:
            out.add(Decimal(token.replace(",", "")).normalize())
        except InvalidOperation:
            continue
    return out


def allowed_numbers(answer: Answer) -> set[Decimal]:
    sources = [answer.question, answer.formula or "", *answer.warnings, *answer.steps]
    for c in answer.citations:
        sources += [c.quote, c.value or "", c.row or "", c.table or "", c.column or "", c.doc,
                    str(c.line_start), str(c.line_end), c.section or ""]
    allowed = set().union(*(numbers_in(s) for s in sources))
    if answer.value is not None:
        allowed.add(Decimal(answer.value).normalize())
        allowed.add(Decimal(answer.value).quantize(Decimal("0.01")).normalize())
    return allowed


def unsupported_numbers(answer: Answer) -> set[Decimal]:
    return numbers_in(answer.text) - allowed_numbers(answer)


def guard(answer: Answer) -> Answer:
    if answer.refused:
        return answer
    missing = unsupported_numbers(answer)
    if not missing:
        return answer
    return Answer(question=answer.question, text=GUARD_FAILED, route="none", intent=answer.intent, refused=True,
                  error="number guard: " + ", ".join(sorted(str(m) for m in missing)), steps=answer.steps)

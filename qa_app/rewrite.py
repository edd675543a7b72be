"""Optional LLM rewording of a finished, checked answer; off unless Settings.llm_provider is set.

The LLM is shown the template answer with its evidence and may only reword it (for a passage
answer: summarise the quoted passages). Its reply becomes the answer text only if the number
guard finds every number of the reply in that same evidence and the headline figure is still
stated with its unit. Otherwise (bad number, dropped figure, empty reply, HTTP error, timeout)
the template answer stands, with a step saying why. Value, unit, formula and citations are never
taken from the LLM, and refusals are never sent to it.
"""
from __future__ import annotations

import re
from dataclasses import replace

from core.config import Settings
from prompts import llm as P
from qa_app.guard import states_value, unsupported_numbers, unsupported_spelled
from qa_app.types import Answer

# reasoning models served behind OpenAI-compatible endpoints put their deliberation inline
_THINKING = re.compile(r"<think>.*?</think>", re.S)
_OLLAMA_CONTEXT = 4096


def rewrite(answer: Answer, settings: Settings) -> Answer:
    if answer.refused or not settings.llm_provider:
        return answer
    system, user = _prompt(answer)
    try:
        reply = _THINKING.sub("", _chat(system, user, settings)).strip()
    except Exception as exc:  # an optional step must never cost the user the checked answer
        return _fallback(answer, P.REASON_ERROR.format(error=_describe(exc)))
    reason = _rejection(answer, reply)
    if reason:
        return _fallback(answer, reason)
    return replace(answer, text=reply, rewritten_by=settings.llm_model,
                   steps=[*answer.steps, P.REWRITTEN.format(model=settings.llm_model)])


def _prompt(answer: Answer) -> tuple[str, str]:
    passage = answer.route == "passage"
    system, user = (P.SUMMARY_SYSTEM, P.SUMMARY_USER) if passage else (P.REPHRASE_SYSTEM, P.REPHRASE_USER)
    return system, user.format(question=answer.question, answer=answer.text, evidence=_evidence(answer))


def _evidence(answer: Answer) -> str:
    """The cited cells and passages as the guard reads them, so the LLM is shown exactly the
    figures it may use."""
    out = []
    for n, c in enumerate(answer.citations, 1):
        fields = {k: "" if v is None else v for k, v in c.to_json().items()}
        out.append((P.EVIDENCE_TABLE if c.kind == "table" else P.EVIDENCE_PASSAGE).format(n=n, **fields))
    if answer.formula:
        out.append(P.EVIDENCE_FORMULA.format(formula=answer.formula))
    return "\n".join(out)


def _rejection(answer: Answer, reply: str) -> str | None:
    if not reply:
        return P.REASON_EMPTY
    candidate = replace(answer, text=reply)
    unsupported = sorted(format(n, "f") for n in unsupported_numbers(candidate))
    unsupported += sorted(unsupported_spelled(candidate))
    if unsupported:
        return P.REASON_NUMBERS.format(numbers="、".join(unsupported))
    if (answer.value is not None and states_value(answer.text, answer.value, answer.unit)
            and not states_value(reply, answer.value, answer.unit)):
        return P.REASON_HEADLINE.format(value=answer.value, unit=answer.unit or "")
    return None


def _fallback(answer: Answer, reason: str) -> Answer:
    return replace(answer, steps=[*answer.steps, P.FALLBACK.format(reason=reason)])


def _describe(exc: Exception) -> str:
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message[:160]}" if message else type(exc).__name__


def _chat(system: str, user: str, settings: Settings) -> str:
    from llama_index.core.llms import ChatMessage

    messages = [ChatMessage(role="system", content=system), ChatMessage(role="user", content=user)]
    return _llm(settings).chat(messages).message.content or ""


def _llm(settings: Settings):
    """A client per call: nothing is shared between the threads that call QAService.ask."""
    if settings.llm_provider == "openai_like":
        from llama_index.llms.openai_like import OpenAILike

        # no retries: a failure falls back at once instead of waiting out several timeouts
        return OpenAILike(model=settings.llm_model, api_base=settings.llm_base_url, is_chat_model=True,
                          # local servers ignore the key, but the OpenAI client refuses to start without one
                          api_key=settings.llm_api_key or "unused", timeout=settings.llm_timeout_s, max_retries=0,
                          max_tokens=settings.llm_max_tokens, temperature=0.0)
    if settings.llm_provider == "ollama":
        from llama_index.llms.ollama import Ollama

        # a stated context window: left unset, the client first asks the server for the model's
        # full one (an extra round trip) and has it allocate all of it for a prompt of a few hundred tokens
        return Ollama(model=settings.llm_model, base_url=settings.llm_base_url, request_timeout=settings.llm_timeout_s,
                      temperature=0.0, context_window=_OLLAMA_CONTEXT,
                      additional_kwargs={"num_predict": settings.llm_max_tokens})
    raise ValueError(f"unknown llm_provider {settings.llm_provider!r} (use openai_like or ollama)")

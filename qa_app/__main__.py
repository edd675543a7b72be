"""Command line: `python -m qa_app search "问题" [--k 5] [--doc STEM] [--index DIR]`.

Every command validates its input and reports a problem as one line on stderr with exit code 2;
a traceback is never the user interface.
"""
from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from core.config import Settings, load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False)

IndexOption = Annotated[Path | None, typer.Option("--index", help="Index folder (default: Settings.index_dir).")]


@app.callback()
def main() -> None:
    """Questions over public budget disclosures."""


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _settings(index: Path | None) -> Settings:
    return load_settings(index_dir=str(index) if index else None)


def _question(text: str, settings: Settings) -> str:
    question = text.strip()
    if not question:
        fail("the question is empty")
    if len(question) > settings.max_question_chars:
        fail(f"the question is longer than {settings.max_question_chars} characters")
    return question


@app.command()
def search(
    question: Annotated[str, typer.Argument(help="The question, in Chinese.")],
    k: Annotated[int | None, typer.Option("--k", help="How many passages (default: Settings.retrieval_k).")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document (file stem).")] = None,
    index: IndexOption = None,
) -> None:
    """Print the best passages for a question, one JSON object per line."""
    from indexer.embeddings import EmbeddingModelError
    from qa_app.retrieval import Filters, IndexNotFoundError, get_retriever

    settings = _settings(index)
    text = _question(question, settings)
    if k is not None and k < 1:
        fail("--k must be at least 1")
    try:
        retriever = get_retriever(Path(settings.index_dir), settings)
    except (IndexNotFoundError, EmbeddingModelError) as exc:
        fail(str(exc))
    if doc is not None and doc not in retriever.docs:
        fail(f"unknown document '{doc}' (indexed: {', '.join(sorted(retriever.docs))})")
    for hit in retriever.search(text, k, Filters(doc=doc)):
        p = hit.passage
        record = {
            "doc": p.doc,
            "section": p.section,
            "line_start": p.line_start,
            "line_end": p.line_end,
            "score": round(hit.score, 6),
            "text": p.text,
        }
        typer.echo(json.dumps(record, ensure_ascii=False))


def _last_turn(session: Path):
    """The turn a conversation file holds; an absent file starts the conversation."""
    from qa_app.followup import Turn

    if not session.is_file():
        return None
    try:
        turn = json.loads(session.read_text(encoding="utf-8"))
        return Turn(str(turn["question"]), tuple(turn["docs"]))
    except (ValueError, KeyError, TypeError):
        fail(f"not a conversation file written by --session: {session}")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in Chinese.")],
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Only these documents (file stems).")] = None,
    index: IndexOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as one JSON object.")] = False,
    session: Annotated[Path | None, typer.Option(
        "--session", help="A conversation file: the question is a follow-up of the turn it holds, "
                          "and this turn is written back to it (created when missing).")] = None,
) -> None:
    """Answer a question with its value, citations and warnings."""
    from qa_app.service import IndexMissingError, QAService

    settings = _settings(index)
    question = _question(question, settings)
    try:
        service = QAService(settings)
    except IndexMissingError as exc:
        fail(str(exc))
    if doc:
        unknown = sorted(set(doc) - set(service.documents()["doc"]))
        if unknown:
            fail(f"unknown document(s): {', '.join(unknown)}")
    previous = _last_turn(session) if session else None
    answer = service.ask(question, docs=doc or None, previous=previous)
    if session:
        session.write_text(json.dumps({"question": answer.question, "docs": answer.docs}, ensure_ascii=False),
                           encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(answer.to_json(), ensure_ascii=False))
        return
    typer.echo(answer.text)
    if answer.value is not None:
        typer.echo(f"数值: {answer.value} {answer.unit or ''}   路由: {answer.route}   意图: {answer.intent}")
    if answer.formula:
        typer.echo(f"算式: {answer.formula}")
    for w in answer.warnings:
        typer.echo(f"⚠ {w}")
    for i, c in enumerate(answer.citations, 1):
        where = f"《{c.table}》{c.row or ''} / {c.column or ''}" if c.kind == "table" else (c.section or "")
        typer.echo(f"[{i}] {c.doc} 第{c.line_start}-{c.line_end}行 {where}\n    {c.quote[:200]}")


if __name__ == "__main__":
    # Piped into head or less: end quietly when the reader goes away, as Unix tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app()

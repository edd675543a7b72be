"""python -m indexer build|items|findings|docs — a fixed contract: evaluation scripts call these."""
from __future__ import annotations

import json
import signal
import sys
from decimal import Decimal
from pathlib import Path
from typing import Optional

import typer

from core.config import load_settings
from indexer.build import FileReport, build_index
from indexer.embeddings import EmbeddingModelError
from indexer.overrides import OverridesError
from indexer.store import db_path, load_documents, load_findings, load_items
from indexer.vector_store import VectorStoreError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Parse budget disclosures and build the index.")

DOC_KEYS = ["doc", "agency", "aliases", "region", "year", "kind", "pages", "tables", "items", "findings", "warnings"]
ITEM_KEYS = ["doc", "table", "row_code", "row_name", "column", "value", "unit", "value_yuan", "line",
             "table_id", "column_path", "row_group"]


def json_number(value: Decimal | None):
    """Decimals as JSON numbers without drift: up to 15 significant digits a float prints back
    exactly as the decimal text; beyond that the exact text is given as a string."""
    if value is None:
        return None
    return float(value) if len(value.as_tuple().digits) <= 15 else str(value)


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def _index_or_fail(index: Optional[Path]) -> Path:
    index_dir = Path(index or load_settings().index_dir)
    if not db_path(index_dir).is_file():
        _fail(f"no index at {index_dir}: run `python -m indexer build` first")
    return index_dir


def summary_line(r: FileReport) -> str:
    """The build's line for one parsed file; figures left unplaced and warnings tell what to check."""
    line = (f"{r.doc}: {r.tables} tables, {r.items} line items, {r.sections} sections, {r.findings} findings, "
            f"{r.unplaced} cells unplaced")
    if r.pages is not None:
        line += f", {r.pages} pages"
    return line + (f"; warnings: {'；'.join(r.warnings)}" if r.warnings else "")


@app.command()
def build(corpus: Optional[Path] = typer.Option(None, help="folder of disclosures (default corpus/)"),
          index: Optional[Path] = typer.Option(None, help="index folder (default index/)")) -> None:
    """Parse every file in the corpus folder and (re)build the stores."""
    settings = load_settings()
    corpus_dir = Path(corpus or settings.corpus_dir)
    if not corpus_dir.is_dir():
        _fail(f"corpus folder not found: {corpus_dir}")

    def show(r: FileReport) -> None:
        if r.ok:
            typer.echo(summary_line(r))
        else:
            typer.echo(f"SKIPPED {r.message}", err=True)

    try:
        report = build_index(corpus_dir, Path(index or settings.index_dir), settings, on_file=show,
                             progress=sys.stderr.isatty())
    except (VectorStoreError, EmbeddingModelError, OverridesError) as exc:  # the previous index stays as it was
        _fail(f"build failed: {exc}")
    p = report.passages
    typer.echo(f"indexed {report.documents}/{len(report.files)} files into {report.index_dir} in {report.seconds}s; "
               f"passages {p.get('passages')} ({p.get('passages_embedded')} embedded now)")
    if report.documents == 0:
        raise typer.Exit(1)


@app.command()
def items(index: Optional[Path] = typer.Option(None), doc: Optional[str] = typer.Option(None, help="file stem")) -> None:
    """Every line item as JSON lines."""
    df = load_items(_index_or_fail(index), doc)
    for row in df.to_dict("records"):
        out = {k: row.get(k) for k in ITEM_KEYS}
        out["value_yuan"] = json_number(row["value_yuan"])
        out["line"] = int(out["line"])
        typer.echo(json.dumps(out, ensure_ascii=False))


@app.command()
def docs(index: Optional[Path] = typer.Option(None)) -> None:
    """Every indexed document with what was read about it, as JSON lines."""
    for row in load_documents(_index_or_fail(index)).to_dict("records"):
        row["tables"], row["items"], row["findings"] = int(row["n_tables"]), int(row["n_items"]), int(row["n_findings"])
        typer.echo(json.dumps({k: row[k] for k in DOC_KEYS} | {"note": row["note"]}, ensure_ascii=False))


@app.command()
def findings(index: Optional[Path] = typer.Option(None), doc: Optional[str] = typer.Option(None)) -> None:
    """Reconciliation findings as JSON lines."""
    for row in load_findings(_index_or_fail(index), doc).to_dict("records"):
        row["line_a"], row["line_b"] = int(row["line_a"]), int(row["line_b"])
        typer.echo(json.dumps(row, ensure_ascii=False))


@app.command()
def audit(index: Optional[Path] = typer.Option(None), fmt: str = typer.Option("md", "--format", help="md or csv"),
          doc: Optional[str] = typer.Option(None, help="file stem")) -> None:
    """Every reconciliation finding with both values and both verbatim source lines."""
    from indexer.audit import render  # only this command needs it

    if fmt not in ("md", "csv"):
        _fail(f"unknown --format {fmt!r}: use md or csv")
    typer.echo(render(_index_or_fail(index), fmt, doc), nl=False)


if __name__ == "__main__":
    # Piped into head or less: end quietly when the reader goes away, as Unix tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app()

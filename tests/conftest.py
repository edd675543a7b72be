"""Shared fixtures for the whole suite.

- `parsed`: {file stem: Document} for every corpus file, parsed once per session (no index, fast).
- `built_index`: the real corpus built once per session with `build_index` into a temporary
  folder (loads the m3e embedding model: ~30-70 s); the value is the index path (a symlink to
  the finished build, exactly what the product opens). `build_report` is that build's report.
- `item_at`: look up one line item by file stem, 1-based source line and attributes, failing
  with the candidates on that line when there is not exactly one match.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

# The machine has no internet: the model must load from the local folder, never from the hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from core.config import ROOT, load_settings  # noqa: E402
from indexer.build import BuildReport, build_index  # noqa: E402
from indexer.models import Document, LineItem  # noqa: E402
from indexer.parse import parse_file  # noqa: E402

CORPUS_DIR = ROOT / "corpus"
# Real disclosures for development (PDFs and their text), beside the repository in CI and here.
DEV_CORPUS = Path(os.environ.get("BUDGETQA_DEV_CORPUS") or ROOT.parent / "shared" / "dev_corpus")
DEV_TXT = DEV_CORPUS / "txt"
DEV_PDF = DEV_CORPUS / "pdf"
CORPUS_STEMS = (
    "beidaihe_2023_budget",  # one cell per line (each cell a TAB-led line, rows split by blank lines)
    "beilin_2024_budget",  # markdown pipe tables, amounts in 元
    "lishi_2023_budget",  # tab-separated
    "yongqiao_2023_budget",  # tab-separated, a table split over a page with its header repeated
    "zengdu_2023_budget",  # tab-separated OCR output: `54. 07`, stray digits, undeclared units
)

_BUILD: dict[str, object] = {}


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS_DIR


@pytest.fixture(scope="session")
def parsed() -> dict[str, Document]:
    """Every corpus file parsed with parse_file, keyed by file stem."""
    docs = {p.stem: parse_file(p) for p in sorted(CORPUS_DIR.glob("*.txt"))}
    missing = set(CORPUS_STEMS) - set(docs)
    assert not missing, f"corpus files missing from {CORPUS_DIR}: {sorted(missing)}"
    return docs


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus indexed once per session; returns the index folder (a symlink)."""
    index_dir = tmp_path_factory.mktemp("built-index") / "index"
    # Explicit folders: a BUDGETQA_* variable in the environment must not redirect the build.
    report = build_index(CORPUS_DIR, index_dir, load_settings(index_dir=str(index_dir), corpus_dir=str(CORPUS_DIR)))
    failed = [f"{f.doc}: {f.message}" for f in report.files if not f.ok]
    assert not failed, f"corpus files failed to index: {failed}"
    _BUILD["report"] = report
    return index_dir


@pytest.fixture(scope="session")
def build_report(built_index: Path) -> BuildReport:
    return _BUILD["report"]  # type: ignore[return-value]


def _describe(it: LineItem) -> str:
    return (f"L{it.line} {it.table_id} code={it.row_code} name={it.row_name!r} column={it.column!r} "
            f"value={it.value!r} unit={it.unit} yuan={it.value_yuan}")


@pytest.fixture(scope="session")
def item_at(parsed: dict[str, Document]) -> Callable[..., LineItem]:
    """item_at(stem, line, **attrs) -> the one LineItem on that source line whose attributes
    equal attrs (e.g. column="合计", row_code="2101501")."""

    def find(stem: str, line: int, **attrs) -> LineItem:
        on_line = [i for i in parsed[stem].items if i.line == line]
        hits = [i for i in on_line if all(getattr(i, k) == v for k, v in attrs.items())]
        assert len(hits) == 1, (
            f"{stem} line {line} {attrs}: expected one item, got {len(hits)}; items on that line:\n  "
            + "\n  ".join(map(_describe, on_line))
        )
        return hits[0]

    return find


def items_only_service(root: Path, files: dict[str, str | bytes]):
    """A QAService over a few small disclosures written under `root`, with their line items stored
    and no passage index (no embedding model): for rules of the numeric path on tiny documents."""
    from indexer.store import stored
    from qa_app.service import QAService

    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        path = corpus / name
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    index = root / "index"
    index.mkdir()
    list(stored(index, (parse_file(p) for p in sorted(corpus.iterdir()))))
    return QAService(load_settings(index_dir=str(index)))

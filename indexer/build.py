"""corpus folder -> index folder (line-item store + passage stores), crash-safe.

The index folder the rest of the product opens is a symbolic link to one finished build. A build
works in a fresh folder beside it (seeded with a copy of the current build so unchanged
documents are not re-embedded) and, only once everything is written, the link is replaced in a
single atomic rename. A build killed at any moment leaves the previous index untouched.
With a Chroma server each build writes its own collection, dropped when the build is pruned
(indexer.vector_store).
"""
from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.config import Settings
from indexer.models import Document, ParseError
from indexer.overrides import apply_override, load_overrides, overrides_path
from indexer.parse import parse_file
from indexer.reader import SUFFIXES
from indexer.store import stored

BUILD_INFO = "build_info.json"
# Files users add to a live index (the UI's feedback): carried into the new build at the swap, so
# what was written while the build ran is not left behind in the old one.
CARRY_OVER = ("feedback.jsonl",)
KEEP_BUILDS = 2


@dataclass
class FileReport:
    doc: str
    ok: bool
    message: str = ""
    tables: int = 0
    items: int = 0
    findings: int = 0
    sections: int = 0
    pages: int | None = None  # of a PDF source
    unplaced: int = 0  # figures left out because their column was not certain (Σ Table.unplaced)
    warnings: list[str] = field(default_factory=list)  # DocumentMeta.warnings: what was not read cleanly


@dataclass
class BuildReport:
    index_dir: str
    files: list[FileReport] = field(default_factory=list)
    passages: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return sum(1 for f in self.files if f.ok)


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in Path(corpus_dir).iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def _parse_one(path: Path, seen: set[str], overrides: dict[str, dict]) -> tuple[Document | None, FileReport]:
    if path.stem in seen:  # a document is known by its file stem: a.txt and a.md would collide
        return None, FileReport(path.stem, False, f"{path.name}: another file named {path.stem} is already indexed")
    seen.add(path.stem)
    try:
        doc = parse_file(path)
    except ParseError as exc:
        return None, FileReport(path.stem, False, f"{path.name}: {exc}")
    except Exception as exc:  # a parser bug on one file must not stop the corpus
        return None, FileReport(path.stem, False, f"{path.name}: unexpected parser error ({type(exc).__name__}: {exc})")
    if path.stem in overrides:
        apply_override(doc, overrides[path.stem])
    return doc, file_report(doc)


def file_report(doc: Document) -> FileReport:
    return FileReport(doc.meta.doc, True, "", len(doc.tables), len(doc.items), len(doc.findings), len(doc.sections),
                      doc.meta.pages, doc.unplaced_by_reader + sum(t.unplaced for t in doc.tables),
                      list(doc.meta.warnings))


def parse_each(corpus_dir: Path, reports: list[FileReport], on_file: Callable[[FileReport], None] | None = None,
               overrides: dict[str, dict] | None = None) -> Iterator[Document]:
    """The corpus's documents, parsed one at a time, with the user's corrections
    (indexer.overrides) applied; every file's outcome goes to `reports`."""
    seen: set[str] = set()
    for path in corpus_files(corpus_dir):
        doc, report = _parse_one(path, seen, overrides or {})
        reports.append(report)
        if on_file:
            on_file(report)
        if doc is not None:
            yield doc


def _builds_dir(index_dir: Path) -> Path:
    return index_dir.parent / f".{index_dir.name}.builds"


def _adopt_plain_folder(index_dir: Path) -> None:
    """An index folder from before links (or copied by hand) becomes a build, then a link."""
    if index_dir.is_dir() and not index_dir.is_symlink():
        target = _builds_dir(index_dir) / f"adopted-{time.time_ns()}"
        target.parent.mkdir(parents=True, exist_ok=True)
        index_dir.rename(target)
        index_dir.symlink_to(target.resolve(), target_is_directory=True)


def _swap_in(index_dir: Path, build: Path) -> None:
    link = index_dir.parent / f".{index_dir.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(build.resolve(), target_is_directory=True)
    os.replace(link, index_dir)  # atomic: readers see the old build or the new one, never neither


def _prune(index_dir: Path, settings: Settings) -> None:
    from indexer.vector_store import drop_collection  # chromadb is slow to import; `items` etc. never prune

    current = index_dir.resolve()
    builds = sorted(_builds_dir(index_dir).iterdir(), key=lambda p: p.stat().st_mtime)
    finished = [b for b in builds if (b / BUILD_INFO).is_file() or b == current]
    unfinished = [b for b in builds if b not in finished]
    for old in finished[:-KEEP_BUILDS] + unfinished:
        if old != current:
            drop_collection(old, settings)  # before the folder: a kill in between leaves it to the next prune
            shutil.rmtree(old, ignore_errors=True)


def build_index(corpus_dir: Path, index_dir: Path, settings: Settings,
                on_file: Callable[[FileReport], None] | None = None, progress: bool = False) -> BuildReport:
    started = time.perf_counter()
    index_dir = Path(index_dir).absolute()
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    overrides = load_overrides(overrides_path(settings, index_dir))  # before anything is written
    _adopt_plain_folder(index_dir)

    staging = _builds_dir(index_dir) / f"build-{time.time_ns()}-{os.getpid()}"
    staging.parent.mkdir(parents=True, exist_ok=True)
    if index_dir.exists():
        shutil.copytree(index_dir.resolve(), staging, ignore=shutil.ignore_patterns(BUILD_INFO, "items.sqlite*"))
    else:
        staging.mkdir()

    from indexer.passage_index import sync_passages  # loads the embedding model only when building

    # One pass, one document in memory at a time: parse, store its items (the item store is cheap,
    # always written whole), then its passages.
    reports: list[FileReport] = []
    passages = sync_passages(stored(staging, parse_each(corpus_dir, reports, on_file, overrides)), staging,
                             settings, progress=progress)
    report = BuildReport(str(index_dir), reports, passages, round(time.perf_counter() - started, 2))
    info = {
        "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "seconds": report.seconds,
        "documents": report.documents,
        "files": [f.__dict__ for f in reports],
        "passages": passages,
    }
    (staging / BUILD_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    for name in CARRY_OVER:
        if (index_dir / name).is_file():
            shutil.copy2(index_dir / name, staging / name)
    _swap_in(index_dir, staging)
    _prune(index_dir, settings)
    return report


def read_build_info(index_dir: Path) -> dict | None:
    path = Path(index_dir) / BUILD_INFO
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

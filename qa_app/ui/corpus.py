"""The corpus folder and its index as the UI manages them: status, (re)build with progress,
adding an uploaded disclosure, and turning an agency/year filter into document stems."""
from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.config import Settings
from indexer.build import BuildReport, build_index, corpus_files, read_build_info
from indexer.models import Document, ParseError
from indexer.overrides import set_override
from indexer.parse import parse_upload
from indexer.reader import SUFFIXES
from indexer.store import db_path, load_documents


@dataclass(frozen=True)
class IndexStatus:
    documents: int
    items: int
    passages: int
    findings: int
    built_at: str
    seconds: float
    skipped: list[str]  # why corpus files were left out of the last build


def index_status(index_dir: Path) -> IndexStatus | None:
    """None when there is no finished index at index_dir."""
    info = read_build_info(index_dir)
    if info is None or not db_path(index_dir).is_file():
        return None
    docs = load_documents(index_dir)
    return IndexStatus(
        documents=len(docs),
        items=int(docs["n_items"].sum()),
        passages=int(info.get("passages", {}).get("passages", 0)),
        findings=int(docs["n_findings"].sum()),
        built_at=info["built_at"],
        seconds=info["seconds"],
        skipped=[f["message"] for f in info["files"] if not f["ok"]],
    )


class CorpusNotFoundError(RuntimeError):
    pass


def build_with_progress(settings: Settings, on_progress: Callable[[float, str], None]) -> BuildReport:
    """build_index over the settings' folders, reporting (fraction done, message) per file.
    Embedding the passages comes after the last file and takes most of a first build, so the
    bar stops short of the end until the index is swapped in."""
    corpus_dir = Path(settings.corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusNotFoundError(f"语料文件夹不存在：{corpus_dir}")
    total = len(corpus_files(corpus_dir))
    parsed = 0

    def on_file(report) -> None:
        nonlocal parsed
        parsed += 1
        message = f"已解析 {parsed}/{total}：{report.doc}" if report.ok else f"已跳过：{report.message}"
        if parsed == total:
            message += "；正在生成段落向量并写入索引…"
        on_progress(parsed / (total + 1), message)

    on_progress(0.0, f"正在解析 {total} 个文件…")
    report = build_index(corpus_dir, Path(settings.index_dir), settings, on_file=on_file)
    on_progress(1.0, f"索引完成：{report.documents}/{len(report.files)} 个文件，用时 {report.seconds} 秒")
    return report


def add_disclosure(corpus_dir: Path, name: str, data: bytes) -> Document:
    """Validate an uploaded file as a disclosure and save it into the corpus folder.

    Raises ParseError (with the reason, for the user) and leaves the folder untouched when the
    file is not a readable disclosure. A file of the same name is replaced: that is how a
    corrected disclosure is re-issued. The caller rebuilds the index.
    """
    file_name = Path(name).name  # a browser may send a path; only the name is ours to use
    suffix = Path(file_name).suffix.lower()
    if suffix not in SUFFIXES or file_name.startswith("."):
        raise ParseError(f"只接受 {'/'.join(sorted(SUFFIXES))} 文件：{name}")
    document = parse_upload(file_name, data)
    corpus_dir = Path(corpus_dir)
    # Written beside the target and renamed: a build running meanwhile never reads half a file,
    # and the temporary name has a suffix the build ignores.
    partial = corpus_dir / f".{file_name}.partial"
    partial.write_bytes(data)
    os.replace(partial, corpus_dir / file_name)
    return document


def remove_disclosure(corpus_dir: Path, doc: str) -> Path:
    """Delete the corpus file a document was read from; the caller rebuilds, which drops its
    items, passages and vectors with it. Raises FileNotFoundError when no file has that stem."""
    # The stem is matched against the folder's own listing, never joined into a path: a stem
    # from the page cannot name a file outside the corpus.
    path = next((p for p in corpus_files(Path(corpus_dir)) if p.stem == doc), None)
    if path is None:
        raise FileNotFoundError(f"语料文件夹中没有文件 {doc}")
    path.unlink()
    return path


def admin_unlocked(settings: Settings, entered: str | None) -> bool:
    """Changing the corpus (upload, delete, rebuild, corrections) needs the configured token;
    with none configured nobody may."""
    # compare_digest: the time taken does not tell how much of a guess was right
    return bool(settings.admin_token) and hmac.compare_digest(settings.admin_token.encode(), (entered or "").encode())


def document_label(documents: pd.DataFrame, doc: str) -> str:
    """How a document is named in pickers: agency and year first, the file stem for certainty."""
    row = documents.loc[documents["doc"] == doc].iloc[0]
    year = "年度未知" if pd.isna(row["year"]) else int(row["year"])
    return f"{row['agency']}（{year}）· {doc}"


def short_names(documents: pd.DataFrame) -> dict[str, str]:
    """{doc: agency and year} for labels where the file stem would be noise (chart bars)."""
    return {row.doc: f"{row.agency}{'' if pd.isna(row.year) else f'{int(row.year)}年'}"
            for row in documents.itertuples()}


def select_docs(documents: pd.DataFrame, agencies: list[str], years: list[int]) -> list[str] | None:
    """Document stems matching the chosen agencies and years; None when nothing is chosen
    (no restriction). An empty list means the filter excludes every document."""
    if not agencies and not years:
        return None
    keep = pd.Series(True, index=documents.index)
    if agencies:
        keep &= documents["agency"].isin(agencies)
    if years:
        keep &= documents["year"].isin(years)
    return documents.loc[keep, "doc"].tolist()


def needing_review(documents: pd.DataFrame) -> pd.DataFrame:
    """Documents whose reading left a warning (agency or year not read, pages without digits):
    the user is shown them until corrected, not only right after an upload."""
    return documents[documents["warnings"].map(bool)]


def correct(settings: Settings, doc: str, agency: str, year: int | None) -> None:
    """The user's agency and year for a document, kept beside the index so every rebuild keeps
    them; the caller rebuilds so the answers use them."""
    set_override(settings, doc, agency=agency.strip() or None, year=year)

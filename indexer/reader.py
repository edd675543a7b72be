"""File -> text lines. Decides the encoding and refuses what is not a text disclosure."""
from __future__ import annotations

import hashlib
from pathlib import Path

from indexer.models import ParseError, TextFile

# A text disclosure is a few hundred KB. Parsing is linear but not free (~1.5 s per MB here), so
# anything far beyond a real disclosure is refused up front rather than tying up a build.
MAX_BYTES = 8 * 1024 * 1024
# A PDF carries fonts and drawings besides its text: a 171-page disclosure is a few MB.
MAX_PDF_BYTES = 64 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
SUFFIXES = {".txt", ".md", ".markdown", ".pdf"}


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows "Unicode" exports
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 or GB18030/GBK text (byte {exc.start})") from None


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > len(sample) * 0.05


def _check_size(size: int, is_pdf: bool) -> None:
    limit = MAX_PDF_BYTES if is_pdf else MAX_BYTES
    if size > limit:
        raise ParseError(f"file too large ({size // 1048576} MB > {limit // 1048576} MB)")


def read_bytes(data: bytes) -> TextFile:
    if not data.strip():
        raise ParseError("empty file")
    # The content decides, not the name: an upload may carry any name.
    is_pdf = data.startswith(PDF_MAGIC)
    _check_size(len(data), is_pdf)
    if is_pdf:
        # imported here so that reading text files (and answering questions) never loads pdfminer
        from indexer.pdf_reader import read_pdf

        return read_pdf(data)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and _looks_binary(data):
        raise ParseError("binary file, not a text disclosure")
    text, encoding = _decode(data)
    # Line numbers are the product's citations: keep one list entry per physical line.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return TextFile(lines=lines, encoding=encoding, content_hash=hashlib.sha256(data).hexdigest())


def read_file(path: Path) -> TextFile:
    try:
        with path.open("rb") as f:
            is_pdf = f.read(len(PDF_MAGIC)) == PDF_MAGIC
        _check_size(path.stat().st_size, is_pdf)
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from None
    return read_bytes(data)

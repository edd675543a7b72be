"""PDF bytes -> TextFile: the lines of a born-digital disclosure, tables as TAB-separated rows.

pdfplumber gives each word's position (indexer.pdf_layout turns positions into lines and
columns). A page whose table labels carry no figures has lost its digits in pdfplumber's
reading of the text layer (a font without a usable character map); pypdfium2 reads the same
layer its own way and is tried for that page before the page is reported as unreadable.
"""
from __future__ import annotations

import hashlib
import io
import re

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from indexer.models import ParseError, TextFile
from indexer.pdf_grid import Rulings, from_edges
from indexer.pdf_layout import PageText, Word, layout_page, split_glued, visual_lines
from prompts.templates import PDF_DIGITS_MISSING, PDF_DIGITS_RECOVERED, PDF_ROWS_UNPLACED

MAGIC = b"%PDF-"

_FIGURE = re.compile(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+")
# Rows of a budget table that must carry figures: a classification code before its label, or a
# numbered 收入/支出 line of a 收支总表. A table left empty (本表无数据) lists neither; a table of
# contents names tables (…表), not items.
_ITEM_ROW = re.compile(r"^\s*\d{3,7}\t+[^\t\d]|(?:^|\t)[一二三四五六七八九十]+、[^\t]*(?:收入|支出|资金)(?:\t|$)")
_MIN_ITEM_ROWS = 3
_MULTI_SPACE = re.compile(r" {2,}|\t+")


def _open(data: bytes) -> pdfplumber.PDF:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - the page tree is read lazily; a broken file fails here
        return pdf
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ParseError("encrypted PDF: it needs a password and cannot be read") from None
        raise ParseError(f"not a readable PDF ({cause})") from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise ParseError(f"not a readable PDF ({type(exc).__name__}: {exc})") from None


def _words(page) -> list[Word]:
    out: list[Word] = []
    for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"], return_chars=True):
        chars = w["chars"]
        whole = len(chars) == len(w["text"])
        word = Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"])
        out.extend(split_glued(word, [c["x0"] for c in chars] if whole else [], [c["x1"] for c in chars] if whole else None))
    return out


def _rulings(page) -> Rulings:
    return from_edges(page.edges)


def digits_missing(lines: list[str]) -> bool:
    """A page of budget-table rows (codes or numbered 收入/支出 labels) without a single figure."""
    if any(_FIGURE.search(line) for line in lines):
        return False
    return sum(1 for line in lines if _ITEM_ROW.search(line)) >= _MIN_ITEM_ROWS


def pdfium_lines(text: str) -> list[str]:
    """pypdfium2's page text -> lines; runs of 2+ spaces are the only cell boundaries it keeps."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return ["\t".join(p for p in _MULTI_SPACE.split(line.strip())) for line in lines if line.strip()]


def _fallback(data: bytes, index: int) -> list[str] | None:
    doc = pdfium.PdfDocument(data)
    try:
        lines = pdfium_lines(doc[index].get_textpage().get_text_range())
    finally:
        doc.close()
    return lines if any(_FIGURE.search(line) for line in lines) else None


def read_pdf(data: bytes) -> TextFile:
    lines: list[str] = []
    pages: list[int] = []
    warnings: list[str] = []
    unplaced = 0
    carried = None
    any_text = False
    with _open(data) as pdf:
        page_count = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            words = _words(page)
            rulings = _rulings(page)
            page.close()  # drop the page's cached objects: a 171-page file stays small in memory
            any_text = any_text or bool(words)
            page_text = layout_page(visual_lines(words), carried, rulings) if words else PageText([], None)
            page_lines = page_text.lines
            if digits_missing(page_lines):
                recovered = _fallback(data, number - 1)
                warnings.append((PDF_DIGITS_RECOVERED if recovered else PDF_DIGITS_MISSING).format(page=number))
                if recovered:
                    page_lines, page_text = recovered, PageText(recovered, None)
            if page_text.unplaced:
                warnings.append(PDF_ROWS_UNPLACED.format(page=number, n=page_text.unplaced))
                unplaced += page_text.unplaced
            carried = page_text.bands
            if lines and page_lines:
                lines.append("")
                pages.append(number)
            lines.extend(page_lines)
            pages.extend([number] * len(page_lines))
    if not any_text:
        raise ParseError("scanned PDF with no text layer (扫描件，无文本层): OCR is not supported")
    return TextFile(lines=lines, encoding="pdf", content_hash=hashlib.sha256(data).hexdigest(),
                    pages=pages, warnings=warnings, page_count=page_count, unplaced=unplaced)

"""Layout-variant bench: the dev disclosures' own facts printed in other text layouts must give the same answers.

    python -m bench.layouts write [--out DIR]                      # the variant texts only
    python -m bench.layouts run [--forms tab,pipe,…] [--work DIR]  # build, replay dev 2 + dev 3, score
    python -m bench.layouts render                                 # bench/LAYOUTS.md from bench/LAYOUTS.json

Users paste text that any PDF tool extracted from any province's template, and few real documents
are at hand, so template robustness is measured metamorphically. Each dev PDF is read by the
product's own PDF reader (indexer.pdf_reader: table rows come out TAB-separated, columns placed by
x position) and every table is printed again in one layout, prose untouched:
- `tab`: cells joined by TAB;
- `pipe`: `| a | b |` rows, a `|---|` line under the first row (markdown);
- `fixed`: columns padded with spaces to one width (CJK characters count double), as `pdftotext
  -layout` prints them; an empty cell is blank space;
- `cell_per_line`: one cell per line, a blank line between rows; an empty cell prints nothing, as
  copying a table out of a PDF viewer gives;
- `yuan`: `tab`, with every figure of a 万元 table and its 单位 note turned into 元 (×10000, exact,
  2 places); the narrative keeps its 万元 as printed, as real documents mix units.
Title and 单位 lines stay text lines above each table. Files keep the original stem, so the gold's
`docs` match. Baselines through the same path: `pdf` (the PDFs themselves) and `txt` (pdfplumber's
default text, ../shared/dev_corpus/txt). Only dev 2 / dev 3 questions on the twelve dev documents
are replayed (the seeds are not in these corpora). Scoring is by value, so line numbers need not match.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from bench.blind import DEV_CORPUS, question_sets
from bench.common import load_jsonl
from core.config import ROOT, load_settings
from indexer.numbers import parse_amount
from indexer.cell_text import declared_unit, is_meta

LAYOUTS = ("tab", "pipe", "fixed", "cell_per_line", "yuan")
BASELINES = ("pdf", "txt")
RESULTS = ROOT / "bench" / "LAYOUTS.json"
REPORT = ROOT / "bench" / "LAYOUTS.md"
WAN = Decimal(10000)
CENT = Decimal("0.01")


# ---- rendering ---------------------------------------------------------------------------------
def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_tab(rows: list[list[str]]) -> list[str]:
    return ["\t".join(r) for r in rows]


def render_pipe(rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(r) + " |" for r in rows]
    return out[:1] + ["|" + "|".join("---" for _ in rows[0]) + "|"] + out[1:]


def render_fixed(rows: list[list[str]]) -> list[str]:
    widths = [max(display_width(r[c]) for r in rows) for c in range(len(rows[0]))]
    return ["  ".join(_pad(cell, w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def render_cell_per_line(rows: list[list[str]]) -> list[str]:
    out: list[str] = []
    for r in rows:
        out += [cell for cell in r if cell] + [""]
    return out[:-1]


def in_yuan(cell: str) -> str | None:
    """A 万元 figure as 元 (×10000, 2 places, its separators kept); None when the cell is no amount
    (a code, a 行次/栏次 number, a count or a rate: whole numbers and %) or would not stay exact."""
    a = parse_amount(cell)
    if a is None or a.unit is not None or not ("." in a.text or "," in a.text):
        return None
    value = a.value * WAN
    if value != value.quantize(CENT):
        return None
    return f"{value.quantize(CENT):,}" if "," in a.text else f"{value.quantize(CENT)}"


# ---- a document's blocks -----------------------------------------------------------------------
def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def _meta_line(cells: list[str]) -> bool:
    """单位名称：… / 单位：万元 printed as a table row: a note above the table, kept as text."""
    filled = [c for c in cells if c]
    return bool(filled) and len(filled) <= 4 and all(is_meta(c) or declared_unit(c) for c in filled)


def blocks(lines: list[str]) -> list[tuple[str, list]]:
    """The reader's lines -> ("text", [(n, line)]) and ("table", [(n, cells)]) runs, n 1-based. Columns
    empty in every row of a run (the ruled frame's margins) are dropped."""
    out: list[tuple[str, list]] = []
    for n, line in enumerate(lines, start=1):
        cells = _cells(line) if "\t" in line else None
        if cells is not None and _meta_line(cells):
            line, cells = "  ".join(c for c in cells if c), None
        kind = "text" if cells is None else "table"
        if not out or out[-1][0] != kind:
            out.append((kind, []))
        out[-1][1].append((n, line if cells is None else cells))
    for kind, rows in out:
        if kind == "table":
            width = max(len(c) for _, c in rows)
            padded = [(n, c + [""] * (width - len(c))) for n, c in rows]
            keep = [i for i in range(width) if any(c[i] for _, c in padded)]
            rows[:] = [(n, [c[i] for i in keep]) for n, c in padded if any(c)]
    return [(k, rows) for k, rows in out if rows]


def wan_lines(stem: str, text_file) -> set[int]:
    """Lines (title, 单位 note, rows) of the tables the product reads as 万元 in the PDF itself."""
    from indexer.parse import parse_text

    doc = parse_text(stem, text_file)
    return {n for t in doc.tables if t.unit == "万元" for n in range(t.line_start, t.line_end + 1)}


RENDER: dict[str, Callable[[list[list[str]]], list[str]]] = {
    "tab": render_tab, "pipe": render_pipe, "fixed": render_fixed, "cell_per_line": render_cell_per_line,
    "yuan": render_tab}


def variant(layout: str, parts: list[tuple[str, list]], wan: set[int], counts: dict) -> str:
    out: list[str] = []
    for kind, rows in parts:
        if kind == "text":
            for n, line in rows:
                if layout == "yuan" and n in wan and declared_unit(line) == "万元":
                    line = line.replace("万元", "元")
                    counts["unit_notes"] = counts.get("unit_notes", 0) + 1
                out.append(line)
            continue
        cells = [c for _, c in rows]
        if layout == "yuan":
            cells = [[_yuan_cell(c, n in wan, counts) for c in r] for (n, _), r in zip(rows, cells)]
        out += RENDER[layout](cells)
    return "\n".join(out) + "\n"


def _yuan_cell(cell: str, money: bool, counts: dict) -> str:
    converted = in_yuan(cell) if money else None
    if converted is None:
        if money and parse_amount(cell) is not None:
            counts["whole_left"] = counts.get("whole_left", 0) + 1
        return cell
    counts["converted"] = counts.get("converted", 0) + 1
    return converted


def write_variants(out: Path, layouts=LAYOUTS) -> dict:
    """<out>/<layout>/<stem>.txt for every dev PDF; returns per-document conversion counts (yuan)."""
    from indexer.reader import read_file

    stats = {}
    for pdf in sorted((DEV_CORPUS / "pdf").glob("*.pdf")):
        text_file = read_file(pdf)
        parts = blocks(text_file.lines)
        wan = wan_lines(pdf.stem, text_file) if "yuan" in layouts else set()
        for layout in layouts:
            counts: dict = {}
            folder = out / layout
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{pdf.stem}.txt").write_text(variant(layout, parts, wan, counts), encoding="utf-8")
            if layout == "yuan":
                stats[pdf.stem] = counts
    return stats


# ---- replay ------------------------------------------------------------------------------------
def dev_gold(work: Path) -> Path:
    """dev 2 + dev 3 questions whose documents are all dev documents, as one gold file."""
    stems = {p.stem for p in (DEV_CORPUS / "pdf").glob("*.pdf")}
    sets = question_sets()
    gold = [g for name in ("dev2", "dev3") for g in load_jsonl(sets[name]) if g.get("docs") and set(g["docs"]) <= stems]
    path = work / "gold.jsonl"
    path.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), encoding="utf-8")
    return path


def corpus_for(form: str, work: Path) -> Path:
    if form in LAYOUTS:
        return work / "variants" / form
    folder = work / form
    folder.mkdir(parents=True, exist_ok=True)
    for src in sorted((DEV_CORPUS / form).glob(f"*.{form}")):
        link = folder / src.name
        if not link.exists():
            link.symlink_to(src.resolve())
    return folder


def _wrong(gold: dict, answer: dict) -> dict:
    cite = (answer.get("citations") or [{}])[0]
    return {"id": gold["id"], "question": gold["question"], "gold": f"{gold['value']} {gold.get('unit') or ''}".strip(),
            "answer": f"{answer.get('value')} {answer.get('unit') or ''}".strip(),
            "cited": f"{cite.get('doc')}:{cite.get('line_start')}", "quote": (cite.get("quote") or "")[:160]}


def run_form(form: str, work: Path, gold: Path) -> dict:
    from indexer.build import build_index
    from qa_app.eval import replay, score, score_one

    corpus = corpus_for(form, work)
    index = work / f"index_{form}"
    started = time.perf_counter()
    build = build_index(corpus, index, load_settings(index_dir=str(index), corpus_dir=str(corpus)))
    build_s = round(time.perf_counter() - started, 1)
    answers = work / f"answers_{form}.jsonl"
    replay(gold, answers, str(corpus), str(index))
    report = score(gold, answers)
    golds = {g["id"]: g for g in load_jsonl(gold)}
    wrong = [_wrong(golds[a["id"]], a) for a in load_jsonl(answers)
             if a.get("id") in golds and score_one(golds[a["id"]], a)["confident_wrong"]]
    return {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "build_s": build_s,
            "items": sum(f.items for f in build.files), "unplaced": sum(f.unplaced for f in build.files),
            "questions": report["questions"], "accuracy": report["accuracy"],
            "numeric_accuracy": report["numeric_accuracy"], "confident_wrong": report["confident_wrong"],
            "misses": report["misses"], "wrong": wrong, "per_class": report["per_class"]}


# ---- report ------------------------------------------------------------------------------------
def render(results: dict) -> str:
    known = (*BASELINES, *LAYOUTS)
    # earlier runs kept under another name (`fixed@<commit>`) follow the current forms
    forms = [f for f in known if f in results] + sorted(f for f in results if f not in known and f != "notes")
    lines = ["# Layout variants: the dev documents' facts in other text layouts", "",
             "`python -m bench.layouts run` (see its docstring). Each dev PDF is read by the product's PDF reader and",
             "its tables printed again in one layout; dev 2 + dev 3 questions on the twelve dev documents are",
             "replayed over an index of the twelve variant files only. `pdf` and `txt` are the same path over the",
             "PDFs and over pdfplumber's default text. Lost/gained: questions answered by `pdf` and not by the",
             "layout, and the reverse.", "",
             "| form | questions | accuracy | numeric | confident wrong | items | unplaced | lost vs pdf | gained "
             "| run |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    base = set(results["pdf"]["misses"]) if "pdf" in results else None
    for f in forms:
        r = results[f]
        lost = gained = "–"
        if base is not None:
            lost, gained = len(set(r["misses"]) - base), len(base - set(r["misses"]))
        lines.append(f"| {f} | {r['questions']} | {r['accuracy']}% | {r['numeric_accuracy']}% | "
                     f"{r['confident_wrong']} | {r['items']} | {r['unplaced']} | {lost} | {gained} | {r['when']} |")
    classes = sorted({c for f in forms for c in results[f]["per_class"]})
    lines += ["", "Accuracy per question class:", "", "| class | " + " | ".join(forms) + " |",
              "|---|" + "---|" * len(forms)]
    for c in classes:
        cells = [f"{results[f]['per_class'].get(c, {}).get('accuracy', '–')}%" for f in forms]
        n = next(results[f]["per_class"][c]["n"] for f in forms if c in results[f]["per_class"])
        lines.append(f"| {c} ({n}) | " + " | ".join(cells) + " |")
    lines += ["", "Confident wrong numbers:", ""]
    for f in forms:
        for w in results[f]["wrong"]:
            lines.append(f"- `{f}` {w['id']} {w['question']} — gold {w['gold']}, answered {w['answer']} "
                         f"({w['cited']}: {w['quote']}){' — ' + w['cause'] if w.get('cause') else ''}")
    if "notes" in results:
        lines += ["", *results["notes"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.layouts")
    ap.add_argument("command", choices=("write", "run", "render"))
    ap.add_argument("--forms", default=",".join((*BASELINES, *LAYOUTS)), help="comma-separated forms to run")
    ap.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    ap.add_argument("--out", type=Path, default=None, help="write: folder for the variants")
    args = ap.parse_args()
    if args.command == "render":
        REPORT.write_text(render(json.loads(RESULTS.read_text(encoding="utf-8"))), encoding="utf-8")
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="budgetqa-layouts-"))
    work.mkdir(parents=True, exist_ok=True)
    forms = args.forms.split(",")
    wanted = [f for f in forms if f in LAYOUTS]
    if args.command == "write" or wanted:
        stats = write_variants(args.out or work / "variants", wanted or LAYOUTS)
        print(json.dumps({"yuan": stats}, ensure_ascii=False))
    if args.command == "write":
        return
    gold = dev_gold(work)
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    for form in forms:
        results[form] = run_form(form, work, gold)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        print(form, {k: results[form][k] for k in ("accuracy", "confident_wrong", "items", "unplaced")}, flush=True)
    REPORT.write_text(render(results), encoding="utf-8")
    print(f"answers kept in {work}")


if __name__ == "__main__":
    main()

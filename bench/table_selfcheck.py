"""Per dev disclosure: tables found, items, unplaced cells, and the self-check: the share of table rows
whose own identities hold (a 合计/总计 first value column = Σ the other value columns of the row; a
coded row = Σ its children per column), over rows whose every printed figure was placed (a row that
lost a figure cannot be judged: the missing cell would count as empty). Rows with no identity to check
are not counted. The named-column share is the share of items whose column has a heading (an item
under an unnamed column cannot be asked for by its column).
Rows the document itself prints inconsistent (verified on the page image, figures as printed) are
listed in DOCUMENT_INCONSISTENT; the table reports the self-check raw and without them:
- fuzhou_xuntejing_2026_budget p10 (支出预算总表) and p12 (一般公共预算拨款支出预算表), 20402 公安
  7,927.40 (项目支出 1,370.70) while its children 2040201 行政运行 6,556.70 + 2040299 其他公安支出
  1,051.46 = 7,608.16 (项目支出 1,051.46): 319.24 unaccounted on both pages.
Usage: python -m bench.table_selfcheck [--pdf] [--show-failures] [DEV_CORPUS_DIR]
(--pdf: the PDFs, ~1 min; else txt. --show-failures: each failing row to stderr: file, page, line,
table, row, the identity and both sides, in the table's unit)"""
from __future__ import annotations

import os
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from indexer.numbers import parse_amount
from indexer.parse import parse_file
from indexer.space_rows import segments, tokenize
from indexer.cell_text import is_code
from prompts.templates import PDF_ROWS_UNPLACED

_PDF_UNPLACED = re.compile(re.escape(PDF_ROWS_UNPLACED).replace(r"\{page\}", r"\d+").replace(r"\{n\}", r"(\d+)"))
DEV = Path(os.environ.get("BUDGETQA_DEV_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "dev_corpus")


# (file stem, page, row code or name) of rows verified on the page image to be printed inconsistent
DOCUMENT_INCONSISTENT = {
    ("fuzhou_xuntejing_2026_budget", 10, "20402"),
    ("fuzhou_xuntejing_2026_budget", 12, "20402"),
}


def _tol(values: list[str], terms: int) -> Decimal:
    places = max([len(v.split(".")[1]) for v in values if "." in v] or [0])
    return Decimal(1).scaleb(-places) * max(1, terms)


def _whole_rows(doc, items) -> set[int]:
    """Rows whose source line prints exactly as many figures as were placed from it."""
    placed: dict[tuple[int, int], int] = defaultdict(int)
    for it in items:
        placed[(it.row_index, it.line)] += 1
    lost = {r for (r, line), n in placed.items()
            if "\t" not in doc.line(line) and n != sum(len(s.figs) for s in segments(tokenize(doc.line(line)), False))}
    return {r for r, _ in placed} - lost


def _label_cols(table) -> set[int]:
    return {c for row in table.rows for c, cell in enumerate(row.cells)
            if cell.text.strip() and parse_amount(cell.text) is None and not is_code(cell.text)}


# A column that stands for its heading group: 小计/合计/金额, or a leaf ending in 总数/总计/合计
# (项目支出 / 项目支出总数 | 扣除基建项目后预算数: the second is part of the first).
_GROUP_TOTAL = re.compile(r"^(?:小计|合计|金额)$|.(?:总数|总计|合计)$")
_TOTAL = re.compile(r"^(?:合计|总计)")


def _path(table, c: int) -> list[str]:
    return table.columns[c].split("/") if c < len(table.columns) else [""]


def _additive(cols: list[int], table) -> list[int]:
    """The columns that add up to the total: under a heading with its own 小计/合计/金额 column
    (财政拨款 / 小计 | 一般公共预算 | …) that column stands for the group, and for every group nested
    in it (“三公”经费 / 小计 stands for 公务用车购置及运行维护费 / 小计 too); 其中 columns are parts."""
    paths = [_path(table, c) for c in cols]
    groups = {tuple(p[:-1]) for p in paths if len(p) > 1 and _GROUP_TOTAL.search(p[-1])}

    def adds(p: list[str]) -> bool:
        if p[-1].startswith("其中"):
            return False
        owner = next((k for k in range(1, len(p)) if tuple(p[:k]) in groups), None)  # the outermost group
        return owner is None or (len(p) == owner + 1 and bool(_GROUP_TOTAL.search(p[-1])))
    return [c for c, p in zip(cols, paths) if adds(p)]


def _panels(table, value_cols: list[int]) -> list[tuple[int, list[int]]]:
    """(total column, the columns it sums) for each panel of a table. A panel runs from its 合计/总计
    column to the next column holding labels or the next total as high in the header (2025年 /
    合计 … | 2026年 / 合计 …: two panels); a column left empty in every row, as PDF tables keep
    them, ends nothing. A total printed last (… | 其他资金 | 总计) sums the figures before it."""
    leaves = [table.column_leaves[c] if c < len(table.column_leaves) else "" for c in range(max(value_cols, default=0) + 1)]
    labels = _label_cols(table)
    out: list[tuple[int, list[int]]] = []
    for t in (c for c in value_cols if _TOTAL.match(leaves[c])):
        if out and t in out[-1][1]:
            continue  # a deeper total inside the panel is one of its parts
        depth = len(_path(table, t))
        stop = min([c for c in labels if c > t] + [c for c in value_cols if c > t and _TOTAL.match(leaves[c])
                                                   and len(_path(table, c)) <= depth] + [len(leaves)])
        after = [c for c in value_cols if t < c < stop]
        if not after:
            start = max([c for c in labels if c < t] + [-1])
            after = [c for c in value_cols if start < c < t and not (out and c in out[-1][1] + [out[-1][0]])]
        rest = _additive(after, table)
        if rest:
            out.append((t, rest))
    return out


@dataclass
class Failure:
    """One row whose identity does not hold: `identity` names it, `printed` and `summed` are its sides."""
    row_index: int
    identity: str
    printed: Decimal
    summed: Decimal


def check_table(table, items, whole: set[int], printed_codes: frozenset[str] = frozenset()) -> tuple[int, int, list[Failure]]:
    rows: dict[int, dict[int, Decimal]] = defaultdict(dict)
    # a coded row's figures, by code: the first row printing the code, and only the cells the code
    # stands before (a form of side-by-side panels, 301 … | 302 … | 310 …, prints three per row)
    coded: dict[str, tuple[int, dict[int, Decimal]]] = {}
    printed: list[str] = []
    for it in items:
        if it.value_yuan is None:
            continue
        rows[it.row_index][it.col_index] = it.value_yuan
        printed.append(it.value)
        if it.row_code:
            first, cells = coded.setdefault(it.row_code, (it.row_index, {}))
            if first == it.row_index:
                cells[it.col_index] = it.value_yuan
    value_cols = sorted({c for r in rows.values() for c in r})
    panels = _panels(table, value_cols)
    scale = Decimal(10000) if table.unit == "万元" else Decimal(1)
    held = checked = 0
    failures: list[Failure] = []
    for r, vals in rows.items():
        if r not in whole:
            continue
        checks = []
        for total, rest in panels:
            checks.append((vals.get(total, Decimal(0)), sum((vals.get(c, Decimal(0)) for c in rest), Decimal(0)), len(rest),
                           f"col {total} = Σ cols {rest}"))
        for code, (first, cells) in coded.items():
            kids = sorted(k for k in coded if len(k) == len(code) + 2 and k.startswith(code))
            # a child that lost a figure cannot be summed: its missing cell would count as empty
            # and so does a child row printed in the table's lines that placed no figure at all
            lost = any(len(k) == len(code) + 2 and k.startswith(code) and k not in coded for k in printed_codes)
            if first != r or not kids or lost or any(coded[k][0] not in whole for k in kids):
                continue
            for c in sorted(set(cells).union(*(coded[k][1] for k in kids))):
                checks.append((cells.get(c, Decimal(0)), sum((coded[k][1].get(c, Decimal(0)) for k in kids), Decimal(0)),
                               len(kids), f"{code} = Σ {','.join(kids)} in col {c}"))
        if not checks:
            continue
        checked += 1
        tol = _tol(printed, 1) * scale
        bad = [Failure(r, name, a / scale, b / scale) for a, b, n, name in checks if abs(a - b) > tol * n]
        held += not bad
        failures.extend(bad)
    return held, checked, failures


def _printed_wrong(doc, items, f: Failure) -> bool:
    row = [it for it in items if it.row_index == f.row_index]
    key = row[0].row_code or row[0].row_name
    return (doc.meta.doc, doc.page_of(min(it.line for it in row)), key) in DOCUMENT_INCONSISTENT


def _continued(doc) -> list[list]:
    """Tables in runs: a table printed again under the same title with the same columns right after
    the last one is the rest of it over a page break (a 类 row's 款 rows can sit on the next page)."""
    runs: list[list] = []
    for t in doc.tables:
        last = runs[-1][-1] if runs else None
        if last and t.title == last.title and t.column_leaves == last.column_leaves:
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def measure(doc, show_failures: bool = False) -> dict:
    held = checked = excused = 0
    for run in _continued(doc):
        items, whole, offset = [], set(), 0
        for t in run:  # rows renumbered after the parts before them, to check the run as one table
            part = [replace(it, row_index=it.row_index + offset) for it in doc.items if it.table_id == t.table_id]
            items += part
            whole |= _whole_rows(doc, part)
            offset += len(t.rows)
        codes = frozenset(sg.code for t in run for n in range(t.line_start, t.line_end + 1)
                          for sg in segments(tokenize(doc.line(n)), False) if sg.code)
        h, c, failures = check_table(run[0], items, whole, codes)
        held, checked = held + h, checked + c
        excused += len({f.row_index for f in failures if _printed_wrong(doc, items, f)})
        if show_failures:
            for f in failures:
                _print_failure(doc, run[0], items, f)
    # figures a PDF page could not put in a column never reach a table: its warnings count them
    dropped = sum(int(m.group(1)) for w in doc.meta.warnings if (m := _PDF_UNPLACED.match(w)))
    return {"tables": len(doc.tables), "items": len(doc.items), "unplaced": sum(t.unplaced for t in doc.tables) + dropped,
            "checked": checked, "held": held, "excused": excused, "named": sum(it.column != "数值" for it in doc.items)}


def _print_failure(doc, table, items, f: Failure) -> None:
    row = [it for it in items if it.row_index == f.row_index]
    line = min(it.line for it in row)
    print(f"FAIL {doc.meta.doc} p{doc.page_of(line)} L{line} [{table.table_id} {table.title}] "
          f"{row[0].row_code or ''} {row[0].row_name} | {f.identity}: {f.printed} vs {f.summed}"
          f" (diff {f.printed - f.summed})", file=sys.stderr)


def main(folder: Path, suffix: str, show_failures: bool = False) -> None:
    print("| file | tables | items | unplaced | rows checked | self-check | excl. printed inconsistent | named columns | seconds |")
    print("|---|---|---|---|---|---|---|---|---|")
    total: dict[str, int] = defaultdict(int)
    for p in sorted(folder.glob(f"*.{suffix}")):
        start = time.perf_counter()
        m = measure(parse_file(p), show_failures)
        secs = time.perf_counter() - start
        for k, v in m.items():
            total[k] += v
        print(_row(p.stem, m, secs))
    print(_row("**all**", total, None))


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def _row(name: str, m: dict, secs: float | None) -> str:
    return (f"| {name} | {m['tables']} | {m['items']} | {m['unplaced']} | {m['checked']} | {_pct(m['held'], m['checked'])}"
            f" | {_pct(m['held'], m['checked'] - m['excused'])} | {_pct(m['named'], m['items'])} | {'' if secs is None else f'{secs:.1f}'} |")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    pdf = "--pdf" in sys.argv[1:]
    root = Path(args[0]) if args else DEV
    main(root / ("pdf" if pdf else "txt"), "pdf" if pdf else "txt", "--show-failures" in sys.argv[1:])

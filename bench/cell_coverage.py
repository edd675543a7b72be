"""How many of the numeric cells printed in each file's table rows became line items.

Counts independently of the parser's table logic: every tab-separated, pipe or one-cell-per-line
row cell that reads as an amount (not a code, not a 栏次 row, not a phone number or date) is a
cell a user could ask about. Prints per file: counted, covered, coverage and the missed cells.
Run: python -m bench.cell_coverage [--index DIR]
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from indexer.build import corpus_files
from indexer.numbers import parse_amount
from indexer.reader import read_file
from indexer.store import load_items
from indexer.cell_text import is_code, squeeze
from core.config import load_settings

_NOT_FIGURE = re.compile(r"电话|日期|时间|邮编|手机|填报|栏次")


def printed_cells(lines: list[str]) -> list[tuple[int, str]]:
    cells: list[tuple[int, str]] = []
    for n, line in enumerate(lines, 1):
        if line.startswith("\t") and line.count("\t") == 1:
            parts = [line[1:]]
        elif line.lstrip().startswith("|"):
            parts = line.strip().strip("|").split("|")
        elif "\t" in line:
            parts = line.split("\t")
        else:
            continue
        if _NOT_FIGURE.search(line):
            continue
        numeric = [p for p in parts if p.strip() and parse_amount(p) is not None and not is_code(p)]
        # a row made only of small whole numbers is a column-number (栏次) row or a 序号
        if numeric and all(squeeze(p).isdigit() and int(squeeze(p)) < 100 for p in numeric):
            continue
        cells += [(n, parse_amount(p).text) for p in numeric]
    return cells


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=None)
    ap.add_argument("--corpus", default=None)
    args = ap.parse_args()
    settings = load_settings()
    items = load_items(Path(args.index or settings.index_dir))
    total_counted = total_covered = 0
    for path in corpus_files(Path(args.corpus or settings.corpus_dir)):
        got = {(int(r.line), r.value.rstrip("元万%")) for r in items[items.doc == path.stem].itertuples()}
        cells = printed_cells(read_file(path).lines)
        missed = [c for c in cells if c not in got]
        covered = len(cells) - len(missed)
        total_counted += len(cells)
        total_covered += covered
        print(f"{path.stem}: {covered}/{len(cells)} numeric cells as line items ({100 * covered / max(len(cells), 1):.1f}%)")
        for n, v in missed[:15]:
            print(f"   missed L{n}: {v}")
    print(f"all: {total_covered}/{total_counted} ({100 * total_covered / max(total_counted, 1):.1f}%)")


if __name__ == "__main__":
    main()

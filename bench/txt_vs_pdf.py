"""Oracle for the text-table path: each dev disclosure's txt extraction against its PDF.

The PDF path reads columns by x position (99.8% self-check), so its items stand for the truth a text
extraction should reach. Every txt item is matched to the PDF items with the same value and the same
row (科目编码, or the normalised row name when either side has no code) and classed, best first:
- same: a PDF item with the same column and the same table title;
- other title: no PDF table of the same title has this row and value, one of another title has it in
  the same column (the table is named wrong, or the PDF did not read that table);
- unnamed: the txt column has no name (数值): the cell cannot be asked for by its column;
- WRONG column: the PDF prints the row and value in a table of the same title only under other (named)
  columns — a confident wrong cell (a figure under the same column in another table does not excuse it);
- unverified: the PDF has the row and value only in other tables, or only under unnamed columns (the
  PDF path did not read this table's row), or the row is in PDF_MISREAD: neither right nor wrong can be
  shown by the PDF;
- WRONG value: no PDF item has this row and value, but the PDF prints this row in a table of the same
  title, with other values only (a figure placed in the wrong row);
- unmatched: no PDF item has this row and value (a label read differently, or a figure the PDF lost).
"PDF placed" is the share of PDF items that some txt item matches with the same column.
Usage: python -m bench.txt_vs_pdf [--show-wrong] [--cache DIR] [DEV_CORPUS_DIR]
(--cache: keep the PDF items between runs, for iterating on the text path only; --show-wrong: each
WRONG-column item to stderr with its PDF candidates)"""
from __future__ import annotations

import pickle
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from bench.table_selfcheck import DEV
from indexer.items import clean_name
from indexer.models import LineItem
from indexer.numbers import parse_amount
from indexer.parse import parse_file
from indexer.cell_text import squeeze

# (file stem, txt line) of rows checked by eye where the PDF path, not the text, is wrong: the 绩效自评表
# forms of the 决算, whose header row the PDF path reads as column groups (项目名称/<agency>/全年预算数（A）,
# <project>/<unit>): the text row `年度资金总额 0 2685 2444.64 10 91.05 9.1` under
# `年初预算数 全年预算数（A） 全年执行数（B） 分值 执行率（B/A） 得分` is read right by the text path.
PDF_MISREAD = {("xian_weijian_2022_final", line) for line in (1660, 1705, 1793, 2108, 3802, 3874, 3947, 4269)}
# shenzhen 支出总表 (表3): the PDF path titles its pages 其中:2026年, so the title match falls on 基本支出总表
# (支出总表 in 基本支出总表), whose 经济分类 row 住房公积金 prints the same 514.05 under 总计; the text row
# `2210201 住房公积金 514.05 514.05 0.00 …` (line 640) prints it as the table's 支出总计, checked by eye.
PDF_MISREAD.add(("shenzhen_weijian_2026_budget", 640))
# xian 财政拨款收入支出决算总表 (公开04表): the PDF path glues rows 1 and 2's 收入 figures to the 支出 labels
# (`296,030.91一、一般公共服务支出`), so its only 收入 rows named 一般公共预算财政拨款 / 政府性基金预算财政拨款 are
# rows 29 / 30 under 年初结转和结余 (95.39, 58,830.98); the text rows `一、一般公共预算财政拨款 1 296,030.91 …`
# and `二、政府性基金预算财政拨款 2 509,220.66 …` (lines 5637, 5638) print rows 1 and 2, checked by eye.
PDF_MISREAD |= {("xian_weijian_2022_final", 5637), ("xian_weijian_2022_final", 5638)}
# yantai 财政拨款收支总体情况表 continued on a second page: the PDF path reads that page as a table titled 预算数
# (columns 项目/国有资本经营预算/十八、…), so the title match falls on 收支总体情况表; the text row
# `二十一、其他支出 1,196.00 1,196.00` (line 289) prints 1,196.00 under the 支出 panel's 总计 (5,274.99 =
# 3,773.71 + 1,501.28 on its total rows), the column the PDF path names 支出/预算数/总计 on the first page.
PDF_MISREAD.add(("yantai_minzheng_2026_budget", 289))
CLASSES = ("same", "other title", "unnamed", "WRONG column", "unverified", "WRONG value", "unmatched")
_UNNAMED = {"", "数值"}
_BRACKETS = re.compile(r"[（(][^）)]*[)）]")


def _value(it: LineItem):
    a = parse_amount(it.value)
    return a.value if a else it.value


def _name(text: str) -> str:
    return clean_name(squeeze(text))


_CODE_COLUMN = re.compile(r"编码|代码")
_SUB = re.compile(r"其中[:：]?")


_EXPENSE = re.compile(r"费用$")  # 因公出国（境）费用 and 因公出国（境）费 name one column


def _plain(text: str) -> str:
    return _EXPENSE.sub("费", _SUB.sub("", squeeze(text)))


def _column(it: LineItem) -> str:
    return _plain(it.column_path.replace("/", ""))


def same_column(txt: LineItem, pdf: LineItem) -> bool:
    """Column names agree: the whole header path, or the leaf when one side names only the leaf
    (收入预算数 against 收入/预算数 is the same column; 合计 against 支出/合计 too)."""
    return _column(txt) == _column(pdf) or _plain(txt.column) == _plain(pdf.column)


def _title(text: str) -> str:
    return re.sub(r"\d{4}年度?|[\s\d]", "", _BRACKETS.sub("", text))


def same_title(txt: LineItem, pdf: LineItem) -> bool:
    a, b = _title(txt.table), _title(pdf.table)
    return bool(a and b) and (a == b or a in b or b in a)


def _labels(p: LineItem) -> set[str]:
    """A PDF row's code and name; a row printing neither (the one figure row of a 三公 table) answers to a
    txt row printing no label either."""
    return {x for x in (p.row_code, _name(p.row_name)) if x} or {""}


def classify(txt_items: list[LineItem], pdf_items: list[LineItem],
             stem: str = "") -> tuple[list[tuple[str, LineItem, list]], set[int]]:
    """Each txt item with its class and PDF candidates; the indexes of PDF items matched with the same column."""
    by_code: dict[tuple, list[int]] = defaultdict(list)
    by_name: dict[tuple, list[int]] = defaultdict(list)
    by_row: dict[str, list[LineItem]] = defaultdict(list)
    # a PDF row may name its figures by a second classification (部门经济分类 beside 政府经济分类, the
    # first one's label standing before code cells): when one name holds the row's figures, they answer
    # to every label and code the row prints. Side-by-side panels (two names holding figures) do not.
    labels: dict[tuple, set[str]] = defaultdict(set)
    holders: dict[tuple, set[str]] = defaultdict(set)
    for p in pdf_items:
        labels[(p.table_id, p.row_index)].update(_labels(p))
        if not _CODE_COLUMN.search(p.column_path):
            holders[(p.table_id, p.row_index)].add(p.row_name)
    for i, p in enumerate(pdf_items):
        if p.row_code:
            by_code[(_value(p), p.row_code)].append(i)
        key = (p.table_id, p.row_index)
        for label in labels[key] if len(holders[key]) == 1 else _labels(p):
            by_name[(_value(p), label)].append(i)
            by_row[label].append(p)
    out, covered = [], set()
    for t in txt_items:
        idx = by_code.get((_value(t), t.row_code), []) if t.row_code else []
        idx = sorted(set(idx) | set(by_name.get((_value(t), _name(t.row_name)), [])))
        cands = [pdf_items[i] for i in idx]
        same = [i for i in idx if same_column(t, pdf_items[i])]
        if not cands:
            same_cell = [p for p in by_row.get(t.row_code or _name(t.row_name), [])
                         if same_title(t, p)]
            cls = "WRONG value" if same_cell and (stem, t.line) not in PDF_MISREAD else "unmatched"
            cands = same_cell
        elif t.column in _UNNAMED:
            cls = "unnamed"
        elif here := [c for c in cands if same_title(t, c)]:
            # the table the txt item names has this row and value: its columns decide
            if any(same_column(t, c) for c in here):
                cls = "same"
            else:
                named = any(c.column not in _UNNAMED for c in here) and (stem, t.line) not in PDF_MISREAD
                cls = "WRONG column" if named else "unverified"
        else:
            cls = "other title" if same else "unverified"
        if cls in ("same", "other title"):
            covered.update(same)
        out.append((cls, t, cands))
    return out, covered


def _pdf_items(path: Path, cache: Path | None) -> list[LineItem]:
    if cache is None:
        return parse_file(path).items
    f = cache / f"{path.stem}.pkl"
    if f.exists() and f.stat().st_mtime >= path.stat().st_mtime:
        return pickle.loads(f.read_bytes())
    items = parse_file(path).items
    cache.mkdir(parents=True, exist_ok=True)
    f.write_bytes(pickle.dumps(items))
    return items


def main(root: Path, cache: Path | None, show_wrong: bool) -> None:
    print("| file | txt items | " + " | ".join(CLASSES) + " | PDF items | PDF placed by txt |")
    print("|---|---|" + "---|" * len(CLASSES) + "---|---|")
    total: Counter = Counter()
    for txt in sorted((root / "txt").glob("*.txt")):
        pdf_items = _pdf_items(root / "pdf" / f"{txt.stem}.pdf", cache)
        classed, covered = classify(parse_file(txt).items, pdf_items, txt.stem)
        counts = Counter(cls for cls, _, _ in classed)
        counts["txt"], counts["pdf"], counts["covered"] = len(classed), len(pdf_items), len(covered)
        total.update(counts)
        print(_row(txt.stem, counts))
        if show_wrong:
            for cls, t, cands in classed:
                if cls.startswith("WRONG"):
                    seen = "; ".join(f"{c.column_path} [{c.table}]" for c in cands)
                    print(f"{cls} {txt.stem} L{t.line} [{t.table}] {t.row_code or ''} {t.row_name}"
                          f" | {t.column_path} = {t.value} | PDF: {seen}", file=sys.stderr)
    print(_row("**all**", total))


def _row(name: str, c: Counter) -> str:
    share = f"{100 * c['covered'] / c['pdf']:.1f}%" if c["pdf"] else "-"
    return f"| {name} | {c['txt']} | " + " | ".join(str(c[k]) for k in CLASSES) + f" | {c['pdf']} | {share} |"


if __name__ == "__main__":
    argv = sys.argv[1:]
    cache = Path(argv[argv.index("--cache") + 1]) if "--cache" in argv else None
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--cache")]
    main(Path(args[0]) if args else DEV, cache, "--show-wrong" in argv)

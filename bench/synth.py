"""Synthetic budget disclosures made by varying the five real ones, with recorded ground truth.

Each synthetic document takes one real file as its layout (round-robin over the bases, so the
layouts are mixed) and:
  * swaps the city and district names for a generated pair (every spelling of the base district,
    including the OCR variants 埭桥/甬桥, becomes the one new district name);
  * shifts every stand-alone year 20xx by the same number of years;
  * scales every two-decimal amount by one factor per document, keeping two decimals and the
    original thousands separators (percentages are left alone).
Line numbers are unchanged, so a base cell's line is the synthetic cell's line.

Ground truth: the real file is parsed once (the product parser) to learn which printed cell is
which (table, row code/name, column, unit, line); the generator then writes the scaled value
itself and checks that the scaled text really is on that line of the synthetic file. Only row
names whose every cell in the base document holds one and the same value are asked about
("unambiguous" rows), so a question has exactly one right number.

    python -m bench.synth --n 100 --out /tmp/synth [--seed 7]
writes OUT/corpus/*.txt, OUT/truth.json (cells) and OUT/questions.jsonl (gold-format lines).
"""
from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from core.config import ROOT

# Per base file: (city spellings, district spellings) as they occur in the text.
BASES: dict[str, tuple[list[str], list[str]]] = {
    "beidaihe_2023_budget": (["秦皇岛"], ["北戴河"]),
    "beilin_2024_budget": (["西安"], ["碑林"]),
    "lishi_2023_budget": (["吕梁"], ["离石"]),
    "yongqiao_2023_budget": (["宿州"], ["埇桥", "埭桥", "甬桥"]),
    "zengdu_2023_budget": (["随州"], ["曾都"]),
}
_FIRST = "青云南岭东湖西岗北坪安宁清河白沙松林桂阳金川玉泉长汀溪口凤台柳塘新渡石门平湾"
_SECOND = "山川塘源浦州坪陵溪阳城江湾岗泽洲宁台桥港林湖屯庄关堡集营埠峪"
_CITY_FIRST = "临江海昌庆丰景华泰嘉"
_CITY_SECOND = "州阳安源宁川"

AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})(?![\d%％])(?!\s*[%％])")
YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
GENERIC_ROWS = {"合计", "小计", "总计", "其他", "其中", "项目", "收入", "支出"}


def district_names(n: int, seed: int) -> list[str]:
    """n distinct two-character district cores that do not occur in the real corpus names."""
    rng = random.Random(seed)
    taken = {d for _, ds in BASES.values() for d in ds}
    pool = [a + b for a in dict.fromkeys(_FIRST) for b in dict.fromkeys(_SECOND) if a != b and a + b not in taken]
    rng.shuffle(pool)
    if n > len(pool):
        raise ValueError(f"at most {len(pool)} distinct synthetic districts")
    return pool[:n]


def scale_text(text: str, factor: Decimal) -> str:
    """Every two-decimal amount multiplied by factor, two decimals, separators kept."""
    def repl(m: re.Match) -> str:
        whole, cents = m.group(1), m.group(2)
        value = Decimal(whole.replace(",", "") + "." + cents)
        return fmt_amount(value * factor, "," in whole)

    return AMOUNT.sub(repl, text)


def fmt_amount(value: Decimal, commas: bool) -> str:
    v = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{v:,.2f}" if commas else f"{v:.2f}"


def scaled_value(printed: str, factor: Decimal) -> Decimal:
    v = Decimal(printed.replace(",", "").rstrip("元万%"))
    return (v * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def shift_years(text: str, delta: int) -> str:
    return YEAR.sub(lambda m: str(int(m.group(1)) + delta), text) if delta else text


def rename(text: str, base: str, city: str, district: str) -> str:
    cities, districts = BASES[base]
    for c in cities:
        text = text.replace(c, city)
    for d in districts:
        text = text.replace(d, district)
    return text


@dataclass
class SynthDoc:
    doc: str
    base: str
    agency: str
    year: int
    factor: str
    city: str
    district: str


def base_cells(base_path: Path) -> tuple[object, list[dict]]:
    """The real file's cells with two-decimal values, via the product parser (labels only)."""
    from indexer.parse import parse_file

    parsed = parse_file(base_path)
    cells = []
    for it in parsed.items:
        if it.unit not in ("元", "万元") or not re.fullmatch(r"-?[\d,]+\.\d{2}", (it.value or "").rstrip("元万")):
            continue
        cells.append({"table": it.table, "row_code": it.row_code, "row_name": it.row_name, "column": it.column,
                      "value": it.value.rstrip("元万"), "unit": it.unit, "line": it.line})
    return parsed.meta, cells


def unambiguous(cells: list[dict]) -> list[dict]:
    """One cell per row name whose every cell in the document has the same value."""
    by_name: dict[str, list[dict]] = {}
    for c in cells:
        name = (c["row_name"] or "").strip()
        if len(name) < 3 or name in GENERIC_ROWS or re.search(r"\d", name):
            continue
        by_name.setdefault(name, []).append(c)
    out = []
    for name, cs in by_name.items():
        if len({Decimal(c["value"].replace(",", "")) for c in cs}) == 1 and Decimal(cs[0]["value"].replace(",", "")) != 0:
            out.append(cs[0])
    return out


def generate(n: int, out: Path, seed: int = 7, per_doc: int = 3, corpus_dir: Path | None = None,
             include_real: bool = False) -> dict:
    """Write n synthetic documents (and, with include_real, copies of the five real ones).
    Returns {"docs": [...], "truth": [...], "questions": [...]}."""
    corpus_dir = Path(corpus_dir or ROOT / "corpus")
    out = Path(out)
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    bases = sorted(BASES)
    info = {b: base_cells(corpus_dir / f"{b}.txt") for b in bases}
    texts = {b: (corpus_dir / f"{b}.txt").read_text(encoding="utf-8") for b in bases}
    districts = district_names(n, seed)
    docs, truth, questions = [], [], []
    if include_real:
        for b in bases:
            (out / "corpus" / f"{b}.txt").write_text(texts[b], encoding="utf-8")
    for i in range(n):
        base = bases[i % len(bases)]
        meta, cells = info[base]
        city = rng.choice(_CITY_FIRST) + rng.choice(_CITY_SECOND)
        district = districts[i]
        delta = rng.choice([-2, -1, 0, 1, 2])
        factor = Decimal(rng.randint(50, 300)) / 100  # 0.50 .. 3.00
        text = scale_text(shift_years(rename(texts[base], base, city, district), delta), factor)
        stem = f"synth{i:04d}_{base.split('_')[0]}"
        (out / "corpus" / f"{stem}.txt").write_text(text, encoding="utf-8")
        agency = rename(meta.agency, base, city, district)
        year = meta.year + delta
        docs.append(SynthDoc(stem, base, agency, year, str(factor), city, district).__dict__)
        lines = text.split("\n")
        pool = unambiguous(cells)
        for c in rng.sample(pool, min(per_doc, len(pool))):
            value = scaled_value(c["value"], factor)
            line_text = lines[c["line"] - 1] if c["line"] - 1 < len(lines) else ""
            printed = fmt_amount(value, "," in c["value"])
            if printed not in line_text:  # the generator's own consistency check
                continue
            row_name = rename(c["row_name"], base, city, district)
            t = {"doc": stem, "base": base, "table": c["table"], "row_code": c["row_code"], "row_name": row_name,
                 "column": c["column"], "value": float(value), "unit": c["unit"], "line": c["line"]}
            truth.append(t)
            questions.append({
                "id": f"s{len(questions) + 1:05d}", "question": f"{agency}{year}年{row_name}是多少？",
                "intent": "lookup", "docs": [stem], "value": float(value), "unit": c["unit"], "tolerance": 0.01,
                "key_phrases": [], "evidence": [{"doc": stem, "line": c["line"]}], "refuse": False,
                "note": f"synthetic from {base} x{factor}: {c['table']} / {row_name} / {c['column']}",
            })
    (out / "truth.json").write_text(json.dumps({"docs": docs, "cells": truth}, ensure_ascii=False, indent=1), encoding="utf-8")
    with open(out / "questions.jsonl", "w", encoding="utf-8") as f:
        for q in questions:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    return {"docs": docs, "truth": truth, "questions": questions}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-doc", type=int, default=3)
    ap.add_argument("--include-real", action="store_true")
    args = ap.parse_args()
    r = generate(args.n, args.out, args.seed, args.per_doc, include_real=args.include_real)
    print(f"{len(r['docs'])} documents, {len(r['questions'])} questions -> {args.out}")


if __name__ == "__main__":
    main()

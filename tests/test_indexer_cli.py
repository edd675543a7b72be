"""The fixed command-line contract evaluation scripts rely on:
`python -m indexer build|items|findings` on the real corpus."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal

import pytest

from core.config import ROOT

CORPUS = ROOT / "corpus"
ITEM_KEYS = {"doc", "table", "row_code", "row_name", "column", "value", "unit", "value_yuan", "line"}


def run(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGETQA_")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "indexer", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


# --- build ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cli_build(tmp_path_factory):
    """One real corpus file and two unparsable ones, built through the CLI once for this module."""
    root = tmp_path_factory.mktemp("cli")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "zengdu_2023_budget.txt").write_bytes((CORPUS / "zengdu_2023_budget.txt").read_bytes())
    (corpus / "broken.txt").write_bytes(b"%PDF-1.7\n\x00\x00\x01\x02binary\x00" * 50)
    (corpus / "empty.txt").write_bytes(b"")
    index = root / "index"
    return run("build", "--corpus", str(corpus), "--index", str(index)), index


@pytest.mark.slow
def test_build_prints_a_summary_per_file_and_skips_unparsable_ones(cli_build, parsed):
    proc, index = cli_build
    assert proc.returncode == 0, proc.stderr
    z = parsed["zengdu_2023_budget"]
    # zengdu: 11 tables, 581 line items, 32 sections, 2 findings (its prose-vs-table 0.14 / 0.12)
    assert (f"zengdu_2023_budget: {len(z.tables)} tables, {len(z.items)} line items, {len(z.sections)} sections, "
            f"{len(z.findings)} findings, {sum(t.unplaced for t in z.tables)} cells unplaced") in proc.stdout.splitlines()
    assert "indexed 1/3 files" in proc.stdout
    skipped = [line for line in proc.stderr.splitlines() if "broken.txt" in line or "empty.txt" in line]
    # it starts with the PDF signature, so it is read (and refused) as a PDF whatever its name
    assert any("broken.txt" in line and "not a readable PDF" in line for line in skipped), proc.stderr
    assert any("empty.txt" in line and "empty file" in line for line in skipped), proc.stderr
    assert "Traceback" not in proc.stderr
    assert (index / "items.sqlite").is_file()


@pytest.mark.slow
def test_items_of_the_cli_built_index(cli_build, parsed):
    proc, index = cli_build
    out = run("items", "--index", str(index))
    assert out.returncode == 0, out.stderr
    rows = json_lines(out.stdout)
    assert {r["doc"] for r in rows} == {"zengdu_2023_budget"}
    assert len(rows) == len(parsed["zengdu_2023_budget"].items)
    # zengdu line 125, 收支总表: "一、一般公共预算拨款收入 | 54. 07" -> 54.07 万元 = 540700 元
    hit = [r for r in rows if r["line"] == 125 and r["row_name"] == "一般公共预算拨款收入"]
    assert len(hit) == 1
    assert (hit[0]["value"], hit[0]["unit"], hit[0]["value_yuan"]) == ("54.07", "万元", 540700)


def test_build_with_only_unparsable_files_fails_cleanly(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    proc = run("build", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert proc.returncode != 0
    assert "empty.txt" in proc.stderr and "empty file" in proc.stderr
    assert "indexed 0/1 files" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_build_with_missing_corpus_is_exit_2(tmp_path):
    proc = run("build", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "index"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "corpus folder not found" in proc.stderr
    assert "Traceback" not in proc.stderr


# --- items / findings on the real corpus (the session's built index) --------------------------

@pytest.mark.slow
def test_items_json_lines_contract(built_index, parsed):
    proc = run("items", "--index", str(built_index))
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    rows = [json.loads(line) for line in lines]
    assert len(rows) == sum(len(d.items) for d in parsed.values())
    for r in rows:
        assert ITEM_KEYS <= set(r), r
        assert isinstance(r["line"], int)
        if r["unit"] in ("元", "万元"):
            assert isinstance(r["value_yuan"], (int, float)) and not isinstance(r["value_yuan"], bool), r
        else:
            assert r["value_yuan"] is None, r
    # value_yuan is exact: read back as decimals it equals the parser's Decimal for every item
    def norm(v):
        return None if v is None else str(Decimal(v).normalize())

    got = Counter()
    for line in lines:
        r = json.loads(line, parse_float=Decimal)
        got[(r["doc"], r["line"], r["value"], norm(r["value_yuan"]))] += 1
    expected = Counter((d.meta.doc, i.line, i.value, norm(i.value_yuan)) for d in parsed.values() for i in d.items)
    assert got == expected


@pytest.mark.slow
def test_items_cells_from_every_layout(built_index):
    proc = run("items", "--index", str(built_index))
    rows = json_lines(proc.stdout)

    def one(doc, line, **attrs):
        hits = [r for r in rows if r["doc"] == doc and r["line"] == line and all(r[k] == v for k, v in attrs.items())]
        assert len(hits) == 1, (doc, line, attrs, hits)
        return hits[0]

    # beidaihe line 1262, 部门预算一般公共预算财政拨款支出表: 2101501 行政运行 合计 193.05 万元
    r = one("beidaihe_2023_budget", 1262)
    assert (r["table"], r["row_code"], r["row_name"], r["column"], r["value"], r["unit"], r["value_yuan"]) == (
        "部门预算一般公共预算财政拨款支出表", "2101501", "行政运行", "合计", "193.05", "万元", 1930500)
    # beilin line 341, 表5: 2101101 行政单位医疗 合计 7,500,000.00 元
    r = one("beilin_2024_budget", 341, column="合计")
    assert (r["row_code"], r["value"], r["unit"], r["value_yuan"]) == ("2101101", "7,500,000.00", "元", 7500000)
    # lishi line 424, 项目支出绩效目标申报表: 项目资金(元) 6,919,827
    r = [x for x in rows if x["doc"] == "lishi_2023_budget" and x["line"] == 424][0]
    assert (r["value"], r["unit"], r["value_yuan"]) == ("6,919,827", "元", 6919827)
    # zengdu line 324, 项目支出表: "7 1.17" -> 1.17 万元
    assert [x["value_yuan"] for x in rows if x["doc"] == "zengdu_2023_budget" and x["line"] == 324
            and x["row_name"] == "一次性奖金" and x["value"] == "1.17"] == [11700, 11700]


@pytest.mark.slow
def test_items_doc_filter(built_index, parsed):
    proc = run("items", "--index", str(built_index), "--doc", "beilin_2024_budget")
    assert proc.returncode == 0, proc.stderr
    rows = json_lines(proc.stdout)
    assert {r["doc"] for r in rows} == {"beilin_2024_budget"}
    assert len(rows) == len(parsed["beilin_2024_budget"].items)
    injected = run("items", "--index", str(built_index), "--doc", "x' OR '1'='1")
    assert injected.returncode == 0 and injected.stdout.strip() == ""


@pytest.mark.slow
def test_findings_json_lines(built_index, parsed):
    proc = run("findings", "--index", str(built_index))
    assert proc.returncode == 0, proc.stderr
    rows = json_lines(proc.stdout)
    expected = {(d.meta.doc, f.kind, f.line_a, f.line_b) for d in parsed.values() for f in d.findings}
    assert {(r["doc"], r["kind"], r["line_a"], r["line_b"]) for r in rows} == expected
    for r in rows:
        assert {"doc", "kind", "message", "item", "value_a", "line_a", "value_b", "line_b", "difference"} <= set(r)
        assert isinstance(r["line_a"], int) and isinstance(r["line_b"], int)
    # beidaihe 卫生健康支出 363.15 (line 634) against its children (350.24, from line 644)
    assert ("beidaihe_2023_budget", "children_sum", 634, 644) in expected
    # zengdu 三公: table 0.12 (line 288) vs prose 0.14 (line 103)
    assert ("zengdu_2023_budget", "prose_vs_table", 288, 103) in expected
    only = json_lines(run("findings", "--index", str(built_index), "--doc", "zengdu_2023_budget").stdout)
    assert {r["doc"] for r in only} == {"zengdu_2023_budget"} and len(only) == len(parsed["zengdu_2023_budget"].findings)


@pytest.mark.parametrize("command", ["items", "findings", "docs"])
def test_missing_index_is_exit_2_with_one_line(command, tmp_path):
    proc = run(command, "--index", str(tmp_path / "no-index"))
    assert proc.returncode == 2
    assert proc.stdout == ""
    message = proc.stderr.strip()
    assert message and "\n" not in message, proc.stderr
    assert "no index" in message and "build" in message
    assert "Traceback" not in proc.stderr


def test_empty_folder_is_not_an_index(tmp_path):
    (tmp_path / "index").mkdir()
    proc = run("items", "--index", str(tmp_path / "index"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_output_piped_into_head_ends_quietly(built_index):
    # ~1,500 lines, far more than a pipe holds: the writer is still writing when head exits, and
    # must end without a BrokenPipeError traceback.
    shell = f"{sys.executable} -m indexer items --index {built_index} | head -n 1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", shell], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert len(proc.stdout.splitlines()) == 1 and json.loads(proc.stdout)
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr

"""Crash safety: `python -m indexer build` SIGKILLed part-way through a rebuild of an existing good
index must leave that index exactly as it was — the link still points to the previous finished
build, the service answers from it, the CLI reads it — and a later build recovers cleanly.

The rebuild corpus adds renamed, edited copies of corpus files so the killed build has real work
to do (parse, write the store, load the embedding model, embed new passages). The kill points are
fractions of an uninterrupted rebuild timed on this machine, so they land early, mid-way and late
whatever the machine's speed or the embedding precision (fixed seconds stopped landing once the
int8 graph made the rebuild finish inside them).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from core.config import ROOT, load_settings
from indexer.build import BUILD_INFO
from qa_app.service import QAService

CORPUS = ROOT / "corpus"
LOOKUP = "北戴河医保局2023年2101501行政运行支出预算是多少？"  # beidaihe line 1262: 193.05 万元
LOOKUP_VALUE = Decimal("193.05")
KILL_AT = [0.1, 0.45, 0.8]  # fractions of a timed rebuild: imports/parse, store/model load, embedding


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGETQA_")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False", PYTHONIOENCODING="utf-8")
    return env


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer", *args], cwd=ROOT, env=_env(), capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def _adopted_copy(built_index: Path, index: Path) -> None:
    """A private copy of the session build (a plain folder: build_index adopts it as a build and
    links it), so killing builds here can never touch the shared index."""
    shutil.copytree(Path(built_index).resolve(), index)
    proc = _cli("build", "--corpus", str(CORPUS), "--index", str(index))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]


def _rebuild_seconds(built_index: Path, corpus: Path, scratch: Path) -> float:
    """Wall time of the same rebuild, run to the end on a throwaway copy of the index."""
    _adopted_copy(built_index, scratch / "index")
    start = time.perf_counter()
    proc = _cli("build", "--corpus", str(corpus), "--index", str(scratch / "index"))
    seconds = time.perf_counter() - start
    assert proc.returncode == 0 and "indexed 15/15 files" in proc.stdout, proc.stderr[-2000:]
    shutil.rmtree(scratch)
    return seconds


@pytest.fixture(scope="module")
def setup(built_index, tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    index = root / "index"
    corpus = root / "corpus"
    corpus.mkdir()
    for p in CORPUS.glob("*.txt"):
        (corpus / p.name).write_bytes(p.read_bytes())
    # New documents -> the killed build must embed.
    for p in sorted(CORPUS.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        for rev in ("修订稿", "二稿"):
            (corpus / f"{p.stem}_{rev}.txt").write_text(f"{rev}\n" + text, encoding="utf-8")
    seconds = _rebuild_seconds(built_index, corpus, root / "probe")
    _adopted_copy(built_index, index)
    return root, corpus, index, [round(f * seconds, 2) for f in KILL_AT]


def _state(index: Path) -> dict:
    target = Path(os.readlink(index))
    service = QAService(load_settings(index_dir=str(index)))
    answer = service.ask(LOOKUP)
    items = _cli("items", "--index", str(index))
    return {"target": target, "value": answer.value, "unit": answer.unit,
            "cites": [(c.doc, c.line_start) for c in answer.citations],
            "items_rc": items.returncode, "items": len(items.stdout.splitlines()), "items_err": items.stderr}


@pytest.mark.slow
def test_sigkill_during_rebuild_leaves_previous_index_usable(setup):
    root, corpus, index, kill_after = setup
    before = _state(index)
    assert index.is_symlink() and (before["target"] / BUILD_INFO).is_file()
    assert before["value"] == LOOKUP_VALUE and before["items_rc"] == 0 and before["items"] > 0

    outcomes = []
    for delay in kill_after:
        proc = subprocess.Popen([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index)],
                                cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        finished_first = proc.poll() is not None
        if not finished_first:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        err = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        assert "Traceback" not in err, err[-2000:]
        outcomes.append((delay, "finished" if finished_first else f"killed rc={proc.returncode}"))
        # The kill must have landed: a build that finished first proves nothing about crashes.
        assert not finished_first, f"build finished within {delay}s of {kill_after}; the timed rebuild was not representative"

        after = _state(index)
        # killed before its swap, the build leaves the previous index behind the link; killed after the
        # swap (its last step, on a fast run), the new complete build: never a half-written one
        assert after["target"] == before["target"] or (after["target"] / BUILD_INFO).is_file(), (delay, after["target"])
        assert (after["target"] / BUILD_INFO).is_file(), "the link points to a build without build_info"
        assert json.loads((after["target"] / BUILD_INFO).read_text(encoding="utf-8"))["documents"] == 5
        for key in ("value", "unit", "cites", "items_rc", "items"):
            assert after[key] == before[key], (delay, key, before[key], after[key], after["items_err"])
        # the killed build's half-written folder exists beside the index, never behind the link
        builds = list((root / ".index.builds").iterdir())
        half = [b for b in builds if not (b / BUILD_INFO).is_file()]
        assert all(b.resolve() != Path(os.path.realpath(index)) for b in half)
    print("kill outcomes:", outcomes)

    # Recovery: a complete build afterwards succeeds, swaps in, and prunes the killed builds.
    proc = _cli("build", "--corpus", str(corpus), "--index", str(index))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "indexed 15/15 files" in proc.stdout, proc.stdout
    final = _state(index)
    assert final["target"] != before["target"] and final["value"] == LOOKUP_VALUE
    leftovers = [b for b in (root / ".index.builds").iterdir() if not (b / BUILD_INFO).is_file()]
    assert not leftovers, leftovers

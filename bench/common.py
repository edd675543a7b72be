"""Shared helpers for the benchmarks: machine info, quantiles, RSS, sizes, subprocess JSON workers."""
from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from core.config import ROOT, load_settings

DEV = ROOT / "tests" / "data" / "dev_questions.jsonl"
# Warm-up questions differ from the timed ones: the retriever caches each question's vector, and
# a warm-up on the timed questions themselves would hide the cost of encoding them.
WARMUP = ROOT / "tests" / "data" / "passage_questions.jsonl"
NUMERIC_INTENTS = {"lookup", "sum", "difference", "ratio", "yoy", "ranking", "comparison"}
DESCRIPTIVE_INTENTS = {"list", "definition", "description"}


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def quantile(xs: list[float], q: int) -> float | None:
    """q-th percentile (1..99), same convention as qa_app.eval (statistics.quantiles, exclusive)."""
    xs = [float(x) for x in xs]
    if not xs:
        return None
    if len(xs) == 1:
        return round(xs[0], 1)
    return round(statistics.quantiles(xs, n=100)[q - 1], 1)


def summary(xs: list[float]) -> dict:
    return {"n": len(xs), "p50": quantile(xs, 50), "p95": quantile(xs, 95), "max": round(max(xs), 1) if xs else None}


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def dir_size_mb(path: Path) -> float:
    path = Path(path).resolve()
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            p = Path(root) / f
            if not p.is_symlink():
                total += p.stat().st_size
    return round(total / 2**20, 2)


def machine_info() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    info = {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": ram, "python": platform.python_version(),
            "platform": platform.platform()}
    try:
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
    except Exception as exc:  # pragma: no cover
        info["torch"] = f"unavailable ({exc})"
    settings = load_settings()
    info["embedding"] = (f"{Path(settings.model_path).name}, backend {settings.embedding_backend}, "
                         f"precision {settings.embedding_precision}")
    for mod in ("sentence_transformers", "onnxruntime", "llama_index.core", "chromadb"):
        try:
            info[mod] = __import__(mod, fromlist=["__version__"]).__version__
        except Exception:
            pass
    return info


def run_worker(args: list[str], timeout: float | None = None) -> dict:
    """Run `python -m <args>` in a fresh process; the worker prints one JSON object as its last
    stdout line. Adds the parent-measured wall time."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"worker {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_wall_s"] = round(wall, 2)
    return out


def emit(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str))

"""Servers the tests start as subprocesses."""
from __future__ import annotations

import subprocess


def stop(proc: subprocess.Popen, grace_s: float) -> None:
    """Ask the process to end; kill it if it has not within grace_s."""
    proc.terminate()
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()

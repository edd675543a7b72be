"""Keeps long-lived index state out of the cycle collector's way.

A loaded index is hundreds of thousands of Python objects (passages, frames, catalogues) that
live as long as the process. Every full (generation-2) collection walks all of them: at 1,000
documents that was a 75-90 ms stall landing on whichever question happened to trigger it, the
whole gap between the 5-document and the 1,000-document p95 latencies. Freezing them once after
loading moves them to the permanent generation, which collections skip. Frozen objects are still
freed by reference counting, but a frozen reference cycle (a replaced retriever and its caches)
never is: so each load first thaws everything and collects, then freezes what is alive.
"""
from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Call right after loading state that lives for the rest of the process."""
    gc.unfreeze()
    gc.collect()  # frees what was replaced and what loading left behind, before the freeze
    gc.freeze()

"""Keeps long-lived index state out of the cycle collector's way.

A loaded index is hundreds of thousands of Python objects (passages, frames, catalogues) that
live as long as the process. Every full (generation-2) collection walks all of them: at 1,000
documents that was a 75-90 ms stall landing on whichever question happened to trigger it, the
whole gap between the 5-document and the 1,000-document p95 latencies. Freezing them once after
loading moves them to the permanent generation, which collections skip; reference counting still
frees them when the index is replaced, only reference cycles among them would outlive it.
"""
from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Call right after loading state that lives for the rest of the process."""
    gc.collect()  # so garbage from loading is freed now, not frozen with the rest
    gc.freeze()

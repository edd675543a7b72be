"""Issue 15's structural gates, read from the source: data flows one way (indexer/ imports nothing from
qa_app/, core/ from neither), no import cycle among the project's modules, and no qa_app/ module over 300
lines (the answering wing was one class of 40 methods once)."""
from __future__ import annotations

import ast
from pathlib import Path

from core.config import ROOT

PACKAGES = ("core", "indexer", "qa_app", "prompts")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path, known: dict[str, Path]) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [f"{node.module}.{a.name}" for a in node.names] + [node.module] \
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else []
        out |= {n for n in names if n in known}
    return out


def test_data_flows_one_way():
    known = _modules()
    for name, path in known.items():
        used = {u.split(".")[0] for u in _imports(path, known)}
        if name.startswith("indexer"):
            assert "qa_app" not in used, name
        if name.startswith("core"):
            assert not used & {"qa_app", "indexer"}, name


def test_no_import_cycle():
    known = _modules()
    graph = {name: _imports(path, known) - {name} for name, path in known.items()}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for nxt in sorted(graph[name]):
            assert state.get(nxt) != 1, " -> ".join([*trail, name, nxt])
            if nxt not in state:
                visit(nxt, [*trail, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert len(graph) > 40  # the walk saw the project, not an empty folder


def test_no_answering_module_over_300_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "qa_app").glob("*.py")}
    assert sizes and max(sizes.values()) <= 300, {n: s for n, s in sizes.items() if s > 300}

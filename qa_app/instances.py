"""One row, printed once in each of several tables with the same title: a 项目支出绩效目标表 per
project, each with its own 实施期资金总额. Those figures are not contradictions between tables but
one figure per instance, so a question must say which instance it means. These functions tell
which instance a question names, and how to name each instance back to the user.
"""
from __future__ import annotations

from qa_app.records import Fact
from qa_app.text import norm, phrase_variants

# The shortest shared run of characters that names an instance (a project name is rarely shorter)
MIN_NAMING_CHARS = 4
# Cells that label an instance inside its table, in the order they are tried
LABEL_CELLS = ("项目名称", "项目", "名称")


def same_titled(fact: Fact, others: list[Fact]) -> list[Fact]:
    """The figures for the same row in other tables with the fact's own title, fact first
    (`others` come from cells.pick, which holds only other tables' figures)."""
    repeated = [o for o in others if o.table and o.table == fact.table]
    return [fact, *repeated] if repeated else []


def named_instance(question_rest: str, instances: list[Fact], texts: list[str]) -> Fact | None:
    """The instance named by the longest phrase of the question (besides the row's name) that
    exactly one instance's table holds. Phrases every table holds (实施期资金总额, the agency)
    name none of them."""
    normed = [norm(t) for t in texts]
    for phrase in phrase_variants(norm(question_rest), MIN_NAMING_CHARS):
        holders = [i for i, t in enumerate(normed) if phrase in t]
        if len(holders) == 1:
            return instances[holders[0]]
    return None


def instance_label(text: str) -> str | None:
    """What the table calls itself: the cell printed after its 项目名称 (or 项目, 名称) label."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.replace("\t", "|").split("|") if c.strip()]
        for i, cell in enumerate(cells[:-1]):
            if norm(cell) in LABEL_CELLS:
                return cells[i + 1]
    return None

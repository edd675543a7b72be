"""The things that flow out of question answering. Citations are data, not formatted strings:
the CLI, the eval replay and the UI all render the same Answer."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum


class Intent(StrEnum):
    """What a question asks for; the values are the strings the CLI, the eval replay and the gold
    files have always used."""

    LOOKUP = "lookup"
    SUM = "sum"
    DIFFERENCE = "difference"
    RATIO = "ratio"
    YOY = "yoy"
    RANKING = "ranking"
    COMPARISON = "comparison"
    LIST = "list"
    DEFINITION = "definition"
    DESCRIPTION = "description"
    NONE = "none"  # no question to understand (empty, no words, too long)


# intents answered by a figure from the tables or the narrative
NUMERIC_INTENTS = frozenset({Intent.LOOKUP, Intent.SUM, Intent.DIFFERENCE, Intent.RATIO, Intent.YOY,
                             Intent.RANKING, Intent.COMPARISON})


class Route(StrEnum):
    """Where an answer's evidence came from."""

    TABLE = "table"
    PASSAGE = "passage"
    BOTH = "both"  # a figure read from the narrative
    NONE = "none"  # a refusal


class IndexNotFoundError(RuntimeError):
    """No passage index at the given folder (or its vectors are not where it says). Defined here,
    not beside the retriever, so the service can catch it without importing the vector store."""


@dataclass
class Citation:
    doc: str  # file stem
    kind: str  # "table" | "passage"
    line_start: int  # 1-based, in the corpus file
    line_end: int
    quote: str  # verbatim source text (the cell's line, or a short passage excerpt)
    table: str | None = None
    table_id: str | None = None
    row: str | None = None  # row code and/or name
    column: str | None = None
    value: str | None = None  # the cell as printed
    section: str | None = None  # heading path, for passages
    role: str | None = None  # "conflict": the other printed figure a warning names, not the answer's own

    def to_json(self) -> dict:
        return {
            "doc": self.doc, "kind": self.kind, "table": self.table, "row": self.row, "column": self.column,
            "line_start": self.line_start, "line_end": self.line_end, "quote": self.quote,
            "section": self.section, "value": self.value, "table_id": self.table_id, "role": self.role,
        }


@dataclass
class Answer:
    question: str
    text: str  # the answer shown to the user, in Chinese
    route: Route
    intent: Intent
    value: Decimal | None = None  # the single headline number, None for descriptions and refusals
    unit: str | None = None  # unit of `value`: 元 / 万元 / %
    citations: list[Citation] = field(default_factory=list)
    formula: str | None = None  # for computations: the arithmetic with its inputs
    warnings: list[str] = field(default_factory=list)  # contradictions in the source, caveats
    docs: list[str] = field(default_factory=list)  # documents the answer draws on
    steps: list[str] = field(default_factory=list)  # what was resolved, for the UI's status panel
    refused: bool = False
    error: str | None = None
    rewritten_by: str | None = None  # the LLM model whose wording `text` is; None: the template's
    suggestions: list[str] = field(default_factory=list)  # questions the user may have meant (did-you-mean)

    def to_json(self) -> dict:
        out = asdict(self)
        out["value"] = None if self.value is None else float(self.value)
        out["citations"] = [c.to_json() for c in self.citations]
        return out

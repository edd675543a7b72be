"""The things that flow out of question answering. Citations are data, not formatted strings:
the CLI, the eval replay and the UI all render the same Answer."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal


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

    def to_json(self) -> dict:
        return {
            "doc": self.doc, "kind": self.kind, "table": self.table, "row": self.row, "column": self.column,
            "line_start": self.line_start, "line_end": self.line_end, "quote": self.quote,
            "section": self.section, "value": self.value, "table_id": self.table_id,
        }


@dataclass
class Answer:
    question: str
    text: str  # the answer shown to the user, in Chinese
    route: str  # "table" | "passage" | "both" | "none"
    intent: str
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

    def to_json(self) -> dict:
        out = asdict(self)
        out["value"] = None if self.value is None else float(self.value)
        out["citations"] = [c.to_json() for c in self.citations]
        return out

"""A conversation as data: turns, how an answer's headline and sources read, export, feedback."""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from indexer.numbers import UNIT_FACTORS, format_amount
from qa_app.types import Answer, Citation

FEEDBACK_FILE = "feedback.jsonl"


@dataclass
class Turn:
    question: str
    answer: Answer
    docs: list[str] | None = None  # the document filter the question was asked under
    feedback: dict | None = None  # the saved feedback record, once given
    # Widget keys must survive "清空对话": an index would hand a new answer the old one's rating.
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def to_json(self) -> dict:
        return {"question": self.question, "docs": self.docs, "answer": self.answer.to_json(),
                "feedback": self.feedback}


def format_value(value: Decimal, unit: str | None) -> str:
    """Money and percentages with two places and separators; counts exactly as computed."""
    if unit == "%":
        return f"{format_amount(value)}%"
    if unit in UNIT_FACTORS:
        return f"{format_amount(value)} {unit}"
    return f"{value:,}" + (f" {unit}" if unit else "")


def headline(answer: Answer) -> tuple[str, str] | None:
    """(label, value text) for the answer's single number, or None when it has none."""
    if answer.value is None or answer.refused:
        return None
    if answer.formula:
        label = "计算结果"
    elif len(answer.citations) == 1 and answer.citations[0].kind == "table":
        c = answer.citations[0]
        label = " · ".join(x for x in (c.row, c.column) if x) or "数值"
    else:
        label = "数值"
    return label, format_value(answer.value, answer.unit)


def lines_label(start: int, end: int) -> str:
    return f"第{start}行" if start == end else f"第{start}–{end}行"


def citation_title(c: Citation) -> str:
    where = [c.table, c.row, c.column] if c.kind == "table" else [c.section]
    return " · ".join([c.doc, *(x for x in where if x), lines_label(c.line_start, c.line_end)])


def format_source(lines: list[tuple[int, str]]) -> str:
    """Source lines verbatim, each led by its line number in the corpus file."""
    width = len(str(lines[-1][0])) if lines else 1
    return "\n".join(f"{n:>{width}} │ {text}" for n, text in lines)


def to_markdown(turns: list[Turn]) -> str:
    out = ["# 预算公开问答记录", "", f"导出时间：{time.strftime('%Y-%m-%d %H:%M:%S')}", ""]
    for n, turn in enumerate(turns, 1):
        a = turn.answer
        out += [f"## {n}. {turn.question}", ""]
        if turn.docs is not None:
            out += [f"限定文件：{'、'.join(turn.docs)}", ""]
        head = headline(a)
        if head:
            out += [f"**{head[0]}：{head[1]}**", ""]
        out += [a.text, ""]
        if a.formula:
            out += [f"计算：`{a.formula}`", ""]
        out += [f"> ⚠️ {w}" for w in a.warnings] + ([""] if a.warnings else [])
        if a.citations:
            out += ["来源：", ""]
            for k, c in enumerate(a.citations, 1):
                out.append(f"{k}. {citation_title(c)}")
                out += [f"   > {line}" for line in c.quote.splitlines()]
            out.append("")
        if turn.feedback:
            comment = turn.feedback.get("comment")
            thumb = "👍" if turn.feedback["rating"] == "up" else "👎"
            out += [f"反馈：{thumb}" + (f" {comment}" if comment else ""), ""]
    return "\n".join(out)


def to_json(turns: list[Turn]) -> str:
    return json.dumps({"exported_at": time.strftime("%Y-%m-%d %H:%M:%S"), "turns": [t.to_json() for t in turns]},
                      ensure_ascii=False, indent=1)


def save_feedback(index_dir: Path, turn: Turn, thumbs_up: bool, comment: str = "") -> dict:
    """Append one feedback record (with the full answer, so it can be replayed) to
    <index_dir>/feedback.jsonl and remember it on the turn."""
    record = {
        "time": time.strftime("%Y-%m-%d %H:%M:%S"),
        "rating": "up" if thumbs_up else "down",
        "comment": comment.strip(),
        "question": turn.question,
        "docs": turn.docs,
        "answer": turn.answer.to_json(),
    }
    with open(Path(index_dir) / FEEDBACK_FILE, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
    turn.feedback = {"rating": record["rating"], "comment": record["comment"], "time": record["time"]}
    return record

"""A conversation as data: turns, how an answer's headline and sources read, export, feedback."""
from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from indexer.numbers import UNIT_FACTORS, format_amount
from qa_app.followup import Turn as Context
from qa_app.types import Answer, Citation, Intent
from qa_app.ui.sources import lines_label, pages_label

PLACEHOLDER_COLUMN = "数值"  # indexer.items names a cell this when its table prints no column header

FEEDBACK_FILE = "feedback.jsonl"
ROLE_LABELS = {"conflict": "不一致的数字"}  # a citation that is not the answer's own evidence


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


INTENT_LABELS = {
    Intent.LOOKUP: "查一个数", Intent.SUM: "求和", Intent.DIFFERENCE: "求差", Intent.RATIO: "比例",
    Intent.YOY: "同比", Intent.RANKING: "排序", Intent.COMPARISON: "比较", Intent.LIST: "列出各项",
    Intent.DEFINITION: "名词解释", Intent.DESCRIPTION: "文字说明", Intent.NONE: "未能理解",
}


def plain_step(step: str) -> str:
    """A step of the answering as a reader can follow it: the service names the intent by its
    code (意图 lookup), the page by its Chinese name."""
    return re.sub(r"意图 ([a-z_]+)", lambda m: f"问题类型：{INTENT_LABELS.get(m.group(1), m.group(1))}", step)


def _parts(*names: str | None) -> list[str]:
    """Names to show, each once and without the indexer's placeholder column name: a one-column
    table's cells are stored under 数值, and 合计 · 合计 says nothing twice."""
    return list(dict.fromkeys(x for x in names if x and x != PLACEHOLDER_COLUMN))


def headline(answer: Answer) -> tuple[str, str] | None:
    """(label, value text) for the answer's single number, or None when it has none."""
    if answer.value is None or answer.refused:
        return None
    if answer.formula:
        label = "计算结果"
    elif len(own := [c for c in answer.citations if not c.role]) == 1:
        c = own[0]
        label = " · ".join(_parts(c.row, c.column)) or "查到的数字"
    else:
        label = "查到的数字"
    return label, format_value(answer.value, answer.unit)


def citation_title(c: Citation, pages: dict[int, int] | None = None) -> str:
    """Document, where in it, the lines and (for a PDF) the pages of a citation."""
    where = _parts(c.table, c.row, c.column) if c.kind == "table" else _parts(c.section)
    page = pages_label(pages or {}, c.line_start, c.line_end)
    title = " · ".join([c.doc, *where, lines_label(c.line_start, c.line_end), *([page] if page else [])])
    return f"{ROLE_LABELS[c.role]}：{title}" if c.role in ROLE_LABELS else title


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


def context(history: list[Turn], topic_start: int = 0) -> Context | None:
    """What the next question follows up: the last turn of the current topic ("新话题" starts a
    new one at `topic_start`), as the service answered it."""
    if len(history) <= topic_start:
        return None
    last = history[-1].answer
    return Context(last.question, tuple(last.docs))

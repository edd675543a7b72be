"""How well a table's title fits a question: the topic a title limits its rows to, the table the question
names in so many words («政府采购预算表里»), and the words of that table a cited figure's title or sentence
must say."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from core import lexicon
from qa_app.records import Fact

# the table a question names by its title («…表里»)
IN_TABLE = re.compile(lexicon.TABLE_LOCATIVE)
# tables about one topic (a procurement list, performance forms, 三公, revenue): their rows answer a
# question about that topic only
_TOPICS = ("绩效", "三公", "政府采购", "收入")


def off_topic(title: str, question: str) -> bool:
    return any(w in title and w not in question for w in _TOPICS)


# words tables of one kind are titled with in one template and not another (收支总表 / 收支总体情况表)
_TITLE_NOISE = re.compile(r"(?:19|20)\d{2}年度?|体情况|情况|部门|单位|预算|[（(].*?[)）]")


def _named_table(title: str, question: str) -> int:
    """How much of a title the table the question names («财政拨款收支总表中», «政府采购预算表里») says: the
    longest run of characters they share, counted from four."""
    named = IN_TABLE.search(question)
    if not named:
        return 0
    a, b = _TITLE_NOISE.sub("", title), _TITLE_NOISE.sub("", named.group(0))
    run = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
    return run if run >= 4 else 0


def named_table_unsaid(fact: Fact, question: str, sentence: str = "") -> str | None:
    """The word of the table the question names («政府采购预算表里») that the cited table's title does not
    say, or, for a figure of the narrative, that its sentence does not: a figure of another table or topic
    is not the one asked. None when no table is named or all its words are said."""
    if fact.kind == "table":
        return title_unsaid(fact.table or "", question)
    # a sentence need not say the side every table title says (收入, 支出)
    return _unsaid_in(sentence, question, skip=lexicon.SIDES)


def title_unsaid(title: str, question: str) -> str | None:
    """The word of the table the question names that a table's title does not say; None when none is named."""
    return _unsaid_in(title, question)


def _unsaid_in(where: str, question: str, skip: tuple[str, ...] = ()) -> str | None:
    named = IN_TABLE.search(question)
    if not named:
        return None
    said = [w for w in lexicon.TABLE_SCOPE_WORDS if w in named.group(0) and w not in skip]
    return next((w for w in sorted(said, key=len, reverse=True) if w not in where), None)


def table_score(title: str, question: str) -> int:
    score = 2 * _named_table(title, question)
    score += sum(3 for w in lexicon.TABLE_SCOPE_WORDS if w in title and w in question)
    score -= sum(2 for w in _TOPICS if w in title and w not in question)
    if "总表" not in title:
        score += 1  # a detail table is more specific than a summary 总表
    if "不含" in title and "不含" not in question:
        score -= 4  # the question did not ask to leave anything out
    return score


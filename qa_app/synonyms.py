"""Query expansion for lexical search: users ask in everyday words, disclosures answer in fixed
budget vocabulary. Each rule adds the disclosure's wording when the question uses a colloquial
or near-synonymous one, so BM25 can match it (dense retrieval needs no such help)."""
from __future__ import annotations

import re

# (pattern in the question, words disclosures use for it)
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"职能|职责|干什么|干啥|做什么|负责什么|负责哪些|管什么|管哪些|管些什么|是干|主要任务"),
     "主要职责 职能"),
    (re.compile(r"机构设置|内设|下设|科室|下属|组织架构|部门设置"), "机构设置 内设机构"),
    (re.compile(r"编制|几个人|多少人|人员情况"), "编制 人员"),
    (re.compile(r"为什么|为啥|原因|怎么会"), "原因"),
    (re.compile(r"是什么意思|指什么|什么是|含义|定义"), "名词解释 指"),
    (re.compile(r"三公"), "三公经费 因公出国 公务接待 公务用车"),
    (re.compile(r"采购"), "政府采购"),
    (re.compile(r"车辆|几辆车|公车"), "车辆 公务用车 国有资产"),
    (re.compile(r"绩效"), "绩效目标"),
]


def expand(question: str) -> str:
    extra = [words for pattern, words in _RULES if pattern.search(question)]
    return " ".join([question, *extra])

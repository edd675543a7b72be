"""Lexical passage search: BM25 (bm25s) over jieba search-mode tokens.

jieba's general dictionary splits budget terms (一般公共预算 -> 一般/公共/预算), so a user
dictionary is built from the corpus's own headings and table row labels: those terms then stay
whole while search mode still emits their parts. The dictionary is saved with the index so a
query is cut exactly like the passages were.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path

import bm25s
import jieba
import numpy as np

from indexer.models import Document, Passage
from indexer.passages import search_text

BM25_DIR = "bm25"
_USERDICT = "userdict.txt"
_PASSAGES = "passages.jsonl"
_MIN_WORD, _MAX_WORD = 3, 10
# Headings name a topic plus a report word ("政府采购情况"): the topic alone is a term too.
_REPORT_SUFFIX = re.compile(r"(?:情况说明|情况|说明|明细表|预算表|表)$")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
# Function words and question phrasing: they say nothing about which passage answers.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 等 其 其中 为 对 中 上 下 有 无 也 都 并 以 之 于 由 从 把 被 这 那 "
    "个 吗 呢 吧 啊 么 什么 哪些 哪个 多少 怎么 怎样 如何 为什么 请问 一下 是否 情况 有关 关于".split()
)

jieba.setLogLevel(logging.WARNING)


def user_words(documents: Iterable[Document]) -> set[str]:
    """Terms the corpus itself names: headings, table row labels and column names, plus the agencies' names
    and aliases (so "某都医保信息中心" and "某都区医疗保障信息中心" share the district token)."""
    phrases: list[str] = []
    names: list[str] = []
    for document in documents:
        phrases += [s.title for s in document.sections if s.role == "body"]
        for table in document.tables:
            phrases += [cell.text for row in table.rows for cell in row.cells]
            phrases += [part for column in table.columns for part in column.split("/")]
        names += [document.meta.agency, *document.meta.aliases]
    runs = {w for p in phrases for w in _CJK_RUN.findall(p)}
    runs |= {_REPORT_SUFFIX.sub("", w) for w in runs}
    words = {w for w in runs if _MIN_WORD <= len(w) <= _MAX_WORD}
    return words | {w for n in names for w in _CJK_RUN.findall(n) if len(w) >= 2}


class Tokenizer:
    def __init__(self, words: Iterable[str] = ()) -> None:
        self._jieba = jieba.Tokenizer()
        for word in words:
            self._jieba.add_word(word)

    def __call__(self, text: str) -> list[str]:
        return [
            t.lower()
            for t in self._jieba.cut_for_search(text)
            if _WORDLIKE.search(t) and t not in STOPWORDS
        ]


def _ascending_postings(retriever: bm25s.BM25) -> bool:
    """Whether every token's postings list its passages in ascending order, as bm25s builds them
    (BM25Store._span_scores relies on it and is not used otherwise)."""
    indices, indptr = retriever.scores["indices"].astype(np.int64), retriever.scores["indptr"].astype(np.int64)
    step = np.diff(indices)
    within = np.ones(len(step), dtype=bool)
    boundary = indptr[1:-1] - 1  # the last posting of one token, followed by the next token's first
    within[boundary[(boundary >= 0) & (boundary < len(step))]] = False
    return bool(np.all(step[within] > 0))


class BM25Store:
    def __init__(self, passages: list[Passage], words: set[str], retriever: bm25s.BM25 | None = None) -> None:
        """Indexes `passages` unless a loaded `retriever` for exactly these passages is given."""
        self.passages = passages
        self.words = words
        self.tokenize = Tokenizer(sorted(words))
        if retriever is None and passages:
            retriever = bm25s.BM25()
            retriever.index([self.tokenize(search_text(p)) for p in passages], show_progress=False)
        self._retriever = retriever
        self._ascending = retriever is not None and _ascending_postings(retriever)

    def scores(self, query: str, rows: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of the passages at `rows` (default: every passage), aligned with them."""
        tokens = self.tokenize(query)
        if not tokens or self._retriever is None:
            return np.zeros(len(self.passages) if rows is None else len(rows), dtype=np.float32)
        if rows is None or not self._ascending or not len(rows) or rows[-1] - rows[0] + 1 != len(rows):
            every = self._retriever.get_scores(tokens)
            return every if rows is None else every[rows]
        return self._span_scores(tokens, int(rows[0]), int(rows[-1]) + 1)

    def _span_scores(self, tokens: list[str], lo: int, hi: int) -> np.ndarray:
        """Scores of passages lo..hi-1 only, read from the index's per-token postings. bm25s scores
        every passage (np.add.at over each token's postings): 10+ ms a search at 50,000 passages,
        while a document's passages are one contiguous run (they are indexed document by document)."""
        index = self._retriever.scores
        data, indices, indptr = index["data"], index["indices"], index["indptr"]
        out = np.zeros(hi - lo, dtype=data.dtype)
        ids = self._retriever.get_tokens_ids(tokens)
        for token in ids:
            start, end = int(indptr[token]), int(indptr[token + 1])
            a, b = np.searchsorted(indices[start:end], [lo, hi]) + start
            out[indices[a:b] - lo] += data[a:b]  # a passage occurs once in a token's postings
        if self._retriever.nonoccurrence_array is not None:  # BM25 variants that score absent tokens
            out += self._retriever.nonoccurrence_array[ids].sum()
        return out

    def save(self, index_dir: Path) -> None:
        folder = index_dir / BM25_DIR
        folder.mkdir(parents=True, exist_ok=True)
        if self._retriever is not None:
            self._retriever.save(str(folder), show_progress=False)
        (folder / _USERDICT).write_text("\n".join(sorted(self.words)), encoding="utf-8")
        with open(folder / _PASSAGES, "w", encoding="utf-8") as out:
            for p in self.passages:
                out.write(json.dumps(dataclasses.asdict(p), ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, index_dir: Path) -> BM25Store:
        folder = index_dir / BM25_DIR
        words = set((folder / _USERDICT).read_text(encoding="utf-8").split())
        with open(folder / _PASSAGES, encoding="utf-8") as f:
            passages = [Passage(**json.loads(line)) for line in f if line.strip()]
        retriever = bm25s.BM25.load(str(folder), show_progress=False) if passages else None
        return cls(passages, words, retriever)

"""The hybrid retriever as a llama-index retriever, for query engines built on llama-index.

Kept apart from qa_app.retrieval so the CLI does not pay llama-index's import time.
"""
from __future__ import annotations

from llama_index.core import Settings as LlamaSettings
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from qa_app.retrieval import Filters, HybridRetriever


class BudgetPassageRetriever(BaseRetriever):
    def __init__(self, retriever: HybridRetriever, k: int | None = None, filters: Filters | None = None) -> None:
        # llama-index otherwise reaches for a hosted LLM; there is none here.
        LlamaSettings.llm = None
        super().__init__()
        self._hybrid = retriever
        self._k = k
        self._filters = filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        nodes = []
        for hit in self._hybrid.search(query_bundle.query_str, self._k, self._filters):
            p = hit.passage
            node = TextNode(
                id_=p.passage_id,
                text=p.text,
                metadata={
                    "doc": p.doc,
                    "agency": p.agency,
                    "year": p.year,
                    "section": p.section,
                    "line_start": p.line_start,
                    "line_end": p.line_end,
                    "kind": p.kind,
                },
            )
            nodes.append(NodeWithScore(node=node, score=hit.score))
        return nodes

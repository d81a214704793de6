"""BM25 retrieval over a chatbot benchmark's ``documents/`` (bm25s, Lucene's BM25 variant).

Documents and questions are tokenised by bm25s's own tokenizer (lowercase, words of two or more
characters, English stopwords removed, no stemming). Documents are ranked by score, ties broken by
document id, so the same question always retrieves the same documents in the same order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from leaderboard.errors import RunnerUnavailable


def _bm25s() -> Any:
    try:
        import bm25s
    except ImportError:
        raise RunnerUnavailable("bm25s") from None
    return bm25s


class Retriever:
    """The top-k documents for a question, by BM25 score."""

    def __init__(self, documents: Mapping[str, str]) -> None:
        self._bm25s = _bm25s()
        self.ids = sorted(documents)
        corpus = self._tokenize([documents[i] for i in self.ids])
        self._index = self._bm25s.BM25()
        self._index.index(corpus, show_progress=False)
        self._vocabulary = set(self._index.vocab_dict)

    def _tokenize(self, texts: list[str]) -> list[list[str]]:
        tokens: list[list[str]] = self._bm25s.tokenize(
            texts, stopwords="en", return_ids=False, show_progress=False
        )
        return tokens

    def top(self, question: str, k: int) -> list[str]:
        """Ids of the ``k`` best documents for ``question``, best first."""
        query = [t for t in self._tokenize([question])[0] if t in self._vocabulary and t]
        scores = [float(s) for s in self._index.get_scores(query)] if query else [0.0] * len(self.ids)
        ranked = sorted(range(len(self.ids)), key=lambda i: (-scores[i], self.ids[i]))
        return [self.ids[i] for i in ranked[:k]]

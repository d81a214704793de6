"""Contributor text made inert in GitHub-flavoured markdown (PR comments, job summaries, reports).

A foundation module: the score reports and the GitHub glue both use it.
"""

from __future__ import annotations

import re

_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def neutralise_markdown(text: str) -> str:
    """Render contributor text inert in GitHub markdown: no HTML, no mentions, no table breaks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"[\r\n]+", " ", text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _MENTION.sub("@\u200b", text)


def neutralise_code(text: str) -> str:
    """Contributor text for inside a markdown code span: no backticks, pipes or line breaks."""
    return re.sub(r"[`|\r\n]", "_", text)

"""Output for GitHub Actions: workflow-command annotations, step summaries and PR comments.

Everything here handles contributor-controlled text, so every function escapes or caps it.
Escaping follows the Actions toolkit (``@actions/core`` ``escapeData`` / ``escapeProperty``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

from leaderboard.problems import Problem, sort_problems

#: GitHub shows at most 10 annotations of each level per step and silently drops the rest.
MAX_ANNOTATIONS_PER_LEVEL = 10
#: A step summary may be at most 1 MiB; stay well below it.
MAX_SUMMARY_BYTES = 1024 * 1024 - 64 * 1024
#: An issue or PR comment body may be at most 65,536 characters.
MAX_COMMENT_CHARS = 65_000


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command (toolkit ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value of a workflow command (toolkit ``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """One ``::error file=…,line=…,title=…::message`` line."""
    level = "error" if problem.severity == "error" else "warning"
    props = [f"file={escape_property(problem.path)}"]
    if problem.line:
        props.append(f"line={problem.line}")
    props.append(f"title={escape_property(problem.code)}")
    return f"::{level} {','.join(props)}::{escape_data(problem.message)}"


def format_annotations(problems: Sequence[Problem]) -> str:
    """Annotations capped per level, each cap announced by one "N more" annotation."""
    lines: list[str] = []
    for level in ("error", "warning"):
        of_level = [p for p in sort_problems(problems) if p.severity == level]
        lines += [annotation(p) for p in of_level[: MAX_ANNOTATIONS_PER_LEVEL - 1]]
        if len(of_level) == MAX_ANNOTATIONS_PER_LEVEL:
            lines.append(annotation(of_level[-1]))
        elif len(of_level) > MAX_ANNOTATIONS_PER_LEVEL:
            rest = len(of_level) - (MAX_ANNOTATIONS_PER_LEVEL - 1)
            lines.append(
                f"::{level} title=more problems::{rest} more {level}s: "
                "see the job summary or run 'leaderboard validate' locally for the full list"
            )
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def stop_commands_wrapped(text: str) -> str:
    """Wrap contributor text so the runner does not interpret ``::`` commands inside it."""
    token = secrets.token_hex(16)
    return f"::stop-commands::{token}\n{text}\n::{token}::"


_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def neutralise_markdown(text: str) -> str:
    """Render contributor text inert in GitHub markdown: no HTML, no mentions, no table breaks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"[\r\n]+", " ", text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _MENTION.sub("@\u200b", text)


def cap_text(text: str, limit: int, note: str = "\n\n… (truncated)") -> str:
    """Cut ``text`` to at most ``limit`` characters, saying that it was cut."""
    if len(text) <= limit:
        return text
    return text[: limit - len(note)] + note


def cap_utf8(text: str, limit_bytes: int, note: str = "\n\n… (truncated)") -> str:
    """Cut ``text`` so its UTF-8 encoding is at most ``limit_bytes`` bytes."""
    data = text.encode("utf-8")
    if len(data) <= limit_bytes:
        return text
    budget = limit_bytes - len(note.encode("utf-8"))
    return data[:budget].decode("utf-8", errors="ignore") + note

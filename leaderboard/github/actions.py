"""Output for GitHub Actions: workflow-command annotations, step summaries and the workflow files.

Everything here handles contributor-controlled text, so every function escapes or caps it.
Escaping follows the Actions toolkit (``@actions/core`` ``escapeData`` / ``escapeProperty``).
Besides the formatting helpers there are the workflow files (``$GITHUB_OUTPUT``,
``$GITHUB_STEP_SUMMARY``, ``$GITHUB_EVENT_PATH``). The REST client is in ``api.py``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from leaderboard.errors import GitHubError
from leaderboard.markdown import neutralise_code, neutralise_markdown
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


#: The path of a problem about a pull request as a whole (its annotation names no file).
PULL_REQUEST = "(pull request)"


def annotation(problem: Problem) -> str:
    """One ``::error file=…,line=…,title=…::message`` line."""
    level = "error" if problem.severity == "error" else "warning"
    props = [f"file={escape_property(problem.path)}"] if problem.path != PULL_REQUEST else []
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


def log_text(text: str, environ: Mapping[str, str] | None = None) -> str:
    """``text`` for a log: fenced off from workflow commands when running in GitHub Actions."""
    env = os.environ if environ is None else environ
    return stop_commands_wrapped(text) if env.get("GITHUB_ACTIONS") == "true" and text else text


def cap_text(text: str, limit: int, note: str = "\n\n… (truncated)") -> str:
    """Cut ``text`` to at most ``limit`` characters, saying that it was cut."""
    if len(text) <= limit:
        return text
    if limit <= len(note):
        return text[: max(0, limit)]
    return text[: limit - len(note)] + note


def cap_utf8(text: str, limit_bytes: int, note: str = "\n\n… (truncated)") -> str:
    """Cut ``text`` so its UTF-8 encoding is at most ``limit_bytes`` bytes."""
    data = text.encode("utf-8")
    if len(data) <= limit_bytes:
        return text
    budget = limit_bytes - len(note.encode("utf-8"))
    if budget < 0:
        return data[: max(0, limit_bytes)].decode("utf-8", errors="ignore")
    return data[:budget].decode("utf-8", errors="ignore") + note


# -- workflow files: $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY, $GITHUB_EVENT_PATH ---------------------

#: An event payload is GitHub's, but bounded all the same: it carries contributor text.
MAX_EVENT_BYTES = 16 * 1024 * 1024
#: Marks the one comment the report workflow keeps up to date on a pull request.
COMMENT_MARKER = "<!-- openanote-leaderboard:submission-report -->"
#: The account the workflow token comments as; only its comments are ever edited.
BOT_LOGIN = "github-actions[bot]"
_OUTPUT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def output_lines(name: str, value: str) -> str:
    """``name=value``, or the multi-line form with a delimiter that cannot occur in ``value``.

    A value from outside could otherwise end the delimiter early and set other outputs.
    """
    if not _OUTPUT_NAME.match(name):
        raise GitHubError(f"'{name}' is not a valid step output name")
    if "\n" not in value and "\r" not in value:
        return f"{name}={value}\n"
    delimiter = f"EOF_{secrets.token_hex(16)}"
    while delimiter in value:  # pragma: no cover - 128 random bits
        delimiter = f"EOF_{secrets.token_hex(16)}"
    return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"


def write_outputs(values: Mapping[str, str], environ: Mapping[str, str] | None = None) -> bool:
    """Append step outputs to ``$GITHUB_OUTPUT`` when it is set; False when it is not."""
    path = (os.environ if environ is None else environ).get("GITHUB_OUTPUT", "")
    if not path:
        return False
    with open(path, "a", encoding="utf-8") as handle:
        for name, value in values.items():
            handle.write(output_lines(name, value))
    return True


def append_summary(markdown: str, environ: Mapping[str, str] | None = None) -> bool:
    """Append to ``$GITHUB_STEP_SUMMARY`` when set, capped so the file stays below 1 MiB.

    GitHub refuses a whole step summary over 1 MiB, so what is already there counts too.
    """
    path = (os.environ if environ is None else environ).get("GITHUB_STEP_SUMMARY", "")
    if not path:
        return False
    used = os.path.getsize(path) if os.path.exists(path) else 0
    budget = max(0, MAX_SUMMARY_BYTES - used)
    text = cap_utf8(markdown.rstrip("\n") + "\n", budget,
                    "\n\n… (truncated: run the same leaderboard command locally for the full text)\n")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)
    return True


def load_event(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The workflow's event payload (``$GITHUB_EVENT_PATH``), size-capped and checked to be an object."""
    path = (os.environ if environ is None else environ).get("GITHUB_EVENT_PATH", "")
    if not path:
        raise GitHubError("GITHUB_EVENT_PATH is not set; this command runs inside a GitHub Actions workflow")
    try:
        size = os.path.getsize(path)
        if size > MAX_EVENT_BYTES:
            raise GitHubError(f"{path}: the event payload is {size:,} bytes; the limit is {MAX_EVENT_BYTES:,}")
        with open(path, encoding="utf-8") as handle:
            event = json.load(handle)
    except (OSError, ValueError) as exc:
        raise GitHubError(f"{path}: cannot read the event payload ({exc})") from exc
    if not isinstance(event, dict):
        raise GitHubError(f"{path}: the event payload is not a JSON object")
    return event


def problems_table(problems: Sequence[Problem]) -> str:
    """Every problem as a markdown table; contributor text in it is neutralised."""
    if not problems:
        return "No problems found.\n"
    rows = ["| | file | line | problem |", "|---|---|---:|---|"]
    for problem in sort_problems(problems):
        icon = "❌" if problem.severity == "error" else "⚠️"
        rows.append(f"| {icon} | `{neutralise_code(problem.path)}` | {problem.line or ''} | "
                    f"{neutralise_markdown(problem.message)} |")
    return "\n".join(rows) + "\n"

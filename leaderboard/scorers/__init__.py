"""The task-type registry: one scorer module per task type, looked up by name or alias."""

from __future__ import annotations

from leaderboard.errors import UnknownNameError
from leaderboard.scorers import chatbot, classification, ner, prompting
from leaderboard.scorers.base import Metric, Task, TaskScore

TASK_TYPES: dict[str, Task] = {
    task.name: task for task in (classification.TASK, ner.TASK, chatbot.TASK, prompting.TASK)
}
_ALIASES = {alias: task for task in TASK_TYPES.values() for alias in (task.name, *task.aliases)}


def get_task_type(name: str) -> Task:
    """The task type called ``name`` (canonical or long form, e.g. ``text_classification``)."""
    try:
        return _ALIASES[name.strip().lower()]
    except KeyError:
        raise UnknownNameError("task type", name, TASK_TYPES) from None


def get_task_type_names() -> list[str]:
    return sorted(TASK_TYPES)


__all__ = ["TASK_TYPES", "Metric", "Task", "TaskScore", "get_task_type", "get_task_type_names"]

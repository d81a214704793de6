"""The task-type registry: one scorer module per task type, looked up by name or alias."""

from __future__ import annotations

from leaderboard.errors import UnknownNameError
from leaderboard.scorers import chatbot, classification, ner, prompting
from leaderboard.scorers.base import Metric, Task, TaskScore

TASK_TYPES: dict[str, Task] = {
    task.name: task for task in (classification.TASK, ner.TASK, chatbot.TASK, prompting.TASK)
}
#: Every benchmark.yaml field that some task type declares its classes in (labels, entity types).
CLASS_FIELDS = tuple(sorted({task.class_field for task in TASK_TYPES.values() if task.class_field}))
_ALIASES = {alias: task for task in TASK_TYPES.values() for alias in (task.name, *task.aliases)}


def get_task_type(name: str) -> Task:
    """The task type called ``name`` (canonical or long form, e.g. ``text_classification``)."""
    try:
        return _ALIASES[name.strip().lower()]
    except KeyError:
        raise UnknownNameError("task type", name, TASK_TYPES) from None


def get_task_type_names() -> list[str]:
    return sorted(TASK_TYPES)


__all__ = ["CLASS_FIELDS", "TASK_TYPES", "Metric", "Task", "TaskScore", "get_task_type", "get_task_type_names"]

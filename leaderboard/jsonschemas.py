"""The JSON Schemas of ``benchmark.yaml``, ``metadata.yaml`` and ``suites.yaml``, for editors and CI (``make schemas``).

They live above the schemas module because the list of task types comes from the registry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from leaderboard.schemas import BenchmarkSpec, SubmissionMetadata, SuitesFile
from leaderboard.scorers import get_task_type_names


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema of each YAML file (``yaml-language-server`` reads them through a comment)."""
    benchmark = BenchmarkSpec.model_json_schema()
    benchmark["properties"]["task_type"]["enum"] = get_task_type_names()
    return {
        "benchmark.schema.json": benchmark,
        "metadata.schema.json": SubmissionMetadata.model_json_schema(),
        "suites.schema.json": SuitesFile.model_json_schema(),
    }


def write_json_schemas(directory: str | Path) -> None:
    for name, schema in json_schemas().items():
        text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        (Path(directory) / name).write_text(text, encoding="utf-8")

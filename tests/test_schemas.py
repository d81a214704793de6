from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from leaderboard.jsonschemas import json_schemas
from tests.conftest import FIXTURE_REPO, PROJECT_ROOT

SCHEMAS = PROJECT_ROOT / "schemas"


@pytest.mark.parametrize("name", sorted(json_schemas()))
def test_exported_schemas_are_current(name: str) -> None:
    """Regenerate with `make schemas` after changing leaderboard/schemas.py."""
    assert json.loads((SCHEMAS / name).read_text()) == json_schemas()[name]


def yaml_files(pattern: str) -> list[Path]:
    return sorted(PROJECT_ROOT.glob(pattern)) + sorted(FIXTURE_REPO.glob(pattern))


@pytest.mark.parametrize(
    ("path", "schema"),
    [(p, "benchmark.schema.json") for p in yaml_files("benchmarks/*/benchmark.yaml")]
    + [(p, "metadata.schema.json") for p in yaml_files("submissions/*/metadata.yaml")]
    + [(p, "suites.schema.json") for p in yaml_files("benchmarks/suites.yaml")],
    ids=lambda value: str(value).rsplit("/", 2)[-2] if isinstance(value, Path) else value,
)
def test_shipped_yaml_matches_the_exported_schema(path: Path, schema: str) -> None:
    data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    jsonschema.validate(data, json.loads((SCHEMAS / schema).read_text()))
    assert path.read_text().startswith("# yaml-language-server: $schema=")

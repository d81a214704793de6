"""CONTRIBUTING.md stays true: its metadata template validates, every field is explained, and the
commands and check steps it names exist."""

from __future__ import annotations

import re

import yaml

from leaderboard.cli import _COMMANDS
from leaderboard.schemas import Approach, BenchmarkSettings, SubmissionMetadata
from leaderboard.yamlfile import parse_yaml
from tests.conftest import PROJECT_ROOT

TEXT = (PROJECT_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def template() -> str:
    block = TEXT.split("<!-- metadata-template -->", 1)[1].split("<!-- /metadata-template -->", 1)[0]
    return block.strip().removeprefix("```yaml").removesuffix("```").strip() + "\n"


def test_the_metadata_template_is_valid_and_points_at_the_schema() -> None:
    text = template()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/metadata.schema.json"
    metadata = SubmissionMetadata.model_validate(parse_yaml(text, "CONTRIBUTING.md").data)
    assert set(metadata.model_fields_set) == set(SubmissionMetadata.model_fields)  # every field shown
    assert (PROJECT_ROOT / "schemas" / "metadata.schema.json").is_file()


def test_every_field_and_approach_is_explained() -> None:
    explained = set(re.findall(r"^\| `([a-z_]+)` \|", TEXT, flags=re.MULTILINE))
    assert set(SubmissionMetadata.model_fields) <= explained
    for name in BenchmarkSettings.model_fields:
        assert f"`{name}`" in TEXT
    for approach in Approach:
        assert f"`{approach.value}`" in TEXT


def test_the_commands_and_check_steps_it_names_exist() -> None:
    named = set(re.findall(r"`leaderboard ([a-z-]+)", TEXT)) | set(re.findall(r"^leaderboard ([a-z-]+)", TEXT,
                                                                              flags=re.MULTILINE))
    assert {"benchmarks", "download", "validate", "score", "submit", "check-pr"} <= named
    assert named <= set(_COMMANDS)
    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / "submission-check.yml").read_text())
    step_names = {step.get("name") for step in workflow["jobs"]["check"]["steps"]}
    for step in re.findall(r"^\| \*([^*]+)\* \|", TEXT, flags=re.MULTILINE):
        assert step in step_names, step

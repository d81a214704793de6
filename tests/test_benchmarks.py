"""Benchmark definitions: every problem located and reported at once, a broken one isolated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leaderboard.benchmarks import load_benchmarks, scan_benchmarks
from leaderboard.cli import main
from leaderboard.errors import BenchmarkDefinitionError
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.site import build_site
from leaderboard.validation import validate_paths


def rewrite(repo: Repository, benchmark_id: str, old: str, new: str) -> Path:
    path = repo.benchmarks_dir / benchmark_id / "benchmark.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


@pytest.mark.parametrize(
    ("benchmark_id", "old", "new", "field", "message"),
    [
        ("tiny-docqa", "task_type: prompting", "task_type: qa2", "task_type",
         "task_type: 'qa2' is not a known task type"),
        ("tiny-docqa", "task_type: prompting", "task_type: document_qa", "task_type",
         "write the canonical name 'prompting'"),
        ("tiny-docqa", "primary_metric: token_f1", "primary_metric: accuracy", "primary_metric",
         "primary_metric 'accuracy' is not available for prompting; choose one of: token_f1"),
        ("tiny-sentiment", "labels: [negative, neutral, positive]", "entity_types: [PER]", "entity_types",
         "entity_types: only for benchmarks whose task type uses it, not classification"),
        ("tiny-sentiment", "id: tiny-sentiment", "id: tiny-sentiments", "id",
         "id 'tiny-sentiments' must equal the folder name 'tiny-sentiment'"),
        ("tiny-sentiment", "version: \"1.0\"", "version: 1.0", "version", "version: Input should be a valid string"),
        ("tiny-sentiment", "primary_metric: macro_f1", "primary_metric: macro_f1\nprimary_labels: [positive, postive]",
         "primary_labels", "primary_labels: 'postive' is not one of the labels (did you mean 'positive'?)"),
        ("tiny-sentiment", "primary_metric: macro_f1", "primary_metric: accuracy\nprimary_labels: [positive]",
         "primary_labels", "with primary_metric accuracy it would change nothing"),
        ("tiny-ner", "primary_metric: f1", "primary_metric: f1\nprimary_labels: [PER]", "primary_labels",
         "primary_labels: ner benchmarks have no labels"),
    ],
)
def test_every_definition_problem_is_located(
    fixture_repo: Repository, benchmark_id: str, old: str, new: str, field: str, message: str
) -> None:
    path = rewrite(fixture_repo, benchmark_id, old, new)
    problems = fixture_repo.broken_benchmarks[benchmark_id]
    located = [p for p in problems if message in p.message]
    assert located, [p.format() for p in problems]
    assert located[0].path == f"benchmarks/{benchmark_id}/benchmark.yaml"
    assert located[0].line == line_of(path, field)


def test_a_missing_class_field_names_it(fixture_repo: Repository) -> None:
    rewrite(fixture_repo, "tiny-ner", "entity_types: [ORG, PER]\n", "")
    [problem] = fixture_repo.broken_benchmarks["tiny-ner"]
    assert "required field 'entity_types' is missing" in problem.message


def test_all_broken_benchmarks_are_reported_at_once(fixture_repo: Repository) -> None:
    rewrite(fixture_repo, "tiny-docqa", "task_type: prompting", "task_type: qa2")
    rewrite(fixture_repo, "tiny-ner", "primary_metric: f1", "primary_metric: f2")
    found = scan_benchmarks(fixture_repo.benchmarks_dir)
    assert sorted(found.broken) == ["tiny-docqa", "tiny-ner"]
    assert "tiny-sentiment" in found.benchmarks
    with pytest.raises(BenchmarkDefinitionError) as raised:
        load_benchmarks(fixture_repo.benchmarks_dir)
    assert len(raised.value.problems) == 2


def test_a_broken_benchmark_fails_only_what_entered_it(
    fixture_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rewrite(fixture_repo, "tiny-ner", "task_type: ner", "task_type: qa2")
    [report] = validate_paths([fixture_repo.submissions_dir], fixture_repo)
    errors = [p for p in report.problems if p.severity == "error"]
    assert [p.code for p in errors] == ["broken-benchmark"]
    assert errors[0].path == "submissions/good-model/tiny-ner.csv"
    assert "benchmark 'tiny-ner' cannot be used right now" in errors[0].message
    assert "benchmarks/tiny-ner/benchmark.yaml:" in errors[0].message
    assert set(report.predictions) == {"tiny-chat", "tiny-docqa", "tiny-private", "tiny-sentiment"}

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    build_site(fixture_repo, tmp_path / "site", cache=ResultCache(None))
    problems_page = (tmp_path / "site" / "problems.html").read_text()
    assert "Benchmarks that cannot be used" in problems_page and "&#39;qa2&#39; is not a known task type" in problems_page
    assert not (tmp_path / "site" / "benchmarks" / "tiny-ner.html").exists()
    model = json.loads((tmp_path / "site" / "api" / "models" / "good-model.json").read_text())
    assert {r["benchmark"] for r in model["results"]} == {"tiny-chat", "tiny-docqa", "tiny-sentiment"}

    assert main(["--root", str(fixture_repo.root), "benchmarks", "--check"]) == 1
    captured = capsys.readouterr()
    assert "benchmarks/tiny-ner/benchmark.yaml:4: task_type: 'qa2'" in captured.err
    assert "tiny-sentiment" in captured.out
    assert main(["--root", str(fixture_repo.root), "show", "tiny-ner"]) == 1
    assert "benchmarks/tiny-ner/benchmark.yaml:4" in capsys.readouterr().err
    assert main(["--root", str(fixture_repo.root), "show", "tiny-sentiment", "--json"]) == 0

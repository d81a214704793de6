"""Each validation rule with its exact message, on a copy of the fixture repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaderboard.problems import Problem, sort_problems
from leaderboard.repository import Repository
from leaderboard.validation import validate_paths, validate_submission

SUB = "submissions/good-model"


def problems_after(repo: Repository, name: str, content: str | bytes) -> list[Problem]:
    path = repo.root / SUB / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    shown = f"{SUB}/{name}"
    return [p for p in validate_submission(path.parent, repo).problems if p.path == shown]


def messages(problems: list[Problem]) -> list[str]:
    return [p.format() for p in problems]


def test_fixture_submission_is_valid(fixture_repo: Repository) -> None:
    report = validate_submission(fixture_repo.root / SUB, fixture_repo)
    assert report.ok(), messages(report.problems)
    assert sorted(report.predictions) == ["tiny-chat", "tiny-docqa", "tiny-ner", "tiny-private", "tiny-sentiment"]
    assert report.metadata is not None and report.metadata.model_name == "Good Model"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("tiny-sentiment.csv", "id,label\ns1,positive\ns2,negative\ns3,neutral\ns4,positive\ns5,negative\ns6,POS\n",
         [f"{SUB}/tiny-sentiment.csv:7: warning: unknown label 'POS'; nearest valid label: 'positive'; "
          "expected one of: negative, neutral, positive (it will be scored as wrong)"]),
        ("tiny-sentiment.csv", "id,label\ns1,positive\ns2,negative\ns3,neutral\ns4,positive\ns5,negative\ns6,\n",
         [f"{SUB}/tiny-sentiment.csv:7: empty label; every item needs one of: negative, neutral, positive"]),
        ("tiny-sentiment.csv", "id,label\ns1,positive\ns1,negative\ns3,neutral\ns4,positive\ns5,negative\ns6,neutral\n",
         [f"{SUB}/tiny-sentiment.csv:3: duplicate id 's1'; each item must appear exactly once",
          f"{SUB}/tiny-sentiment.csv: 1 of 6 evaluation ids are missing: 's2'; every id must appear once "
          "(`leaderboard download tiny-sentiment` writes a template with all ids)"]),
        ("tiny-sentiment.csv", "id,label\ns1,positive\ns2,negative\ns3,neutral\ns4,positive\ns5,negative\ns6,neutral\nzz,neutral\n",
         [f"{SUB}/tiny-sentiment.csv:8: id 'zz' is not in the evaluation set of tiny-sentiment"]),
        ("tiny-sentiment.csv", "id;label\ns1;positive\n",
         [f"{SUB}/tiny-sentiment.csv:1: missing column(s) 'id', 'label'; a classification predictions file "
          "has the header 'id,label'; the file seems to be separated by semicolons: separate columns with commas"]),
        ("tiny-sentiment.csv", "id,label,confidence\ns1,positive,1\ns2,negative,1\ns3,neutral,1\ns4,positive,1\ns5,negative,1\ns6,neutral,1\n",
         [f"{SUB}/tiny-sentiment.csv:1: warning: column 'confidence' is not used and will be ignored"]),
        ("tiny-ner.csv", "id,tags\nn1,B-ORG I-ORG O B-PER I-PER\nn2,O O O\nn3,B-PER O B-ORG O\nn4,B-ORG O B-ORG I-ORG O O\n",
         [f"{SUB}/tiny-ner.csv:2: 5 tags for 6 tokens of item 'n1'; give exactly one tag per token"]),
        ("tiny-ner.csv", "id,tags\nn1,B-ORG I-ORG O B-PERSON I-PER O\nn2,O O O\nn3,B-PER O B-ORG O\nn4,B-ORG O B-ORG I-ORG O O\n",
         [f"{SUB}/tiny-ner.csv:2: invalid tag 'B-PERSON' (did you mean 'B-PER'?); tags are O or B-ORG/I-ORG, B-PER/I-PER (IOB2)",
          f"{SUB}/tiny-ner.csv:2: warning: item 'n1': an I-X tag must follow B-X or I-X of the same type "
          "(IOB2); conlleval scores it as the start of an entity, strict IOB2 ignores it"]),
        ("tiny-ner.csv", "id,tags\nn1,I-ORG I-ORG O B-PER I-PER O\nn2,O O O\nn3,B-PER O B-ORG O\nn4,B-ORG O B-ORG I-ORG O O\n",
         [f"{SUB}/tiny-ner.csv:2: warning: item 'n1': an I-X tag must follow B-X or I-X of the same type "
          "(IOB2); conlleval scores it as the start of an entity, strict IOB2 ignores it"]),
        ("tiny-chat.csv", "id,answer,sources\nc1,$75,travel;handbook\nc2,25 days,leave\nc3,36 months,laptops\nc4,none,\n",
         [f"{SUB}/tiny-chat.csv:2: unknown source document 'handbook'; it must name a file stem in documents/"]),
        ("tiny-docqa.jsonl", '{"id": "q1", "answer": "Delaware"}\n{"id": "q2", "answer": "60 days"}\n{"id": "q3", "answer": 30}\n',
         []),
        ("tiny-docqa.csv", "id,answer\nq1,\nq2,\nq3,x\n",
         [f"{SUB}/tiny-docqa.csv:2: warning: 2 of 3 answers are empty, while 0% of this benchmark's questions are unanswerable; an empty answer scores 1 only on an "
          "unanswerable question: is the 'answer' column filled in?"]),
    ],
)
def test_rule_messages(fixture_repo: Repository, name: str, content: str, expected: list[str]) -> None:
    assert messages(problems_after(fixture_repo, name, content)) == expected


def test_layout_rules(fixture_repo: Repository) -> None:
    folder = fixture_repo.root / SUB
    (folder / "notes.txt").write_text("hi")
    (folder / "tiny-sentimnt.csv").write_text("id,label\n")
    (folder / "tiny-ner.jsonl").write_text('{"id": "n1"}\n')
    (folder / "sub").mkdir()
    (folder / "link.csv").symlink_to("/etc/passwd")
    assert messages(sort_problems(validate_submission(folder, fixture_repo).problems)) == [
        f"{SUB}/link.csv: only regular files are allowed in a submission folder (no links or sub-folders)",
        f"{SUB}/notes.txt: unexpected file; a submission holds metadata.yaml, an optional README.md and "
        "one <benchmark-id>.csv or .jsonl per benchmark",
        f"{SUB}/sub: only regular files are allowed in a submission folder (no links or sub-folders)",
        f"{SUB}/tiny-ner.jsonl: tiny-ner.csv already holds predictions for 'tiny-ner'; keep one of the two files",
        f"{SUB}/tiny-sentimnt.csv: 'tiny-sentimnt' is not a known benchmark (did you mean 'tiny-sentiment'?); "
        "name the file after one of: tiny-chat, tiny-docqa, tiny-ner, tiny-private, tiny-sentiment",
    ]


BASE_METADATA = [
    "model_name: M",
    "organization: O",
    "description: D",
    "model_url: https://example.org/m",
    "license: MIT",
    "open_weights: false",
    "approach: zero-shot",
    "trained_on_benchmark_data: false",
    "maintainers: [someone]",
    "submitted: 2026-11-01",
]


@pytest.mark.parametrize(
    ("line", "replacement", "expected"),
    [
        (1, "modle_name: X", "metadata.yaml:1: unknown field 'modle_name' (did you mean 'model_name'?); allowed: "),
        (1, "model_name: \"Evil\u202eModel\"", "metadata.yaml:1: model_name: contains the bidirectional control "
         "character U+202E; remove it"),
        (1, "model_name: \"\"", "metadata.yaml:1: model_name: String should have at least 1 character"),
        (4, "model_url: javascript:alert(1)", "metadata.yaml:4: model_url: must be an http:// or https:// address"),
        (4, "model_url: http://localhost", "metadata.yaml:4: model_url: must be an http:// or https:// address"),
        (6, "open_weights: perhaps", "metadata.yaml:6: open_weights: Input should be a valid boolean"),
        (7, "approach: magic", "metadata.yaml:7: approach: 'magic' is not a known approach; choose one of: zero-shot, few-shot"),
        (9, "maintainers: ['bad handle!']", "metadata.yaml:9: maintainers.0: 'bad handle!' is not a GitHub handle: letters, digits"),
        (9, "maintainers: []", "metadata.yaml:9: maintainers: List should have at least 1 item"),
        (10, "submitted: yesterday", "metadata.yaml:10: submitted: 'yesterday' is not a date; write it as YYYY-MM-DD"),
        (11, "benchmarks:\n  tiny-sentiment:\n    promt: x",
         "metadata.yaml:13: unknown field 'promt' (did you mean 'prompt'?); allowed: cost_usd, endpoint, few_shot, "
         "input_tokens, items, latency_median_s, latency_p95_s, max_tokens, model, notes, output_tokens, "
         "parse_failures, prompt, retrieval, run_date, temperature, template, template_sha256"),
        (11, "benchmarks:\n  tiny-sentiment:\n    temperature: .nan",
         "metadata.yaml:13: benchmarks.tiny-sentiment.temperature: Input should be a finite number"),
        (11, "benchmarks:\n  tiny-sentimnt: {}",
         "metadata.yaml:12: benchmarks: 'tiny-sentimnt' is not a known benchmark (did you mean 'tiny-sentiment'?)"),
        (11, "benchmarks:\n  tiny-chat: {}",
         "metadata.yaml:12: warning: benchmarks: settings for 'tiny-chat' but no tiny-chat.csv"),
        (2, None, "metadata.yaml:1: required field 'organization' is missing"),
    ],
)
def test_metadata_rules(fixture_repo: Repository, line: int, replacement: str | None, expected: str) -> None:
    lines = list(BASE_METADATA)
    if replacement is None:
        del lines[line - 1]
    elif line <= len(lines):
        lines[line - 1] = replacement
    else:
        lines.append(replacement)
    if "tiny-chat" in (replacement or ""):
        (fixture_repo.root / SUB / "tiny-chat.csv").unlink()
    formatted = messages(problems_after(fixture_repo, "metadata.yaml", "\n".join(lines) + "\n"))
    assert any(message.startswith(f"{SUB}/{expected}") for message in formatted), formatted
    assert len(formatted) <= 2, formatted


def test_missing_metadata_and_predictions(fixture_repo: Repository) -> None:
    folder = fixture_repo.root / "submissions" / "Empty Model"
    folder.mkdir()
    assert messages(validate_submission(folder, fixture_repo).problems) == [
        "submissions/Empty Model: folder name 'Empty Model' is not a valid slug: use lowercase letters, "
        "digits, '.', '_' and '-', starting with a letter or digit (at most 64 characters)",
        "submissions/Empty Model/metadata.yaml: metadata.yaml is missing; copy the template from CONTRIBUTING.md",
        "submissions/Empty Model: no predictions: add one <benchmark-id>.csv per benchmark; known benchmarks: "
        "tiny-chat, tiny-docqa, tiny-ner, tiny-private, tiny-sentiment",
    ]


def test_many_missing_ids_are_summarised(fixture_repo: Repository) -> None:
    problems = problems_after(fixture_repo, "tiny-sentiment.csv", "id,label\n")
    assert messages(problems) == [
        f"{SUB}/tiny-sentiment.csv: 6 of 6 evaluation ids are missing: 's1', 's2', 's3', 's4', 's5', 's6'; "
        "every id must appear once (`leaderboard download tiny-sentiment` writes a template with all ids)"
    ]


def test_validation_never_writes(fixture_repo: Repository) -> None:
    def snapshot() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in fixture_repo.root.rglob("*") if p.is_file()}

    before = snapshot()
    validate_paths([fixture_repo.submissions_dir], fixture_repo)
    assert snapshot() == before


def test_validate_paths_accepts_files_and_folders(fixture_repo: Repository) -> None:
    by_file = validate_paths([fixture_repo.root / SUB / "tiny-ner.csv"], fixture_repo)
    by_root = validate_paths([fixture_repo.submissions_dir], fixture_repo)
    assert [r.slug for r in by_file] == [r.slug for r in by_root] == ["good-model"]


def test_parallel_validation_equals_sequential(fixture_repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    import leaderboard.validation as validation

    broken = fixture_repo.submissions_dir / "broken"
    broken.mkdir()
    (broken / "tiny-ner.csv").write_text("id,tags\nn1,O\n")

    def summary(reports: list) -> list:  # type: ignore[type-arg]
        return [(r.slug, r.display, r.metadata, sorted((b, p.sha256) for b, p in r.predictions.items()),
                 r.problems) for r in reports]

    sequential = validate_paths([fixture_repo.submissions_dir], fixture_repo)
    monkeypatch.setattr(validation, "PARALLEL_FOLDERS", 1)
    parallel = validate_paths([fixture_repo.submissions_dir], fixture_repo)
    assert summary(parallel) == summary(sequential)
    assert parallel[1].predictions["tiny-ner"].table.frame["id"].tolist() == ["n1", "n2", "n3", "n4"]

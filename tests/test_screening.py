"""Integrity screening (issue 12): the four cases no format check caught, rejected or flagged,
each with a message that says the way out; the official reference mark from maintainers.yaml."""

from __future__ import annotations

import json
import shutil

import pytest

from leaderboard.cli import main
from leaderboard.github.ci import score_submission
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.screening import screen_reports, skeleton
from leaderboard.standings import evaluate_repository
from leaderboard.validation import validate_paths
from tests.conftest import add_submission

GOOD = "submissions/good-model"


def problems_of(repo: Repository, slug: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]]]:
    code = main(["--root", str(repo.root), "validate", "--format", "json", f"{repo.root}/submissions/{slug}"])
    return code, json.loads(capsys.readouterr().out)


def codes(problems: list[dict[str, object]]) -> set[object]:
    return {p["code"] for p in problems}


def test_the_public_gold_as_predictions_is_an_error_unless_trained_on_it(
        fixture_repo: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    gold = fixture_repo.benchmarks_dir / "tiny-sentiment" / "gold.csv"
    (fixture_repo.submissions_dir / "good-model" / "tiny-sentiment.csv").unlink()  # no duplicate to find
    add_submission(fixture_repo, "cheater", "Honest Model", {"tiny-sentiment.csv": gold})
    code, problems = problems_of(fixture_repo, "cheater", capsys)
    assert code == 1
    [problem] = [p for p in problems if p["code"] == "gold-match"]
    assert problem["path"] == "submissions/cheater/tiny-sentiment.csv"
    assert "equal the public gold of tiny-sentiment on 100.0%" in str(problem["message"])
    assert "set trained_on_benchmark_data: true" in str(problem["message"])

    metadata = fixture_repo.submissions_dir / "cheater" / "metadata.yaml"
    metadata.write_text(metadata.read_text().replace("trained_on_benchmark_data: false",
                                                     "trained_on_benchmark_data: true"))
    assert problems_of(fixture_repo, "cheater", capsys) == (0, [])


def test_a_copy_of_another_submissions_file_is_an_error_naming_it(
        fixture_repo: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    theirs = fixture_repo.submissions_dir / "good-model" / "tiny-ner.csv"
    add_submission(fixture_repo, "copycat", "Copycat", {"tiny-ner.csv": theirs})
    code, problems = problems_of(fixture_repo, "copycat", capsys)
    assert code == 1
    [problem] = [p for p in problems if p["code"] == "duplicate-predictions"]
    assert "byte-identical to submissions/good-model/tiny-ner.csv ('Good Model')" in str(problem["message"])

    # Rows reordered and CRLF line ends: the same content after canonicalisation.
    header, *rows = theirs.read_text().splitlines()
    (fixture_repo.submissions_dir / "copycat" / "tiny-ner.csv").write_text(
        "\r\n".join([header, *reversed(rows)]) + "\r\n")
    code, problems = problems_of(fixture_repo, "copycat", capsys)
    assert code == 1
    [problem] = [p for p in problems if p["code"] == "duplicate-predictions"]
    assert "identical after canonicalisation to submissions/good-model/tiny-ner.csv" in str(problem["message"])


@pytest.mark.parametrize("name", ["Good Model", "good  model", "Gооd Model", "Ｇood Model"])  # Cyrillic о, fullwidth Ｇ
def test_a_name_equal_to_or_confusable_with_another_maintainers_is_an_error(
        fixture_repo: Repository, capsys: pytest.CaptureFixture[str], name: str) -> None:
    add_submission(fixture_repo, "impostor", name, {"tiny-ner.csv": "id,tags\nn1,O O O O O O\nn2,O O O\n"})
    code, problems = problems_of(fixture_repo, "impostor", capsys)
    [problem] = [p for p in problems if p["code"] == "confusable-name"]
    assert code == 1
    assert problem["path"] == "submissions/impostor/metadata.yaml" and problem["line"] == 1
    assert "of submissions/good-model/, which other people maintain; choose a distinct name" in str(problem["message"])


def test_the_same_maintainers_may_reuse_their_name(fixture_repo: Repository) -> None:
    folder = add_submission(fixture_repo, "good-model-v2", "Good Model", {})
    metadata = folder / "metadata.yaml"
    metadata.write_text(metadata.read_text().replace("[someone]", "[Fixture-Maintainer]"))
    reports = validate_paths([folder], fixture_repo)
    assert not [p for p in screen_reports(fixture_repo, reports) if p.code == "confusable-name"]


def test_the_earlier_of_two_colliding_submissions_keeps_its_name(fixture_repo: Repository) -> None:
    first = add_submission(fixture_repo, "alpha", "Twin", {})
    second = add_submission(fixture_repo, "beta", "Twin", {})
    (second / "metadata.yaml").write_text((second / "metadata.yaml").read_text()
                                          .replace("2026-11-02", "2026-11-03").replace("[someone]", "[other]"))
    found = screen_reports(fixture_repo, validate_paths([first, second], fixture_repo))
    assert [p.path for p in found if p.code == "confusable-name"] == ["submissions/beta/metadata.yaml"]


def test_skeletons() -> None:
    assert skeleton("Majority-class baseline") == skeleton("Mаjоrity-class  BASELINE")  # Cyrillic а, о
    assert skeleton("Acme 7B") != skeleton("Acme 8B")


def test_a_score_far_above_the_leader_is_a_warning_asking_for_review(fixture_repo: Repository) -> None:
    good = fixture_repo.submissions_dir / "good-model"
    shutil.rmtree(good)
    add_submission(fixture_repo, "weak", "Weak", {
        "tiny-sentiment.csv": "id,label\n" + "".join(f"s{i},positive\n" for i in range(1, 7))})
    strong = add_submission(fixture_repo, "strong", "Strong", {
        "tiny-sentiment.csv": fixture_repo.benchmarks_dir / "tiny-sentiment" / "gold.csv"})
    metadata = strong / "metadata.yaml"
    metadata.write_text(metadata.read_text().replace("trained_on_benchmark_data: false",
                                                     "trained_on_benchmark_data: true"))
    scored = score_submission(fixture_repo, "strong", ResultCache(None))
    [warning] = [p for p in scored.report.problems if p.code == "far-above-leader"]
    assert warning.severity == "warning" and warning.path == "submissions/strong/tiny-sentiment.csv"
    assert "far beyond the current leader 'Weak'" in warning.message
    assert "a maintainer will review" in warning.message
    assert scored.report.ok()  # a warning does not fail the check
    weak = score_submission(fixture_repo, "weak", ResultCache(None))
    assert not [p for p in weak.report.problems if p.code == "far-above-leader"]


def test_only_folders_of_the_maintainers_are_official(fixture_repo: Repository) -> None:
    add_submission(fixture_repo, "self-declared", "Self Declared", {
        "tiny-ner.csv": "id,tags\nn1,O O O O O O\nn2,O O O\n"})
    metadata = fixture_repo.submissions_dir / "self-declared" / "metadata.yaml"
    metadata.write_text(metadata.read_text().replace("approach: zero-shot", "approach: baseline"))
    standings = evaluate_repository(fixture_repo, cache=ResultCache(None)).standings
    assert standings.official == frozenset({"good-model"})
    assert standings.metadata["self-declared"].approach.value == "baseline"

    (fixture_repo.root / ".github" / "maintainers.yaml").unlink()
    assert evaluate_repository(Repository(fixture_repo.root), cache=ResultCache(None)).standings.official == frozenset()


def test_a_copy_of_ones_own_folder_is_a_warning(fixture_repo: Repository) -> None:
    theirs = fixture_repo.submissions_dir / "good-model" / "tiny-ner.csv"
    folder = add_submission(fixture_repo, "good-model-again", "Good Model Again", {"tiny-ner.csv": theirs})
    metadata = folder / "metadata.yaml"
    metadata.write_text(metadata.read_text().replace("[someone]", "[fixture-maintainer]"))
    [problem] = [p for p in screen_reports(fixture_repo, validate_paths([folder], fixture_repo))
                 if p.code == "duplicate-predictions"]
    assert problem.severity == "warning" and "your own submissions/good-model/tiny-ner.csv" in problem.message


def test_submit_screens_too(fixture_repo: Repository) -> None:
    from leaderboard.errors import ValidationFailed
    from leaderboard.submit import submit

    options = {"model_name": "Copy Model", "organization": "Org", "description": "A copy.", "license": "MIT",
               "open_weights": False, "approach": "zero-shot", "trained_on_benchmark_data": False,
               "maintainers": ["someone"]}
    with pytest.raises(ValidationFailed) as failed:
        submit(fixture_repo, "tiny-ner", fixture_repo.submissions_dir / "good-model" / "tiny-ner.csv", options,
               cache=ResultCache(None))
    [problem] = [p for p in failed.value.problems if p.code == "duplicate-predictions"]
    assert problem.path == "submissions/copy-model/tiny-ner.csv"
    assert not (fixture_repo.submissions_dir / "copy-model").exists()

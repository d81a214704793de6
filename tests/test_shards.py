"""Sharded scoring, the merged cache, the combined validate-and-score workers and the drift report
(issue 17, "Performance at scale")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from leaderboard import scoring, validation
from leaderboard.cli import main
from leaderboard.repository import Repository
from leaderboard.results import ResultCache, merge_caches
from leaderboard.scorers import get_task_type
from leaderboard.scoring import Shard, score_repository
from leaderboard.standings import evaluate_repository
from tests.conftest import add_submission
from tests.site.conftest import REPO_URL
from tests.test_standings import SENTIMENT, site_files

ALL_NEUTRAL = "id,label\n" + "".join(f"s{i},neutral\n" for i in range(1, 7))


@pytest.fixture
def crowded_repo(fixture_repo: Repository) -> Repository:
    """The fixture repository with a few more submissions, so that every shard gets something."""
    add_submission(fixture_repo, "second", "Second Model", {"tiny-sentiment.csv": SENTIMENT}, "Org B")
    add_submission(fixture_repo, "all-neutral", "All Neutral", {"tiny-sentiment.csv": ALL_NEUTRAL}, "Org C")
    for index in range(2):
        shutil.copytree(fixture_repo.submissions_dir / "good-model", fixture_repo.submissions_dir / f"full-{index}")
    return fixture_repo


def cli(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def sharded_build(
    repo: Repository, tmp_path: Path, count: int, monkeypatch: pytest.MonkeyPatch, run: tuple[int, ...] | None = None
) -> Path:
    """Score ``count`` shards into their own caches, merge them, build with --require-cached."""
    shards = []
    for index in run or range(1, count + 1):
        shard_dir = tmp_path / f"n{count}-shard-{index}"
        monkeypatch.setenv("LEADERBOARD_CACHE_DIR", str(shard_dir))
        assert cli(repo.root, "score", "--shard", f"{index}/{count}") == 0
        shards.append(str(shard_dir))
    merged = tmp_path / f"n{count}-merged"
    assert cli(repo.root, "cache", "merge", *shards, "--into", str(merged)) == 0
    monkeypatch.setenv("LEADERBOARD_CACHE_DIR", str(merged))
    site = tmp_path / f"n{count}-site"
    code = cli(repo.root, "build", "-o", str(site), "--require-cached", "--repo-url", REPO_URL)
    if code != 0:
        raise AssertionError("build failed")
    return site


def test_one_two_and_three_shards_give_byte_identical_sites(
    crowded_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    sites = [site_files(sharded_build(crowded_repo, tmp_path, count, monkeypatch)) for count in (1, 2, 3)]
    monkeypatch.setenv("LEADERBOARD_CACHE_DIR", str(tmp_path / "plain"))
    assert cli(crowded_repo.root, "build", "-o", str(tmp_path / "plain-site"), "--repo-url", REPO_URL) == 0
    plain = site_files(tmp_path / "plain-site")
    assert sites[0] == sites[1] == sites[2] == plain
    assert len(plain) > 20


def test_shards_split_the_pairs_without_overlap(crowded_repo: Repository, tmp_path: Path) -> None:
    everything = ResultCache(tmp_path / "all")
    score_repository(crowded_repo, cache=everything)
    caches = []
    for index in (1, 2, 3):
        cache = ResultCache(tmp_path / f"s{index}")
        scoring.score_shard(crowded_repo, Shard(index, 3), cache=cache)
        caches.append(set(ResultCache(tmp_path / f"s{index}").keys()))
    assert set.union(*caches) == set(everything.keys())
    assert sum(map(len, caches)) == len(everything.keys())  # disjoint
    for index, keys in enumerate(caches, start=1):
        assert all(Shard(index, 3).owns(key) for key in keys)  # by key, not by position
    # A new submission moves no other pair to another shard.
    add_submission(crowded_repo, "late", "Late", {"tiny-sentiment.csv": ALL_NEUTRAL.replace("s6,neutral", "s6,positive")})
    later = ResultCache(tmp_path / "s1-later")
    scoring.score_shard(crowded_repo, Shard(1, 3), cache=later)
    assert caches[0] <= set(ResultCache(tmp_path / "s1-later").keys())


def test_a_missing_shard_fails_the_build_naming_what_is_missing(
    crowded_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(AssertionError, match="build failed"):
        sharded_build(crowded_repo, tmp_path, 2, monkeypatch, run=(1,))
    error = capsys.readouterr().err
    assert "not in the cache" in error and "leaderboard score --shard I/N" in error
    assert "submissions/" in error and "result(s) of public benchmarks" in error  # shard 2's files are named
    assert not (tmp_path / "n2-site").exists()


def test_bad_shard_arguments_are_explained(crowded_repo: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(crowded_repo.root, "score", "--shard", "3/2") == 1
    assert "expected I/N with 1 <= I <= N" in capsys.readouterr().err
    assert cli(crowded_repo.root, "score", "--shard", "1/2", "--no-cache") == 1
    assert "drop --no-cache" in capsys.readouterr().err


def test_one_pack_per_run_and_merge_by_copying_packs(crowded_repo: Repository, tmp_path: Path) -> None:
    for index in (1, 2):
        scoring.score_shard(crowded_repo, Shard(index, 2), cache=ResultCache(tmp_path / f"s{index}"))
        assert len(list((tmp_path / f"s{index}").iterdir())) == 1
    copied = tmp_path / "copied"
    copied.mkdir()
    for index in (1, 2):
        for pack in (tmp_path / f"s{index}").iterdir():
            shutil.copy(pack, copied / pack.name)
    count, pack = merge_caches(tmp_path / "merged", [tmp_path / "s1", tmp_path / "s2"])
    assert pack is not None and count > 0
    assert ResultCache(copied).keys() == ResultCache(tmp_path / "merged").keys()
    assert merge_caches(tmp_path / "merged", [tmp_path / "s1", tmp_path / "s2"])[1] == pack  # same content, same name


def test_validate_and_score_in_one_read_equals_sequential(
    crowded_repo: Repository, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The combined workers read each predictions file once (validation's table is the one scored)."""
    monkeypatch.setenv("LEADERBOARD_WORKERS", "1")
    reports_1, sequential, _ = score_repository(crowded_repo, cache=ResultCache(None))
    monkeypatch.setenv("LEADERBOARD_WORKERS", "2")
    monkeypatch.setattr(scoring, "COMBINED_FOLDERS", 1)
    monkeypatch.setattr(scoring, "_FOLDER_CHUNK", 2)
    log = tmp_path / "reads.log"  # appended to by the forked workers too
    original = validation.read_table

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        with log.open("a") as handle:
            handle.write(f"{path}\n")
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "read_table", counting)
    reports_2, combined, _ = score_repository(crowded_repo, cache=ResultCache(None))
    assert len(sequential.results) == len(combined.results) > 8
    for one, other in zip(sequential.results, combined.results, strict=True):
        assert one == other and np.array_equal(one.replicates, other.replicates)
    assert sequential.pending == combined.pending
    assert [(r.slug, sorted(r.predictions), r.problems) for r in reports_1] == \
        [(r.slug, sorted(r.predictions), r.problems) for r in reports_2]
    reads = log.read_text().splitlines()
    files = [str(p.path) for r in reports_2 for p in r.predictions.values()]
    assert sorted(reads) == sorted(files)  # every valid predictions file read exactly once


def test_a_scorer_version_bump_publishes_what_moved(
    crowded_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.setenv("LEADERBOARD_CACHE_DIR", str(tmp_path / "cache"))
    site = tmp_path / "site"
    assert cli(crowded_repo.root, "build", "-o", str(site)) == 0
    first = json.loads((site / "api" / "drift.json").read_text())
    assert first["compared"] is False and first["benchmarks"] == []

    # A "fixed" classification scorer: a new version, which (in this test) reads every gold label as neutral.
    task = get_task_type("classification")
    original, old_version = task.score_prepared, task.version
    new_version = f"{old_version}-test"
    monkeypatch.setattr(type(task), "version", new_version)

    def neutral_gold(benchmark, gold, predicted, prepared):  # type: ignore[no-untyped-def]
        gold = gold.assign(label="neutral")
        return original(benchmark, gold, predicted, task.prepare_gold(benchmark, gold))

    monkeypatch.setattr(task, "score_prepared", neutral_gold)
    assert cli(crowded_repo.root, "build", "-o", str(site), "--previous", str(site)) == 0
    drift = json.loads((site / "api" / "drift.json").read_text())
    assert drift["compared"] is True and drift["previous"] == str(site)
    [sentiment] = [b for b in drift["benchmarks"] if b["benchmark"] == "tiny-sentiment"]
    moved = {m["slug"]: m for m in sentiment["moved"]}
    assert set(moved) == {"good-model", "second", "all-neutral", "full-0", "full-1"}
    assert all(m["scorer_version"] == [old_version, new_version]
               and m["cause"] == f"scorer {old_version} → {new_version}" for m in moved.values())
    old_rank, new_rank = moved["all-neutral"]["rank"]
    assert new_rank < old_rank and moved["all-neutral"]["score"][1] > moved["all-neutral"]["score"][0]
    assert moved["good-model"]["rank"][1] > moved["good-model"]["rank"][0]
    assert {b["benchmark"] for b in drift["benchmarks"]} == {"tiny-sentiment"}  # other task types did not move
    page = (site / "drift.html").read_text()
    assert "All Neutral" in page and f"{old_rank} → {new_rank}" in page
    assert f"scorer {old_version} → {new_version}" in page
    # Unchanged since: nothing moved.
    assert cli(crowded_repo.root, "build", "-o", str(site), "--previous", str(site)) == 0
    again = json.loads((site / "api" / "drift.json").read_text())
    assert again["compared"] is True and again["moved"] == 0 and again["benchmarks"] == []


def test_checking_one_submission_reads_only_its_benchmarks(
    crowded_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PR path: the others only on the new submission's benchmarks, from the cache; same rank."""
    folder = add_submission(crowded_repo, "pr-one", "PR One", {"tiny-sentiment.csv": ALL_NEUTRAL})
    cache = ResultCache(tmp_path / "cache")
    full = evaluate_repository(crowded_repo, cache=cache).standings
    hashed: list[str] = []
    original = validation.sha256_file

    def recording(path: Path) -> str:
        hashed.append(Path(path).name)
        return original(path)

    monkeypatch.setattr(validation, "sha256_file", recording)
    monkeypatch.setattr(scoring, "sha256_file", recording)
    checked = ResultCache(tmp_path / "cache")
    evaluation = evaluate_repository(crowded_repo, [folder], cache=checked)
    assert evaluation.selected == ["pr-one"] and checked.misses == 0
    assert set(hashed) == {"tiny-sentiment.csv", "gold.csv"}  # no other benchmark's files, nor their gold
    [place] = evaluation.standings.places("pr-one")
    [expected] = full.places("pr-one")
    assert place.standing is not None and expected.standing is not None
    assert (place.standing.rank, place.standings.field_size) == (expected.standing.rank, expected.standings.field_size)

"""Integrity screening (issue 12): what the format checks cannot see.

Validation proves that a file is well formed; it cannot tell that the file *is* the public gold,
that it is another submission's file under a new name, or that its model name imitates an existing
one. These four checks do, each with a message that says what to do (CONTRIBUTING.md, "When a
check flags your submission"):

``gold-match`` (error)
    Predictions equal the public gold on at least :data:`GOLD_MATCH_SHARE` of the items while
    ``trained_on_benchmark_data`` is false.
``duplicate-predictions`` (error)
    A predictions file byte-identical, or identical after canonicalisation (the form
    ``leaderboard submit`` writes, rows ordered by id), to another submission's file for the same
    benchmark. The other submission is named. A copy of a folder the same people maintain is a
    warning only: it is theirs to list twice or not.
``confusable-name`` (error)
    A model name equal to, or confusable with, another submission's name whose maintainers are
    all different people: NFKC, case folding, then every character replaced by its prototype in
    Unicode's confusables data (UTS #39 "skeleton", approximated with the data the
    ``confusable_homoglyphs`` package ships).
``far-above-leader`` (warning, from the standings)
    A primary score beyond the current leader's 95% interval by more than :data:`LEADER_MARGIN`:
    not wrong in itself, so a maintainer reviews it before merge.

When two submissions of one run collide, the one submitted later (then the later slug) is
flagged: the earlier one holds the name or the file. A maintainer can waive the first three for
one slug in ``.github/maintainers.yaml`` (``exemptions``).

Cheap by construction: each file is hashed once (validation's sha256 is reused), a file is parsed
for its canonical digest only when another submission has a file for the same benchmark, and the
gold is read only for a public benchmark of a submission that says it did not train on it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from confusable_homoglyphs import confusables
from pydantic import ValidationError

from leaderboard.benchmarks import Benchmark
from leaderboard.errors import InputFileError
from leaderboard.formatting import format_interval, format_value
from leaderboard.problems import Problem
from leaderboard.repository import Repository
from leaderboard.results import sha256_file
from leaderboard.schemas import SubmissionMetadata
from leaderboard.standings import Standings
from leaderboard.tables import TABLE_SUFFIXES, Table
from leaderboard.validation import METADATA_FILE, PredictionFile, SubmissionReport, canonical_csv
from leaderboard.yamlfile import load_yaml

#: Share of items equal to the public gold from which "this is the gold" is the likelier story.
GOLD_MATCH_SHARE = 0.98
#: How far beyond the leader's interval (in the metric's own 0-1 units: 0.05 is 5 points) a score
#: must be to ask for a maintainer's review. The interval already covers sampling noise; five more
#: points on top is a jump no ordinary improvement makes on these benchmark sizes.
LEADER_MARGIN = 0.05


@dataclass
class _Other:
    """Another submission folder, read once: its name, maintainers, date and files."""

    slug: str
    model_name: str
    maintainers: frozenset[str]
    order: tuple[str, str]  # (submitted, slug): who came first
    files: dict[str, PredictionFile]


def skeleton(name: str) -> str:
    """The form two confusable names share: NFKC, case-folded, each character's prototype, spaces
    collapsed. ``"Mаjority"`` with a Cyrillic ``а`` and ``"majority"`` have the same skeleton."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join("".join(_prototype(char) for char in folded).split())


@cache
def _prototype(char: str) -> str:
    """One representative of the characters the confusables data says look like ``char``: an
    ASCII one when there is one (``а`` -> ``a``), else the smallest code point of the group."""
    data: Mapping[str, Any] = confusables.confusables_data
    group = {char} | {str(entry["c"]) for entry in data.get(char, ()) if len(str(entry["c"])) == 1}
    ascii_chars = sorted(c for c in group if c.isascii())
    return ascii_chars[0] if ascii_chars else min(group)


def _content_digest(file: PredictionFile) -> str | None:
    """sha256 of the canonical CSV with rows ordered by id; None when the file cannot be read."""
    try:
        table = file.table
    except InputFileError:
        return None
    ordered = Table(table.path, table.frame.sort_values("id", kind="stable").reset_index(drop=True), table.lines)
    return hashlib.sha256(canonical_csv(file.benchmark, ordered).encode("utf-8")).hexdigest()


def _read_others(repository: Repository) -> dict[str, _Other]:
    """Every folder under ``submissions/`` with valid metadata; anything unreadable is skipped
    (validation reports it on its own folder)."""
    others: dict[str, _Other] = {}
    root = repository.submissions_dir
    if not root.is_dir():
        return others
    benchmarks = repository.benchmarks
    for folder in sorted(root.iterdir()):
        if folder.is_symlink() or not folder.is_dir() or not (folder / METADATA_FILE).is_file():
            continue
        display = f"submissions/{folder.name}"
        try:
            metadata = SubmissionMetadata.model_validate(
                load_yaml(folder / METADATA_FILE, f"{display}/{METADATA_FILE}").data)
        except (InputFileError, ValidationError):
            continue
        files = {}
        for path in sorted(folder.iterdir()):
            if (path.suffix in TABLE_SUFFIXES and path.stem in benchmarks and path.is_file()
                    and not path.is_symlink()):
                files[path.stem] = PredictionFile(benchmarks[path.stem], path, f"{display}/{path.name}",
                                                  sha256_file(path))
        others[folder.name] = _Other(folder.name, metadata.model_name, _handles(metadata.maintainers),
                                     (metadata.submitted.isoformat(), folder.name), files)
    return others


def _handles(maintainers: Iterable[str]) -> frozenset[str]:
    return frozenset(handle.lower() for handle in maintainers)  # GitHub handles ignore case


def screen_reports(repository: Repository, reports: Sequence[SubmissionReport]) -> list[Problem]:
    """The integrity problems of ``reports`` (folders validated in this run) against every other
    submission of the repository. Reports without valid metadata are skipped: validation has
    already failed them."""
    screened = [r for r in reports if r.metadata is not None and r.slug]
    if not screened:
        return []
    others = _read_others(repository)
    orders = {r.slug: (r.metadata.submitted.isoformat(), r.slug) for r in screened if r.metadata is not None}
    digests: dict[str, str | None] = {}  # by sha256: each distinct file parsed at most once

    def digest(file: PredictionFile) -> str | None:
        if file.sha256 not in digests:
            digests[file.sha256] = _content_digest(file)
        return digests[file.sha256]

    problems: list[Problem] = []
    for report in screened:
        assert report.metadata is not None
        order = orders[report.slug]

        def yields_to(other: _Other, order: tuple[str, str] = order) -> bool:
            """A colliding submission of this same run that came later is the one flagged."""
            return other.slug in orders and orders[other.slug] > order

        rivals = [o for o in others.values() if o.slug != report.slug]
        if not repository.exempted(report.slug, "gold-match") and not report.metadata.trained_on_benchmark_data:
            problems += [p for file in report.predictions.values() if (p := _gold_match(file)) is not None]
        if not repository.exempted(report.slug, "duplicate-predictions"):
            for benchmark_id, file in report.predictions.items():
                for other in rivals:
                    theirs = other.files.get(benchmark_id)
                    if theirs is None or yields_to(other):
                        continue
                    same = "byte-identical" if theirs.sha256 == file.sha256 else (
                        "identical after canonicalisation" if digest(theirs) is not None
                        and digest(theirs) == digest(file) else None)
                    if same and other.maintainers & _handles(report.metadata.maintainers):
                        problems.append(Problem(file.display, None, (
                            f"these predictions are {same} to your own submissions/{other.slug}/"
                            f"{theirs.path.name} ('{other.model_name}'): the leaderboard will list the same "
                            "predictions twice; keep one folder per model version"),
                            severity="warning", code="duplicate-predictions"))
                        break
                    if same:
                        problems.append(Problem(file.display, None, (
                            f"these predictions are {same} to submissions/{other.slug}/{theirs.path.name} "
                            f"('{other.model_name}'); a resubmission of the same model belongs in that folder "
                            f"(ask its maintainers), and if the duplicate is legitimate, say why in the pull "
                            f"request: a maintainer can exempt it"), code="duplicate-predictions"))
                        break
        if not repository.exempted(report.slug, "confusable-name"):
            mine, handles = skeleton(report.metadata.model_name), _handles(report.metadata.maintainers)
            for other in rivals:
                if yields_to(other) or other.maintainers & handles or skeleton(other.model_name) != mine:
                    continue
                how = "is the same as" if other.model_name == report.metadata.model_name else "looks like"
                line = report.metadata_document.line_of(("model_name",)) if report.metadata_document else None
                problems.append(Problem(f"{report.display}/{METADATA_FILE}", line, (
                    f"model_name '{report.metadata.model_name}' {how} '{other.model_name}' of "
                    f"submissions/{other.slug}/, which other people maintain; choose a distinct name, or "
                    f"ask its maintainers to list you in its maintainers if it is the same model"),
                    code="confusable-name"))
                break
    return problems


def _gold_match(file: PredictionFile) -> Problem | None:
    """An error when ``file`` equals the public gold on at least GOLD_MATCH_SHARE of the items."""
    benchmark = file.benchmark
    if benchmark.is_private or benchmark.data_file("gold") is None:
        return None
    try:
        predictions, gold = file.table, benchmark.gold_table()
    except InputFileError:
        return None
    share = gold_share(benchmark, predictions, gold)
    if share < GOLD_MATCH_SHARE:
        return None
    return Problem(file.display, None, (
        f"these predictions equal the public gold of {benchmark.id} on {share:.1%} of the items; if the "
        "model was trained on the benchmark's data, say so: set trained_on_benchmark_data: true in "
        f"{METADATA_FILE} (the site then flags it); if it was not, a maintainer reviews it and can "
        "exempt it"), code="gold-match")


def gold_share(benchmark: Benchmark, predictions: Table, gold: Table) -> float:
    """The share of the benchmark's items whose prediction equals the gold: the label or the tag
    sequence, or for answers one of the gold answers (after trimming and case folding)."""
    n_items = benchmark.n_items or 1
    by_id = {str(row["id"]): row for row in gold.frame.to_dict("records")}
    compared = [c for c in gold.columns if c != "id" and c in predictions.columns]
    matches = 0
    for row in predictions.frame.to_dict("records"):
        truth = by_id.get(str(row["id"]))
        if truth is None:
            continue
        if "answers" in truth and "answer" in row:
            answers = truth["answers"] if isinstance(truth["answers"], list) else [truth["answers"]]
            matches += _plain(row["answer"]) in {_plain(a) for a in answers}
        elif compared:
            matches += all(_same(row[c], truth[c]) for c in compared)
    return matches / n_items


def _plain(value: Any) -> str:
    return " ".join(str(value).casefold().split())


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, list | tuple) or isinstance(right, list | tuple):
        return list(left) == list(right)
    return bool(left == right)


def leader_warnings(standings: Standings, report: SubmissionReport) -> list[Problem]:
    """A warning for each benchmark where the submission's primary score lies beyond the current
    leader's 95% interval by more than LEADER_MARGIN: a maintainer reviews it before merge. The
    leader is read from the standings (the best other listed model); nothing is re-ranked."""
    problems = []
    for place in standings.places(report.slug):
        result = place.result
        if result is None:
            continue
        board = place.standings
        leader = next((e for e in board.entries if e.slug != report.slug), None)
        if leader is None:
            continue
        metric = board.benchmark.task.metric(board.benchmark.spec.primary_metric)
        low, high = leader.result.interval
        far = (result.score > high + LEADER_MARGIN if metric.greater_is_better
               else result.score < low - LEADER_MARGIN)
        if not far:
            continue
        file = report.predictions.get(board.benchmark.id)
        where = file.display if file is not None else f"{report.display}/{board.benchmark.id}"
        problems.append(Problem(where, None, (
            f"{metric.title} {format_value(metric, result.score)} is far beyond the current leader "
            f"'{leader.metadata.model_name}' ({format_value(metric, leader.result.score)}, 95% interval "
            f"{format_interval(metric, leader.result.interval)}): more than "
            f"{format_value(metric, LEADER_MARGIN)} points past its interval, so a maintainer will review "
            "the predictions before merge; nothing for you to fix if they are genuine"),
            severity="warning", code="far-above-leader"))
    return problems


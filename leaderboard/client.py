"""The Python API: ``Leaderboard`` over this checkout, or read-only over a published site.

>>> lb = Leaderboard()                                   # doctest: +SKIP
>>> lb.get_leaderboard(dataset_id="fin-sentiment")       # doctest: +SKIP
{"schema_version": 1, "benchmark": {...}, "models": [{"rank": 1, "model": ..., "score": ...}]}

Errors are the package's own exceptions, with the same messages as the command line.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from leaderboard.api import SCHEMA_VERSION, benchmark_summary, leaderboard_document, suite_document
from leaderboard.errors import SubmissionError, UnknownNameError
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.scorers import get_task_type
from leaderboard.standings import evaluate_repository

MAX_RESPONSE_BYTES = 32 * 1024 * 1024


def local_leaderboard(repository: Repository, benchmark_id: str, cache: ResultCache) -> dict[str, Any]:
    """The same document the site publishes as ``api/leaderboard/<id>.json``."""
    benchmark = repository.benchmark(benchmark_id)
    standings = evaluate_repository(repository, cache=cache).standings
    return leaderboard_document(standings.benchmarks[benchmark.id])


def local_suite(repository: Repository, suite_id: str, cache: ResultCache) -> dict[str, Any]:
    """The same document the site publishes as ``api/suites/<id>.json``."""
    suite = repository.suite(suite_id)
    return suite_document(evaluate_repository(repository, cache=cache).standings.suites[suite.id])


class Leaderboard:
    """Submit, check and read leaderboards, like a hosted leaderboard's client."""

    def __init__(self, root: str | Path | None = None) -> None:
        self._repository: Repository | None = Repository.discover(Path(root) if root else None)
        self._url: str | None = None

    @classmethod
    def from_url(cls, url: str) -> Leaderboard:
        """Read-only access to a published site's JSON API (it submits nothing)."""
        if not re.match(r"^https?://", url):
            raise SubmissionError(f"'{url}' is not an http(s) URL of a published leaderboard")
        instance = cls.__new__(cls)
        instance._repository = None
        instance._url = url if url.endswith("/") else url + "/"
        return instance

    # -- reading ------------------------------------------------------------------------------

    def benchmarks(self) -> list[dict[str, Any]]:
        if self._url is not None:
            return list(self._fetch("api/benchmarks.json")["benchmarks"])
        repository = self._local()
        return [benchmark_summary(b) for b in repository.benchmarks.values()]

    def get_leaderboard(self, dataset_id: str) -> dict[str, Any]:
        """``{"schema_version", "benchmark": {...}, "models": [{"rank", "model", "score", "ci", ...}]}``.

        ``dataset_id`` may also name a suite (``benchmarks/suites.yaml``): then the document has
        ``"suite"`` instead of ``"benchmark"``, each model's per-benchmark ``scores``, and the
        ``incomplete`` models that did not enter every benchmark of the suite.
        """
        if self._url is not None:
            known = [b["id"] for b in self.benchmarks()]
            if dataset_id in known:
                return self._fetch(f"api/leaderboard/{dataset_id}.json")
            suites = [s["id"] for s in self._fetch("api/suites.json").get("suites", [])]
            if dataset_id in suites:
                return self._fetch(f"api/suites/{dataset_id}.json")
            raise UnknownNameError("benchmark or suite", dataset_id, [*known, *suites])
        repository = self._local()
        if dataset_id in repository.suites or dataset_id in repository.broken_suites:
            return local_suite(repository, dataset_id, ResultCache.for_root(repository.root))
        return local_leaderboard(repository, dataset_id, ResultCache.for_root(repository.root))

    # -- submitting ---------------------------------------------------------------------------

    def submit_predictions(
        self,
        dataset_id: str,
        task_type: str,
        model_name: str,
        predictions_file: str | Path,
        *,
        slug: str | None = None,
        force: bool = False,
        **metadata: Any,
    ) -> dict[str, Any]:
        """Add ``predictions_file`` to ``submissions/<slug>/``, validate and score it.

        ``metadata`` takes the fields of metadata.yaml (organization, description, license,
        open_weights, approach, trained_on_benchmark_data, maintainers, ...).
        """
        from leaderboard.submit import submit

        repository = self._local("submit")
        benchmark = repository.benchmark(dataset_id)
        if get_task_type(task_type).name != benchmark.task.name:
            raise SubmissionError(
                f"{dataset_id} is a {benchmark.task.name} benchmark, not {get_task_type(task_type).name}"
            )
        result = submit(repository, dataset_id, Path(predictions_file), {"model_name": model_name, **metadata},
                        slug=slug, force=force)
        status = "processing" if any("pending" in r for r in result.results) else "complete"
        return {"submission_id": result.slug, "status": status, "folder": str(result.folder),
                "results": result.results, "warnings": [p.format() for p in result.problems]}

    def get_submission_status(self, submission_id: str | int) -> dict[str, Any]:
        """``{"status": "processing" | "complete" | "failed", ...}`` for a slug or a PR number."""
        from leaderboard.github.pullrequest import pull_request_status
        from leaderboard.submit import local_status

        repository = self._local("check a submission's status")
        text = str(submission_id).lstrip("#")
        if text.isdigit():
            return pull_request_status(repository.root, int(text))
        return local_status(repository, text, cache=ResultCache.for_root(repository.root))

    # -- helpers ------------------------------------------------------------------------------

    def _local(self, action: str = "read") -> Repository:
        if self._repository is None:
            raise SubmissionError(
                f"a Leaderboard from a URL is read-only and cannot {action}; clone the repository and "
                "use Leaderboard() in the checkout"
            )
        return self._repository

    def _fetch(self, path: str) -> dict[str, Any]:
        assert self._url is not None
        url = self._url + path
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                data = response.read(MAX_RESPONSE_BYTES + 1)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SubmissionError(f"cannot read {url}: {exc}") from exc
        if len(data) > MAX_RESPONSE_BYTES:
            raise SubmissionError(f"{url}: response larger than {MAX_RESPONSE_BYTES:,} bytes")
        try:
            payload = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SubmissionError(f"{url}: not a leaderboard JSON document") from exc
        if not isinstance(payload, dict) or payload.get("schema_version") not in (1, SCHEMA_VERSION):
            raise SubmissionError(f"{url}: unsupported API schema_version {payload.get('schema_version')!r}")
        return payload

"""The Python API: ``Leaderboard`` over this checkout, or read-only over a published site.

>>> lb = Leaderboard()                                   # doctest: +SKIP
>>> lb.get_leaderboard(dataset_id="fin-sentiment")       # doctest: +SKIP
{"schema_version": 1, "benchmark": {...}, "models": [{"rank": 1, "model": ..., "score": ...}]}

Errors are the package's own exceptions, with the same messages as the command line.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from leaderboard.api import SCHEMA_VERSION, benchmark_summary, leaderboard_document, suite_document
from leaderboard.errors import SubmissionError, UnknownNameError, did_you_mean
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.schemas import SubmissionMetadata
from leaderboard.scorers import get_task_type
from leaderboard.standings import evaluate_repository

if TYPE_CHECKING:  # the GitHub glue is loaded only when a status is asked for
    from leaderboard.github.status import SubmissionStatus

MAX_RESPONSE_BYTES = 32 * 1024 * 1024
#: Where ``status SLUG`` looks for the published site when no --site-url is given.
SITE_URL_ENV = "LEADERBOARD_SITE_URL"

def check_metadata_keywords(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """The metadata keywords of ``submit_predictions``, checked by name ("did you mean") and
    normalised: a string is one maintainer, ``None`` is left out."""
    known = sorted(set(SubmissionMetadata.model_fields) - {"model_name"})
    unknown = sorted(set(metadata) - set(known))
    if unknown:
        raise SubmissionError("; ".join(
            f"submit_predictions() got an unknown keyword argument {name!r}{did_you_mean(name, known)}"
            for name in unknown) + f"; metadata keywords: {', '.join(known)}")
    fields = {k: v for k, v in metadata.items() if v is not None}
    if isinstance(fields.get("maintainers"), str):
        fields["maintainers"] = [m.strip().lstrip("@") for m in fields["maintainers"].split(",") if m.strip()]
    return fields


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
        """Add ``predictions_file`` to ``submissions/<slug>/``, validate and score it here.

        ``metadata`` takes the fields of metadata.yaml as keywords (organization, description,
        license, open_weights, approach, trained_on_benchmark_data, maintainers, ...); a string is
        one maintainer. Missing fields do not raise: the folder is written and scored, and the
        returned status (``failed`` at stage ``local``) names each one. Nothing leaves this machine:
        the next step is a pull request.
        """
        from leaderboard.submit import local_status, submit

        repository = self._local("submit")
        fields = check_metadata_keywords(metadata)
        benchmark = repository.benchmark(dataset_id)
        task = get_task_type(task_type)
        if task.name != benchmark.task.name:
            raise SubmissionError(f"dataset_id={dataset_id!r} is a {benchmark.task.name} benchmark, but "
                                  f"task_type={task_type!r} is {task.name}: pass task_type={benchmark.task.name!r}")
        cache = ResultCache.for_root(repository.root)
        result = submit(repository, dataset_id, Path(predictions_file), {"model_name": model_name, **fields},
                        slug=slug, force=force, cache=cache, allow_incomplete_metadata=True)
        status = local_status(repository, result.slug, cache=cache).to_json()
        return {**status, "folder": str(result.folder),
                "warnings": [p.format() for p in result.problems if p.severity != "error"]}

    def get_submission_status(self, submission_id: str | int, *, site_url: str | None = None,
                              upstream: str | None = None, gh: str = "gh") -> dict[str, Any]:
        """``{"status", "stage", "reasons", "next_step", "results", ...}`` for a slug or a PR number.

        A slug is looked up on the published site (``site_url``, else ``$LEADERBOARD_SITE_URL``),
        then as an open pull request from ``submission/<slug>`` (through ``gh``), then in this
        checkout; a number is a pull request of the upstream repository (``upstream``, else the
        ``upstream`` remote).
        """
        from leaderboard.github import pullrequest
        from leaderboard.submit import local_status

        repository = self._local("check a submission's status")
        site = site_url or os.environ.get(SITE_URL_ENV) or None
        text = str(submission_id).lstrip("#")
        if text.isdigit():
            found = pullrequest.status_of_pull_request(repository.root, int(text), gh=gh, upstream=upstream)
            slug = (found.pull_request or {}).get("slug")
            if (found.pull_request or {}).get("state") == "merged" and site and slug:
                published = self._published(site, str(slug))
                if published is not None:
                    return published.to_json() | {"pull_request": dict(found.pull_request or {})}
            return found.to_json()
        if site:
            published = self._published(site, text)
            if published is not None:
                return published.to_json()
        number = pullrequest.find_pull_request(repository.root, text, gh=gh, upstream=upstream)
        if number is not None:
            return pullrequest.status_of_pull_request(repository.root, number, gh=gh, upstream=upstream).to_json()
        if not (repository.submissions_dir / text).is_dir() and re.match(r"^[a-z0-9][a-z0-9._-]*$", text):
            where = f"on {site}, " if site else ""
            raise SubmissionError(f"no submission '{text}' {where}in an open pull request or in submissions/ here"
                                  + ("" if site else f"; set --site-url or ${SITE_URL_ENV} to look on the site"))
        return local_status(repository, text, cache=ResultCache.for_root(repository.root)).to_json()

    def get_model(self, slug: str) -> dict[str, Any] | None:
        """A published model's document (``api/models/<slug>.json``), or None when it is not on the site."""
        if self._url is None:
            raise SubmissionError("get_model reads a published site: use Leaderboard.from_url(URL)")
        if not re.match(r"^[a-z0-9][a-z0-9._-]*$", slug):
            raise SubmissionError(f"'{slug}' is not a submission slug")
        return self._fetch(f"api/models/{slug}.json", missing_ok=True)

    def _published(self, site_url: str, slug: str) -> SubmissionStatus | None:
        from leaderboard.github.status import published_status

        site = Leaderboard.from_url(site_url)
        model = site.get_model(slug)
        if model is None:
            return None
        sizes = {str(b["id"]): int(b.get("models") or 0) for b in site.benchmarks()}
        return published_status(slug, model, sizes, site_url)

    # -- helpers ------------------------------------------------------------------------------

    def _local(self, action: str = "read") -> Repository:
        if self._repository is None:
            raise SubmissionError(
                f"a Leaderboard from a URL is read-only and cannot {action}; clone the repository and "
                "use Leaderboard() in the checkout"
            )
        return self._repository

    @overload
    def _fetch(self, path: str) -> dict[str, Any]: ...

    @overload
    def _fetch(self, path: str, *, missing_ok: bool) -> dict[str, Any] | None: ...

    def _fetch(self, path: str, *, missing_ok: bool = False) -> dict[str, Any] | None:
        assert self._url is not None
        url = self._url + path
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                data = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code == 404 and missing_ok:
                return None
            raise SubmissionError(f"cannot read {url}: {exc}") from exc
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

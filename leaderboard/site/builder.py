"""``leaderboard build``: render the static site and its JSON/CSV API.

Same inputs, byte-identical output: collections are sorted, JSON is written with
``sort_keys=True``, zip members carry a fixed timestamp, and the only date shown comes from
``SOURCE_DATE_EPOCH`` or the last git commit, never from the clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from leaderboard.benchmarks import Benchmark
from leaderboard.collector import collector_paused
from leaderboard.download import prediction_template
from leaderboard.drift import drift_document, drift_rows, load_previous
from leaderboard.drift import summary as drift_summary
from leaderboard.errors import ConfigurationError
from leaderboard.halves import in_two_processes
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.scoring import Progress
from leaderboard.site.context import SiteContext, build_context
from leaderboard.standings import evaluate_repository
from leaderboard.validation import worker_count

STATIC_FILES = ("style.css", "table.js")
DEFAULT_REPO_URL = "https://github.com/openanote/model-leaderboard"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Facts of each model in the CSV export (schema version 2), between the interval and the metrics.
CSV_FACTS = ("trained_on_benchmark_data", "parameters", "submitted", "base_model", "model_url", "paper_url",
             "code_url", "weights_url")


@dataclass(frozen=True)
class BuildReport:
    output: Path
    pages: int
    models: int
    benchmarks: int
    problems: int
    scored: int
    cache_hits: int
    drift: str | None = None  # the drift report's one-line summary


def default_repo_url() -> str:
    """The repository on GitHub, from the Actions environment when there is one."""
    server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    return f"{server}/{repository}" if server and repository else DEFAULT_REPO_URL


def build_date(root: Path) -> str:
    """``SOURCE_DATE_EPOCH`` if set, else the date of the last commit, else empty."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%cs"],
            capture_output=True, text=True, check=False, timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def environment() -> Environment:
    return Environment(
        loader=PackageLoader("leaderboard.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def build_site(
    repository: Repository,
    output: Path,
    *,
    cache: ResultCache,
    repo_url: str | None = None,
    progress: Progress | None = None,
    require_cached: bool = False,
    previous: str | None = None,
) -> BuildReport:
    """Validate and score everything, then write the site into ``output`` (replaced whole).

    ``require_cached``: results of public benchmarks must all be in the cache (merged shards).
    ``previous``: a previous build (folder or URL; it may be ``output`` itself, read before it is
    replaced) for the drift report; without it the report says there was nothing to compare with.
    """
    before = load_previous(previous) if previous else None
    evaluation = evaluate_repository(repository, cache=cache, progress=progress, require_cached=require_cached)
    context = build_context(
        evaluation.standings, evaluation.reports,
        repo_url=repo_url or default_repo_url(), updated=build_date(repository.root),
    )
    current = {bid: context.api[f"leaderboard/{bid}.json"] for bid in evaluation.standings.benchmarks}
    drift = drift_document(before, current, previous)
    context.api["drift.json"] = drift
    context.drift, context.drift_note = drift_rows(drift, repository.benchmarks), drift_summary(drift)
    pages = render_site(context, repository.benchmarks, output)
    return BuildReport(output, pages, len(context.models), len(context.benchmarks), len(context.problems),
                       cache.misses, cache.hits, context.drift_note if previous else None)


def render_site(context: SiteContext, benchmarks: dict[str, Benchmark], output: Path) -> int:
    """Write every page, the API, the CSV exports and the downloads into ``output`` (replaced whole)."""
    with collector_paused():
        return _render_site(context, benchmarks, output)


#: With at least this many pages (and more than one worker), two processes write the site.
PARALLEL_PAGES = 64

#: One file to write: what it is ("page", "api", "csv", "suite-csv", "download") and its key.
OutputJob = tuple[str, str]


@dataclass(frozen=True)
class Rendering:
    """Everything the processes writing the site share."""

    context: SiteContext
    benchmarks: dict[str, Benchmark]
    output: Path
    env: Environment
    pages: dict[str, tuple[str, dict[str, Any]]]
    jobs: list[OutputJob]


def _render_site(context: SiteContext, benchmarks: dict[str, Benchmark], output: Path) -> int:
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    env = environment()
    pages = _pages(context)
    static = Path(__file__).parent / "static"
    for name in STATIC_FILES:
        shutil.copyfile(static / name, output / name)
    (output / ".nojekyll").write_text("", encoding="utf-8")
    jobs: list[OutputJob] = [
        *(("page", path) for path in sorted(pages)),
        *(("api", path) for path in sorted(context.api)),
        *(("csv", page.id) for page in context.benchmarks),
        *(("suite-csv", suite.id) for suite in context.suites),
        *(("download", benchmark_id) for benchmark_id in benchmarks),
    ]
    write = functools.partial(_write_share, Rendering(context, benchmarks, output, env, pages, jobs))
    if len(pages) >= PARALLEL_PAGES and worker_count() > 1:
        # Rendering is a tenth of a cold build's wall time at the default scale and all of it
        # ran on one core (issue 17): a forked process writes every other file, sharing the
        # context and the compiled templates; which process writes a file changes no byte.
        for template in {template for template, _ in pages.values()}:
            env.get_template(template)  # compiled once, before the fork
        in_two_processes(write)
    else:
        write(0, 1)
    return len(pages)


def _pages(context: SiteContext) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every HTML page: its path, template and the template's own variables."""
    pages: dict[str, tuple[str, dict[str, Any]]] = {
        "index.html": ("index.html", {}),
        "submit.html": ("submit.html", {}),
        "about.html": ("about.html", {}),
        "problems.html": ("problems.html", {}),
        "compare.html": ("compare.html", {}),
        "drift.html": ("drift.html", {}),
        "models/index.html": ("models.html", {}),
    }
    for page in context.benchmarks:
        pages[f"benchmarks/{page.id}.html"] = ("benchmark.html", {"page": page})
    for explorer in context.explorers:
        pages[f"explore/{explorer.id}.html"] = ("explore.html", {"page": explorer})
    for suite in context.suites:
        pages[f"suites/{suite.id}.html"] = ("suite.html", {"page": suite})
    for model in context.models:
        if f"models/{model.slug}.html" in pages:  # a submission slugged "index"
            raise ConfigurationError(f"submissions/{model.slug}: the slug '{model.slug}' is reserved by the "
                                     "site (models/index.html); rename the folder")
        pages[f"models/{model.slug}.html"] = ("model.html", {"page": model})
    return pages


def _write_share(rendering: Rendering, index: int, count: int) -> None:
    """Write every ``count``-th file of the site, starting at ``index`` (big and small files alternate
    in the list, so two shares take about as long)."""
    context, benchmarks, output, env, pages = (rendering.context, rendering.benchmarks, rendering.output,
                                               rendering.env, rendering.pages)
    with collector_paused():  # a forked process starts with the collector as it was; keep it paused
        for kind, key in rendering.jobs[index::count]:
            if kind == "page":
                template, extra = pages[key]
                html = env.get_template(template).render(site=context, root="../" * key.count("/"), path=key,
                                                         **extra)
                _write(output / key, html)
            elif kind == "api":
                _write(output / "api" / key, api_json(context.api[key]))
            elif kind == "csv":
                _write(output / "api" / "leaderboard" / f"{key}.csv",
                       _leaderboard_csv(context.api[f"leaderboard/{key}.json"]))
            elif kind == "suite-csv":
                _write(output / "api" / "suites" / f"{key}.csv", _suite_csv(context.api[f"suites/{key}.json"]))
            else:
                _write_download(benchmarks[key], output / "data" / f"{key}.zip")


def api_json(payload: Any) -> str:
    """``json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False)`` plus a newline, fast.

    The standard library indents only in pure Python (the API's 17 MB took 1.4 s at a quarter of
    the default scale, issue 17); its C encoder writes the same JSON compact, and msgspec only lays
    that text out again (numbers and strings stay as the standard library spelled them; tested).
    NaN is not JSON, so msgspec refuses it: such a document is written the slow way, as before.
    """
    compact = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    try:
        return msgspec.json.format(compact, indent=2) + "\n"
    except msgspec.DecodeError:
        return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _leaderboard_csv(payload: dict[str, Any]) -> str:
    metric_names = sorted({name for model in payload["models"] for name in model["metrics"]})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["schema_version", "rank", "model", "slug", "organization", "approach", "open_weights",
                     "score", "ci_low", "ci_high", *CSV_FACTS, *metric_names])
    for model in payload["models"]:
        writer.writerow([
            payload["schema_version"], model["rank"], model["model"], model["slug"], model["organization"],
            model["approach"], str(model["open_weights"]).lower(), model["score"], *model["ci"],
            *(_csv_value(model[name]) for name in CSV_FACTS),
            *(model["metrics"].get(name, "") for name in metric_names),
        ])
    return _neutralise_csv(buffer.getvalue())


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _suite_csv(payload: dict[str, Any]) -> str:
    benchmarks = payload["suite"]["benchmarks"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["schema_version", "rank", "model", "slug", "organization", "score", "ci_low", "ci_high",
                     *benchmarks])
    for model in payload["models"]:
        writer.writerow([payload["schema_version"], model["rank"], model["model"], model["slug"],
                         model["organization"], model["score"], *model["ci"],
                         *(model["scores"][bid] for bid in benchmarks)])
    return _neutralise_csv(buffer.getvalue())


def _neutralise_csv(text: str) -> str:
    """Spreadsheet formula injection: a cell starting with = + - @ is prefixed with a quote."""
    rows = list(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([f"'{c}" if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not _is_number(c)) else c
                         for c in row])
    return buffer.getvalue()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _write_download(benchmark: Benchmark, path: Path) -> None:
    """The inputs a contributor needs (never gold), in a reproducible zip."""
    path.parent.mkdir(parents=True, exist_ok=True)
    members: list[tuple[str, bytes]] = [("benchmark.yaml", (benchmark.root / "benchmark.yaml").read_bytes())]
    for stem in ("eval", "train"):
        source = benchmark.data_file(stem)
        if source is not None:
            members.append((source.name, source.read_bytes()))
    members += [(f"documents/{p.name}", p.read_bytes()) for p in benchmark.documents.values()]
    members.append((f"{benchmark.id}.csv", prediction_template(benchmark).encode("utf-8")))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(members):
            info = zipfile.ZipInfo(f"{benchmark.id}/{name}", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

"""The ``leaderboard`` command: a thin layer that parses arguments, calls the library and prints.

Every command's help ends with an example (tests/test_cli.py checks it). Errors of the package's
hierarchy become one message on stderr and exit code 1; a user never sees a traceback for bad
input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from leaderboard._version import __version__
from leaderboard.characters import printable
from leaderboard.errors import GuardError, LeaderboardError, SubmissionError
from leaderboard.problems import Problem, format_json, format_text, has_errors
from leaderboard.progress import progress_bar
from leaderboard.repository import Repository

if TYPE_CHECKING:
    from leaderboard.results import ResultCache

Handler = Callable[[argparse.Namespace, Repository], int]
_COMMANDS: dict[str, tuple[Handler, str, str]] = {}


def command(name: str, summary: str, example: str) -> Callable[[Handler], Handler]:
    """Register a sub-command; its docstring becomes the help text, followed by the example."""

    def register(handler: Handler) -> Handler:
        _COMMANDS[name] = (handler, summary, example)
        return handler

    return register


@command("validate", "check submissions for format and metadata problems",
         "leaderboard validate submissions/acme-7b")
def _validate(args: argparse.Namespace, repository: Repository) -> int:
    """Validate submissions: metadata, file names, columns, ids, labels, tags and limits, and
    screen them against the other submissions (predictions equal to the public gold, duplicates of
    another submission's file, look-alike model names; CONTRIBUTING.md says what to do).

    Every problem is reported as path:line: message; nothing is written. Exits 1 when there is an
    error (or, with --strict, a warning).
    """
    from leaderboard.screening import screen_reports
    from leaderboard.validation import all_problems, validate_paths

    if args.benchmark is not None:
        return _validate_file(args, repository)
    for path in args.paths:
        if path.is_file() and not (path.parent / "metadata.yaml").exists():
            # issue 13: a loose file used to validate every file of its folder
            raise SubmissionError(
                f"{printable(path)} is not in a submission folder (no metadata.yaml beside it); to check "
                f"one predictions file, name its benchmark: leaderboard validate {printable(path)} "
                "--benchmark ID")
    paths = args.paths or [repository.submissions_dir]
    reports = validate_paths(paths, repository)
    problems = all_problems(reports) + screen_reports(repository, reports)
    checked = sum(1 for r in reports if r.slug)
    return _print_problems(args, problems, f"{checked} submission(s) checked")


def _validate_file(args: argparse.Namespace, repository: Repository) -> int:
    """``validate FILE --benchmark ID``: one loose predictions file, before it is in a folder."""
    from leaderboard.errors import InputFileError
    from leaderboard.submit import read_predictions
    from leaderboard.validation import check_table

    if len(args.paths) != 1 or not args.paths[0].is_file():
        raise SubmissionError("--benchmark checks one predictions file: leaderboard validate FILE --benchmark ID")
    benchmark = repository.benchmark(args.benchmark)
    try:
        table, problems = read_predictions(benchmark, args.paths[0])
        problems += check_table(benchmark, table)
    except InputFileError as exc:
        problems = [Problem(exc.path, exc.line, exc.message, code="format")]
    return _print_problems(args, problems, f"1 file checked against {benchmark.id}")


def _print_problems(args: argparse.Namespace, problems: list[Problem], checked: str) -> int:
    from leaderboard.github.actions import format_annotations

    failed = has_errors(problems, strict=args.strict)
    if args.format == "json":
        print(format_json(problems))
    elif args.format == "github":
        print(format_annotations(problems))
    else:
        if problems:
            print(format_text(problems))
        errors = sum(p.severity == "error" for p in problems)
        verdict = "FAILED" if failed else "ok"
        print(f"{verdict}: {checked}, {errors} error(s), {len(problems) - errors} warning(s)")
    return 1 if failed else 0


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="submission folders or files (default: all of submissions/); with "
                             "--benchmark, one predictions file anywhere")
    parser.add_argument("--benchmark", metavar="ID",
                        help="check the one predictions FILE (.csv, .jsonl or .json) against benchmark ID")
    _format_option(parser, ("text", "github", "json"), "text (default), GitHub annotations, or a JSON list")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")


def _format_option(parser: argparse.ArgumentParser, choices: tuple[str, ...], help_text: str) -> None:
    """One flag style on every command that prints data: --format, with --json as an alias."""
    parser.add_argument("--format", choices=choices, default=choices[0], help=help_text)
    parser.add_argument("--json", dest="format", action="store_const", const="json",
                        help="the same as --format json")


@command("benchmarks", "list the benchmarks", "leaderboard benchmarks --check")
def _benchmarks(args: argparse.Namespace, repository: Repository) -> int:
    """List every benchmark: id, task type, items, labels or entity types, gold visibility.

    With --check, also verify each benchmark's own data (ids, gold, tags, answers).
    """
    from leaderboard.benchmarks import check_benchmark
    from leaderboard.report import text_table

    rows = [("id", "task type", "items", "labels / entity types", "gold")]
    records = []
    problems = [p for found in repository.broken_benchmarks.values() for p in found]
    for benchmark in repository.benchmarks.values():
        spec = benchmark.spec
        classes = benchmark.classes
        rows.append((spec.id, spec.task_type, str(benchmark.n_items), ", ".join(classes) or "-", spec.gold))
        records.append({"id": spec.id, "task_type": spec.task_type, "items": benchmark.n_items,
                        "labels": spec.labels, "entity_types": spec.entity_types, "gold": spec.gold})
        if args.check:
            problems += check_benchmark(benchmark)
    for broken in repository.broken_benchmarks:
        rows.append((broken, "?", "-", "-", "broken: see below"))
    if args.format == "json":
        print(json.dumps(records, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(text_table(rows))
    if problems:
        print(format_text(problems), file=sys.stderr)
        return 1
    return 0


def _benchmarks_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="also check each benchmark's data")
    _format_option(parser, ("text", "json"), "text (default) or JSON")


@command("download", "copy a benchmark's inputs and a predictions template",
         "leaderboard download fin-sentiment -o work/")
def _download(args: argparse.Namespace, repository: Repository) -> int:
    """Write BENCH's evaluation set, documents, train split and a predictions template to DIR.

    The template <bench>.csv has every id and empty prediction columns: fill it in, then put it in
    submissions/<your-slug>/.
    """
    from leaderboard.download import download_benchmark

    written = download_benchmark(repository.benchmark(args.benchmark), args.output, force=args.force)
    if args.format == "json":
        print(json.dumps([path.as_posix() for path in written], indent=2, ensure_ascii=False))
    else:
        for path in written:
            print(printable(path))
    return 0


def _download_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("benchmark", metavar="BENCH", help="benchmark id (see 'leaderboard benchmarks')")
    parser.add_argument("-o", "--output", type=Path, default=Path("."), metavar="DIR",
                        help="folder to write into (default: the current folder)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing download")
    _format_option(parser, ("text", "json"), "text (default: one path a line) or a JSON list")


@command("score", "score submissions against the gold answers",
         "leaderboard score submissions/acme-7b --format markdown")
def _score(args: argparse.Namespace, repository: Repository) -> int:
    """Score submissions: every metric, a 95% bootstrap interval for the primary metric, and the
    tie-aware rank each would get among everything in submissions/.

    Results are cached by content hash in .leaderboard-cache/; unchanged files are not rescored.
    Private benchmarks are scored only where LEADERBOARD_PRIVATE_GOLD names the private gold.
    """
    from leaderboard import report
    from leaderboard.results import ResultCache
    from leaderboard.standings import evaluate_repository

    cache = ResultCache(None) if args.no_cache else ResultCache.for_root(repository.root)
    if args.shard is not None:
        return _score_shard(args, repository, cache)
    evaluation = evaluate_repository(
        repository, args.paths, cache=cache, resamples=args.resamples, progress=progress_bar("scoring")
    )
    reports, slugs = evaluation.reports, evaluation.selected
    if args.format == "json":
        print(report.format_json(evaluation.standings, slugs))
    elif args.format == "markdown":
        print(report.format_markdown(evaluation.standings, slugs))
    else:
        print(report.format_table(evaluation.standings, slugs))
    invalid = [r for r in reports if r.slug in slugs and not r.ok()]
    for failed in invalid:
        print(f"{failed.display}: has validation errors; run 'leaderboard validate {failed.display}'",
              file=sys.stderr)
    return 1 if invalid else 0


def _score_shard(args: argparse.Namespace, repository: Repository, cache: ResultCache) -> int:
    """``score --shard I/N``: one share of the results into the cache, for a later merge and build."""
    from leaderboard.scoring import Shard, score_shard

    if args.paths:
        raise SubmissionError("--shard scores its share of every submission; name no PATH")
    done = score_shard(repository, Shard.parse(args.shard), cache=cache, resamples=args.resamples,
                       progress=progress_bar("scoring"))
    where = repository.display(done.pack) if done.pack is not None else "nothing new to write"
    print(f"shard {done.shard}: scored {done.scored}, {done.cached} from cache; {where}")
    return 0


def _score_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="submission folders or files (default: all of submissions/)")
    _format_option(parser, ("table", "json", "markdown"),
                   "table (default), JSON, or the markdown of a pull-request comment")
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache")
    parser.add_argument("--resamples", type=int, default=1000, metavar="B",
                        help="bootstrap resamples (default: 1000)")
    parser.add_argument("--shard", metavar="I/N",
                        help="score only shard I of N of the (submission, benchmark) pairs into the cache, "
                             "chosen by each result's cache key; then 'leaderboard cache merge' and "
                             "'leaderboard build --require-cached'")


@command("build", "render the static leaderboard site and its API", "leaderboard build -o _site")
def _build(args: argparse.Namespace, repository: Repository) -> int:
    """Validate and score every submission, then render the site (HTML pages, JSON and CSV API,
    downloads) into DIR. A broken submission is listed on the problems page and never stops the
    build. Two builds of the same inputs are byte-identical.
    """
    from leaderboard.results import ResultCache
    from leaderboard.site import build_site

    cache = ResultCache(None) if args.no_cache else ResultCache.for_root(repository.root)
    built = build_site(repository, args.output, cache=cache, repo_url=args.repo_url,
                       progress=progress_bar("scoring"), require_cached=args.require_cached,
                       previous=args.previous)
    index = (built.output / "index.html").resolve()
    print(f"built {built.pages} pages: {built.benchmarks} benchmarks, {built.models} models, "
          f"{built.problems} submission(s) with problems; scored {built.scored}, "
          f"{built.cache_hits} from cache")
    if built.drift is not None:
        print(f"drift: {built.drift}")
    print(f"open {index.as_uri()} (or run 'leaderboard serve')")
    return 0


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, default=Path("_site"), metavar="DIR",
                        help="output folder, replaced whole (default: _site)")
    parser.add_argument("--repo-url", default=None, metavar="URL",
                        help="repository URL for links to submission folders (default: from GitHub "
                             "Actions, else the project's)")
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache")
    parser.add_argument("--require-cached", action="store_true",
                        help="fail, naming them, if results of public benchmarks are not in the cache "
                             "(after 'score --shard' and 'cache merge': nothing is left to score)")
    parser.add_argument("--previous", metavar="DIR|URL", default=None,
                        help="a previous build (its folder, or the published site's URL): drift.html and "
                             "api/drift.json list every score and rank that moved since")


@command("cache", "merge the result caches of scoring shards", "leaderboard cache merge shard-1/ shard-2/")
def _cache(args: argparse.Namespace, repository: Repository) -> int:
    """merge DIR...: take every result and validation verdict of the cache folders DIR (e.g. one per
    'score --shard I/N') into the cache (.leaderboard-cache/, or $LEADERBOARD_CACHE_DIR, or --into),
    written as one new pack file. A cache folder is a few immutable pack files named by their
    content, so copying the pack files of several folders into one is a merge too.
    """
    from leaderboard.results import ResultCache, merge_caches

    target = args.into or ResultCache.for_root(repository.root).directory
    assert target is not None
    for source in args.sources:
        if not source.is_dir():
            raise SubmissionError(f"{printable(source)}: no such cache folder")
    count, pack = merge_caches(target, args.sources)
    print(f"merged {count} entries from {len(args.sources)} folder(s) into "
          f"{printable(pack) if pack is not None else printable(target) + ' (nothing to merge)'}")
    return 0


def _cache_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("merge",), help="merge: take other cache folders' entries")
    parser.add_argument("sources", nargs="+", type=Path, metavar="DIR", help="cache folders to merge")
    parser.add_argument("--into", type=Path, metavar="DIR", help="the cache folder to merge into "
                        "(default: $LEADERBOARD_CACHE_DIR, else .leaderboard-cache/)")


@command("serve", "build the site and serve it on localhost", "leaderboard serve --port 8000")
def _serve(args: argparse.Namespace, repository: Repository) -> int:
    """Build the site into DIR and serve it at http://127.0.0.1:PORT/ until interrupted."""
    from leaderboard.results import ResultCache
    from leaderboard.site import build_site
    from leaderboard.site.serve import make_server, serve

    server = make_server(args.output, args.port)  # a busy port fails before the build, not after
    try:
        build_site(repository, args.output, cache=ResultCache.for_root(repository.root))
    except BaseException:
        server.server_close()
        raise
    serve(args.output, args.port, server)
    return 0


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, default=Path("_site"), metavar="DIR",
                        help="output folder (default: _site)")
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")


@command("submit", "add predictions to a submission, validate and score them",
         "leaderboard submit --benchmark fin-sentiment --model-name 'Acme 7B' --predictions preds.csv "
         "--organization Acme --maintainers my-handle")
def _submit(args: argparse.Namespace, repository: Repository) -> int:
    """Create or update submissions/<slug>/ with predictions for one benchmark (CSV, JSONL or a
    JSON array, written in canonical CSV form) and its metadata.yaml, validate it, score it against
    the public gold and print the rank it would get. Missing metadata is asked for in a terminal.
    Nothing is overwritten without --force; a failed validation changes nothing. Without --open-pr
    nothing leaves this machine (stage local). --open-pr then commits on a new branch, pushes it to
    your fork (the 'fork' remote, else 'origin') and opens the pull request against the upstream
    repository's main (--upstream, else the 'upstream' remote) with the gh client.
    """
    from leaderboard.github.pullrequest import open_pull_request
    from leaderboard.results import ResultCache
    from leaderboard.submit import local_status, missing_fields, submit

    options = {name: getattr(args, name) for name in SUBMIT_FIELDS}
    if options["maintainers"]:
        options["maintainers"] = [m.strip().lstrip("@") for m in options["maintainers"].split(",") if m.strip()]
    if sys.stdin.isatty() and not args.metadata:
        existing = repository.submissions_dir / (args.slug or "") / "metadata.yaml"
        if not (args.slug and existing.is_file()):
            given = {k: v for k, v in options.items() if v is not None} | {"model_name": args.model_name}
            for name in missing_fields(given):
                options[name] = _ask(name)
    settings = None
    if args.run_record:
        from leaderboard.runner.record import settings_from_record_file

        settings = settings_from_record_file(args.run_record, args.benchmark)
    result = submit(repository, args.benchmark, args.predictions, {"model_name": args.model_name, **options},
                    slug=args.slug, metadata_file=args.metadata, force=args.force, settings=settings)
    for problem in result.problems:
        print(problem.format())
    for path in result.written:
        print(f"wrote {repository.display(path)}")
    for item in result.results:
        print(f"{item['benchmark']}: {item.get('summary') or 'pending (' + item['pending'] + ')'}")
    if not args.open_pr:
        status = local_status(repository, result.slug, cache=ResultCache.for_root(repository.root))
        print(f"status: {status.status} (stage {status.stage}): {status.reasons[0] if status.reasons else ''}")
        print(f"next step: {status.next_step}")
        return 0
    pull_request = open_pull_request(repository.root, result.slug, args.model_name, upstream=args.upstream)
    print(f"opened {pull_request.url} from {pull_request.head} into {pull_request.upstream or 'origin'}:main")
    ident = pull_request.number or result.slug
    print("status: processing (stage pull_request): the checks start on GitHub")
    print(f"next step: follow it with 'leaderboard status {ident}'")
    return 0


SUBMIT_FIELDS = ("organization", "description", "license", "model_url", "paper_url", "code_url", "weights_url",
                 "base_model", "parameters", "approach", "maintainers", "open_weights", "trained_on_benchmark_data")


def _ask(name: str, read: Callable[[str], str] = input) -> object:
    """Ask for one metadata field until the answer is valid (issue 13: 'maybe' is no answer to a
    yes/no question, and a wrong approach is said at once, not after every other prompt)."""
    from leaderboard.submit import field_problem

    prompt = name.replace("_", " ")
    while True:
        try:
            if name in ("open_weights", "trained_on_benchmark_data"):
                answer = read(f"{prompt}? [yes/no] ").strip().lower()
                if answer in ("y", "yes"):
                    return True
                if answer in ("n", "no"):
                    return False
                print(f"  please answer yes or no, not '{printable(answer)}'")
                continue
            if name == "maintainers":
                value: object = [m.strip().lstrip("@") for m in read("GitHub handle(s), comma-separated: ").split(",")
                                 if m.strip()]
            elif name == "approach":
                choices = "zero-shot, few-shot, fine-tuned-supervised, unsupervised, rlhf, rag, baseline"
                value = read(f"approach ({choices}): ").strip()
            else:
                value = read(f"{prompt}: ").strip()
        except EOFError:
            raise SubmissionError(f"no answer for {prompt}; pass --{name.replace('_', '-')}") from None
        problem = "it is required" if value in ("", []) else field_problem(name, value)
        if problem is None:
            return value
        print(f"  {printable(problem)}; please try again")


def _yes_no(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("yes", "true", "y", "1"):
        return True
    if lowered in ("no", "false", "n", "0"):
        return False
    raise argparse.ArgumentTypeError(f"expected yes or no, got '{printable(value)}'")


def _submit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--benchmark", required=True, metavar="ID", help="benchmark id")
    parser.add_argument("--model-name", required=True, metavar="NAME", help="the model's display name")
    parser.add_argument("--predictions", required=True, type=Path, metavar="FILE",
                        help="predictions as .csv, .jsonl or .json (an array of objects)")
    parser.add_argument("--slug", help="submission folder name (default: from the model name)")
    parser.add_argument("--metadata", type=Path, metavar="FILE", help="a metadata.yaml to start from")
    parser.add_argument("--run-record", type=Path, metavar="FILE",
                        help="a 'leaderboard run' record (FILE.run.json): its model, template, settings, tokens "
                             "and cost become the benchmark's settings in metadata.yaml")
    for name in SUBMIT_FIELDS:
        flag = "--" + name.replace("_", "-")
        if name in ("open_weights", "trained_on_benchmark_data"):
            parser.add_argument(flag, type=_yes_no, metavar="yes|no", default=None)
        elif name == "maintainers":
            parser.add_argument(flag, metavar="HANDLES", help="GitHub handle(s), comma-separated")
        else:
            parser.add_argument(flag, default=None)
    parser.add_argument("--force", action="store_true", help="replace existing files")
    parser.add_argument("--open-pr", action="store_true",
                        help="commit, push to your fork and open a pull request against the upstream repository")
    parser.add_argument("--upstream", metavar="OWNER/NAME",
                        help="with --open-pr: the repository to open it in (default: the 'upstream' remote)")


@command("run", "predictions from an OpenAI-compatible chat model, journalled and resumable",
         "leaderboard run fin-sentiment --model gpt-4o-mini -o work/fin-sentiment.csv")
def _run(args: argparse.Namespace, repository: Repository) -> int:
    """Run a model behind any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, llama.cpp's
    server, Ollama, LM Studio) on BENCH and write FILE, ready for 'leaderboard submit'. Needs the
    optional dependencies: pip install -e '.[run]'.

    The API key is read from the environment variable named by --api-key-env, never from a flag.
    Prompts come from the task type's versioned template (or --prompt FILE, a Jinja template);
    answers are parsed with validate's normalisation, and unparseable ones are kept and counted.
    Every response goes to FILE.journal.jsonl as it arrives: running the same command again sends
    only what is missing, and changing a setting starts a new journal. FILE.run.json records the
    model, template, settings, tokens, latency and cost; pass it to 'submit --run-record'.
    """
    from leaderboard.errors import RunError
    from leaderboard.progress import progress
    from leaderboard.runner import DEFAULT_BASE_URL, RunSettings, dry_run, execute, plan_run

    settings = RunSettings(
        model=args.model, base_url=args.base_url or DEFAULT_BASE_URL, temperature=args.temperature,
        max_tokens=args.max_tokens,
        few_shot=args.few_shot, top_k=args.top_k, prompt=args.prompt, limit=args.limit,
        concurrency=args.concurrency, max_retries=args.max_retries, timeout_s=args.timeout,
        price_input=args.price_input, price_output=args.price_output,
    )
    plan = plan_run(repository.benchmark(args.benchmark), args.output, settings)
    if args.dry_run:
        preview = dry_run(plan)
        print(preview.first_prompt, end="")
        print(f"--- dry run: {preview.requests} request(s) with template {preview.template_id}, "
              f"{preview.to_send} to send ({preview.requests - preview.to_send} already in the journal); "
              "nothing was sent")
        return 0
    api_key = os.environ.get(args.api_key_env, "")
    if not api_key:
        raise RunError(f"the environment variable {args.api_key_env} holding the API key is not set; set it "
                       "(any value, e.g. 'unused', for a local server without keys) or name another with "
                       "--api-key-env")
    try:
        with progress(f"{plan.benchmark.id}", total=len(plan.requests)) as bar:
            result = execute(plan, api_key, on_progress=bar.update)
    except KeyboardInterrupt:
        print(f"interrupted: every response so far is in {plan.journal_path}; run the same command again "
              "to send only the rest", file=sys.stderr)
        raise
    record = result.record
    if result.moved_aside is not None:
        print(f"settings changed: the previous journal is now {result.moved_aside}")
    usage = record["usage"]
    cost = f", ${record['cost_usd']:.4f}" if record["cost_usd"] is not None else ""
    print(f"wrote {result.output}: {record['items']} item(s), {result.sent} request(s) sent, "
          f"{result.reused} from the journal; {record['parse_failures']} unparseable answer(s) kept as given")
    print(f"tokens: {usage['prompt_tokens']:,} in, {usage['completion_tokens']:,} out{cost}; "
          f"latency median {record['latency_s']['median']} s, p95 {record['latency_s']['p95']} s")
    print(f"run record: {result.record_file} (use 'leaderboard submit ... --run-record {result.record_file}')")
    if record["truncated_answers"]:
        print(f"note: {record['truncated_answers']} answer(s) stopped at --max-tokens {settings.max_tokens}")
    if record["unaligned_entities"]:
        print(f"note: {record['unaligned_entities']} entit(y/ies) could not be placed on the tokens")
    if not result.complete:
        print(f"note: {record['items']} of {plan.benchmark.n_items} items (--limit); the file validates only "
              "once it has every item")
    return 0


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("benchmark", metavar="BENCH", help="benchmark id (see 'leaderboard benchmarks')")
    parser.add_argument("--model", required=True, help="the model name the endpoint expects")
    parser.add_argument("--base-url", metavar="URL",
                        help="the endpoint's base URL, e.g. http://127.0.0.1:8080/v1 (default: OpenAI's API, "
                             "https://api.openai.com/v1)")
    parser.add_argument("--api-key-env", default="OPENAI_API_KEY", metavar="VAR",
                        help="environment variable holding the API key (default: OPENAI_API_KEY)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                        help="predictions file to write (.csv or .jsonl)")
    parser.add_argument("--concurrency", type=int, default=4, metavar="N", help="requests in flight (default: 4)")
    parser.add_argument("--temperature", type=float, default=0.0, metavar="T", help="sampling temperature (default: 0)")
    parser.add_argument("--max-tokens", type=int, default=256, metavar="N", help="answer length limit (default: 256)")
    parser.add_argument("--few-shot", type=int, default=0, metavar="K",
                        help="examples from the train split in every prompt, the same each run (default: 0)")
    parser.add_argument("--top-k", type=int, default=4, metavar="K",
                        help="chatbot: documents retrieved by BM25 into each prompt (default: 4)")
    parser.add_argument("--prompt", type=Path, metavar="FILE", help="a Jinja template replacing the shipped one")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N items, in evaluation order")
    parser.add_argument("--max-retries", type=int, default=4, metavar="N",
                        help="retries on 429, 5xx, timeouts and connection errors, with backoff (default: 4)")
    parser.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                        help="per-request timeout (default: 120)")
    parser.add_argument("--price-input", type=float, metavar="USD", help="price per million prompt tokens")
    parser.add_argument("--price-output", type=float, metavar="USD", help="price per million completion tokens")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the first prompt and the number of requests; send nothing")


@command("status", "report whether a submission is processing, complete or failed, and what to do next",
         "leaderboard status acme-7b --site-url https://openanote.github.io/leaderboard/")
def _status(args: argparse.Namespace, repository: Repository) -> int:
    """Where a submission is and what to do next: its status (processing, complete or failed), its
    stage (local: scored here, not submitted; pull_request: the checks and the Scoring status of
    pull request #N; published: on the site, with its rank), the reasons and the next step.

    A SLUG is looked up on the published site (--site-url, else $LEADERBOARD_SITE_URL), then as an
    open pull request from the branch submission/SLUG (with 'gh'), then in this checkout. A PR
    NUMBER is read from the upstream repository (--upstream, else the 'upstream' remote) with
    'gh pr view' and 'gh pr checks'. Exits 1 when the submission failed.
    """
    from leaderboard.client import Leaderboard
    from leaderboard.github.status import format_status

    status = Leaderboard(repository.root).get_submission_status(args.submission, site_url=args.site_url,
                                                                upstream=args.upstream)
    if args.format == "json":
        print(json.dumps(status, indent=2, sort_keys=True))
    else:
        print(format_status(status))
    return 1 if status["status"] == "failed" else 0


def _status_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submission", metavar="SLUG|PR-NUMBER")
    parser.add_argument("--site-url", metavar="URL", help="the published site (default: $LEADERBOARD_SITE_URL)")
    parser.add_argument("--upstream", metavar="OWNER/NAME",
                        help="the repository pull requests go to (default: the 'upstream' remote)")
    _format_option(parser, ("text", "json"), "text (default) or JSON")


@command("show", "print a benchmark's or a suite's leaderboard", "leaderboard show fin-sentiment")
def _show(args: argparse.Namespace, repository: Repository) -> int:
    """Print rank, model, score and 95% interval of every model on BENCH (or --json). With
    --suite ID, the suite's ranking by the mean of its benchmarks' primary metrics, over the models
    that entered all of them; the others are listed as incomplete.
    """
    from leaderboard.client import Leaderboard
    from leaderboard.report import format_leaderboard, format_suite

    if (args.benchmark is None) == (args.suite is None):
        raise SubmissionError("name a benchmark (leaderboard show BENCH) or a suite (--suite ID), not both")
    client = Leaderboard(repository.root)
    if args.suite is not None:
        suite = repository.suite(args.suite)
        document = client.get_leaderboard(suite.id)
        print(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) if args.format == "json"
              else format_suite(document, suite))
        return 0
    benchmark = repository.benchmark(args.benchmark)
    board = client.get_leaderboard(benchmark.id)
    if args.format == "json":
        print(json.dumps(board, indent=2, sort_keys=True, ensure_ascii=False))
        return 0
    print(format_leaderboard(board, benchmark.task.metric(benchmark.spec.primary_metric)))
    return 0


def _show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("benchmark", metavar="BENCH", nargs="?", help="benchmark id")
    parser.add_argument("--suite", metavar="ID", help="a suite of benchmarks/suites.yaml instead")
    _format_option(parser, ("text", "json"), "text (default) or JSON")


# -- GitHub Actions: the pull-request check, the report on the pull request, private gold ----------


@command("check-pr", "decide from git objects whether a pull request is a valid submission",
         "leaderboard check-pr --base origin/main --head HEAD --author my-handle")
def _check_pr(args: argparse.Namespace, repository: Repository) -> int:
    """Check that a pull request only adds or changes plain UTF-8 files inside one
    submissions/<slug>/ folder, with allowed names and sizes, and that an existing folder is
    changed only by one of its maintainers (read from the base commit). Only git objects are read,
    never the work tree; the diff starts at the merge base of BASE and HEAD.

    Prints the slug on success, and writes verdict=, slug= and submission= to $GITHUB_OUTPUT and a
    section to $GITHUB_STEP_SUMMARY when they are set. A pull request that changes only code,
    workflows or benchmarks is not a submission: it is reported as needing a maintainer's review
    and exits 0. Exits 1 when a submission breaks a rule.
    """
    from leaderboard.github import actions, ci, prguard

    if args.artifact is not None and args.pr is None:
        raise GuardError("--artifact needs --pr NUMBER, the pull request the artifact is for")
    repo = (args.repo or repository.root).resolve()
    result = prguard.check_pull_request(repo, args.base, args.head, args.author)
    if args.artifact is not None:
        ci.write_check_artifact(args.artifact, repo, result, args.pr)
    if args.export is not None and result.verdict == "submission" and result.slug:
        prguard.write_folder(repo, result.head, result.slug, args.export / "submissions" / result.slug)
    print(prguard.format_result(result, args.format))
    actions.write_outputs(prguard.guard_outputs(result))
    actions.append_summary(prguard.summary_markdown(result))
    return 0 if result.ok else 1


def _check_pr_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, metavar="REF", help="the branch or commit the PR merges into")
    parser.add_argument("--head", default="HEAD", metavar="REF", help="the PR's head commit (default: HEAD)")
    parser.add_argument("--author", metavar="LOGIN", help="the PR author's GitHub login (for existing folders)")
    parser.add_argument("--repo", type=Path, metavar="DIR", help="the git repository (default: the root)")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text",
                        help="text (default: the slug on success), GitHub annotations, or JSON")
    parser.add_argument("--pr", type=int, metavar="NUMBER", help="the pull request's number, for --artifact")
    parser.add_argument("--artifact", type=Path, metavar="DIR",
                        help="write pr.json and the submission's files (from git blobs) into DIR, replaced")
    parser.add_argument("--export", type=Path, metavar="ROOT",
                        help="on success, write the submission folder from git blobs into ROOT/submissions/")


@command("pr-summary", "validate and score a pull request's submission for the check's job summary",
         "leaderboard --root base pr-summary acme-7b --artifact check-artifact/")
def _pr_summary(args: argparse.Namespace, repository: Repository) -> int:
    """Validate submissions/SLUG and score it on the public benchmarks with the would-be rank.
    Writes the scores and every problem to $GITHUB_STEP_SUMMARY (or prints them when it is not
    set) and, with --artifact, report.json and summary.md into the check's artifact. Log output
    that quotes contributor text is fenced off from workflow commands. Exits 1 on validation errors.
    """
    from leaderboard.github import actions, ci
    from leaderboard.results import ResultCache

    cache = ResultCache(None) if args.no_cache else ResultCache.for_root(repository.root)
    summary = ci.check_summary(repository, args.slug, args.artifact, cache)
    print(actions.log_text(summary.log))
    if not actions.append_summary(summary.markdown):
        print(summary.markdown)
    return 1 if summary.failed else 0


def _pr_summary_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", metavar="SLUG", help="the submission folder's name under submissions/")
    parser.add_argument("--artifact", type=Path, metavar="DIR", help="the check's artifact folder")
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache")


@command("pr-verify", "check the submission check's artifact against the pull request",
         "leaderboard pr-verify --artifact $RUNNER_TEMP/untrusted --output $RUNNER_TEMP/verified")
def _pr_verify(args: argparse.Namespace, repository: Repository) -> int:
    """For the report workflow: the triggering run must be the Submission check's run of a pull
    request that succeeded or failed. Then read its artifact as hostile data (bounded, links and
    unexpected files refused), confirm through the GitHub API that its pull request is open, that
    its head commit and repository are the run's ($GITHUB_EVENT_PATH), that every file equals the
    pull request's blob and that the author may change the folder. Writes the verified files to
    DIR and pr=, slug=, head_sha=, rescore= to $GITHUB_OUTPUT, with state= and description= for the
    Scoring status when there is nothing to score (slug empty).
    """
    from leaderboard.github import actions, api, ci

    outcome = ci.verify_step(args.artifact, actions.load_event(), api.GitHubApi.from_environment(), repository)
    actions.write_outputs(ci.outputs_for(outcome))
    if outcome.verified is not None:
        ci.write_verified(outcome.verified, args.output)
    print(outcome.message)
    return 0


def _pr_verify_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--artifact", type=Path, required=True, metavar="DIR", help="the downloaded artifact")
    parser.add_argument("--output", type=Path, required=True, metavar="DIR", help="where the verified files go")


@command("pr-throttle", "the cache key that limits private scoring of a submission to once per period",
         "leaderboard pr-throttle --slug acme-7b --period-hours 24")
def _pr_throttle(args: argparse.Namespace, repository: Repository) -> int:
    """Print key=private-scoring-SLUG-WINDOW (and write it to $GITHUB_OUTPUT): the report
    workflow's cache holds one entry per submission and period, so a second push within the
    period finds it and its private benchmarks are not scored again (unless a maintainer adds the
    'rescore' label). An empty --period-hours means the default, 24.
    """
    import time

    from leaderboard.github import actions, ci

    hours = float(args.period_hours) if args.period_hours else ci.DEFAULT_PERIOD_HOURS
    key = ci.throttle_key(args.slug, hours, time.time())
    actions.write_outputs({"key": key, "period_hours": f"{hours:g}"})
    print(f"key={key}")
    return 0


def _pr_throttle_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--slug", required=True, metavar="SLUG", help="the verified submission's slug")
    parser.add_argument("--period-hours", default="", metavar="HOURS", help="the period (default: 24)")


@command("pr-report", "score a verified submission, private benchmarks included, for the PR comment",
         "leaderboard pr-report $RUNNER_TEMP/verified --output $RUNNER_TEMP/comment/comment.md")
def _pr_report(args: argparse.Namespace, repository: Repository) -> int:
    """Install the verified submission (from 'pr-verify') into this checkout, validate it and
    score it on every benchmark, private ones too where LEADERBOARD_PRIVATE_GOLD names the gold,
    without the result cache. Writes the pull-request comment to FILE (public benchmarks in full,
    private ones as a coarse line at most: primary metric to whole points, no interval, breakdown
    or rank) and the Scoring status (status.json) beside it. --throttled says the private
    benchmarks were not scored because the period has not passed.
    """
    from leaderboard.github import ci

    hours = float(args.period_hours) if args.period_hours else ci.DEFAULT_PERIOD_HOURS
    throttled = args.throttled == "true"
    number, body, (state, description) = ci.report_body(repository, args.verified, throttled=throttled,
                                                        period_hours=hours)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(body, encoding="utf-8")
    (args.output.parent / ci.STATUS_FILE).write_text(
        json.dumps({"state": state, "description": description}, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote the report comment for #{number} to {args.output} ({len(body):,} characters): {state}")
    return 0


def _pr_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("verified", type=Path, metavar="DIR", help="the folder 'pr-verify' wrote")
    parser.add_argument("--output", type=Path, required=True, metavar="FILE", help="the comment's markdown")
    parser.add_argument("--throttled", choices=("true", "false"), default="false",
                        help="true: the private benchmarks were scored once already in this period")
    parser.add_argument("--period-hours", default="", metavar="HOURS", help="the period (default: 24)")


@command("pr-status", "post the Scoring commit status on a pull request's head commit",
         "leaderboard pr-status --sha $HEAD_SHA --target-url $RUN_URL --pending")
def _pr_status(args: argparse.Namespace, repository: Repository) -> int:
    """Post the commit status 'Scoring' on SHA, linking to the report workflow's run: --pending
    when the run starts; else the final state, from the verify and score jobs' results, the verify
    job's state/description (nothing to score) or the scoring job's status.json. Uses GITHUB_TOKEN,
    GITHUB_REPOSITORY and GITHUB_API_URL from the environment.
    """
    from leaderboard.github import api, ci, status

    if args.pending:
        decided: tuple[str, str] | None = ("pending", "scoring the submission, private benchmarks included")
    else:
        decided = ci.final_status(args.verify_result, args.score_result, args.state, args.description,
                                  args.status_file)
    if decided is None:
        print("no status to post")
        return 0
    state, description = decided
    api.set_commit_status(api.GitHubApi.from_environment(), args.sha, state, description, args.target_url,
                          status.SCORING_CONTEXT)
    print(f"Scoring: {state}: {description}")
    return 0


def _pr_status_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sha", required=True, metavar="SHA", help="the pull request's head commit")
    parser.add_argument("--target-url", required=True, metavar="URL", help="the report workflow run's page")
    parser.add_argument("--pending", action="store_true", help="post 'pending' (the run has started)")
    parser.add_argument("--verify-result", default="", metavar="RESULT", help="needs.verify.result")
    parser.add_argument("--score-result", default="", metavar="RESULT", help="needs.score.result")
    parser.add_argument("--state", default="", help="the verify job's state output (nothing to score)")
    parser.add_argument("--description", default="", help="the verify job's description output")
    parser.add_argument("--status-file", type=Path, metavar="FILE", help="the scoring job's status.json")


@command("pr-comment", "create or update the report comment on a pull request",
         "leaderboard pr-comment --pr 123 --body-file comment.md")
def _pr_comment(args: argparse.Namespace, repository: Repository) -> int:
    """Post FILE as the leaderboard's comment on pull request NUMBER, editing the existing one (the
    workflow bot's comment with the hidden marker) instead of adding another. Uses GITHUB_TOKEN,
    GITHUB_REPOSITORY and GITHUB_API_URL from the environment.
    """
    from leaderboard.github import api, ci

    action, url = ci.post_report(api.GitHubApi.from_environment(), ci.pr_number(args.pr), args.body_file)
    print(f"{action} the report comment on #{args.pr}: {url}")
    return 0


def _pr_comment_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pr", required=True, metavar="NUMBER", help="the pull request's number")
    parser.add_argument("--body-file", type=Path, required=True, metavar="FILE", help="the comment's markdown")


@command("issue-form", "write or check the submission issue form's benchmark list (maintainers)",
         "leaderboard issue-form --write")
def _issue_form(args: argparse.Namespace, repository: Repository) -> int:
    """Render .github/ISSUE_TEMPLATE/submission.yml from benchmarks/ (the benchmark dropdown) and
    the metadata fields. With --write, update the file; without, exit 1 when it is out of date.
    Run it after adding or removing a benchmark.
    """
    from leaderboard.github import issueform

    path = repository.root / issueform.FORM_FILE
    text = issueform.render_form(repository)
    if args.write:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {issueform.FORM_FILE}")
        return 0
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        print(f"{issueform.FORM_FILE} is out of date with benchmarks/: run leaderboard issue-form --write")
        return 1
    print(f"{issueform.FORM_FILE} is up to date")
    return 0


def _issue_form_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--write", action="store_true", help="write the file instead of checking it")


@command("issue-prepare", "build and validate a submission from a submission issue (form workflow, read-only)",
         "leaderboard issue-prepare --output $RUNNER_TEMP/issue-form")
def _issue_prepare(args: argparse.Namespace, repository: Repository) -> int:
    """Read the issue from $GITHUB_EVENT_PATH (opened, edited, or a maintainer's /retry comment),
    download its GitHub-hosted attachments (size-capped, never executed), build the submission
    folder as `leaderboard submit` does and validate it with this checkout's code. Writes DIR/
    result.json and DIR/submission/ for issue-publish. Exits 0 also when the issue has problems:
    they are the comment issue-publish posts.
    """
    import os

    from leaderboard.github import actions, issueform

    server = os.environ.get("GITHUB_SERVER_URL") or "https://github.com"
    prepared = issueform.prepare(repository, actions.load_event(), args.output, server)
    print(actions.log_text(f"{prepared.action}: issue #{prepared.issue} {prepared.reason}".rstrip()))
    if prepared.problems:
        print(actions.log_text(format_text(prepared.problems)))
    return 0


def _issue_prepare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", type=Path, required=True, metavar="DIR", help="where to write the result")


@command("issue-publish", "comment the problems or open the pull request of a submission issue (form workflow)",
         "leaderboard issue-publish --input $RUNNER_TEMP/issue-form --base main")
def _issue_publish(args: argparse.Namespace, repository: Repository) -> int:
    """Read issue-prepare's DIR and either comment the problems on the issue or commit the folder
    on the branch submission-issue-N, open (or update) its pull request and link it on the issue.
    Uses GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL from the environment.
    """
    from leaderboard.github import api, issueform

    prepared = issueform.read_result(args.input)
    print(issueform.publish(api.GitHubApi.from_environment(), prepared, args.base))
    return 0


def _issue_publish_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", type=Path, required=True, metavar="DIR", help="issue-prepare's output folder")
    parser.add_argument("--base", required=True, metavar="BRANCH", help="the branch the pull request targets")


@command("unpack-gold", "unpack the private gold from $LEADERBOARD_PRIVATE_GOLD_ARCHIVE (maintainers' CI)",
         "leaderboard unpack-gold -o $RUNNER_TEMP/private-gold")
def _unpack_gold(args: argparse.Namespace, repository: Repository) -> int:
    """Unpack the base64-encoded .tar.gz of <benchmark-id>/gold.csv|jsonl files held in the
    environment variable LEADERBOARD_PRIVATE_GOLD_ARCHIVE (a secret) into DIR, for
    LEADERBOARD_PRIVATE_GOLD. Prints only the benchmark ids; an unset variable unpacks nothing.
    """
    import os

    from leaderboard.github import ci

    ids = ci.unpack_private_gold(os.environ.get(ci.GOLD_ARCHIVE_ENV, ""), args.output)
    print(f"private gold for {len(ids)} benchmark(s): {', '.join(ids) or 'none configured'}")
    return 0


def _unpack_gold_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="folder to unpack into")


_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "submit": _submit_arguments,
    "run": _run_arguments,
    "status": _status_arguments,
    "show": _show_arguments,
    "build": _build_arguments,
    "cache": _cache_arguments,
    "serve": _serve_arguments,
    "score": _score_arguments,
    "validate": _validate_arguments,
    "benchmarks": _benchmarks_arguments,
    "download": _download_arguments,
    "check-pr": _check_pr_arguments,
    "pr-summary": _pr_summary_arguments,
    "pr-verify": _pr_verify_arguments,
    "pr-throttle": _pr_throttle_arguments,
    "pr-report": _pr_report_arguments,
    "pr-status": _pr_status_arguments,
    "pr-comment": _pr_comment_arguments,
    "issue-form": _issue_form_arguments,
    "issue-prepare": _issue_prepare_arguments,
    "issue-publish": _issue_publish_arguments,
    "unpack-gold": _unpack_gold_arguments,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leaderboard",
        description="The OpenAnote Model Leaderboard: validate, score and publish model submissions.",
        epilog="Example: leaderboard validate submissions/",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", type=Path, default=None,
                        help="repository root (default: found from the current folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (handler, summary, example) in _COMMANDS.items():
        sub = commands.add_parser(
            name, help=summary, description=handler.__doc__,
            epilog=f"Example: {example}", formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if name in _ARGUMENTS:
            _ARGUMENTS[name](sub)
        sub.set_defaults(handler=handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        repository = Repository(args.root.resolve()) if args.root else Repository.discover()
        return int(args.handler(args, repository))
    except LeaderboardError as exc:
        print(f"error: {printable(exc, keep_newlines=True)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `leaderboard show BENCH --json | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())

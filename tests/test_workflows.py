"""The GitHub Actions workflows: linted by zizmor and the workflow schema, and held to the policy.

The policy (issue "GitHub Actions"): every job has explicit least permissions and a timeout;
every ``uses:`` is pinned to a full commit SHA with a version comment; no ``pull_request_target``;
no ``${{ … }}`` inside ``run:`` (values go through ``env:``); secrets only in jobs that have an
``environment:``. On top of that, the particular guarantees each workflow exists for.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import PROJECT_ROOT

GITHUB = PROJECT_ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent

#: The JavaScript actions' runtime: GitHub runners dropped Node 20, so every pinned action's
#: major is at least the first one on Node 24 (the versions of issue 11, from the actions'
#: release notes: checkout v5, setup-python v6, setup-go v6, cache v5, upload-artifact v6,
#: download-artifact v6, upload-pages-artifact v5 (it wraps upload-artifact v7), deploy-pages v5).
NODE24_MAJORS = {
    "actions/checkout": 5, "actions/setup-python": 6, "actions/setup-go": 6, "actions/cache": 5,
    "actions/cache/restore": 5, "actions/cache/save": 5, "actions/upload-artifact": 6,
    "actions/download-artifact": 6, "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5,
}
USES = re.compile(r"^\s*(?:- )?uses: (?P<action>[\w./-]+)@(?P<sha>[0-9a-f]{40}) # (?P<version>v\d+\.\d+\.\d+)$")


def pins() -> dict[str, set[tuple[str, str]]]:
    """Every ``uses:`` of every workflow: action (its repository) -> {(sha, version)}."""
    found: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            match = USES.match(line)
            if match:
                repository = "/".join(match["action"].split("/")[:2])
                found.setdefault(repository, set()).add((match["sha"], match["version"]))
    return found


#: Least privilege, spelled out: every job's permissions, exactly.
PERMISSIONS = {
    ("submission-check.yml", "check"): {"contents": "read"},
    ("submission-report.yml", "pending"): {"contents": "read", "statuses": "write"},
    ("submission-report.yml", "verify"): {"actions": "read", "contents": "read", "pull-requests": "read"},
    ("submission-report.yml", "score"): {"contents": "read"},
    ("submission-report.yml", "comment"): {"contents": "read", "pull-requests": "write", "statuses": "write"},
    ("publish.yml", "test"): {"contents": "read"},
    ("publish.yml", "score"): {"contents": "read"},
    ("publish.yml", "build"): {"contents": "read"},
    ("publish.yml", "deploy"): {"pages": "write", "id-token": "write"},
    ("submission-issue.yml", "prepare"): {"contents": "read"},
    ("submission-issue.yml", "publish"): {"contents": "write", "issues": "write", "pull-requests": "write"},
    ("tests.yml", "test"): {"contents": "read"},
    ("tests.yml", "actionlint"): {"contents": "read"},
}
CONTRIBUTING = PROJECT_ROOT / "CONTRIBUTING.md"
LOCKS = {"runtime": PROJECT_ROOT / "requirements" / "runtime.txt", "test": PROJECT_ROOT / "requirements" / "test.txt"}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return dict(data)


def jobs(path: Path) -> dict[str, dict[str, Any]]:
    return dict(load(path)["jobs"])


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def uses_of(job: dict[str, Any]) -> list[str]:
    return [str(step["uses"]) for step in steps(job) if "uses" in step]


def test_the_four_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "submission-check.yml", "submission-issue.yml",
                                           "submission-report.yml", "tests.yml"]


# -- the linters ----------------------------------------------------------------------------------


def test_zizmor_reports_nothing() -> None:
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", ".github/workflows"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    for path in WORKFLOWS:  # zizmor skips a file it cannot parse with only a warning
        assert f"completed {path.relative_to(PROJECT_ROOT).as_posix()}" in result.stderr, result.stderr


def test_the_workflow_run_trigger_is_ignored_with_its_reason() -> None:
    text = (GITHUB / "workflows" / "submission-report.yml").read_text()
    ignore = next(line for line in text.splitlines() if "zizmor: ignore[dangerous-triggers]" in line)
    assert ignore.strip().startswith("workflow_run:")
    assert len(ignore.split("]", 1)[1].strip()) > 40  # the reason is written out


def test_the_workflows_match_githubs_schema() -> None:
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_and_issue_forms_match_their_schemas() -> None:
    checks = [("vendor.dependabot", [GITHUB / "dependabot.yml"]),
              ("vendor.github-issue-forms", sorted((GITHUB / "ISSUE_TEMPLATE").glob("[!c]*.yml"))),
              ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"])]
    for schema, files in checks:
        assert files
        result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
                                capture_output=True, text=True, check=False, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    updates = yaml.safe_load((GITHUB / "dependabot.yml").read_text())["updates"]
    assert [u["package-ecosystem"] for u in updates] == ["github-actions"]


# -- the policy over every workflow ---------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_least_permissions_and_a_timeout(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}, "top-level permissions: {} so every job states its own"
    for name, job in jobs(path).items():
        assert isinstance(job.get("timeout-minutes"), int), f"{path.name}:{name} has no timeout-minutes"
        assert job.get("permissions") == PERMISSIONS[(path.name, name)], f"{path.name}:{name} permissions"


def pin_problems(name: str, text: str) -> list[str]:
    """The pin rules, by form: a full SHA, a '# vX.Y.Z' comment, GitHub's own actions only, and a
    major that runs on Node 24. No list of SHAs, so that a Dependabot bump passes."""
    problems = []
    for line in text.splitlines():
        if not re.match(r"^\s*(- )?uses:", line):
            continue
        match = USES.match(line)
        if not match:
            problems.append(f"{name}: not pinned to a full SHA with a '# vX.Y.Z' comment: {line.strip()}")
        elif not match["action"].startswith("actions/") or match["action"] not in NODE24_MAJORS:
            problems.append(f"{name}: {match['action']} is not one of the actions this project uses")
        elif int(match["version"][1:].split(".")[0]) < NODE24_MAJORS[match["action"]]:
            problems.append(f"{name}: {match['action']} {match['version']} runs on Node 20")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    assert re.search(r"uses: ", path.read_text())
    assert pin_problems(path.name, path.read_text()) == []


def test_one_action_one_pin_everywhere() -> None:
    """Consistency: an action (and its sub-actions such as cache/restore) is pinned to one commit
    with one version across all workflows, and one commit never carries two version comments."""
    for action, found in pins().items():
        assert len(found) == 1, f"{action} is pinned to several commits or versions: {sorted(found)}"
    by_sha: dict[str, set[str]] = {}
    for found in pins().values():
        for sha, version in found:
            by_sha.setdefault(sha, set()).add(version)
    assert all(len(versions) == 1 for versions in by_sha.values())


def test_a_dependabot_bump_passes_and_a_tag_or_node20_pin_does_not() -> None:
    text = (GITHUB / "workflows" / "publish.yml").read_text()
    sha, version = next(iter(pins()["actions/checkout"]))
    assert pin_problems("bumped", text.replace(f"{sha} # {version}", f"{'a' * 40} # v9.1.0")) == []
    assert pin_problems("tag", text.replace(f"{sha} # {version}", "v5")) != []
    assert pin_problems("node20", text.replace(f"{sha} # {version}", f"{sha} # v4.2.2")) != []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target_and_no_expressions_in_scripts(path: Path) -> None:
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert "pull_request_target" not in path.read_text()
    for name, job in jobs(path).items():
        for step in steps(job):
            if "run" in step:
                assert "${{" not in step["run"], f"{path.name}:{name}: pass values to run: through env:"
            if step.get("shell"):
                assert step["shell"] == "bash"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_secrets_only_in_jobs_with_an_environment(path: Path) -> None:
    workflow = load(path)
    outside_jobs = {k: v for k, v in workflow.items() if k != "jobs"}
    assert "secrets." not in yaml.safe_dump(outside_jobs)
    for name, job in jobs(path).items():
        if "secrets." in yaml.safe_dump(job) or job.get("secrets"):
            assert job.get("environment"), f"{path.name}:{name} uses a secret without an environment"
        assert job.get("secrets") != "inherit"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials_and_caches_stay_out_of_privileged_jobs(path: Path) -> None:
    for name, job in jobs(path).items():
        for step in steps(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}:{name}"
            if str(step.get("uses", "")).startswith("actions/setup-"):
                assert "cache" not in step.get("with", {}) or step["with"]["cache"] is False
        privileged = job.get("environment") or any(v == "write" for v in job.get("permissions", {}).values())
        if privileged:
            assert not any(u.startswith("actions/cache") for u in uses_of(job)), f"{path.name}:{name}"


# -- what each workflow is for --------------------------------------------------------------------


def test_the_submission_check_is_unprivileged_and_runs_base_code() -> None:
    path = GITHUB / "workflows" / "submission-check.yml"
    workflow = load(path)
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["on"]["pull_request"] is None, "no paths: filter, so the required check never hangs"
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "pull_request.number" in workflow["concurrency"]["group"]
    assert "secrets." not in path.read_text()
    job = jobs(path)["check"]
    checkouts = [s for s in steps(job) if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert [(c["with"]["ref"], c["with"]["path"]) for c in checkouts] == [
        ("${{ github.event.pull_request.base.sha }}", "base"), ("${{ github.event.pull_request.head.sha }}", "pr")]
    assert checkouts[1]["with"]["fetch-depth"] == 0
    runs = [s["run"] for s in steps(job) if "run" in s]
    assert runs[0].rstrip().endswith("--no-deps --no-build-isolation ./base"), "the base branch's code is installed"
    assert "-r base/requirements/runtime.txt" in runs[0], "with the base branch's lock"
    assert all(r.startswith("leaderboard --root base ") for r in runs[1:])
    guard, validate, summary = runs[1:]
    assert " check-pr " in guard and "--format github" in guard and "--repo pr" in guard
    assert "validate --format github" in validate and " pr-summary " in summary
    upload = steps(job)[-1]
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["if"] == "${{ !cancelled() }}"
    assert [u.split("@")[0] for u in uses_of(job)].count("actions/cache/restore") == 1


def test_the_report_trusts_nothing_from_the_artifact() -> None:
    path = GITHUB / "workflows" / "submission-report.yml"
    workflow = load(path)
    assert workflow["on"]["workflow_run"] == {"workflows": ["Submission check"], "types": ["completed"]}
    assert load(GITHUB / "workflows" / "submission-check.yml")["name"] == "Submission check"
    pending, verify, score, comment = (jobs(path)[name] for name in ("pending", "verify", "score", "comment"))
    download = next(s for s in steps(verify) if str(s.get("uses", "")).startswith("actions/download-artifact@"))
    assert download["with"]["path"].startswith("${{ runner.temp }}")
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert any("leaderboard pr-verify" in s.get("run", "") for s in steps(verify))
    assert score["environment"] == "private-scoring" and "pull-requests" not in score["permissions"]
    assert "secrets." not in yaml.safe_dump(verify) + yaml.safe_dump(comment) + yaml.safe_dump(pending)
    assert not comment.get("environment") and comment["permissions"]["pull-requests"] == "write"
    for job in (pending, verify, score, comment):  # the default branch's code, never the pull request's
        checkout = next(s for s in steps(job) if str(s.get("uses", "")).startswith("actions/checkout@"))
        assert "ref" not in checkout["with"] and "repository" not in checkout["with"]
    for job in (pending, score, comment):  # the throttle cache only in the read-only verify job
        assert not any(u.startswith("actions/cache") for u in uses_of(job))


def test_the_report_runs_only_after_a_check_run_that_succeeded_or_failed() -> None:
    """A workflow_run job is filtered on the run's conclusion and on the workflow file that ran
    (not its name, which any workflow can take), or depends on a job that is."""
    for path in WORKFLOWS:
        workflow = load(path)
        if "workflow_run" not in workflow["on"]:
            continue
        all_jobs = jobs(path)

        def filtered(name: str, all_jobs: dict[str, dict[str, Any]] = all_jobs) -> bool:
            condition = " ".join(str(all_jobs[name].get("if", "")).split())
            if all(rule in condition for rule in (
                    "github.event.workflow_run.conclusion == 'success'",
                    "github.event.workflow_run.conclusion == 'failure'",
                    "github.event.workflow_run.path == '.github/workflows/submission-check.yml'",
                    "github.event.workflow_run.event == 'pull_request'")):
                return True
            needs = all_jobs[name].get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            if "always()" in condition:  # runs even when a needed job was skipped: one must gate it
                return any(filtered(n) and f"needs.{n}.result != 'skipped'" in condition for n in needs)
            return bool(needs) and all(filtered(n) for n in needs)

        for name in all_jobs:
            assert filtered(name), f"{path.name}:{name} is not filtered on the check run's conclusion and workflow"
    assert (GITHUB / "workflows" / "submission-check.yml").is_file()


def test_the_issue_workflow_downloads_without_a_write_token_and_publishes_without_downloading() -> None:
    path = GITHUB / "workflows" / "submission-issue.yml"
    workflow = load(path)
    assert workflow["on"] == {"issues": {"types": ["opened", "edited"]}, "issue_comment": {"types": ["created"]}}
    assert "secrets." not in path.read_text() and "github.event.issue.body" not in path.read_text()
    prepare, publish = jobs(path)["prepare"], jobs(path)["publish"]
    assert "contains(github.event.issue.labels.*.name, 'submission')" in prepare["if"]
    assert any("leaderboard issue-prepare" in s.get("run", "") for s in steps(prepare))
    assert not any("GITHUB_TOKEN" in s.get("env", {}) for s in steps(prepare))
    assert publish["needs"] == "prepare"
    assert any("leaderboard issue-publish" in s.get("run", "") for s in steps(publish))
    assert not any("issue-prepare" in s.get("run", "") for s in steps(publish))


def test_the_scoring_status_is_posted_pending_then_final() -> None:
    path = GITHUB / "workflows" / "submission-report.yml"
    pending, comment = jobs(path)["pending"], jobs(path)["comment"]
    assert any("pr-status" in s.get("run", "") and "--pending" in s["run"] for s in steps(pending))
    final = steps(comment)[-1]
    assert final["if"] == "always()" and "pr-status" in final["run"] and "--pending" not in final["run"]
    assert load(path)["env"]["HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"
    assert "actions/runs/${{ github.run_id }}" in load(path)["env"]["RUN_URL"]


def required_checks() -> list[str]:
    """The checks CONTRIBUTING's maintainer set-up tells maintainers to require."""
    section = CONTRIBUTING.read_text().split("## For maintainers", 1)[1]
    line = next(line for line in section.splitlines() if "require the status checks" in line)
    return re.findall(r"`([^`]+)`", line.split("require the status checks", 1)[1].split(", and", 1)[0])


def test_no_path_filter_on_a_required_check() -> None:
    """GitHub leaves a required check of a path-filtered (skipped) workflow pending, which blocks
    the merge: every check CONTRIBUTING requires must report on every pull request."""
    from leaderboard.github.status import SCORING_CONTEXT

    required = required_checks()
    assert required == ["Submission check", "make test", SCORING_CONTEXT]
    names = {str(job.get("name", name)): path for path in WORKFLOWS for name, job in jobs(path).items()}
    # The Scoring status is posted by the report workflow after every Submission check run.
    names[SCORING_CONTEXT] = GITHUB / "workflows" / "submission-check.yml"
    report = (GITHUB / "workflows" / "submission-report.yml").read_text()
    assert "status.SCORING_CONTEXT" in (PROJECT_ROOT / "leaderboard" / "cli.py").read_text() and "pr-status" in report
    for check in required:
        assert check in names, f"CONTRIBUTING requires '{check}', which no workflow job is named"
        triggers = load(names[check])["on"]
        assert "pull_request" in triggers, f"'{check}' does not run on pull requests"
        for event in ("pull_request", "push"):
            config = triggers.get(event) or {}
            assert not {"paths", "paths-ignore", "branches-ignore"} & set(config), f"{check}: {event} is filtered"


def privileged(job: dict[str, Any]) -> bool:
    return bool(job.get("environment")) or any(v == "write" for v in job.get("permissions", {}).values())


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_install_uses_the_hash_lock(path: Path) -> None:
    """Privileged jobs (an environment or a write token) run the package only after installing
    the hash-locked requirements and the package without dependencies; nothing in any workflow
    installs from open version ranges."""
    for name, job in jobs(path).items():
        runs = [str(s.get("run", "")) for s in steps(job)]
        installs = [line.strip() for run in runs for line in run.splitlines() if "pip install" in line]
        for line in installs:
            assert ("--require-hashes -r " in line and "requirements/runtime.txt" in line) or (
                "--no-deps" in line and "-r" not in line.split()), f"{path.name}:{name}: {line}"
        runs_package = any(r.startswith("leaderboard ") for r in runs)
        if privileged(job) and runs_package:
            assert any("--require-hashes" in line for line in installs), f"{path.name}:{name} installs without hashes"
            assert any("--no-deps" in line for line in installs), f"{path.name}:{name}"
        if privileged(job) and not runs_package:
            assert not installs or any("--require-hashes" in line for line in installs)


def test_the_locks_are_generated_with_hashes_and_match_pyproject() -> None:
    import tomllib

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]

    def names(spec: str) -> str:
        return re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0].lower().replace("_", "-")

    for kind, lock in LOCKS.items():
        text = lock.read_text()
        assert "autogenerated by pip-compile" in text and "--generate-hashes" in text, lock
        pinned = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", text, flags=re.MULTILINE))
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[-1])
        assert all("--hash=sha256:" in block for block in blocks if "==" in block), f"{lock}: a pin without hashes"
        wanted = project["dependencies"] + (project["optional-dependencies"]["test"] if kind == "test" else [])
        lowered = {k.lower().replace("_", "-") for k in pinned}
        missing = [spec for spec in wanted if names(spec) not in lowered]
        assert not missing, f"{lock} lacks {missing}: run make lock"
        assert "setuptools" in lowered, "the build backend is locked too (--no-build-isolation)"
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert re.search(r"^PIP_TOOLS_VERSION := \d+\.\d+\.\d+$", makefile, flags=re.MULTILINE)
    assert "pip-compile" in makefile and "--generate-hashes" in makefile and "\nlock:" in makefile
    assert "--require-hashes -r requirements/test.txt" in makefile  # make test runs the pinned tools


def test_publish_deploys_with_exactly_pages_and_id_token() -> None:
    path = GITHUB / "workflows" / "publish.yml"
    workflow = load(path)
    assert set(workflow["on"]) == {"push", "workflow_dispatch"}
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    deploy = jobs(path)["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert [u.split("@")[0] for u in uses_of(deploy)] == ["actions/deploy-pages"]
    build = jobs(path)["build"]
    assert "actions/upload-pages-artifact" in [u.split("@")[0] for u in uses_of(build)]
    assert any(s.get("run") == 'leaderboard build -o _site --require-cached --previous "$PUBLISHED_SITE"'
               for s in steps(build))
    score = jobs(path)["score"]
    cache = next(s for s in steps(score) if str(s.get("uses", "")).startswith("actions/cache@"))
    assert "hashFiles(" in cache["with"]["key"]
    assert not score.get("environment")


def test_publish_scores_in_a_matrix_of_shards_and_the_build_merges_them() -> None:
    """Issue 17: n shard jobs, one artifact each, downloaded into one folder; nothing left to score."""
    path = GITHUB / "workflows" / "publish.yml"
    score, build = jobs(path)["score"], jobs(path)["build"]
    shards = score["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) >= 2
    count = str(len(shards))
    cache = next(s for s in steps(score) if str(s.get("uses", "")).startswith("actions/cache@"))
    assert f"-of-{count}-" in cache["with"]["key"] and "${{ matrix.shard }}" in cache["with"]["key"]
    run = next(s for s in steps(score) if "run" in s and "--shard" in s["run"])
    assert run["env"]["SHARDS"] == int(count) and run["env"]["SHARD"] == "${{ matrix.shard }}"
    upload = next(s for s in steps(score) if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "public-scores-${{ matrix.shard }}"
    download = next(s for s in steps(build) if str(s.get("uses", "")).startswith("actions/download-artifact@"))
    assert download["with"]["pattern"] == "public-scores-*" and download["with"]["merge-multiple"] is True
    assert "continue-on-error" not in download and "score" in build["needs"]


def test_tests_run_the_readme_command_and_actionlint() -> None:
    path = GITHUB / "workflows" / "tests.yml"
    workflow = load(path)
    assert "push" in workflow["on"] and "pull_request" in workflow["on"]
    assert workflow["on"]["pull_request"] is None, "no paths-ignore: the required make test check reports everywhere"
    assert "make test" in (PROJECT_ROOT / "README.md").read_text()
    assert any(s.get("run") == "make test" for s in steps(jobs(path)["test"]))
    assert any("actionlint" in s.get("run", "") for s in steps(jobs(path)["actionlint"]))


def test_codeowners_cover_everything_but_submissions() -> None:
    rules = [line.split() for line in (GITHUB / "CODEOWNERS").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert rules[0] == ["*", "@openanote/maintainers"]
    assert ["/submissions/"] in rules  # no owner: the guard and each folder's maintainers decide

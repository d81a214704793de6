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

#: The pins, each verified against public workflows that pin the same release (see the report of
#: the issue). Dependabot keeps them current; a change here is a reviewed change.
PINS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"),
    "actions/setup-go": ("d35c59abb061a4a6fb18e82ac0862c26744d6ab5", "v5.5.0"),
    "actions/cache": ("5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3"),
    "actions/cache/restore": ("5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3"),
    "actions/upload-artifact": ("ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
    "actions/download-artifact": ("d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0"),
    "actions/upload-pages-artifact": ("56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "actions/deploy-pages": ("d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
}

#: Least privilege, spelled out: every job's permissions, exactly.
PERMISSIONS = {
    ("submission-check.yml", "check"): {"contents": "read"},
    ("submission-report.yml", "verify"): {"actions": "read", "contents": "read", "pull-requests": "read"},
    ("submission-report.yml", "score"): {"contents": "read"},
    ("submission-report.yml", "comment"): {"contents": "read", "pull-requests": "write"},
    ("publish.yml", "test"): {"contents": "read"},
    ("publish.yml", "score"): {"contents": "read"},
    ("publish.yml", "build"): {"contents": "read"},
    ("publish.yml", "deploy"): {"pages": "write", "id-token": "write"},
    ("tests.yml", "test"): {"contents": "read"},
    ("tests.yml", "actionlint"): {"contents": "read"},
}


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
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "submission-check.yml", "submission-report.yml",
                                           "tests.yml"]


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


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    lines = [line for line in path.read_text().splitlines() if re.match(r"^\s*(- )?uses:", line)]
    assert lines
    for line in lines:
        match = re.match(r"^\s*(?:- )?uses: ([\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$", line)
        assert match, f"{path.name}: not pinned to a full SHA with a '# vX.Y.Z' comment: {line.strip()}"
        action, sha, version = match.groups()
        assert PINS[action] == (sha, version), f"{path.name}: {action} is pinned to another commit"


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
    assert runs[0].endswith("./base"), "the package is installed from the base branch's code"
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
    verify, score, comment = jobs(path)["verify"], jobs(path)["score"], jobs(path)["comment"]
    download = next(s for s in steps(verify) if str(s.get("uses", "")).startswith("actions/download-artifact@"))
    assert download["with"]["path"].startswith("${{ runner.temp }}")
    assert any("leaderboard pr-verify" in s.get("run", "") for s in steps(verify))
    assert score["environment"] == "private-scoring" and "pull-requests" not in score["permissions"]
    assert "secrets." not in yaml.safe_dump(verify) + yaml.safe_dump(comment)
    assert not comment.get("environment") and comment["permissions"]["pull-requests"] == "write"
    for job in (verify, score, comment):  # the default branch's code, never the pull request's
        checkout = next(s for s in steps(job) if str(s.get("uses", "")).startswith("actions/checkout@"))
        assert "ref" not in checkout["with"] and "repository" not in checkout["with"]
        assert not any(u.startswith("actions/cache") for u in uses_of(job))


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
    assert any(s.get("run") == "leaderboard build -o _site" for s in steps(build))
    score = jobs(path)["score"]
    cache = next(s for s in steps(score) if str(s.get("uses", "")).startswith("actions/cache@"))
    assert "hashFiles(" in cache["with"]["key"]
    assert not score.get("environment")


def test_tests_run_the_readme_command_and_actionlint() -> None:
    path = GITHUB / "workflows" / "tests.yml"
    workflow = load(path)
    assert "push" in workflow["on"] and "pull_request" in workflow["on"]
    assert "make test" in (PROJECT_ROOT / "README.md").read_text()
    assert any(s.get("run") == "make test" for s in steps(jobs(path)["test"]))
    assert any("actionlint" in s.get("run", "") for s in steps(jobs(path)["actionlint"]))


def test_codeowners_cover_everything_but_submissions() -> None:
    rules = [line.split() for line in (GITHUB / "CODEOWNERS").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert rules[0] == ["*", "@openanote/maintainers"]
    assert ["/submissions/"] in rules  # no owner: the guard and each folder's maintainers decide

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from leaderboard.cli import _COMMANDS, build_parser, main
from leaderboard.repository import Repository


def run(repo: Repository, *args: str) -> tuple[int, str, str]:
    process = subprocess.run(
        [sys.executable, "-m", "leaderboard", "--root", str(repo.root), *args],
        capture_output=True, text=True, check=False,
    )
    return process.returncode, process.stdout, process.stderr


@pytest.mark.parametrize("name", sorted(_COMMANDS))
def test_every_command_has_help_with_an_example(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([name, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "Example: leaderboard " in out
    assert len(out.splitlines()) > 4


def test_validate_ok_and_summary(fixture_repo: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(fixture_repo.root), "validate"]) == 0
    assert capsys.readouterr().out.strip().endswith("1 submission(s) checked, 0 error(s), 0 warning(s)")


def test_validate_formats(fixture_repo: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    (fixture_repo.submissions_dir / "good-model" / "tiny-sentiment.csv").write_text("id,label\ns1,great\ns2,negative\ns3,neutral\n")
    assert main(["--root", str(fixture_repo.root), "validate", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert {p["code"] for p in problems} == {"missing-ids", "unknown-label"}
    assert main(["--root", str(fixture_repo.root), "validate", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("::error file=submissions/good-model/tiny-sentiment.csv,title=missing-ids::3 of 6")
    assert out[1].startswith("::warning file=submissions/good-model/tiny-sentiment.csv,line=2,title=unknown-label::")
    assert out[-1] == "1 error(s), 1 warning(s)"


def test_strict_fails_on_warnings(fixture_repo: Repository) -> None:
    folder = fixture_repo.submissions_dir / "good-model"
    (folder / "tiny-sentiment.csv").write_text(
        "id,label\n" + "".join(f"s{i},{'POS' if i == 1 else 'neutral'}\n" for i in range(1, 7))
    )
    assert main(["--root", str(fixture_repo.root), "validate"]) == 0
    assert main(["--root", str(fixture_repo.root), "validate", "--strict"]) == 1


def test_benchmarks_and_download(fixture_repo: Repository, tmp_path: Path) -> None:
    code, out, _ = run(fixture_repo, "benchmarks")
    assert code == 0 and "tiny-ner        ner             4      ORG, PER" in out
    code, out, err = run(fixture_repo, "download", "tiny-chat", "-o", str(tmp_path))
    assert code == 0, err
    target = tmp_path / "tiny-chat"
    assert sorted(p.name for p in target.iterdir()) == ["benchmark.yaml", "documents", "eval.csv", "tiny-chat.csv"]
    assert (target / "tiny-chat.csv").read_text() == "id,answer,sources\nc1,,\nc2,,\nc3,,\nc4,,\n"
    assert not (target / "gold.jsonl").exists()
    code, _, err = run(fixture_repo, "download", "tiny-chat", "-o", str(tmp_path))
    assert code == 1 and "use --force" in err


def test_unknown_benchmark_is_a_message_not_a_traceback(fixture_repo: Repository, tmp_path: Path) -> None:
    code, _, err = run(fixture_repo, "download", "tiny-sentimnt", "-o", str(tmp_path))
    assert code == 1
    assert err.strip() == (
        "error: 'tiny-sentimnt' is not a known benchmark (did you mean 'tiny-sentiment'?); known: "
        "tiny-chat, tiny-docqa, tiny-ner, tiny-private, tiny-sentiment"
    )


def test_outside_a_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1
    assert "not inside a leaderboard checkout" in capsys.readouterr().err

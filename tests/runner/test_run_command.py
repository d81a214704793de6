"""``leaderboard run`` end to end against a real HTTP server speaking chat completions."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from leaderboard.cli import main
from leaderboard.repository import Repository
from leaderboard.tables import read_table
from tests.conftest import PROJECT_ROOT
from tests.runner.chatserver import ChatServer, gold_answerer

KEY = "sk-test-CANARY-5b1e0c9d7a"
FAST = ("--max-retries", "2", "--timeout", "10")


@pytest.fixture(autouse=True)
def _api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def run(repo: Repository, *args: str) -> int:
    return main(["--root", str(repo.root), *args])


def run_bench(repo: Repository, server: ChatServer, bench: str, output: Path, *extra: str) -> int:
    return run(repo, "run", bench, "--model", "test-model", "--base-url", server.base_url, "-o", str(output),
               *FAST, *extra)


def submit(repo: Repository, bench: str, predictions: Path, *extra: str) -> int:
    # The test server answers with the gold, and the fixture's good-model holds the gold too: the
    # integrity screening (issue 12) accepts that only when declared as trained on the benchmark's
    # data, and a copy of a folder of the same maintainer is a warning, not an error.
    return run(repo, "submit", "--benchmark", bench, "--model-name", "Test Model", "--predictions", str(predictions),
               "--organization", "Tests", "--description", "A run of the test server.", "--license", "MIT",
               "--approach", "zero-shot", "--open-weights", "no", "--trained-on-benchmark-data", "yes",
               "--maintainers", "fixture-maintainer", *extra)


@pytest.mark.parametrize("bench", ["tiny-sentiment", "tiny-ner", "tiny-chat", "tiny-docqa"])
def test_a_full_run_validates_and_submit_records_it(
    fixture_repo: Repository, tmp_path: Path, bench: str, capsys: pytest.CaptureFixture[str]
) -> None:
    benchmark = fixture_repo.benchmark(bench)
    output = tmp_path / "work" / f"{bench}.csv"
    with ChatServer(gold_answerer(benchmark)) as server:
        assert run_bench(fixture_repo, server, bench, output, "--price-input", "0.5", "--price-output", "1.5") == 0
    assert len(server.prompts) == benchmark.n_items
    assert all(s.authorization == f"Bearer {KEY}" for s in server.seen)
    assert all(s.body["model"] == "test-model" and s.body["temperature"] == 0 for s in server.seen)
    out = capsys.readouterr().out
    assert "0 unparseable answer(s)" in out

    # The predictions are the gold answers, in the task's columns.
    predictions = read_table(output, list_columns=benchmark.task.list_columns,
                             list_separators=benchmark.task.list_columns).frame.set_index("id")
    gold = benchmark.gold_table().frame.set_index("id")
    column = {"classification": "label", "ner": "tags"}.get(benchmark.task.name)
    if column:
        assert predictions[column].to_dict() == gold[column].to_dict()
    else:
        expected = {i: (a[0] if a else "") for i, a in gold["answers"].items()}
        assert predictions["answer"].to_dict() == expected
    if bench == "tiny-chat":
        assert predictions["sources"].to_dict() == gold["sources"].to_dict()

    record = json.loads((tmp_path / "work" / f"{bench}.csv.run.json").read_text())
    assert record["model"] == "test-model" and record["base_url_host"].startswith("127.0.0.1:")
    assert record["items"] == benchmark.n_items and record["parse_failures"] == 0
    assert record["usage"]["prompt_tokens"] > 0 and record["cost_usd"] > 0
    assert record["latency_s"]["median"] is not None and record["latency_s"]["p95"] >= record["latency_s"]["median"]

    # `submit` validates it, scores it and takes the run record into metadata.yaml.
    assert submit(fixture_repo, bench, output, "--run-record", str(output) + ".run.json") == 0
    out = capsys.readouterr().out
    assert "rank" in out
    metadata = yaml.safe_load((fixture_repo.submissions_dir / "test-model" / "metadata.yaml").read_text())
    settings = metadata["benchmarks"][bench]
    assert settings["model"] == "test-model"
    assert settings["template"] == f"{benchmark.task.name}-v1" and len(settings["template_sha256"]) == 64
    assert settings["items"] == benchmark.n_items and settings["input_tokens"] > 0
    assert settings["prompt"].startswith("{#-")
    assert run(fixture_repo, "validate", str(fixture_repo.submissions_dir / "test-model")) == 0


def test_done_when_fin_sentiment_then_submit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's "done when": the shipped fin-sentiment, run against the test server, submitted."""
    root = tmp_path / "repo"
    shutil.copytree(PROJECT_ROOT / "benchmarks" / "fin-sentiment", root / "benchmarks" / "fin-sentiment")
    (root / "submissions").mkdir()
    repo = Repository(root)
    output = tmp_path / "p.csv"
    with ChatServer(gold_answerer(repo.benchmark("fin-sentiment"))) as server:
        assert run_bench(repo, server, "fin-sentiment", output, "--concurrency", "8") == 0
    assert len(server.prompts) == 500
    assert submit(repo, "fin-sentiment", output, "--run-record", f"{output}.run.json") == 0
    out = capsys.readouterr().out
    assert "fin-sentiment: macro_f1 100.0" in out
    metadata = yaml.safe_load((root / "submissions" / "test-model" / "metadata.yaml").read_text())
    assert metadata["benchmarks"]["fin-sentiment"]["items"] == 500


@pytest.mark.parametrize("concurrency", [1, 3])
def test_at_most_n_requests_are_in_flight(fixture_repo: Repository, tmp_path: Path, concurrency: int) -> None:
    with ChatServer(gold_answerer(fixture_repo.benchmark("tiny-sentiment")), delay_s=0.1) as server:
        assert run_bench(fixture_repo, server, "tiny-sentiment", tmp_path / "p.csv",
                         "--concurrency", str(concurrency)) == 0
    assert server.max_in_flight == concurrency


def test_a_429_and_a_500_are_retried(fixture_repo: Repository, tmp_path: Path) -> None:
    with ChatServer(gold_answerer(fixture_repo.benchmark("tiny-sentiment")), failures=[429, 500]) as server:
        assert run_bench(fixture_repo, server, "tiny-sentiment", tmp_path / "p.csv", "--concurrency", "1") == 0
    assert [s.status for s in server.seen][:3] == [429, 500, 200]
    assert len(server.prompts) == 6 and len(set(server.prompts)) == 6


def test_an_error_the_sdk_does_not_retry_is_one_message(
    fixture_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ChatServer(gold_answerer(fixture_repo.benchmark("tiny-sentiment")), failures=[401] * 10) as server:
        assert run_bench(fixture_repo, server, "tiny-sentiment", tmp_path / "p.csv", "--concurrency", "1") == 1
    err = capsys.readouterr().err
    assert "answered HTTP 401 for item 's1': scripted 401" in err
    assert "Traceback" not in err and not (tmp_path / "p.csv").exists()


def test_an_interrupted_run_resumes_with_only_the_missing_items(
    fixture_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    benchmark = fixture_repo.benchmark("tiny-sentiment")
    output = tmp_path / "p.csv"
    journal = tmp_path / "p.csv.journal.jsonl"
    with ChatServer(gold_answerer(benchmark), die_after=2) as server:
        assert run_bench(fixture_repo, server, "tiny-sentiment", output, "--concurrency", "1",
                         "--max-retries", "1") == 1
    first = set(server.prompts)
    assert len(first) == 2
    err = capsys.readouterr().err
    assert "4 of 6 requests have no response" in err and "running the same command again" in err
    assert not output.exists()
    lines = journal.read_text().splitlines()
    assert len(lines) == 3  # header + the two answers

    # An interruption mid-write leaves half a line: it is dropped, not mistaken for an answer.
    with journal.open("a") as handle:
        handle.write('{"id": "s3", "request_sha2')

    port = server.bound_port  # the server comes back where it was: the same endpoint, the same journal
    with ChatServer(gold_answerer(benchmark), port=port) as server:
        assert run_bench(fixture_repo, server, "tiny-sentiment", output, "--concurrency", "2") == 0
    assert len(server.prompts) == 4 and not first & set(server.prompts)
    assert "4 request(s) sent, 2 from the journal" in capsys.readouterr().out
    assert len(read_table(output)) == 6

    # The same command once more sends nothing at all.
    with ChatServer(gold_answerer(benchmark), port=port) as server:
        assert run_bench(fixture_repo, server, "tiny-sentiment", output) == 0
    assert server.seen == []


def test_changing_a_setting_starts_a_new_journal(
    fixture_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    benchmark = fixture_repo.benchmark("tiny-sentiment")
    output = tmp_path / "p.csv"
    with ChatServer(gold_answerer(benchmark)) as server:
        assert run_bench(fixture_repo, server, "tiny-sentiment", output) == 0
        assert run_bench(fixture_repo, server, "tiny-sentiment", output, "--temperature", "0.7") == 0
    assert len(server.prompts) == 12
    assert "the previous journal is now" in capsys.readouterr().out
    assert len(list(tmp_path.glob("p.csv.journal.*.jsonl"))) == 1
    template = tmp_path / "mine.jinja"
    template.write_text("Label this: {{ item.text }} ({{ labels | join('/') }})\n")
    with ChatServer(gold_answerer(benchmark)) as server:
        server.answer = lambda prompt: "positive"
        assert run_bench(fixture_repo, server, "tiny-sentiment", output, "--temperature", "0.7",
                         "--prompt", str(template)) == 0
    assert len(server.prompts) == 6 and server.prompts[0].startswith("Label this: ")
    record = json.loads((tmp_path / "p.csv.run.json").read_text())
    assert record["template"]["id"] == "mine"


def test_dry_run_sends_nothing(fixture_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")  # a dry run needs no key
    with ChatServer(gold_answerer(fixture_repo.benchmark("tiny-ner"))) as server:
        assert run_bench(fixture_repo, server, "tiny-ner", tmp_path / "p.csv", "--dry-run", "--few-shot", "1") == 0
    assert server.seen == []
    out = capsys.readouterr().out
    assert "Tokens: Acme Corp hired Jane Doe ." in out and "Tokens: Initech hired Bob ." in out
    assert "4 request(s) with template ner-v1, 4 to send" in out and "nothing was sent" in out
    assert not list(tmp_path.glob("p.csv*"))


def test_limit_takes_the_first_items_in_evaluation_order(fixture_repo: Repository, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    with ChatServer(gold_answerer(fixture_repo.benchmark("tiny-sentiment"))) as server:
        assert run_bench(fixture_repo, server, "tiny-sentiment", tmp_path / "p.csv", "--limit", "2") == 0
        assert list(read_table(tmp_path / "p.csv").frame["id"]) == ["s1", "s2"]
        assert "2 of 6 items (--limit)" in capsys.readouterr().out
        assert run_bench(fixture_repo, server, "tiny-sentiment", tmp_path / "p.csv", "--dry-run") == 0
    assert "6 request(s) with template classification-v1, 4 to send (2 already in the journal)" in (
        capsys.readouterr().out)
    assert len(server.prompts) == 2


def test_a_run_record_that_is_not_one_is_a_message(fixture_repo: Repository, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    predictions = fixture_repo.submissions_dir / "good-model" / "tiny-sentiment.csv"
    for text, message in (("not json", "cannot read the run record"), ("[1]", "not a run record"),
                          ('{"record": 1, "benchmark": "tiny-ner"}', "a run on 'tiny-ner', not on 'tiny-sentiment'")):
        (tmp_path / "r.json").write_text(text)
        assert submit(fixture_repo, "tiny-sentiment", predictions, "--run-record", str(tmp_path / "r.json")) == 1
        assert message in capsys.readouterr().err
    (tmp_path / "r.json").write_text('{"record": 1, "benchmark": "tiny-sentiment", "settings": 5, "model": "m"}')
    assert submit(fixture_repo, "tiny-sentiment", predictions, "--run-record", str(tmp_path / "r.json")) == 0


def test_the_api_key_never_appears_in_files_or_output(
    fixture_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    benchmark = fixture_repo.benchmark("tiny-chat")
    output = tmp_path / "p.csv"
    with ChatServer(gold_answerer(benchmark)) as server:
        assert run_bench(fixture_repo, server, "tiny-chat", output) == 0
        assert run_bench(fixture_repo, server, "tiny-chat", output, "--dry-run") == 0
    assert submit(fixture_repo, "tiny-chat", output, "--run-record", f"{output}.run.json") == 0
    with ChatServer(lambda prompt: "", failures=[401] * 10) as server:
        assert run_bench(fixture_repo, server, "tiny-chat", tmp_path / "q.csv") == 1
    captured = capsys.readouterr()
    assert server.seen and all(s.authorization == f"Bearer {KEY}" for s in server.seen)  # it was used
    assert KEY not in captured.out + captured.err
    written = [p for p in [*tmp_path.rglob("*"), *fixture_repo.root.rglob("*")] if p.is_file()]
    assert any(p.name.endswith(".journal.jsonl") for p in written)
    for path in written:
        assert KEY.encode() not in path.read_bytes(), path


def test_a_server_error_message_that_echoes_the_key_is_redacted(
    fixture_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from leaderboard.errors import RunError
    from leaderboard.runner.client import ChatClient

    with ChatServer(lambda prompt: "", failures=[403]) as server:
        client = ChatClient(server.base_url, KEY, max_retries=0, timeout=5)
        original = server._handle

        def leaky(handler, body):  # type: ignore[no-untyped-def]
            data = json.dumps({"error": {"message": f"key {KEY} is not allowed"}}).encode()
            handler.send_response(403)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)

        server._handle = leaky  # type: ignore[method-assign]
        with pytest.raises(RunError) as raised:
            client.complete(model="m", messages=[{"role": "user", "content": "hi"}], temperature=0,
                            max_tokens=5, item_id="x")
        server._handle = original  # type: ignore[method-assign]
    assert KEY not in str(raised.value) and "key *** is not allowed" in str(raised.value)


def test_a_missing_key_is_a_message(fixture_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    assert run(fixture_repo, "run", "tiny-sentiment", "--model", "m", "-o", str(tmp_path / "p.csv"),
               "--base-url", "http://127.0.0.1:9/v1") == 1
    assert "environment variable OPENAI_API_KEY" in capsys.readouterr().err
    monkeypatch.setenv("MY_KEY", "x")
    assert run(fixture_repo, "run", "tiny-sentiment", "--model", "m", "-o", str(tmp_path / "p.txt"),
               "--api-key-env", "MY_KEY") == 1
    assert "must end in .csv or .jsonl" in capsys.readouterr().err


def test_without_the_run_extra_the_message_says_how_to_install(
    fixture_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openai", None)  # `import openai` now raises ImportError
    assert run(fixture_repo, "run", "tiny-sentiment", "--model", "m", "-o", str(tmp_path / "p.csv"),
               "--base-url", "http://127.0.0.1:9/v1") == 1
    err = capsys.readouterr().err
    assert "pip install -e '.[run]'" in err and "Traceback" not in err


def test_truncated_and_unplaced_answers_are_reported(fixture_repo: Repository, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with ChatServer(lambda prompt: '{"entities": [{"text": "Nobody Here", "type": "PER"}]}') as server:
        assert run_bench(fixture_repo, server, "tiny-ner", tmp_path / "p.csv") == 0
    out = capsys.readouterr().out
    assert "note: 4 entit(y/ies) could not be placed" in out
    record = json.loads((tmp_path / "p.csv.run.json").read_text())
    assert record["unaligned_entities"] == 4 and record["parse_failures"] == 0 and record["truncated_answers"] == 0


def test_jsonl_output_validates_too(fixture_repo: Repository, tmp_path: Path) -> None:
    output = tmp_path / "tiny-ner.jsonl"
    with ChatServer(gold_answerer(fixture_repo.benchmark("tiny-ner"))) as server:
        assert run_bench(fixture_repo, server, "tiny-ner", output) == 0
    assert json.loads(output.read_text().splitlines()[0]) == {
        "id": "n1", "tags": ["B-ORG", "I-ORG", "O", "B-PER", "I-PER", "O"]
    }
    assert submit(fixture_repo, "tiny-ner", output) == 0


def test_import_leaderboard_does_not_import_the_runner_or_openai() -> None:
    code = ("import sys, leaderboard, leaderboard.cli; "
            "assert 'openai' not in sys.modules and 'leaderboard.runner' not in sys.modules, sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_ctrl_c_leaves_a_consistent_journal(fixture_repo: Repository, tmp_path: Path) -> None:
    benchmark = fixture_repo.benchmark("tiny-sentiment")
    output = tmp_path / "p.csv"
    with ChatServer(gold_answerer(benchmark), delay_s=1.0) as server:
        process = subprocess.Popen(
            [sys.executable, "-m", "leaderboard", "--root", str(fixture_repo.root), "run", "tiny-sentiment",
             "--model", "m", "--base-url", server.base_url, "-o", str(output), "--concurrency", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + 20
        while len(server.seen) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 130, err
    assert "interrupted: every response so far is in" in err and "Traceback" not in err
    lines = (tmp_path / "p.csv.journal.jsonl").read_text().splitlines()
    entries = [json.loads(line) for line in lines[1:]]  # every line whole
    assert 2 <= len(entries) < 6  # what was in flight finished; the rest was never sent
    assert len(server.seen) == len(entries) and not output.exists()

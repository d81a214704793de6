"""The runner's parts: templates, golden prompts, parsing, the journal, the run record, progress."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from leaderboard import progress
from leaderboard.errors import RunError
from leaderboard.repository import Repository
from leaderboard.runner import RunSettings, plan_run
from leaderboard.runner.journal import Journal
from leaderboard.runner.parse import align_entities, parse_answer, parse_chatbot, parse_entities, parse_label
from leaderboard.runner.prompts import ADAPTERS, DEFAULT_TEMPLATES, load_template
from leaderboard.runner.record import cost_usd, record_settings, run_date
from leaderboard.runner.retrieval import Retriever
from leaderboard.schemas import BenchmarkSettings
from leaderboard.scorers import TASK_TYPES
from tests.conftest import PROJECT_ROOT
from tests.runner.golden import GOLDEN_PROMPTS, golden_prompts

LABELS = ["negative", "neutral", "positive"]


def test_every_task_type_has_an_adapter_and_a_versioned_template() -> None:
    assert set(ADAPTERS) == set(TASK_TYPES) == set(DEFAULT_TEMPLATES)
    for task, template_id in DEFAULT_TEMPLATES.items():
        template = load_template(task)
        assert template.id == template_id and template_id.startswith(f"{task}-v")
        assert template.source.startswith(f"{{#- {template_id}:")
        assert len(template.sha256) == 64


def test_golden_prompts_of_every_shipped_benchmark_are_current() -> None:
    """Regenerate with `make golden` after a template change, and review the diff."""
    prompts = golden_prompts(PROJECT_ROOT)
    shipped = set(Repository(PROJECT_ROOT).benchmarks)
    assert {name.split(".")[0] for name in prompts} == shipped
    assert sorted(p.name for p in GOLDEN_PROMPTS.glob("*.txt")) == sorted(prompts)
    for name, prompt in prompts.items():
        assert (GOLDEN_PROMPTS / name).read_text(encoding="utf-8") == prompt, f"{name}: run `make golden`"


def test_few_shot_examples_are_the_same_every_run_and_come_from_train(shipped_repo: Repository) -> None:
    benchmark = shipped_repo.benchmark("support-tickets")
    settings = RunSettings(model="m", few_shot=3)
    first = plan_run(benchmark, Path("p.csv"), settings).requests[0].prompt
    again = plan_run(benchmark, Path("p.csv"), settings).requests[0].prompt
    assert first == again
    train_texts = set(benchmark.train_table.frame["text"]) if benchmark.train_table else set()
    shown = [line.removeprefix("Text: ") for line in first.splitlines() if line.startswith("Text: ")]
    assert len(shown) == 4 and set(shown[:3]) <= train_texts


def test_few_shot_without_a_train_split_is_a_message(shipped_repo: Repository) -> None:
    with pytest.raises(RunError, match="--few-shot"):
        plan_run(shipped_repo.benchmark("contract-qa"), Path("p.csv"), RunSettings(model="m", few_shot=1))


def test_a_broken_custom_template_names_its_line(fixture_repo: Repository, tmp_path: Path) -> None:
    template = tmp_path / "bad.jinja"
    template.write_text("line one\n{% if %}\n")
    with pytest.raises(RunError, match=r"bad.jinja:2: template syntax error"):
        plan_run(fixture_repo.benchmark("tiny-sentiment"), tmp_path / "p.csv", RunSettings(model="m", prompt=template))
    template.write_text("{{ item.nothing_like_this }}\n")
    with pytest.raises(RunError, match="the context has: benchmark, examples, item, labels"):
        plan_run(fixture_repo.benchmark("tiny-sentiment"), tmp_path / "p.csv", RunSettings(model="m", prompt=template))


def test_settings_are_checked_together() -> None:
    with pytest.raises(RunError) as raised:
        RunSettings(model="m", concurrency=0, temperature=3, price_input=1.0).check()
    message = str(raised.value)
    assert "--concurrency" in message and "--temperature" in message and "--price-output" in message


@pytest.mark.parametrize(("answer", "label", "ok"), [
    ("positive", "positive", True),
    ("  Positive. ", "positive", True),
    ('"NEUTRAL"', "neutral", True),
    ("`negative`", "negative", True),
    ("**Positive**", "positive", True),
    ("Label: negative", "negative", True),
    ("neutral\n\nThe headline reports a flat quarter.", "neutral", True),
    ("The sentiment of this headline is positive.", "positive", True),
    ("not negative but positive", "not negative but positive", False),
    ("bullish", "bullish", False),
    ("postive", "postive", False),  # a fuzzy match is validate's hint, never an answer
    ("", "(empty)", False),
])
def test_classification_answers(answer: str, label: str, ok: bool) -> None:
    parsed = parse_label(answer, LABELS)
    assert parsed.prediction == {"label": label} and parsed.ok is ok


def test_labels_with_underscores_match_whole_words_only() -> None:
    labels = ["account_access", "billing", "bug_report"]
    assert parse_label("This is a billing issue.", labels).prediction == {"label": "billing"}
    assert parse_label("Account_Access", labels).prediction == {"label": "account_access"}
    assert not parse_label("billing_v2", labels).ok


TOKENS = ["Acme", "Corp", ".", "hired", "Jane", "Doe", "from", "Acme", "Corp", "."]
TYPES = ["ORG", "PER"]


def test_entities_align_to_the_first_free_matching_span() -> None:
    tags, unaligned = align_entities(TOKENS, [("Acme Corp", "ORG"), ("Jane Doe", "per"), ("Acme Corp", "ORG")], TYPES)
    assert tags == ["B-ORG", "I-ORG", "O", "O", "B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O"]
    assert unaligned == 0


def test_entity_alignment_ignores_case_then_whitespace() -> None:
    tags, unaligned = align_entities(TOKENS, [("acme corp", "ORG"), ("JaneDoe", "PER")], TYPES)
    assert tags[:2] == ["B-ORG", "I-ORG"] and tags[4:6] == ["B-PER", "I-PER"] and unaligned == 0
    tags, _ = align_entities(TOKENS, [("Acme Corp.", "ORG")], TYPES)
    assert tags[:3] == ["B-ORG", "I-ORG", "I-ORG"]


def test_unplaceable_entities_are_counted() -> None:
    tags, unaligned = align_entities(TOKENS, [("Initech", "ORG"), ("Jane Doe", "LOC"), ("", "ORG")], TYPES)
    assert tags == ["O"] * len(TOKENS) and unaligned == 3


@pytest.mark.parametrize(("answer", "ok"), [
    ('{"entities": [{"text": "Jane Doe", "type": "PER"}]}', True),
    ('Sure! ```json\n{"entities": [{"text": "Jane Doe", "type": "PER"}]}\n```', True),
    ('[{"text": "Jane Doe", "label": "PER"}]', True),
])
def test_ner_answers_in_json(answer: str, ok: bool) -> None:
    parsed = parse_entities(answer, TOKENS, TYPES)
    assert parsed.ok is ok and parsed.prediction["tags"][4:6] == ["B-PER", "I-PER"]


def test_ner_per_token_tags_are_repaired_to_iob2() -> None:
    tags = ["i-org", "I-ORG", "O", "O", "B-PER", "I-ORG", "O", "X", "B-ORG", "O"]
    parsed = parse_entities(json.dumps({"tags": tags}), TOKENS, TYPES)
    assert parsed.ok
    assert parsed.prediction["tags"] == ["B-ORG", "I-ORG", "O", "O", "B-PER", "B-ORG", "O", "O", "B-ORG", "O"]


def test_unreadable_ner_answers_give_all_o_and_count() -> None:
    for answer in ("Acme Corp is an organisation.", '{"tags": ["O", "O"]}', ""):
        parsed = parse_entities(answer, TOKENS, TYPES)
        assert not parsed.ok and parsed.prediction["tags"] == ["O"] * len(TOKENS)


def test_chatbot_answers() -> None:
    documents = ["leave", "travel"]
    parsed = parse_chatbot('{"answer": "25 days", "sources": ["leave", "nowhere", "leave"]}', documents)
    assert parsed.ok and parsed.prediction == {"answer": "25 days", "sources": ["leave"]}
    assert parse_chatbot('{"answer": "x", "sources": "travel; leave"}', documents).prediction["sources"] == [
        "travel", "leave"]
    parsed = parse_chatbot("You get 25 days of leave.", documents)
    assert not parsed.ok and parsed.prediction == {"answer": "You get 25 days of leave.", "sources": []}
    assert parse_chatbot('{"answer": "UNANSWERABLE", "sources": []}', documents).prediction["answer"] == ""


def test_prompting_answers() -> None:
    assert parse_answer("Answer: sixty (60) days").prediction == {"answer": "sixty (60) days"}
    assert parse_answer(' "State of Delaware" ').prediction == {"answer": "State of Delaware"}
    assert parse_answer("Unanswerable.").prediction == {"answer": ""}


def test_bm25_ranks_the_matching_document_first_and_breaks_ties_by_id() -> None:
    retriever = Retriever({"b-doc": "annual leave is 25 days", "a-doc": "meal allowance 75 dollars",
                           "c-doc": "laptops every 36 months"})
    assert retriever.top("How many days of annual leave?", 2)[0] == "b-doc"
    assert retriever.top("the of and", 3) == ["a-doc", "b-doc", "c-doc"]  # only stopwords: ties


def test_journal_moves_a_journal_of_other_settings_aside(tmp_path: Path) -> None:
    path = tmp_path / "p.csv.journal.jsonl"
    with Journal(path, {"model": "a"}) as journal:
        journal.append({"id": "x", "request_sha256": "h1", "response": "r"})
    with Journal(path, {"model": "a"}) as journal:
        assert journal.get("h1") is not None and journal.moved_aside is None
    with Journal(path, {"model": "b"}) as journal:
        assert journal.get("h1") is None and journal.moved_aside is not None
    assert journal.moved_aside.is_file() and json.loads(path.read_text().splitlines()[0])["settings"] == {"model": "b"}


def test_run_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert run_date() == "2026-01-01"


def test_cost_needs_both_prices() -> None:
    usage = {"prompt_tokens": 2_000_000, "completion_tokens": 500_000}
    assert cost_usd(usage, 0.15, 0.6) == pytest.approx(0.6)
    assert cost_usd(usage, 0.15, None) is None


def test_record_settings_are_valid_benchmark_settings() -> None:
    record = {
        "model": "m", "base_url_host": "api.openai.com", "date": "2026-12-01", "items": 3, "parse_failures": 1,
        "template": {"id": "chatbot-v1", "sha256": "0" * 64, "source": "{{ item.question }}"},
        "settings": {"temperature": 0.0, "max_tokens": 64, "few_shot": 0, "top_k": 4},
        "usage": {"prompt_tokens": 10, "completion_tokens": 2}, "latency_s": {"median": 0.5, "p95": 0.9},
        "cost_usd": None,
    }
    settings = BenchmarkSettings.model_validate(record_settings(record))
    assert settings.endpoint == "api.openai.com" and settings.prompt == "{{ item.question }}"
    assert settings.retrieval is not None and "top 4" in settings.retrieval
    assert settings.cost_usd is None and settings.input_tokens == 10


def test_progress_in_a_log_is_plain_lines_and_silent_when_quick(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setattr(progress, "QUIET_FOR_S", 0.0)
    monkeypatch.setattr(progress, "LINE_INTERVAL_S", 0.0)
    assert list(progress.progress_bar("scoring")([1, 2, 3])) == [1, 2, 3]
    lines = stream.getvalue().splitlines()
    assert lines and "\r" not in stream.getvalue() and lines[-1].startswith("scoring: 100%")
    quiet = io.StringIO()
    monkeypatch.setattr("sys.stderr", quiet)
    monkeypatch.setattr(progress, "QUIET_FOR_S", 60.0)
    assert list(progress.progress_bar("scoring")([1, 2])) == [1, 2]
    assert quiet.getvalue() == ""

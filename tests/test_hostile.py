"""A hostile-input corpus: every case exits 1 with a path:line message and never a traceback.

The corpus keeps growing (issue 13): real-data mistakes, encodings, limits, Unicode classes and
path tricks. Each case names the file, the line and a piece of the message that says the fix.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from leaderboard.repository import Repository

SUB = "submissions/good-model"
HEADER_BOMB = ",".join(f"c{i}" for i in range(100_000)) + "\n"
ALIAS_BOMB = 'model_name: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
NESTED = "model_name: " + "[" * 500 + "]" * 500 + "\n"

CASES = [
    ("tiny-sentiment.csv", b"id,label\ns1,posi", "tiny-sentiment.csv:", "missing"),  # truncated
    ("tiny-sentiment.csv", b'id,label\ns1,"positive\n', "tiny-sentiment.csv:2:", "quoted field is never closed"),
    ("tiny-sentiment.csv", b"id\tlabel\ns1\tpositive\n", "tiny-sentiment.csv:1:", "separated by tabs"),
    ("tiny-sentiment.csv", "id,label\ns1,négatif\n".encode("latin-1"), "tiny-sentiment.csv:2:", "not valid UTF-8"),
    ("tiny-sentiment.csv", HEADER_BOMB.encode(), "tiny-sentiment.csv:1:", "header row is longer"),
    ("tiny-sentiment.csv", b"id,label\ns1," + b"x" * 10_000_000 + b"\n", "tiny-sentiment.csv:2:", "characters long"),
    ("metadata.yaml", ALIAS_BOMB.encode(), "metadata.yaml:1:", "anchors and aliases"),
    ("metadata.yaml", NESTED.encode(), "metadata.yaml:1:", "nested deeper"),
    ("tiny-docqa.jsonl", b'{"id": "q1", "answer": NaN}\n', "tiny-docqa.jsonl:1:", "invalid JSON"),
    ("tiny-docqa.jsonl", b'{"id": "q1", "answer": 1e999}\n', "tiny-docqa.jsonl:1:", "finite"),
    ("tiny-sentiment.csv", "id,label\ns1\u202e,positive\n".encode(), "tiny-sentiment.csv:2:", "not in the evaluation set"),
    ("tiny-sentiment.csv", b"id,label\n../../etc/passwd,positive\n", "tiny-sentiment.csv:2:", "not in the evaluation set"),
    ("tiny-sentiment.csv", b"id,label\ns1,\x1b[31mred\n", "tiny-sentiment.csv:2:", "unknown label '\\u001b[31mred'"),
    ("tiny-sentiment.csv", b"", "tiny-sentiment.csv:", "file is empty"),
    ("metadata.yaml", b"", "metadata.yaml:", "YAML mapping"),
    ("metadata.yaml", b"- just\n- a list\n", "metadata.yaml:1:", "YAML mapping"),
    ("metadata.yaml", b"model_name: \x07bell\n", "metadata.yaml:1:", "invalid YAML"),
    # issue 13: crashes
    ("tiny-docqa.jsonl", b'{"id": "q1", "answer": "\\ud800"}\n', "tiny-docqa.jsonl:1:", "lone surrogate U+D800"),
    ("tiny-docqa.jsonl", b'{"id": "\\udfff"}\n', "tiny-docqa.jsonl:1:", "lone surrogate U+DFFF"),
    ("metadata.yaml", b"model_name: x\n? [a, b]\n: 1\n", "metadata.yaml:2:", "a key must be a plain name"),
    ("metadata.yaml", b"model_name: x\n? {a: 1}\n: 1\n", "metadata.yaml:2:", "a key must be a plain name"),
    # issue 13: duplicates
    ("tiny-docqa.jsonl", b'{"id": "q1", "answer": "a", "answer": "b"}\n', "tiny-docqa.jsonl:1:", "duplicate key 'answer'"),
    ("tiny-docqa.jsonl", b'{"id": "q1"}\n{"id": "q2", "x": {"k": 1, "k": 2}}\n', "tiny-docqa.jsonl:2:", "duplicate key 'k'"),
    ("metadata.yaml", b"model_name: x\n<<: {model_name: y}\n", "metadata.yaml:2:", "merge keys ('<<:')"),
    # issue 13: dates and keys located
    ("metadata.yaml", b"model_name: x\nsubmitted: 2026-02-30\n", "metadata.yaml:2:", "not a real date"),
    ("metadata.yaml", b"model_name: x\n~: 3\n", "metadata.yaml:2:", "a key must be a field name, not ~ (null)"),
    # encodings
    ("tiny-sentiment.csv", "id,label\ns1,positive\n".encode("utf-16"), "tiny-sentiment.csv:1:", "is UTF-16"),
    ("metadata.yaml", "model_name: x\n".encode("utf-16-be"), "metadata.yaml:1:", "is UTF-16"),
    ("tiny-sentiment.csv", b"id,label\ns1,\xc3\n", "tiny-sentiment.csv:2:", "not valid UTF-8"),
    ("tiny-sentiment.csv", b"id,label\ns1,\xed\xa0\x80\n", "tiny-sentiment.csv:2:", "not valid UTF-8"),  # CESU surrogate
    ("tiny-sentiment.csv", b"id,label\rs1,positive\r", "tiny-sentiment.csv:1:", "CR only"),
    # limits
    ("tiny-docqa.jsonl", b'{"id": "q1", "answer": "' + b"x" * 90_000 + b'"}\n', "tiny-docqa.jsonl:1:", "characters long"),
    ("tiny-docqa.jsonl", b'{"id": ' + b"[" * 5000 + b"]" * 5000 + b"}\n", "tiny-docqa.jsonl:1:", "invalid JSON"),
    ("tiny-docqa.jsonl", b'{"id": "q1", "answer": {"a": 1}}\n', "tiny-docqa.jsonl:1:", "must be a string"),
    ("tiny-docqa.jsonl", b'["q1", "x"]\n', "tiny-docqa.jsonl:1:", "must be a JSON object"),
    # Unicode classes in ids
    ("tiny-sentiment.csv", "id,label\ns1\u200b,positive\n".encode(), "tiny-sentiment.csv:2:", "U+200B"),
    ("tiny-sentiment.csv", "id,label\ns1\U000e0001,positive\n".encode(), "tiny-sentiment.csv:2:", "U+E0001"),
    ("tiny-sentiment.csv", "id,label\ns\u2028,positive\n".encode(), "tiny-sentiment.csv:2:", "line separator"),
]


@pytest.mark.parametrize(("name", "content", "where", "message"), CASES,
                         ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_hostile_input_gives_a_clean_error(
    fixture_repo: Repository, name: str, content: bytes, where: str, message: str
) -> None:
    (fixture_repo.root / SUB / name).write_bytes(content)
    process = subprocess.run(
        [sys.executable, "-m", "leaderboard", "--root", str(fixture_repo.root), "validate", "--strict"],
        capture_output=True, text=True, check=False,
    )
    output = process.stdout + process.stderr
    assert process.returncode == 1, output
    assert "Traceback" not in output
    matching = [line for line in output.splitlines() if f"{SUB}/{where}" in line and message in line]
    assert matching, output


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leaderboard", "--root", str(root), *args],
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_a_lone_surrogate_and_escape_codes_never_reach_the_output(
    fixture_repo: Repository, output_format: str
) -> None:
    sub = fixture_repo.root / SUB
    (sub / "tiny-docqa.jsonl").write_text('{"id": "q\\ud800\\u001b[2J"}\n', encoding="utf-8")
    (sub / "tiny-sentiment.csv").write_bytes(b"id,label\ns1\x1b]0;pwned\x07,positive\n")
    done = run_cli(fixture_repo.root, "validate", "--format", output_format)
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in output, output
    assert "\x1b" not in output and "\x07" not in output
    if output_format == "json":
        messages = " ".join(p["message"] for p in json.loads(done.stdout))
        assert "lone surrogate U+D800" in messages and "\\u001b]0;pwned\\u0007" in messages


def test_a_folder_name_that_is_not_utf8_is_reported_and_never_published(
    fixture_repo: Repository, tmp_path: Path
) -> None:
    submissions = os.fsencode(fixture_repo.root / "submissions")
    bad = os.path.join(submissions, b"caf\xe9-model")
    shutil.copytree(os.fsencode(fixture_repo.root / SUB), bad)
    done = run_cli(fixture_repo.root, "validate")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "submissions/caf\\udce9-model: folder name 'caf\\udce9-model' is not a valid slug" in done.stdout
    site = tmp_path / "site"
    built = run_cli(fixture_repo.root, "build", "-o", str(site), "--no-cache")
    assert built.returncode == 0, built.stderr
    published = [os.fsencode(p) for p in site.rglob("*")]
    assert not [p for p in published if b"caf" in p]


def test_serve_on_a_busy_port_is_a_clean_error(fixture_repo: Repository, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run_cli(fixture_repo.root, "serve", "--port", str(port), "-o", str(tmp_path / "site"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"error: port {port} is already in use" in done.stderr and "--port" in done.stderr


def test_download_into_the_benchmarks_folder_is_refused(fixture_repo: Repository) -> None:
    before = (fixture_repo.root / "benchmarks/tiny-sentiment/eval.csv").read_bytes()
    done = run_cli(fixture_repo.root, "download", "tiny-sentiment", "-o",
                   str(fixture_repo.root / "benchmarks"), "--force")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "is the benchmark's own folder" in done.stderr
    assert (fixture_repo.root / "benchmarks/tiny-sentiment/eval.csv").read_bytes() == before


def test_download_never_writes_through_a_link(fixture_repo: Repository, tmp_path: Path) -> None:
    work = tmp_path / "work" / "tiny-sentiment"
    work.mkdir(parents=True)
    victim = tmp_path / "victim.csv"
    victim.write_text("precious\n")
    os.link(victim, work / "tiny-sentiment.csv")
    (work / "eval.csv").symlink_to(victim)
    done = run_cli(fixture_repo.root, "download", "tiny-sentiment", "-o", str(tmp_path / "work"), "--force")
    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "precious\n"
    assert not (work / "eval.csv").is_symlink()


# -- metadata and benchmark definitions, checked in-process (fast) ------------------------------

GOOD_METADATA = (Path(__file__).parent / "fixtures/repo/submissions/good-model/metadata.yaml").read_text()
GOOD_SPEC = (Path(__file__).parent / "fixtures/repo/benchmarks/tiny-sentiment/benchmark.yaml").read_text()


def with_field(text: str, line: str) -> str:
    key = line.split(":", 1)[0]
    kept = [row for row in text.splitlines() if not row.startswith(f"{key}:")]
    return "\n".join([*kept, line]) + "\n"


def metadata_messages(text: str) -> list[str]:
    from pydantic import ValidationError

    from leaderboard.schemas import SubmissionMetadata, schema_problems
    from leaderboard.yamlfile import parse_yaml

    document = parse_yaml(text, "metadata.yaml")
    try:
        SubmissionMetadata.model_validate(document.data)
    except ValidationError as exc:
        return [p.format() for p in schema_problems(exc, document, "metadata.yaml", SubmissionMetadata)]
    return []


METADATA_REFUSED = [
    ("submitted: 0", "submitted: 0 is not a date; write it as YYYY-MM-DD"),
    ("submitted: 2999-12-31", "is not between the leaderboard's first release (2026-11-01) and today"),
    ("submitted: 2020-01-01", "first release"),
    ("submitted: 2026-11-01 10:00:00", "without a time"),
    ("submitted: yesterday", "is not a date"),
    ("submitted: true", "is not a date"),
    ("model_name: \"A\\u061cB\"", "bidirectional control character U+061C"),
    ("model_name: \"A\\u2063B\"", "U+2063"),
    ("model_name: \"A\\U000E0041B\"", "U+E0041"),
    ("model_name: \"A\\u2028B\"", "line separator U+2028"),
    ("model_name: \"A\\u00adB\"", "U+00AD"),
    ("model_name: \"A\\u200dB\"", "U+200D"),
    ("description: \"one\\u202etwo\"", "U+202E"),
    ("model_url: \"https://exa\\u200bmple.org/x\"", "model_url: contains the invisible formatting character U+200B"),
    ("paper_url: \"https://example.org/\\u202epaper\"", "paper_url: contains the bidirectional control"),
    ("paper_url: javascript:alert(1)", "must be an http:// or https:// address"),
    ("approach: zero shot", "approach: 'zero shot' is not a known approach (did you mean 'zero-shot'?)"),
    ("parameters: 7b", "parameters: '7b' is not a parameter count such as 7B"),
    ("maintainers: ['@me']", "maintainers.0: '@me' is not a GitHub handle"),
]


@pytest.mark.parametrize(("line", "message"), METADATA_REFUSED, ids=[c[0] for c in METADATA_REFUSED])
def test_metadata_is_refused_in_words_at_its_line(line: str, message: str) -> None:
    text = with_field(GOOD_METADATA, line)
    found = metadata_messages(text)
    field_line = text.splitlines().index(line) + 1
    assert any(m.startswith(f"metadata.yaml:{field_line}: ") and message in m for m in found), found
    assert not any("pattern" in m or "^" in m for m in found), found


@pytest.mark.parametrize("line", [
    'model_name: "👩\u200d💻 Coder"', 'model_name: "Modèle ❤️"', 'model_name: "می\u200cخواهم"',
    'organization: "क्\u200dष Labs"', "submitted: '2026-11-02'", 'description: "two\\nlines\\tand a tab"',
])
def test_real_text_is_accepted(line: str) -> None:
    assert metadata_messages(with_field(GOOD_METADATA, line)) == []


def spec_messages(line: str) -> list[str]:
    from pydantic import ValidationError

    from leaderboard.schemas import BenchmarkSpec, schema_problems
    from leaderboard.yamlfile import parse_yaml

    text = with_field(GOOD_SPEC, line)
    if line.startswith("entity_types"):
        text = with_field(with_field(text, "task_type: ner"), "primary_metric: f1").replace("labels:", "#")
    document = parse_yaml(text, "benchmark.yaml")
    try:
        BenchmarkSpec.model_validate(document.data)
    except ValidationError as exc:
        return [p.format() for p in schema_problems(exc, document, "benchmark.yaml", BenchmarkSpec)]
    return []


@pytest.mark.parametrize("line", [
    "labels: [irony, not irony]",  # TweetEval
    "labels: [negative, neutral, positive]",
    "labels: ['❤', '😂', '🔥']",
    "entity_types: [person, location, corporation, creative-work, group, product]",  # WNUT-17
    "entity_types: [PER, ORG, MISC_1]",
])
def test_real_benchmark_definitions_are_accepted(line: str) -> None:
    assert spec_messages(line) == []


@pytest.mark.parametrize(("line", "message"), [
    ("labels: ['a,b', c]", "a label may not contain commas, semicolons or quotes"),
    ("labels: ['a;b', c]", "a label may not contain commas, semicolons or quotes"),
    ("labels: [\"it's\", c]", "a label may not contain commas, semicolons or quotes"),
    ("labels: [' a', b]", "starts or ends with a space"),
    ("labels: [\"a\\u200bb\", c]", "U+200B"),
    ("entity_types: [1PER]", "is not an entity type: a letter, then only letters, digits"),
    ("entity_types: [B PER]", "is not an entity type"),
])
def test_benchmark_definitions_are_refused_in_words(line: str, message: str) -> None:
    found = spec_messages(line)
    assert any(message in m for m in found), found
    assert not any("should match pattern" in m for m in found), found


# -- predictions files, validated in-process -----------------------------------------------------

def file_messages(repo: Repository, name: str, content: str | bytes) -> list[str]:
    from leaderboard.validation import validate_submission

    path = repo.root / SUB / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return [p.format() for p in validate_submission(path.parent, repo).problems if p.path == f"{SUB}/{name}"]


def sentiment(*labels: str) -> str:
    return "id,label\n" + "".join(f"s{i},{label}\n" for i, label in enumerate(labels, 1))


LABEL_CASES = [
    # 100% invalid labels are an error, not a 0.0 row (issue 13)
    (sentiment(*["NEUTRAL"] * 6), False, ["tiny-sentiment.csv:2: warning: 6 row(s) have a label that differs "
                                          "from a valid label only by case, surrounding spaces or Unicode form "
                                          "('NEUTRAL' -> 'neutral')"]),
    (sentiment(*[" neutral"] * 6), False, ["6 row(s) have a label that differs"]),
    (sentiment(*["LABEL_1"] * 6), True, ["tiny-sentiment.csv:2: warning: 6 row(s) have a class id such as "
                                         "'LABEL_1' instead of a label name; map ids to names with your "
                                         "model's id2label", "6 of 6 rows (100%) have no valid label"]),
    (sentiment("1", "0", "2", "1", "1", "0"), True, ["have a class id such as '1'", "6 of 6 rows (100%)"]),
    (sentiment("good", "bad", "good", "positive", "neutral", "negative"), False, ["unknown label 'good'"]),
    (sentiment("good", "bad", "good", "meh", "neutral", "negative"), True, ["4 of 6 rows (67%) have no valid label"]),
    (sentiment("POSITIVE", "x", "y", "z", "neutral", "negative"), False, ["1 row(s) have a label that differs"]),
]


@pytest.mark.parametrize(("content", "fails", "expected"), LABEL_CASES, ids=[str(i) for i in range(len(LABEL_CASES))])
def test_labels_are_forgiven_when_harmless_and_refused_when_wrong(
    fixture_repo: Repository, content: str, fails: bool, expected: list[str]
) -> None:
    found = file_messages(fixture_repo, "tiny-sentiment.csv", content)
    for piece in expected:
        assert any(piece in message for message in found), found
    assert any(": warning: " not in m for m in found) == fails, found


NER_OK = ["B-ORG I-ORG O B-PER I-PER O", "O O O", "B-PER O B-ORG O", "B-ORG O B-ORG I-ORG O O"]


def ner_csv(rows: list[str]) -> str:
    return "id,tags\n" + "".join(f'n{i},"{tags}"\n' for i, tags in enumerate(rows, 1))


FORMAT_CASES = [
    # NER: a comma list in a CSV cell is one message with a count and lines, not one per cell
    ("tiny-ner.csv", ner_csv([t.replace(" ", ",") for t in NER_OK]),
     ["tiny-ner.csv:2: 4 row(s) hold their tags as a comma-separated or JSON list (such as "
      "'B-ORG,I-ORG,O,B-PER,I-PER,O'), on lines 2, 3, 4, 5: separate tags with spaces in CSV, or use JSONL lists"],
     ["invalid tag", "tags for"]),
    ("tiny-ner.csv", ner_csv([json.dumps(t.split()).replace('"', '""') for t in NER_OK]),
     ["4 row(s) hold their tags as a comma-separated or JSON list"], ["invalid tag"]),
    # the nearest valid tag, and counts that count rows
    ("tiny-ner.csv", ner_csv(["B-ORG I-ORG O B-PERSON B-PERSON O", "O O O", "B-PERSON O B-ORG O",
                              "B-ORG O B-ORG I-ORG O O"]),
     ["tiny-ner.csv:2: invalid tag 'B-PERSON' (did you mean 'B-PER'?); tags are O or B-ORG/I-ORG, "
      "B-PER/I-PER (IOB2) (2 rows; first shown)"], []),
    ("tiny-ner.csv", ner_csv(["B-org I-org O B-PER I-PER O", *NER_OK[1:]]),
     ["invalid tag 'B-org' (did you mean 'B-ORG'?)"], []),
    # spans instead of tags
    ("tiny-ner.jsonl", "".join(json.dumps({"id": f"n{i}", "entities": [{"start": 0, "end": 1, "type": "ORG"}]})
                               + "\n" for i in range(1, 5)),
     ["tiny-ner.jsonl:1: missing field(s) 'tags'; each object of a ner predictions file has the fields "
      '"id", "tags"; '
      "'entities' looks like entity spans: the ner format needs 'tags', one IOB2 tag per token"],
     ["must be a string", "header"]),
    ("tiny-docqa.jsonl", '{"ID": "q1", "Answer": "x"}\n',
     ["tiny-docqa.jsonl:1: missing field(s) 'id', 'answer'; each object of a prompting predictions file has the "
      'fields "id", "answer"; field names are case-sensitive: write them in lowercase'], ["header"]),
    ("tiny-ner.jsonl", "".join(json.dumps({"id": f"n{i}", "entities": []}) + "\n" for i in range(1, 5)),
     ["'entities' looks like entity spans"],
     ["must be a string"]),
    # chatbot sources
    ("tiny-chat.csv", "id,answer,sources\nc1,$75 per day,travel.md\nc2,25 days,leave.md\nc3,every 36 months,laptops;leave\nc4,,\n",
     ["tiny-chat.csv:2: 2 row(s): name a source by its document id, the file stem without '.md' or '.txt' "
      "(such as 'leave', not 'leave.md'); on lines 2, 3"], ["unknown source document"]),
    ("tiny-chat.csv", 'id,answer,sources\nc1,$75 per day,travel\nc2,25 days,leave\nc3,every 36 months,"laptops,leave"\nc4,,\n',
     ["tiny-chat.csv:4: 1 row(s): separate sources with ';'"], ["unknown source document"]),
    # headers diagnosed as what they are
    ("tiny-sentiment.csv", sentiment(*["positive"] * 6).replace("id,label", "ID,Label"),
     ["tiny-sentiment.csv:1: missing column(s) 'id', 'label'; a classification predictions file has the header "
      "'id,label'; column names are case-sensitive: write the header 'id,label', not 'ID,Label'"], []),
    ("tiny-sentiment.csv", sentiment(*["positive"] * 6).split("\n", 1)[1],
     ["the first row 's1,positive' looks like data, not a header: add the header 'id,label' as the first line"], []),
    ("tiny-sentiment.csv", sentiment(*["positive"] * 6).replace(",", ";"), ["separated by semicolons"], []),
    ("tiny-sentiment.csv", sentiment(*["positive"] * 6).replace("label", "prediction"),
     ["rename the column 'prediction' to 'label'"], []),
    # "N more rows" comes after the lines it continues
    ("tiny-sentiment.csv", "id,label\n" + "".join(f"x{i},positive\n" for i in range(15)),
     ["tiny-sentiment.csv:12: 5 more rows with the same problem, on lines 12, 13, 14, 15, 16"], []),
    # QA: empty answers compared with the benchmark's own share of unanswerable questions
    ("tiny-docqa.csv", "id,answer\nq1,\nq2,\nq3,x\n",
     ["2 of 3 answers are empty, while 0% of this benchmark's questions are unanswerable"], []),
    # hidden characters in an id: the one rule, then "not in the evaluation set"
    ("tiny-sentiment.csv", sentiment(*["positive"] * 6).replace("s6,", "s6\u2063,"),
     ["id 's6\\u2063' contains the invisible formatting character U+2063; remove it; it is not in the evaluation set"], []),
]


@pytest.mark.parametrize(("name", "content", "expected", "absent"), FORMAT_CASES,
                         ids=[f"{i}-{c[0]}" for i, c in enumerate(FORMAT_CASES)])
def test_common_format_mistakes_get_one_message_that_says_the_fix(
    fixture_repo: Repository, name: str, content: str, expected: list[str], absent: list[str]
) -> None:
    for other in (fixture_repo.root / SUB).glob(f"{name.split('.')[0]}.*"):
        other.unlink()
    found = file_messages(fixture_repo, name, content)
    for piece in expected:
        assert any(piece in message for message in found), found
    for piece in absent:
        assert not any(piece in message for message in found), found
    assert len(found) <= 12, found  # never hundreds of lines


def test_the_more_rows_summary_prints_after_the_lines_it_continues(fixture_repo: Repository) -> None:
    from leaderboard.problems import format_text
    from leaderboard.validation import validate_submission

    (fixture_repo.root / SUB / "tiny-sentiment.csv").write_text(
        "id,label\n" + "".join(f"x{i},positive\n" for i in range(15)))
    problems = validate_submission(fixture_repo.root / SUB, fixture_repo).problems
    lines = [line for line in format_text(problems).splitlines() if "tiny-sentiment.csv" in line]
    unknown = [i for i, line in enumerate(lines) if "is not in the evaluation set" in line]
    summary = [i for i, line in enumerate(lines) if "more rows with the same problem" in line]
    assert len(unknown) == 10 and summary == [unknown[-1] + 1], lines


# -- path tricks ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["tiny-sentiment.csv\n", "evil\x1b[2J.csv", "\u202egnp.csv", "a\u200b.csv",
                                  " tiny-sentiment.csv", "tiny-sentiment.CSV", "tiny-sentiment.csv.txt"])
def test_strange_file_names_are_reported_printably(fixture_repo: Repository, name: str) -> None:
    from leaderboard.problems import format_text
    from leaderboard.validation import validate_submission

    (fixture_repo.root / SUB / name).write_text("id,label\n")
    problems = validate_submission(fixture_repo.root / SUB, fixture_repo).problems
    text = format_text(problems)
    assert problems
    assert all(line.isprintable() for line in text.splitlines()), text
    assert any("unexpected file" in p.message or "not a known benchmark" in p.message for p in problems), text


def test_a_link_in_a_submission_folder_is_refused(fixture_repo: Repository, tmp_path: Path) -> None:
    from leaderboard.validation import validate_submission

    gold = fixture_repo.root / "benchmarks/tiny-sentiment/gold.csv"
    link = fixture_repo.root / SUB / "tiny-sentiment.csv"
    link.unlink()
    link.symlink_to(gold)
    problems = validate_submission(fixture_repo.root / SUB, fixture_repo).problems
    assert any(p.path.endswith("tiny-sentiment.csv") and "no links" in p.message for p in problems)


def test_benchmark_files_follow_the_same_hidden_character_rule(fixture_repo: Repository) -> None:
    from leaderboard.benchmarks import check_benchmark

    eval_file = fixture_repo.root / "benchmarks/tiny-sentiment/eval.csv"
    lines = eval_file.read_text().splitlines()
    lines[2] = lines[2].replace(",", "\u202e,", 1)
    lines[3] = lines[3] + "\u2063"
    eval_file.write_text("\n".join(lines) + "\n")
    repo = Repository(fixture_repo.root)
    messages = [p.format() for p in check_benchmark(repo.benchmarks["tiny-sentiment"])]
    assert any(":3: id: contains the bidirectional control character U+202E" in m for m in messages), messages
    assert any(":4: text: contains the invisible formatting character U+2063" in m for m in messages), messages


# -- NER tags through the fast integer codes and through the plain definition (issue 17) ---------

def ner_jsonl(rows: list[list[str]]) -> str:
    return "".join(json.dumps({"id": f"n{i}", "tags": tags}) + "\n" for i, tags in enumerate(rows, 1))


HOSTILE_NER = [
    ("tiny-ner.csv", ner_csv(["B-ORG\tI-ORG O B-PER I-PER\u000bO", "O\x1cO O", " B-PER O B-ORG O ", *NER_OK[3:]])),
    ("tiny-ner.csv", ner_csv(["B-ORG I-ORG O Б-ЛИЦ B-人名 O", "O O O", "B-PER\u00a0O B-ORG O", "B-ORG O B-ORG I-ORG O O"])),
    ("tiny-ner.csv", ner_csv(["B-ORGANIZATION-WITH-A-VERY-LONG-NAME I-ORG O B-PER I-PER O", *NER_OK[1:]])),
    ("tiny-ner.csv", ner_csv(["O,O,B-PER,I-PER,O,O", *NER_OK[1:]])),
    ("tiny-ner.jsonl", ner_jsonl([["B-ORG", "I-ORG", "", " ", "B-PER\u0000", "O"], ["O", "\u0001", "O"],
                                  ["I-PER", "O", "B-ORG", "O"], ["B-ORG", "O", "O,O", '["O"]', "O", "O"]])),
    ("tiny-ner.jsonl", ner_jsonl([["B-ORG", "I-ORG", "O", "B-PER", "I-PER", "O"], ["O", "O"], [], ["O"] * 9])),
    # valid, in another order than gold's (scoring takes the codes row by row)
    ("tiny-ner.csv", "id,tags\n" + "".join(f'n{i},"{NER_OK[i - 1]}\u00a0"\n' for i in (3, 1, 4, 2))),
    ("tiny-ner.jsonl", "".join(json.dumps({"id": f"n{i}", "tags": NER_OK[i - 1].split()}) + "\n" for i in (4, 2, 1, 3))),
]


@pytest.mark.parametrize(("name", "content"), HOSTILE_NER, ids=[str(i) for i in range(len(HOSTILE_NER))])
def test_hostile_tags_give_the_problems_and_scores_of_the_plain_definition(
    fixture_repo: Repository, monkeypatch: pytest.MonkeyPatch, name: str, content: str
) -> None:
    from leaderboard import listcodes, tables
    from leaderboard.scorers import ner
    from leaderboard.scoring import GoldCache, compute_records

    def validate_and_score() -> tuple[list[str], list[dict[str, float]]]:
        from leaderboard.validation import validate_submission

        for other in (fixture_repo.root / SUB).glob("tiny-ner.*"):
            other.unlink()
        (fixture_repo.root / SUB / name).write_text(content, encoding="utf-8")
        report = validate_submission(fixture_repo.root / SUB, fixture_repo)
        found = [p.format() for p in report.problems if p.path == f"{SUB}/{name}"]
        files = [(report.slug, p) for bid, p in report.predictions.items() if bid == "tiny-ner"]
        records = compute_records(files, GoldCache(), resamples=20, confidence=0.95)
        shared = [ner.TASK.score_table(p.benchmark, GoldCache().get(p.benchmark)[0], p.table,
                                       GoldCache().prepared(p.benchmark)).metrics for _, p in files]
        return found, [r.metrics for r in records] + shared

    fast = validate_and_score()
    monkeypatch.setattr(tables, "list_codes", listcodes.list_codes_simply)
    monkeypatch.setattr(ner, "list_codes", listcodes.list_codes_simply)
    assert validate_and_score() == fast
    assert fast[0] or fast[1], "every case is either refused or scored"

"""Pydantic models of ``benchmark.yaml``, a submission's ``metadata.yaml`` and ``suites.yaml`` (benchmarks/README.md).

Unknown fields are errors (``extra="forbid"``) so that a typo such as ``modle_name`` is caught
instead of silently ignored; :func:`schema_problems` adds a "did you mean" hint and says what a
pattern means in words, never as a regex. Every text and URL field goes through the one rule for
hidden characters (:func:`leaderboard.characters.hidden_character`): control, format and
bidirectional characters can make a name display as something else than it is.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from leaderboard.characters import hidden_character
from leaderboard.errors import did_you_mean
from leaderboard.problems import Problem
from leaderboard.yamlfile import YamlDocument

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
BENCHMARK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
GITHUB_HANDLE_PATTERN = r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$"
#: For editors (JSON Schema) only; validation checks labels in words (issue 13: TweetEval's
#: ``not irony`` has an inner space, which is fine).
LABEL_PATTERN = r"^[^\s,;\"'](?:[^\t\n\r,;\"']{0,62}[^\s,;\"'])?$"
#: Case kept as in the data: WNUT-17 has ``person`` and ``creative-work``.
ENTITY_TYPE_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]{0,31}$"
VERSION_PATTERN = r"^[0-9]+(\.[0-9]+){0,2}$"
PARAMETERS_PATTERN = r"^[0-9]+(\.[0-9]+)?[KMBT]?$"
#: The project's first release: no submission is older.
FIRST_RELEASE = dt.date(2026, 11, 1)

#: What each pattern means, for error messages (a regex is no explanation).
PATTERN_WORDS = {
    SLUG_PATTERN: "a slug: lowercase letters, digits, '.', '_' and '-', starting with a letter or "
                  "digit, at most 64 characters",
    BENCHMARK_ID_PATTERN: "a benchmark id: lowercase letters, digits and '-', starting with a letter "
                          "or digit, at most 64 characters",
    GITHUB_HANDLE_PATTERN: "a GitHub handle: letters, digits and single hyphens, not starting or "
                           "ending with a hyphen, at most 39 characters (without '@')",
    ENTITY_TYPE_PATTERN: "an entity type: a letter, then only letters, digits, '_' and '-' "
                         "and '-' (at most 32 characters), such as PER or creative-work",
    VERSION_PATTERN: 'a version such as "1.0" (digits and dots; quote it in YAML)',
    PARAMETERS_PATTERN: "a parameter count such as 7B, 350M or 1.5T (a number with an optional K, "
                        "M, B or T; quote it in YAML)",
}


def _no_hidden_characters(value: str, *, allow_newlines: bool) -> str:
    problem = hidden_character(value, allow_newlines=allow_newlines)
    if problem:
        raise ValueError(problem)
    return value


def _label(value: str) -> str:
    if not value or len(value) > 64:
        raise ValueError("a label has 1 to 64 characters")
    if value != value.strip():
        raise ValueError(f"label '{value}' starts or ends with a space; remove it")
    if any(char in value for char in ",;\"'"):
        raise ValueError(f"a label may not contain commas, semicolons or quotes: '{value}'")
    if any(char in value for char in "\t\n\r"):
        raise ValueError("a label may not contain tabs or line breaks")
    return _no_hidden_characters(value, allow_newlines=False)


def _date(value: Any) -> Any:
    """Only a real date: YAML's ``2026-11-01`` or the string ``"2026-11-01"``, never a number
    (pydantic would read ``submitted: 0`` as 1970-01-01)."""
    if isinstance(value, dt.datetime):
        raise ValueError("write the date alone, as YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a real date ({exc}); write it as YYYY-MM-DD") from exc
    raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, such as {FIRST_RELEASE}")


def _recent(value: dt.date) -> dt.date:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    if not FIRST_RELEASE <= value <= tomorrow:
        raise ValueError(f"{value} is not between the leaderboard's first release ({FIRST_RELEASE}) "
                         "and today; write the date of the submission")
    return value


def _line(value: str) -> str:
    return _no_hidden_characters(value, allow_newlines=False)


def _paragraphs(value: str) -> str:
    return _no_hidden_characters(value, allow_newlines=True)


def _http_url(value: str) -> str:
    _no_hidden_characters(value, allow_newlines=False)
    if not re.match(r"^https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$", value):
        raise ValueError("must be an http:// or https:// address, such as https://example.org/model")
    return value


Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), AfterValidator(_line)
]
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_line)
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=5000),
    AfterValidator(_paragraphs),
]
HttpUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)]
GitHubHandle = Annotated[str, StringConstraints(pattern=GITHUB_HANDLE_PATTERN)]
Label = Annotated[
    str, AfterValidator(_label),
    Field(description="A label: no commas, semicolons, quotes or surrounding spaces.",
          json_schema_extra={"pattern": LABEL_PATTERN}),
]
EntityType = Annotated[str, StringConstraints(pattern=ENTITY_TYPE_PATTERN)]
SubmissionDate = Annotated[
    dt.date, BeforeValidator(_date), AfterValidator(_recent),
    Field(description=f"YYYY-MM-DD, between {FIRST_RELEASE} and today."),
]
BenchmarkId = Annotated[str, StringConstraints(pattern=BENCHMARK_ID_PATTERN)]


class Approach(StrEnum):
    """How the model came to its predictions (CONTRIBUTING.md, metadata.yaml)."""

    ZERO_SHOT = "zero-shot"
    FEW_SHOT = "few-shot"
    FINE_TUNED_SUPERVISED = "fine-tuned-supervised"
    UNSUPERVISED = "unsupervised"
    RLHF = "rlhf"
    RAG = "rag"
    BASELINE = "baseline"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class BenchmarkSpec(_Strict):
    """``benchmarks/<id>/benchmark.yaml``."""

    id: BenchmarkId
    name: Name
    task_type: str
    version: Annotated[str, StringConstraints(pattern=VERSION_PATTERN)] = Field(
        description='Quote it in YAML ("1.0") so it stays a string.'
    )
    description: LongText
    license: ShortText
    source: ShortText
    primary_metric: str
    labels: list[Label] | None = Field(default=None, min_length=2, max_length=200)
    primary_labels: list[Label] | None = Field(
        default=None, min_length=1, max_length=200,
        description="Classification: restrict macro_f1 / macro_recall to these labels (scikit-learn's "
        "labels=); one label gives that label's F1 or recall.",
    )
    entity_types: list[EntityType] | None = Field(default=None, min_length=1, max_length=50)
    gold: Literal["public", "private"] = "public"

    @model_validator(mode="after")
    def _no_duplicate_classes(self) -> BenchmarkSpec:
        # Which task types need labels or entity types is the task type's to say: the registry
        # sits above this module, so those checks run where benchmarks are loaded.
        for values, what in ((self.labels, "labels"), (self.entity_types, "entity_types")):
            if values is not None and len(set(values)) != len(values):
                raise ValueError(f"{what} contains duplicates")
        return self


class BenchmarkSettings(_Strict):
    """How a submission ran on one benchmark (optional, shown on the model page)."""

    prompt: LongText | None = None
    temperature: Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)] | None = None
    retrieval: LongText | None = None
    notes: LongText | None = None
    # What `leaderboard run` records (issue 16); `submit --run-record` fills these in.
    model: ShortText | None = None
    endpoint: ShortText | None = Field(default=None, description="The API's host, e.g. api.openai.com.")
    template: ShortText | None = Field(default=None, description="The prompt template's id, e.g. ner-v1.")
    template_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    max_tokens: Annotated[int, Field(ge=1)] | None = None
    few_shot: Annotated[int, Field(ge=0)] | None = None
    run_date: dt.date | None = None
    items: Annotated[int, Field(ge=0)] | None = None
    input_tokens: Annotated[int, Field(ge=0)] | None = None
    output_tokens: Annotated[int, Field(ge=0)] | None = None
    latency_median_s: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    latency_p95_s: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    parse_failures: Annotated[int, Field(ge=0)] | None = None
    cost_usd: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None


class SubmissionMetadata(_Strict):
    """``submissions/<slug>/metadata.yaml``."""

    model_name: Name
    organization: Name
    description: LongText
    model_url: HttpUrl | None = None
    paper_url: HttpUrl | None = None
    code_url: HttpUrl | None = None
    weights_url: HttpUrl | None = None
    license: ShortText
    open_weights: bool
    base_model: Name | None = None
    parameters: Annotated[str, StringConstraints(pattern=PARAMETERS_PATTERN)] | None = (
        Field(default=None, description="Parameter count such as 7B, 350M or 1.5T; omit if unknown.")
    )
    approach: Approach
    trained_on_benchmark_data: bool
    maintainers: list[GitHubHandle] = Field(min_length=1, max_length=20)
    submitted: SubmissionDate
    benchmarks: dict[BenchmarkId, BenchmarkSettings] = Field(default_factory=dict, max_length=100)


def schema_problems(
    exc: ValidationError, document: YamlDocument, display: str, model: type[BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors into problems at the right YAML line, with hints."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        field = ".".join(str(part) for part in loc) or "(top level)"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            known = _fields_at(model, loc[:-1])
            hint = did_you_mean(str(loc[-1]), known)
            message = f"unknown field '{loc[-1]}'{hint}; allowed: {', '.join(known)}"
        elif error["type"] == "missing":
            message = f"required field '{field}' is missing"
        elif error["type"] == "string_type" and isinstance(error.get("input"), int | float):
            message = f"{field}: {message} (quote the value in YAML)"
        elif error["type"] == "model_type" and not loc:
            message = "the file must be a YAML mapping of field: value"
        elif error["type"] == "invalid_key":
            shown = "~ (null)" if loc and loc[-1] in (None, "None") else repr(loc[-1]) if loc else "it"
            message = f"a key must be a field name, not {shown}; remove the line or write field: value"
        elif error["type"] == "string_pattern_mismatch":
            pattern = str((error.get("ctx") or {}).get("pattern", ""))
            words = PATTERN_WORDS.get(pattern, "a value of another form")
            message = f"{field}: '{error.get('input')}' is not {words}"
        elif error["type"] == "enum" and loc and loc[-1] == "approach":
            value = str(error.get("input"))
            choices = [a.value for a in Approach]
            message = (f"approach: '{value}' is not a known approach{did_you_mean(value, choices)}; "
                       f"choose one of: {', '.join(choices)}")
        else:
            message = f"{field}: {message}" if loc else message
        problems.append(Problem(display, document.line_of(loc), message, code="schema"))
    return problems


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (nested) model that ``loc`` points into."""
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, str) and part in current.model_fields:
            annotation = current.model_fields[part].annotation
            nested = _find_model(annotation)
            if nested is None:
                break
            current = nested
    return sorted(current.model_fields)


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


SUITE_ID_PATTERN = BENCHMARK_ID_PATTERN


class SuiteSpec(_Strict):
    """One suite of ``benchmarks/suites.yaml``: benchmarks ranked together by their mean score."""

    id: Annotated[str, StringConstraints(pattern=SUITE_ID_PATTERN)]
    name: Name
    description: LongText
    benchmarks: list[BenchmarkId] = Field(min_length=2, max_length=100)

    @model_validator(mode="after")
    def _distinct_benchmarks(self) -> SuiteSpec:
        if len(set(self.benchmarks)) != len(self.benchmarks):
            raise ValueError("benchmarks contains duplicates")
        return self


class SuitesFile(_Strict):
    """``benchmarks/suites.yaml``: the suites, in the order the site shows them."""

    suites: list[SuiteSpec] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _distinct_ids(self) -> SuitesFile:
        ids = [suite.id for suite in self.suites]
        if len(set(ids)) != len(ids):
            raise ValueError("two suites share an id")
        return self


#: The integrity checks a maintainer may waive for one submission (``.github/maintainers.yaml``).
ScreeningCode = Literal["gold-match", "duplicate-predictions", "confusable-name"]


class MaintainersFile(_Strict):
    """``.github/maintainers.yaml`` (issue 12): the leaderboard maintainers' GitHub handles, whose
    folders are shown as reference baselines, and the integrity checks they waived, per slug.

    It is maintainer-owned: CODEOWNERS covers everything outside ``submissions/``, so the PR guard
    treats a pull request that changes it as "not a submission: needs a maintainer's review".
    """

    maintainers: list[GitHubHandle] = Field(min_length=1, max_length=100)
    exemptions: dict[Annotated[str, StringConstraints(pattern=SLUG_PATTERN)],
                     list[ScreeningCode]] = Field(default_factory=dict)

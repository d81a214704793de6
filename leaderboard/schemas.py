"""Pydantic models of ``benchmark.yaml``, a submission's ``metadata.yaml`` and ``suites.yaml`` (benchmarks/README.md).

Unknown fields are errors (``extra="forbid"``) so that a typo such as ``modle_name`` is caught
instead of silently ignored; :func:`schema_problems` adds a "did you mean" hint. Free text is
checked for control and bidirectional-override characters, which can make a name display as
something else than it is.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from leaderboard.errors import did_you_mean
from leaderboard.problems import Problem
from leaderboard.yamlfile import YamlDocument

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
BENCHMARK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
GITHUB_HANDLE_PATTERN = r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$"
LABEL_PATTERN = r"^[^\s,;\"']{1,64}$"
ENTITY_TYPE_PATTERN = r"^[A-Z][A-Z0-9_]{0,31}$"

#: Bidirectional formatting characters (Trojan Source, CVE-2021-42574) and zero-width joiners.
_INVISIBLE = set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                 "\u2066\u2067\u2068\u2069\u2060\ufeff")


def _no_hidden_characters(value: str, *, allow_newlines: bool) -> str:
    for char in value:
        if char in _INVISIBLE:
            raise ValueError(
                f"contains the invisible formatting character U+{ord(char):04X}; remove it"
            )
        if unicodedata.category(char) == "Cc" and not (allow_newlines and char in "\n\t"):
            raise ValueError(f"contains the control character U+{ord(char):04X}; remove it")
    return value


def _line(value: str) -> str:
    return _no_hidden_characters(value, allow_newlines=False)


def _paragraphs(value: str) -> str:
    return _no_hidden_characters(value, allow_newlines=True)


def _http_url(value: str) -> str:
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
Label = Annotated[str, StringConstraints(pattern=LABEL_PATTERN)]
EntityType = Annotated[str, StringConstraints(pattern=ENTITY_TYPE_PATTERN)]
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
    version: Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+){0,2}$")] = Field(
        description='Quote it in YAML ("1.0") so it stays a string.'
    )
    description: LongText
    license: ShortText
    source: ShortText
    primary_metric: str
    labels: list[Label] | None = Field(default=None, min_length=2, max_length=200)
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
    license: ShortText
    open_weights: bool
    base_model: Name | None = None
    parameters: Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)?[KMBT]?$")] | None = (
        Field(default=None, description="Parameter count such as 7B, 350M or 1.5T; omit if unknown.")
    )
    approach: Approach
    trained_on_benchmark_data: bool
    maintainers: list[GitHubHandle] = Field(min_length=1, max_length=20)
    submitted: dt.date
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

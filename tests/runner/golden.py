"""Golden files of the first rendered prompt of every shipped benchmark (tests/golden/prompts/).

Regenerate with ``make golden`` (scripts/regenerate_golden.py) after changing a template, and
review the diff: it is exactly what models will be sent.
"""

from __future__ import annotations

from pathlib import Path

from leaderboard.repository import Repository
from leaderboard.runner import RunSettings, plan_run

GOLDEN_PROMPTS = Path(__file__).resolve().parent.parent / "golden" / "prompts"
FEW_SHOT = 2


def golden_prompts(project_root: Path) -> dict[str, str]:
    """File name -> first prompt: default settings for every benchmark, and few-shot where there is a train split."""
    repository = Repository(project_root)
    prompts = {}
    for benchmark_id, benchmark in repository.benchmarks.items():
        variants = {f"{benchmark_id}.txt": 0}
        if benchmark.train_table is not None:
            variants[f"{benchmark_id}.few-shot-{FEW_SHOT}.txt"] = FEW_SHOT
        for name, few_shot in variants.items():
            plan = plan_run(benchmark, Path("predictions.csv"), RunSettings(model="golden", few_shot=few_shot, limit=1))
            prompts[name] = plan.requests[0].prompt
    return prompts


def write_golden_prompts(project_root: Path) -> None:
    GOLDEN_PROMPTS.mkdir(parents=True, exist_ok=True)
    for stale in GOLDEN_PROMPTS.glob("*.txt"):
        stale.unlink()
    for name, prompt in golden_prompts(project_root).items():
        (GOLDEN_PROMPTS / name).write_text(prompt, encoding="utf-8", newline="")

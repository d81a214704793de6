from __future__ import annotations

from pathlib import Path

import pytest

from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.site import build_site

GOLDEN = Path(__file__).parent.parent / "golden" / "site"
# slug, name, approach, open weights, the label it fills in when wrong, parameters, trained on benchmark data
MODELS = [("alpha", "Alpha Model", "zero-shot", "true", "positive", "350M", "false"),
          ("beta", "Beta Model", "few-shot", "false", "negative", "70B", "true"),
          ("gamma", "Gamma Model", "rag", "false", "positive", "", "false")]
REPO_URL = "https://github.com/openanote/model-leaderboard"
EPOCH = "1790000000"  # 2026-09-21


def build_fixture_site(repository: Repository, output: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build_site(repository, output, cache=ResultCache(None), repo_url=REPO_URL)
    return output


def add_models(root: Path) -> None:
    """Three more models on tiny-sentiment: the first 1, 3, 5 items right, the rest filled with one label.

    They are submitted on 2026-11-01, -02 and -03 and the good model (all right) is moved to
    2026-11-05, so that each sets a record on the progress chart.
    """
    good = root / "submissions" / "good-model" / "metadata.yaml"
    good.write_text(good.read_text().replace("submitted: 2026-11-01", "submitted: 2026-11-05"))
    eval_ids = ["s1", "s2", "s3", "s4", "s5", "s6"]
    gold = ["positive", "negative", "neutral", "positive", "negative", "neutral"]
    for index, (slug, name, approach, open_weights, fill, parameters, trained) in enumerate(MODELS):
        folder = root / "submissions" / slug
        folder.mkdir()
        (folder / "metadata.yaml").write_text(
            f"model_name: {name}\norganization: Org {slug}\ndescription: Browser fixture.\nlicense: MIT\n"
            f"open_weights: {open_weights}\napproach: {approach}\ntrained_on_benchmark_data: {trained}\n"
            + (f"parameters: {parameters}\n" if parameters else "")
            + "maintainers: [someone]\nsubmitted: 2026-11-0" + str(index + 1) + "\n"
        )
        labels = [g if i <= index * 2 else fill for i, g in enumerate(gold)]
        (folder / "tiny-sentiment.csv").write_text(
            "id,label\n" + "".join(f"{i},{lab}\n" for i, lab in zip(eval_ids, labels, strict=True))
        )

"""Build the honest baseline submissions for every shipped benchmark.

Each baseline is a real, reproducible method run on the public evaluation inputs (and the train
split where one exists); none looks at gold. Re-running this script rewrites the files under
``submissions/baseline-*/`` byte for byte.

  baseline-majority      classification: the most frequent train label for every item
  baseline-tfidf-logreg  classification: TF-IDF (1-2 grams) + logistic regression on train
  baseline-gazetteer     ner: entity strings learned from train, longest match first
  baseline-overlap       prompting: the document sentence sharing most words with the question;
                         chatbot: TF-IDF document retrieval, then the same sentence choice,
                         naming the retrieved document as the source

Usage: .venv/bin/python scripts/baselines.py [--root DIR]
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leaderboard.benchmarks import Benchmark  # noqa: E402
from leaderboard.repository import Repository  # noqa: E402

#: Learned from the benchmarks' train splits, which metadata declares as training on benchmark data.
TRAINED_ON_TRAIN_SPLIT = ("baseline-tfidf-logreg", "baseline-gazetteer")
SUBMITTED = "2026-11-26"  # fixed, so that re-running reproduces the files
MAINTAINER = "openanote-maintainers"
_WORD = re.compile(r"[a-z0-9]+(?:[.,'%-][a-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_MARKDOWN_PREFIX = re.compile(r"^\s*(?:#+|[-*+]|\d+[.)]|>|\|)\s*")

METADATA = {
    "baseline-majority": (
        "Majority-class baseline",
        "Predicts, for every item, the label that is most frequent in the benchmark's train split. "
        "Produced by scripts/baselines.py; it shows the score of knowing nothing but the label "
        "distribution.",
        "classification",
    ),
    "baseline-tfidf-logreg": (
        "TF-IDF + logistic regression",
        "Word 1-2-gram TF-IDF features (sublinear tf, min_df=1) and an L2-regularised logistic "
        "regression (scikit-learn, C=10, class_weight=balanced) trained on the benchmark's train "
        "split. Produced by scripts/baselines.py.",
        "classification",
    ),
    "baseline-gazetteer": (
        "Train-split gazetteer tagger",
        "Learns every entity string and its most frequent type from the train split, then tags "
        "evaluation sentences by longest exact token match, left to right, in IOB2. Produced by "
        "scripts/baselines.py.",
        "ner",
    ),
    "baseline-overlap": (
        "Word-overlap sentence retriever",
        "Answers with the sentence that shares the most non-stopword words with the question: "
        "within the given document for prompting; for the chatbot, within the document ranked "
        "first by TF-IDF cosine similarity to the question, which it names as the source. No "
        "model is trained. Produced by scripts/baselines.py.",
        "qa",
    ),
}


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]


def sentences(text: str) -> list[str]:
    """Sentences and list items of a document, with markdown markers removed."""
    parts = (_MARKDOWN_PREFIX.sub("", part).strip(" *_|") for part in _SENTENCE_END.split(text))
    return [part for part in parts if len(part) > 2]


def best_sentence(question: str, candidates: Sequence[str]) -> str:
    """Most shared words with the question; ties go to the earlier sentence."""
    asked = set(words(question))
    best, best_overlap = "", -1
    for sentence in candidates:
        overlap = len(asked & set(words(sentence)))
        if overlap > best_overlap:
            best, best_overlap = sentence, overlap
    return best


# -- classification -------------------------------------------------------------------------


def majority(benchmark: Benchmark) -> list[list[str]]:
    train = _train(benchmark)
    counts = collections.Counter(train["label"])
    label = min(counts, key=lambda lab: (-counts[lab], lab))
    return [[item_id, label] for item_id in benchmark.eval_table.frame["id"]]


def tfidf_logreg(benchmark: Benchmark) -> list[list[str]]:
    train = _train(benchmark)
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    features = vectorizer.fit_transform(train["text"])
    model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=0)
    model.fit(features, train["label"])
    eval_frame = benchmark.eval_table.frame
    predicted = model.predict(vectorizer.transform(eval_frame["text"]))
    return [[item_id, str(label)] for item_id, label in zip(eval_frame["id"], predicted, strict=True)]


# -- ner ------------------------------------------------------------------------------------


def gazetteer(benchmark: Benchmark) -> list[list[str]]:
    train = _train(benchmark)
    votes: dict[tuple[str, ...], collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for tokens, tags in zip(train["tokens"], train["tags"], strict=True):
        for entity_type, start, end in _spans(tags):
            votes[tuple(tokens[start : end + 1])][entity_type] += 1
    entries = {words_: min(c, key=lambda t: (-c[t], t)) for words_, c in votes.items()}
    longest = max((len(k) for k in entries), default=0)
    rows = []
    for item_id, tokens in zip(benchmark.eval_table.frame["id"], benchmark.eval_table.frame["tokens"], strict=True):
        tags = ["O"] * len(tokens)
        position = 0
        while position < len(tokens):
            for length in range(min(longest, len(tokens) - position), 0, -1):
                entity_type = entries.get(tuple(tokens[position : position + length]))
                if entity_type is not None:
                    tags[position] = f"B-{entity_type}"
                    for inside in range(position + 1, position + length):
                        tags[inside] = f"I-{entity_type}"
                    position += length
                    break
            else:
                position += 1
        rows.append([item_id, " ".join(tags)])
    return rows


def _spans(tags: Sequence[str]) -> Iterable[tuple[str, int, int]]:
    start, kind = None, None
    for index, tag in enumerate([*tags, "O"]):
        if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
            yield str(kind), start, index - 1
            start, kind = None, None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, kind = index, tag[2:]
    return


# -- qa -------------------------------------------------------------------------------------


def overlap_prompting(benchmark: Benchmark) -> list[list[str]]:
    frame = benchmark.eval_table.frame
    cache = {doc: sentences(benchmark.document_text(doc)) for doc in sorted(set(frame["document_id"]))}
    return [
        [item_id, best_sentence(question, cache[doc])]
        for item_id, doc, question in zip(frame["id"], frame["document_id"], frame["question"], strict=True)
    ]


def overlap_chatbot(benchmark: Benchmark) -> list[list[str]]:
    doc_ids = sorted(benchmark.documents)
    texts = [benchmark.document_text(doc) for doc in doc_ids]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    frame = benchmark.eval_table.frame
    similarity = (vectorizer.transform(frame["question"]) @ matrix.T).toarray()
    rows = []
    for row, (item_id, question) in enumerate(zip(frame["id"], frame["question"], strict=True)):
        best = int(np.argmax(similarity[row]))  # first maximum: ties go to the smaller doc id
        rows.append([item_id, best_sentence(question, sentences(texts[best])), doc_ids[best]])
    return rows


# -- writing --------------------------------------------------------------------------------


def _train(benchmark: Benchmark):  # type: ignore[no-untyped-def]
    train = benchmark.train_table
    if train is None:
        raise SystemExit(f"{benchmark.id}: this baseline needs a train split")
    return train.frame


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def write_metadata(folder: Path, slug: str, benchmarks: Sequence[str]) -> None:
    name, description, _ = METADATA[slug]
    lines = [
        "# yaml-language-server: $schema=../../schemas/metadata.schema.json",
        f"model_name: {name}",
        "organization: OpenAnote maintainers",
        f"description: >-\n  {description}",
        "license: Apache-2.0",
        "open_weights: true",
        "approach: baseline",
        f"trained_on_benchmark_data: {'true' if slug in TRAINED_ON_TRAIN_SPLIT else 'false'}",
        f"maintainers: [{MAINTAINER}]",
        f"submitted: {SUBMITTED}",
        "benchmarks:",
        *(f"  {bid}:\n    notes: Generated by scripts/baselines.py." for bid in benchmarks),
    ]
    (folder / "metadata.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(root: Path) -> list[Path]:
    repository = Repository(root)
    plans: dict[str, list[tuple[str, list[str], list[list[str]]]]] = collections.defaultdict(list)
    for benchmark in repository.benchmarks.values():
        task = benchmark.task.name
        if task == "classification":
            plans["baseline-majority"].append((benchmark.id, ["id", "label"], majority(benchmark)))
            plans["baseline-tfidf-logreg"].append((benchmark.id, ["id", "label"], tfidf_logreg(benchmark)))
        elif task == "ner":
            plans["baseline-gazetteer"].append((benchmark.id, ["id", "tags"], gazetteer(benchmark)))
        elif task == "prompting":
            plans["baseline-overlap"].append((benchmark.id, ["id", "answer"], overlap_prompting(benchmark)))
        elif task == "chatbot":
            plans["baseline-overlap"].append((benchmark.id, ["id", "answer", "sources"], overlap_chatbot(benchmark)))
    written = []
    for slug, files in sorted(plans.items()):
        folder = repository.submissions_dir / slug
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            stale.unlink()
        for benchmark_id, header, rows in files:
            write_csv(folder / f"{benchmark_id}.csv", header, rows)
            written.append(folder / f"{benchmark_id}.csv")
        write_metadata(folder, slug, sorted(bid for bid, _, _ in files))
        written.append(folder / "metadata.yaml")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this checkout)")
    args = parser.parse_args()
    for path in build(args.root):
        print(path.relative_to(args.root))


if __name__ == "__main__":
    main()

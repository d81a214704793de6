"""A stand-in for your model in the README walkthrough: fills a downloaded predictions template.

For classification it predicts the most frequent label of the train split; for other task types it
leaves answers empty. Replace it with your model.

Usage: python scripts/example_model.py work/fin-sentiment > work/predictions.csv
"""

from __future__ import annotations

import collections
import csv
import sys
from pathlib import Path


def main(folder: Path) -> None:
    template = folder / f"{folder.name}.csv"
    label = ""
    train = folder / "train.csv"
    if train.is_file():
        with train.open(encoding="utf-8", newline="") as handle:
            counts = collections.Counter(row["label"] for row in csv.DictReader(handle))
        label = min(counts, key=lambda name: (-counts[name], name))
    with template.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([row[0], label, *row[2:]] if len(rows[0]) > 1 else row)


if __name__ == "__main__":
    main(Path(sys.argv[1]))

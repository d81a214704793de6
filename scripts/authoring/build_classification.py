"""Build the two text-classification benchmarks from hand-written fragments.

    benchmarks/fin-sentiment/     financial news sentiment (negative, neutral, positive)
    benchmarks/support-tickets/   support ticket routing (six queues)

Items are composed by a seeded random generator from the sentence frames, clauses and slot values in
``fin_sentiment_fragments.py`` and ``support_ticket_fragments.py`` (same folder); the labelling rules
are documented there and in each ``benchmark.yaml``. 60% of the frames feed only one split (train or
eval) and 40% feed both, with different names, figures and surrounding wording, so that a
bag-of-words model trained on train scores decently on eval but far from perfectly. No text occurs
twice. Re-running reproduces every file byte for byte; the script writes only into the two benchmark
folders.

Usage: python3 scripts/authoring/build_classification.py [--root DIR] [--check]
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import random
import re
import string
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

import fin_sentiment_fragments as fin
import support_ticket_fragments as tix

ROOT = Path(__file__).resolve().parents[2]
SEED = 20260315
YAML_HEADER = "# yaml-language-server: $schema=../../schemas/benchmark.schema.json\n"
SOURCE = "Written for the OpenAnote Model Leaderboard (2026)."

FIN_COUNTS = {  # label: (eval, train)
    "neutral": (250, 140),
    "positive": (150, 84),
    "negative": (100, 56),
}
FIN_MIXED = {"positive": (24, 12), "negative": (16, 9)}  # of the counts above, built from mixed clauses
TICKET_COUNTS = {
    "billing": (140, 78),
    "account_access": (110, 62),
    "bug_report": (100, 56),
    "shipping": (75, 42),
    "feature_request": (45, 25),
    "cancellation": (30, 17),
}
SPLITS = ("eval", "train")
SHARED_FRAMES = 0.4  # share of frames feeding both splits; the rest feed one split only

Values = dict[str, str]


# -- shared helpers -------------------------------------------------------------------------


def _every(share: float, index: int) -> bool:
    """True for an evenly spread ``share`` of indexes."""
    return int((index + 1) * share + 0.5) > int(index * share + 0.5)


def split_frames(frames: Sequence[str], train_share: float) -> dict[str, list[str]]:
    """Frame pools: an evenly spread SHARED_FRAMES share of the authored order feeds both splits, the
    rest is dealt to train (``train_share`` of it) or eval only."""
    pools: dict[str, list[str]] = {"eval": [], "train": []}
    own = 0
    for index, frame in enumerate(frames):
        if _every(SHARED_FRAMES, index):
            pools["eval"].append(frame)
            pools["train"].append(frame)
        else:
            pools["train" if _every(train_share, own) else "eval"].append(frame)
            own += 1
    return pools


def frame_cycle(rng: random.Random, frames: Sequence[str], count: int) -> list[str]:
    """``count`` frames, each used as evenly as possible, in shuffled order."""
    out: list[str] = []
    while len(out) < count:
        batch = list(frames)
        rng.shuffle(batch)
        out.extend(batch)
    return out[:count]


def fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def sentence_count(text: str) -> int:
    return len([part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part])


def generate(
    rng: random.Random, frames: Sequence[str], count: int, make: Callable[[str], str], seen: set[str]
) -> list[str]:
    """``count`` new texts; ``seen`` holds normalised keys, so that texts differing only in case or
    punctuation count as duplicates too."""
    texts = []
    for frame in frame_cycle(rng, frames, count):
        for _ in range(200):
            text = make(frame)
            key = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "")).strip()
            if key not in seen:
                break
        else:
            raise SystemExit(f"cannot make a new text from frame: {frame!r}")
        seen.add(key)
        texts.append(text)
    return texts


# -- fin-sentiment --------------------------------------------------------------------------

SECTOR_WORDS = {
    "food": "consumer staples", "retail": "retail", "tech": "technology", "bank": "banking",
    "pharma": "healthcare", "energy": "energy", "industrial": "industrial", "auto": "auto",
    "telecom": "telecom", "hotels": "travel and leisure", "airline": "airline", "insurer": "insurance",
    "chemicals": "chemicals",
}
QUARTERS = ["first", "second", "third", "fourth"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
ORDINALS = ["sixth", "seventh", "eighth", "ninth", "10th", "11th", "12th", "14th", "15th", "20th"]


def make_companies(rng: random.Random) -> list[tuple[str, str, str]]:
    """(name, sector, currency symbol) for every stem; sectors dealt round-robin."""
    stems = list(fin.STEMS)
    rng.shuffle(stems)
    sectors = list(fin.SECTORS)
    companies = []
    for index, stem in enumerate(stems):
        sector = sectors[index % len(sectors)]
        suffix = rng.choice(fin.SECTORS[sector]["suffixes"])
        currency = rng.choices(["$", "€", "£"], weights=[7, 2, 1])[0]
        companies.append((f"{stem} {suffix}", sector, currency))
    return companies


def _one_decimal(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high), 1)


def _pct(rng: random.Random, low: float = 1.1, high: float = 9.8) -> str:
    value = _one_decimal(rng, low, high)
    return f"{value:.0f}" if rng.random() < 0.35 else f"{value:.1f}"


def _millions(rng: random.Random, cur: str, value: float) -> str:
    if value >= 1000:
        return _billions(cur, value / 1000)
    if value >= 100:
        return f"{cur}{value:.0f} million"
    return f"{cur}{value:.1f} million"


def _billions(cur: str, value: float) -> str:
    return f"{cur}{value:.1f} billion"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(fin.FIRST_NAMES)} {rng.choice(fin.LAST_NAMES)}"


def fin_values(rng: random.Random, co: tuple[str, str, str], co2: str) -> Values:
    name, sector, cur = co
    pct_lo = _one_decimal(rng, 1.1, 6.5)
    pct_hi = round(pct_lo + _one_decimal(rng, 0.6, 4.0), 1)
    amt_lo = rng.uniform(14, 780)
    amt_hi = amt_lo * rng.uniform(1.08, 1.7)
    bn_lo = _one_decimal(rng, 1.1, 9.5)
    bn_hi = round(bn_lo * rng.uniform(1.06, 1.3) + 0.1, 1)
    eps_lo = round(rng.uniform(0.18, 3.6), 2)
    eps_hi = round(eps_lo + rng.uniform(0.03, 0.6), 2)
    m_lo = _one_decimal(rng, 6.0, 24.0)
    m_hi = round(m_lo + _one_decimal(rng, 0.8, 5.0), 1)
    target_lo = rng.randint(14, 180)
    target_hi = target_lo + rng.randint(3, 40)
    q = rng.choice(QUARTERS)
    people = rng.sample([f"{f} {last}" for f in fin.FIRST_NAMES for last in fin.LAST_NAMES], 3)
    firm, firm2 = rng.sample(fin.FIRMS, 2)
    city, city2 = rng.sample(fin.CITIES, 2)
    others = [word for key, word in SECTOR_WORDS.items() if key != sector]
    return {
        "co": name, "co2": co2, "firm": firm, "firm2": firm2, "rater": rng.choice(fin.RATERS),
        "fund": rng.choice(fin.FUNDS), "idx": rng.choice(fin.INDICES), "exchange": rng.choice(fin.EXCHANGES),
        "city": city, "city2": city2, "region": rng.choice(fin.REGIONS),
        "sector": SECTOR_WORDS[sector], "sector2": rng.choice(others),
        "product": rng.choice(fin.SECTORS[sector]["products"]),
        "segment": rng.choice(fin.SECTORS[sector]["segments"]),
        "analyst": people[0], "exec": people[1], "exec2": people[2], "cur": cur,
        "pct": _pct(rng), "pct_lo": f"{pct_lo:.1f}", "pct_hi": f"{pct_hi:.1f}", "bigpct": str(rng.randint(11, 48)),
        "amt": _millions(rng, cur, rng.uniform(12, 950)),
        "amt_lo": _millions(rng, cur, amt_lo), "amt_hi": _millions(rng, cur, amt_hi),
        "bn": _billions(cur, _one_decimal(rng, 1.1, 11.0)), "bn_lo": _billions(cur, bn_lo),
        "bn_hi": _billions(cur, bn_hi),
        "eps": f"{rng.uniform(0.2, 4.2):.2f}", "eps_lo": f"{eps_lo:.2f}", "eps_hi": f"{eps_hi:.2f}",
        "small_amt": f"{cur}{_one_decimal(rng, 1.2, 9.8):.1f} million",
        "idx_move": f"{_one_decimal(rng, 0.4, 2.4):.1f}",
        "cents": str(rng.randint(4, 65)), "bp": str(rng.randrange(20, 245, 5)),
        "m": f"{_one_decimal(rng, 6.0, 30.0):.1f}", "m_lo": f"{m_lo:.1f}", "m_hi": f"{m_hi:.1f}",
        "nim": f"{_one_decimal(rng, 2.4, 3.9):.1f}", "occ": str(rng.randint(78, 93)),
        "occ_lo": str(rng.randint(56, 72)),
        "cr": f"{_one_decimal(rng, 86.0, 97.5):.1f}", "cet1": f"{_one_decimal(rng, 12.0, 15.8):.1f}",
        "pax": f"{_one_decimal(rng, 1.2, 14.8):.1f}", "boe": f"{rng.randrange(40, 900) * 1000:,}",
        "stores": f"{rng.randrange(120, 2400, 10):,}", "subs": f"{_one_decimal(rng, 1.2, 38.5):.1f}",
        "emp": f"{rng.randrange(1200, 68000, 100):,}", "jobs": f"{rng.randrange(250, 4800, 50):,}",
        "units": f"{rng.randrange(12, 480) * 1000:,}", "months": str(rng.randint(7, 18)), "n": str(rng.randint(3, 28)),
        "nth": rng.choice(ORDINALS), "price": f"{rng.uniform(12.4, 240.0):.2f}",
        "target_lo": str(target_lo), "target_hi": str(target_hi),
        "q": f"{q}-quarter", "qword": f"{q} quarter", "qn": str(QUARTERS.index(q) + 1),
        "fy": rng.choice(["fiscal 2026", "2026", "fiscal 2027", "2027"]), "year": str(rng.randint(2029, 2036)),
        "coupon": rng.choice(["3.75", "4.125", "4.25", "4.5", "4.875", "5.0", "5.25", "5.625", "6.0"]),
        "day": f"{rng.choice(MONTHS)} {rng.randint(1, 28)}", "month": rng.choice(MONTHS),
        "weekday": rng.choice(WEEKDAYS), "small": rng.choice(["0.1", "0.2", "0.3"]),
        "currency": "dollars" if cur != "$" else rng.choice(["euros", "sterling", "Swiss francs"]),
    }


def parse_sectors(frame: str) -> tuple[list[str] | None, str]:
    match = re.match(r"@([a-z,]+): ", frame)
    if match is None:
        return None, frame
    sectors = [sector for name in match.group(1).split(",") for sector in fin.SECTOR_GROUPS.get(name, [name])]
    unknown = set(sectors) - set(fin.SECTORS)
    if unknown:
        raise SystemExit(f"unknown sectors {sorted(unknown)} in frame: {frame!r}")
    return sectors, frame[match.end():]


def possessives(text: str, values: Values) -> str:
    """``Lunaria Foods's`` -> ``Lunaria Foods'``."""
    for key in ("co", "co2"):
        if values[key].endswith("s"):
            text = text.replace(values[key] + "'s", values[key] + "'")
    return text


def tidy(text: str) -> str:
    """Capital first letter; ``a 18%`` -> ``an 18%``."""
    text = re.sub(r"\b([Aa]) (?=8|11(?!\d)|18(?!\d)|11,|18,)", r"\1n ", text)
    return text[0].upper() + text[1:]


class FinComposer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.companies = make_companies(rng)

    def _company(self, sectors: list[str] | None) -> tuple[str, str, str]:
        pool = [c for c in self.companies if sectors is None or c[1] in sectors]
        return self.rng.choice(pool)

    def _values(self, sectors: list[str] | None) -> Values:
        co = self._company(sectors)
        peers = [c[0] for c in self.companies if c[0] != co[0] and c[1] == co[1]]
        return fin_values(self.rng, co, self.rng.choice(peers))

    def frame_item(self, frame: str) -> str:
        sectors, template = parse_sectors(frame)
        template = template.replace("${", "{cur}{")
        values = self._values(sectors)
        text = possessives(template.format(**values), values)
        return tidy(self._attribute(template, text, values))

    def _attribute(self, template: str, text: str, values: Values) -> str:
        roll = self.rng.random()
        reported = re.search(r"\b(said|says|saying|according|told|wrote|statement|confirmed)\b", text)
        market = re.search(r"shares|stock|trading|\{firm|\{rater|\{idx", template)
        corporate = template.startswith("{co} ") and not market
        if roll < 0.12 and template.startswith("{co}"):
            prefixes = fin.SENTENCE_PREFIXES if text.endswith(".") else fin.HEADLINE_PREFIXES
            return self.rng.choice(prefixes).format(**values) + text
        if roll > 0.85 and corporate and text.endswith(".") and not reported and sentence_count(text) == 1:
            return text[:-1] + self.rng.choice(fin.ATTRIBUTION_SUFFIXES).format(**values)
        return text

    def mixed_item(self, frame: str, label: str) -> str:
        rng = self.rng
        top, low = rng.choice([(2, 1), (3, 1), (3, 2)])
        good_rank, bad_rank = (top, low) if label == "positive" else (low, top)
        good = rng.choice([c for r, c in fin.MIXED_GOOD if r == good_rank])
        bad = rng.choice([c for r, c in fin.MIXED_BAD if r == bad_rank])
        first, second = (good, bad) if rng.random() < 0.5 else (bad, good)
        if frame.startswith("{a}") and max(good_rank, bad_rank) == (good_rank if first == good else bad_rank):
            first, second = second, first  # "{a} at {co}" reads badly with an outlook clause
        values = self._values(None)
        return tidy(possessives(frame.format(a=first, b=second, **values).format(**values), values))


def build_fin(rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    composer = FinComposer(rng)
    frames = {"positive": fin.POSITIVE, "negative": fin.NEGATIVE, "neutral": fin.NEUTRAL}
    seen: set[str] = set()
    rows: dict[str, list[tuple[str, str]]] = {split: [] for split in SPLITS}
    total = sum(sum(c) for c in FIN_COUNTS.values())
    mixed_pools = split_frames(fin.MIXED_FRAMES, sum(c[1] for c in FIN_COUNTS.values()) / total)
    for label, counts in FIN_COUNTS.items():
        pools = split_frames(frames[label], counts[1] / sum(counts))
        for split_index, split in enumerate(SPLITS):
            n_mixed = FIN_MIXED.get(label, (0, 0))[split_index]
            texts = generate(rng, pools[split], counts[split_index] - n_mixed, composer.frame_item, seen)
            texts += generate(rng, mixed_pools[split], n_mixed,
                              lambda frame, label=label: composer.mixed_item(frame, label), seen)
            rows[split] += [(text, label) for text in texts]
    return rows


# -- support-tickets ------------------------------------------------------------------------

TYPOS = {
    "received": "recieved", "receive": "recieve", "definitely": "definately", "separate": "seperate",
    "account": "acount", "because": "becuase", "please": "pls", "address": "adress", "immediately": "immediatly",
    "different": "diffrent", "order": "oder", "cancel": "cancell", "charged": "chraged", "password": "pasword",
    "business": "buisness", "arrived": "arived", "tomorrow": "tommorow", "really": "realy", "invoice": "invoce",
    "which": "wich", "their": "thier", "refund": "refudn", "subscription": "subscripton",
}
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]
FIRST = ["maria", "tom", "priya", "jo", "lena", "dave", "ana", "sam", "keiko", "rob", "fatima", "chris", "olga"]
LAST = ["okafor", "brennan", "silva", "ng", "holm", "patel", "reid", "moreau", "kaur", "fox", "lind"]


def ticket_values(rng: random.Random) -> Values:
    def order() -> str:
        digits = rng.randint(100000, 999999)
        return rng.choice([f"#QF-{digits}", f"QF{digits}", f"#{digits}", f"QF-{digits}"])

    def email() -> str:
        return f"{rng.choice(FIRST)}.{rng.choice(LAST)}{rng.choice(['', '', str(rng.randint(1, 99))])}" \
               f"@{rng.choice(DOMAINS)}"

    def article(noun: str) -> str:
        return ("an " if noun[0] in "aeiou" else "a ") + noun

    lo = rng.choice([4.99, 9.99, 12.5, 14.99, 19, 24.99, 29.99, 39, 45.5, 59.99, 79, 89.99, 119, 149.99])
    hi = round(lo * rng.uniform(1.2, 2.4) + rng.choice([0, 0.5, 0.99]), 2)
    seats = rng.randint(6, 45)
    item, item2 = rng.sample(tix.ITEMS, 2)

    def money(value: float) -> str:
        return f"${value:.2f}" if value != int(value) or rng.random() < 0.5 else f"${value:.0f}"

    return {
        "order": order(), "order2": order(), "amount": money(rng.choice([lo, hi])), "amount_lo": money(lo),
        "amount_hi": money(hi), "shipfee": rng.choice(["$4.99", "$5.95", "$6.50", "$9.99", "$12.00"]),
        "item": item, "item2": item2, "a_item": article(item), "a_item2": article(item2),
        "plan": rng.choice(tix.PLANS), "when": rng.choice(tix.WHEN), "since": rng.choice(tix.SINCE),
        "date": f"{rng.choice(MONTHS)} {rng.randint(1, 28)}", "days": str(rng.randint(3, 21)),
        "days_late": str(rng.randint(9, 25)),
        "weeks": str(rng.randint(2, 6)), "email": email(), "email2": email(), "card": f"{rng.randint(0, 9999):04d}",
        "invoice": f"INV-{rng.randint(2025, 2026)}-{rng.randint(1, 9999):04d}", "seats": str(seats),
        "seats_lo": str(rng.randint(2, seats - 3)),
        "tracking": rng.choice(["SM", "RP", "PW", "GL"]) + str(rng.randint(10**9, 10**10 - 1)),
        "courier": rng.choice(tix.COURIERS), "city": rng.choice(tix.CITIES), "n": rng.choice(["2", "3", "three"]),
        "promo": rng.choice(tix.PROMOS), "name": rng.choice(tix.NAMES), "colleague": rng.choice(tix.NAMES),
        "years": str(rng.randint(2, 9)),
    }


def _typo_word(rng: random.Random, word: str) -> str:
    core = word.strip(".,!?'\"()")
    if len(core) < 5 or not core.isalpha():
        return word
    i = rng.randrange(1, len(core) - 2)
    kind = rng.random()
    if kind < 0.5:
        new = core[:i] + core[i + 1] + core[i] + core[i + 2:]
    elif kind < 0.8:
        new = core[:i] + core[i + 1:]
    else:
        new = core[:i] + core[i] + core[i:]
    return word.replace(core, new, 1)


def add_typos(rng: random.Random, text: str) -> str:
    """One or two misspellings: common ones where the words occur, else a slipped key."""
    words = text.split(" ")
    known = [i for i, word in enumerate(words) if word.strip(".,!?") in TYPOS]
    plain = [i for i, word in enumerate(words) if "@" not in word and not any(ch.isdigit() for ch in word)]
    for _ in range(rng.choice([1, 1, 2])):
        if known and rng.random() < 0.4:
            index = known.pop(rng.randrange(len(known)))
            bare = words[index].strip(".,!?")
            words[index] = words[index].replace(bare, TYPOS[bare], 1)
        elif plain:
            index = plain.pop(rng.randrange(len(plain)))
            words[index] = _typo_word(rng, words[index])
        if index in known:
            known.remove(index)
        if index in plain:
            plain.remove(index)
    return " ".join(words)


KEEP_CAPITAL = re.compile(r"^(I\b|I'|Quillfern|QF|[A-Z0-9]{2,}\b)")
CALM_LABELS = ("feature_request", "cancellation")


def join_after_greeting(greeting: str, text: str) -> str:
    """``Hi, my order ...``: a sentence after a comma greeting continues in lower case."""
    if greeting.endswith(",") and not KEEP_CAPITAL.match(text):
        text = text[0].lower() + text[1:]
    return f"{greeting} {text}"


def emphasise(text: str) -> str:
    stripped = text.rstrip(".!")
    return stripped + ("??" if stripped.endswith("?") else "!!")


def compose_ticket(rng: random.Random, label: str, frame: str) -> str:
    values = ticket_values(rng)
    main = frame.format(**values)
    weights = [60, 36, 4] if label in CALM_LABELS else [52, 34, 14]
    tone = rng.choices(["plain", "polite", "angry"], weights=weights)[0]
    budget = 4 - sentence_count(main)
    parts: list[str] = []
    context = None
    opens_with_greeting = re.match(r"(?i)(hi|hello|hey)\b", main) is not None
    if budget > 0 and not opens_with_greeting and rng.random() < 0.2:
        context = rng.choice(tix.CONTEXT).format(**values)
        parts.append(context)
        budget -= 1
    parts.append(main)
    if budget > 0 and rng.random() < 0.13:
        other = rng.choice([lab for lab in tix.ASIDES if lab != label])
        parts.append(rng.choice(tix.ASIDES[other]))
        budget -= 1
    if tone == "angry":
        closings = tix.ANGRY_CLOSINGS + ([] if label in CALM_LABELS else tix.ANGRY_FIX_CLOSINGS)
        chance = 0.8
    else:
        closings, chance = tix.POLITE_CLOSINGS, (0.75 if tone == "polite" else 0.12)
    closing = None
    if budget > 0 and rng.random() < chance:
        closing = rng.choice(closings)
        parts.append(closing)
    if tone == "angry" and rng.random() < 0.35:
        parts[-1] = emphasise(parts[-1])
    text = " ".join(parts)
    if rng.random() < 0.35 and not opens_with_greeting:
        text = join_after_greeting(rng.choice(tix.GREETINGS), text)
    if rng.random() < 0.2:
        signoff = rng.choice(tix.SIGNOFFS).format(**values)
        if closing is None or signoff.split()[0].strip(",").lower() not in closing.lower():
            text = f"{text} {signoff}"
    if rng.random() < 0.16 or context == tix.CONTEXT_TYPOS:
        text = add_typos(rng, text)
    if rng.random() < 0.13:
        text = text.lower()
        if rng.random() < 0.5:
            text = text.replace("'", "")
    if rng.random() < 0.08 and text[-1] in ".!?":
        text = text.rstrip(".!?")
    return text


TICKET_FRAMES = {
    "billing": tix.BILLING, "account_access": tix.ACCOUNT_ACCESS, "bug_report": tix.BUG_REPORT,
    "shipping": tix.SHIPPING, "feature_request": tix.FEATURE_REQUEST, "cancellation": tix.CANCELLATION,
}


def build_tickets(rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    frames = TICKET_FRAMES
    seen: set[str] = set()
    rows: dict[str, list[tuple[str, str]]] = {split: [] for split in SPLITS}
    for label, counts in TICKET_COUNTS.items():
        pools = split_frames(frames[label], counts[1] / sum(counts))
        for split_index, split in enumerate(SPLITS):
            texts = generate(rng, pools[split], counts[split_index],
                             lambda frame, label=label: compose_ticket(rng, label, frame), seen)
            rows[split] += [(text, label) for text in texts]
    return rows


# -- writing --------------------------------------------------------------------------------


def csv_text(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def shares(rows: Sequence[tuple[str, str]], labels: Sequence[str]) -> str:
    counts = collections.Counter(label for _, label in rows)
    return ", ".join(f"{label} {round(100 * counts[label] / len(rows))}%" for label in labels)


def yaml_text(bench_id: str, name: str, description: str, labels: Sequence[str]) -> str:
    wrapped = textwrap.wrap(description, width=98, break_long_words=False, break_on_hyphens=False)
    return (
        YAML_HEADER
        + f"id: {bench_id}\nname: {name}\ntask_type: classification\nversion: \"1.0\"\ndescription: >-\n"
        + "".join(f"  {line}\n" for line in wrapped)
        + f"license: CC-BY-4.0\nsource: {SOURCE}\nprimary_metric: macro_f1\n"
        + f"labels: [{', '.join(labels)}]\ngold: public\n"
    )


FIN_DESCRIPTION = (
    "Single sentences and headlines in the style of financial news wires, earnings commentary, analyst notes "
    "and market wraps, about fictional listed companies, brokers, rating agencies and indices. All text was "
    "written for this benchmark: a seeded script composes the items from {n_frames} hand-written sentence "
    "frames and {n_clauses} clauses for mixed news, filled with invented names and figures. Each item is "
    "labelled with the sentiment it carries for holders of the company or market it is about. Rules: mixed "
    "news follows the item that matters more, with outlook or guidance above profit, margins and EPS, and "
    "those above revenue and volumes (so 'revenue rose but margins fell' is negative and 'sales slipped but "
    "full-year guidance was raised' is positive); reaffirmed guidance, in-line results, unchanged dividends, "
    "flat prices and 'no material impact' are neutral; hedged statements take the direction of the outcome "
    "they describe ('could face fines' is negative) unless they only report uncertainty or balance both "
    "views, which is neutral; a bare figure is neutral, while figures set against a prior period or consensus "
    "follow their direction even without an adjective ('EPS $0.94 vs $1.12 a year ago' is negative); a "
    "sentence about companies moving in opposite directions is neutral. The evaluation set has {n_eval} items "
    "({eval_shares}); the train split has {n_train} ({train_shares}). 60% of the frames feed only one of the "
    "two, the rest both with different names and figures, so memorised phrasings carry over only partly. What "
    "is hard: mixed results in either order, negations ('will not pay a final dividend', 'does not expect "
    "further job cuts'), hedges, numeric comparisons with no sentiment words, and jargon (guidance cut, "
    "impairment, beat consensus, downgrade, buyback, combined ratio, covenant breach)."
)
TICKET_DESCRIPTION = (
    "Customer support tickets for Quillfern, a fictional online shop for home and kitchen goods with a paid "
    "membership (Plus), per-seat business workspaces (Teams), a website and a mobile app. Each ticket is one "
    "to four sentences, in varied tones: polite, terse, angry, all lowercase, with typos, greetings and "
    "sign-offs, and sometimes a side remark about another topic. All text was written for this benchmark: a "
    "seeded script composes the tickets from {n_frames} hand-written request frames plus greetings, context "
    "sentences, asides and closings, with invented names, orders and amounts. The label is the queue that "
    "should handle the main request: account_access (login, passwords, two-factor, locked or hacked accounts, "
    "the login email, workspace members and roles), billing (charges, refunds, invoices, prices, discounts, "
    "payment methods, tax, and plan changes that keep a paid plan), bug_report (the site or app misbehaving "
    "once the customer is in), cancellation (ending the membership or subscription, not renewing, closing or "
    "deleting the account), feature_request (asking for something the product does not do yet, whatever the "
    "area) or shipping (physical orders: delivery, tracking, damage, wrong or missing items, addresses, "
    "returns logistics, and cancelling or changing a single order before it ships). The evaluation set has "
    "{n_eval} tickets ({eval_shares}); the train split has {n_train} ({train_shares}); 60% of the frames feed "
    "only one of the two, the rest both with different details. What is hard: the boundaries the rules draw "
    "(a charge after cancelling is billing, cancelling one order is shipping, a reset link that fails is "
    "account_access, a shipping-fee refund is billing, a missing payment option is a feature request), asides "
    "and threats to cancel that do not change the main request, and noisy, informal writing."
)


def render(bench_id: str, name: str, description: str, labels: Sequence[str], prefix: str, n_frames: int,
           rows: dict[str, list[tuple[str, str]]], rng: random.Random) -> dict[str, str]:
    for split in SPLITS:
        rng.shuffle(rows[split])
    eval_ids = [f"{prefix}-{i:04d}" for i in range(1, len(rows["eval"]) + 1)]
    train_ids = [f"{prefix}-train-{i:04d}" for i in range(1, len(rows["train"]) + 1)]
    n_clauses = len(fin.MIXED_GOOD) + len(fin.MIXED_BAD)
    text = description.format(
        n_frames=n_frames, n_clauses=n_clauses, n_eval=len(rows["eval"]), n_train=len(rows["train"]),
        eval_shares=shares(rows["eval"], labels), train_shares=shares(rows["train"], labels),
    )
    return {
        "benchmark.yaml": yaml_text(bench_id, name, text, labels),
        "eval.csv": csv_text(["id", "text"], [[i, t] for i, (t, _) in zip(eval_ids, rows["eval"], strict=True)]),
        "gold.csv": csv_text(["id", "label"], [[i, lab] for i, (_, lab) in zip(eval_ids, rows["eval"], strict=True)]),
        "train.csv": csv_text(["id", "text", "label"],
                              [[i, t, lab] for i, (t, lab) in zip(train_ids, rows["train"], strict=True)]),
    }


def build() -> dict[str, dict[str, str]]:
    fin_rng = random.Random(SEED)
    tickets_rng = random.Random(SEED + 1)
    fin_labels = ["negative", "neutral", "positive"]
    ticket_labels = sorted(TICKET_COUNTS)
    fin_frames = len(fin.POSITIVE) + len(fin.NEGATIVE) + len(fin.NEUTRAL) + len(fin.MIXED_FRAMES)
    ticket_frames = sum(len(frames) for frames in TICKET_FRAMES.values())
    return {
        "fin-sentiment": render("fin-sentiment", "Financial news sentiment", FIN_DESCRIPTION, fin_labels, "fs",
                                fin_frames, build_fin(fin_rng), fin_rng),
        "support-tickets": render("support-tickets", "Support ticket routing", TICKET_DESCRIPTION, ticket_labels,
                                  "st", ticket_frames, build_tickets(tickets_rng), tickets_rng),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this checkout)")
    parser.add_argument("--check", action="store_true", help="only report whether the files are up to date")
    args = parser.parse_args(argv)
    stale = []
    for bench_id, files in build().items():
        folder = args.root / "benchmarks" / bench_id
        for file_name, content in files.items():
            path = folder / file_name
            data = content.encode("utf-8")
            if path.is_file() and path.read_bytes() == data:
                continue
            stale.append(path)
            if not args.check:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    for path in stale:
        print(("stale: " if args.check else "wrote: ") + str(path))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())

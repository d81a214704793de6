"""Build the two NER benchmarks ``filings-ner`` and ``contracts-ner`` (deterministic).

Sentences are composed from hand-written frames and pools of fictional names, amounts and dates;
tokens and IOB2 tags are built together, so they are always aligned. Running the script again
reproduces every file byte for byte. It writes only into ``benchmarks/filings-ner/`` and
``benchmarks/contracts-ner/``.

    python scripts/authoring/build_ner.py
"""

from __future__ import annotations

import datetime
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = 20260311

Segment = tuple[str, str | None]  # (text, entity type or None)

# --------------------------------------------------------------------------------------------
# Tokenisation: punctuation split off; "$", "€", "£" and "%" are their own tokens; numbers stay
# whole ("1,250.5"); abbreviations keep their period ("Inc.", "U.S."); possessive "'s" is a token.
# --------------------------------------------------------------------------------------------

ABBREVIATIONS = "Inc|Corp|Co|Ltd|Mr|Ms|Mrs|Dr|Jr|Sr|No|St|Jan|Feb|Aug|Sept|Oct|Nov|Dec"
TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S. N.A. L.P. B.V.
    rf"|(?:{ABBREVIATIONS})\.(?=[\s,;:)\"']|$)"  # Inc. Mr. Feb.
    r"|[A-Z]\.(?=\s+[A-Z])"  # middle initial
    r"|\d+(?:,\d{3})*(?:\.\d+)?(?![\w-])"  # 1,250.5
    r"|[^\W_]+(?:[-&.][^\W_]+)*(?:'(?!s\b)[^\W_]+)*"  # words, 10-K, R&D, O'Neill
    r"|'s\b"
    r"|\S"
)


def tokenize(text: str) -> list[str]:
    tokens = TOKEN_RE.findall(text)
    if "".join(tokens) != re.sub(r"\s+", "", text):
        raise ValueError(f"tokenizer lost characters in {text!r}")
    return tokens


# --------------------------------------------------------------------------------------------
# Frames: "{TYPE:kind}" is an entity slot ("^" capitalises it), "[a|b|c]" an unlabelled choice.
# --------------------------------------------------------------------------------------------

SLOT_RE = re.compile(r"\{([A-Z]+)(?::([a-z_]+))?(\^)?\}")
CHOICE_RE = re.compile(r"\[([^\[\]]*)\]")


@dataclass
class Context:
    """Per-sentence state: an anchor year, one currency, and the last values for ranges."""

    rng: random.Random
    split: str
    year: int = 2026
    currency: str | None = None
    last_date: datetime.date | None = None
    numbers: dict[str, tuple[float, str]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    last: dict[str, list[Segment]] = field(default_factory=dict)

    def pick_currency(self, weights: dict[str, int]) -> str:
        if self.currency is None:
            self.currency = self.rng.choices(list(weights), list(weights.values()))[0]
        return self.currency


Generator = Callable[[Context], list[Segment]]


def render(frame: str, ctx: Context, generators: dict[str, Generator],
           type_names: dict[str, str]) -> tuple[list[str], list[str]]:
    text = CHOICE_RE.sub(lambda m: ctx.rng.choice(m.group(1).split("|")), frame)
    tokens: list[str] = []
    tags: list[str] = []

    def add(segment_text: str, entity: str | None) -> None:
        seg_tokens = tokenize(segment_text)
        for i, token in enumerate(seg_tokens):
            tokens.append(token)
            tags.append("O" if entity is None else ("B-" if i == 0 else "I-") + entity)

    position = 0
    for match in SLOT_RE.finditer(text):
        add(text[position:match.start()], None)
        slot_type, kind, cap = match.group(1), match.group(2) or "default", match.group(3)
        key = f"{slot_type}:{kind}"
        if key not in generators:
            raise KeyError(f"no generator {key} (frame {frame!r})")
        for attempt in range(50):
            segments = generators[key](ctx)
            surface = " ".join(t for t, _ in segments)
            if surface not in ctx.used or kind == "same" or attempt == 49:
                break
        ctx.used.add(surface)
        ctx.last[slot_type] = segments
        for index, (seg_text, entity) in enumerate(segments):
            if cap and index == 0:
                seg_text = seg_text[0].upper() + seg_text[1:]
            add(seg_text, None if entity is None else type_names[entity])
        position = match.end()
    add(text[position:], None)
    if tokens[-1] != "." and tokens[-1].endswith("."):
        tokens.append(".")  # sentence-final abbreviation: "Co." then "."
        tags.append("O")
    if tokens[-1] not in {".", "?", "!"}:
        raise ValueError(f"sentence does not end with punctuation: {text!r}")
    return tokens, tags


def split_pool(items: Sequence[object], rng: random.Random, eval_only: float,
               train_only: float) -> dict[str, list]:
    """Partition a pool: some items only in eval, some only in train, the rest shared."""
    shuffled = list(items)
    rng.shuffle(shuffled)
    n_eval, n_train = round(len(shuffled) * eval_only), round(len(shuffled) * train_only)
    eval_part = shuffled[:n_eval]
    train_part = shuffled[n_eval:n_eval + n_train]
    shared = shuffled[n_eval + n_train:]
    return {"eval": eval_part + shared, "train": train_part + shared}


# --------------------------------------------------------------------------------------------
# Shared pools
# --------------------------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTH_ABBR = {"January": "Jan.", "February": "Feb.", "August": "Aug.", "September": "Sept.",
              "October": "Oct.", "November": "Nov.", "December": "Dec."}
ORDINAL_WORDS = ["first", "second", "third", "fourth"]

FIRST_NAMES = [
    "Maria", "James", "Priya", "Kenji", "Olumide", "Sofia", "Henrik", "Aisha", "Mateo", "Claire",
    "Tomasz", "Ingrid", "Rahul", "Chloé", "Darius", "Yuki", "Fatima", "Liam", "Elena", "Marcus",
    "Nadia", "Samuel", "Beatriz", "Oliver", "Mei", "Andrzej", "Zainab", "Lucas", "Hannah",
    "Rafael", "Greta", "Daniel", "Amara", "Victor", "Leila", "Patrick", "Ayesha", "Jonas",
    "Camille", "Ethan", "Rosa", "Kwame", "Signe", "Diego", "Margaret", "Arjun", "Teresa", "Felix",
    "Noor", "Gabriel", "Helen", "Tobias", "Ines", "William", "Sunita", "Pieter", "Laura", "Omar",
    "Catherine", "Hiroshi", "Adaeze", "Stefan", "Julia", "Malik", "Charlotte", "Ricardo",
]
LAST_NAMES = [
    "Delgado", "Okafor", "Haines", "Novak", "Brennan", "Takahashi", "Adeyemi", "Castellanos",
    "Whitfield", "O'Neill", "van der Berg", "Kowalczyk", "Mensah", "Ferreira", "Iyer", "Schäfer",
    "Moreau", "Abernathy", "Pryce", "Halloran", "Nakamura", "Osei", "Rinaldi", "Sandoval",
    "Thornbury", "Ueda", "Vasquez", "Whitcombe", "Yilmaz", "Zielinski", "Achterberg",
    "Bhattacharya", "Caldwell", "Dufresne", "Eriksen", "Fontaine", "Gallagher", "Hoffmann",
    "Ibarra", "Jovanović", "Larsen", "Nakashima", "Okonkwo", "Petrova", "Quintero", "Rosenthal",
    "Sato", "Tremblay", "Underwood", "Valdez", "Wojcik", "Xu", "Yamamoto", "Lindgren", "Marchetti",
    "De Souza", "Ashworth", "Baptiste", "Carrington", "Dunleavy", "Esposito", "Fairbairn", "Greer",
    "Hakimi", "Ilunga", "Jaramillo", "Kessler", "Lombardi", "MacLeod", "Nwosu", "Oyelaran",
    "Pemberton-Hale", "Rasmussen", "Strand", "Tanaka", "Varga", "Winslow", "Zhou", "Acheson",
    "Borowski", "Chaudhry", "Dimitrov", "Ekström", "Farouk", "Gutiérrez", "Hollander",
]
SUFFIX_PEOPLE = ["Jr.", "III", "Sr."]
SUFFIX_FIRST_NAMES = {"James", "Samuel", "William", "Patrick", "Daniel", "Marcus", "Oliver",
                      "Ethan", "Victor", "Gabriel", "Lucas", "Felix", "Ricardo", "Liam"}

STEM_PREFIXES = [
    "Ash", "Birch", "Cedar", "Elm", "Fern", "Grey", "Hazel", "Iron", "Juniper", "Kings", "Lark",
    "Maple", "North", "Oak", "Pine", "Raven", "Silver", "Stone", "Thorn", "Wolf", "Amber",
    "Bright", "Clear", "Cold", "Copper", "Crest", "Dawn", "Eagle", "Falcon", "Glen", "Gold",
    "Harbor", "High", "Lake", "Marsh", "Mill", "Moss", "Red", "River", "Rock", "Sand", "Shore",
    "Spring", "Star", "Summit", "Swan", "Tide", "West", "White", "Wind", "Alder", "Brook",
]
STEM_ENDINGS = [
    "brook", "field", "wood", "gate", "haven", "ridge", "stone", "water", "vale", "mere", "ford",
    "crest", "moor", "wick", "bury", "point", "line", "spire", "dale", "hurst", "well", "view",
    "bridge", "holm", "lea",
]
INVENTED_STEMS = [
    "Corvane", "Vessory", "Quillon", "Valdora", "Zephyrine", "Ostrava Lane", "Marbeck", "Tamsin",
    "Orrell", "Penhallow", "Umberfield", "Yarrowby", "Lindqvale", "Dunmore", "Kestrava", "Velora",
    "Arvandel", "Brixtel", "Calloran", "Dravik", "Elmquist", "Faraday Row", "Gorsedd", "Halvane",
    "Istrell", "Jorvane", "Kalindor", "Lumeris", "Mirabeau Hill", "Nexora", "Obrecht", "Pellinor",
    "Quarrow", "Ravensgill", "Solvair", "Trevanion", "Ulverton", "Varnholt", "Wendaway",
    "Xandria", "Ysolde", "Zorvath", "Aurelle", "Bramcote", "Cindral", "Delacourt", "Everholt",
    "Fenwright", "Glaswick", "Hesketh", "Ivarsen", "Jessamy", "Korrigan", "Loxley Hart",
    "Montravel", "Nantwell", "Ombra", "Parrish Vale", "Quennell", "Rothmere", "Sarkova",
]


def make_stems(rng: random.Random) -> list[str]:
    compounds = [p + e for p in STEM_PREFIXES for e in STEM_ENDINGS]
    rng.shuffle(compounds)
    stems = INVENTED_STEMS + compounds[:180]
    rng.shuffle(stems)
    return stems


def make_people(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """A fixed cast of (full name, surname); a person keeps one spelling of their name."""
    firsts, lasts = list(FIRST_NAMES), list(LAST_NAMES)
    rng.shuffle(firsts)
    rng.shuffle(lasts)
    people = []
    for i in range(count):
        first, last = firsts[i % len(firsts)], lasts[i % len(lasts)]
        roll = rng.random()
        if roll < 0.18:
            full = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
        elif roll < 0.35 and first in SUFFIX_FIRST_NAMES:
            full = f"{first} {last} {rng.choice(SUFFIX_PEOPLE)}"
        else:
            full = f"{first} {last}"
        people.append((full, last))
    return people


def number_words(n: int) -> str:
    ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen"]
    tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    if n < 20:
        return ones[n]
    if n < 100:
        return tens[n // 10] + ("" if n % 10 == 0 else "-" + ones[n % 10])
    if n < 1000:
        rest = n % 100
        return ones[n // 100] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    for value, name in ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand")):
        if n >= value:
            rest = n % value
            head = number_words(n // value) + " " + name
            return head + ("" if rest == 0 else " " + number_words(rest))
    raise ValueError(n)


def title_words(n: int) -> str:
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in number_words(n).split())


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_int(n: int) -> str:
    return f"{n:,}"


def fmt_dec(value: float, places: int) -> str:
    return f"{value:.{places}f}"


# --------------------------------------------------------------------------------------------
# Financial filings
# --------------------------------------------------------------------------------------------

FILING_DESCRIPTORS = [
    "Systems", "Holdings", "Biosciences", "Energy", "Logistics", "Financial", "Semiconductor",
    "Foods", "Therapeutics", "Industries", "Technologies", "Materials", "Networks", "Health",
    "Pharmaceuticals", "Media", "Motors", "Minerals", "Software", "Brands", "Aerospace", "Retail",
    "Resources", "Robotics", "Chemicals", "Medical", "Hospitality", "Packaging", "Instruments",
    "Apparel", "Water", "Data", "Outdoor", "Diagnostics", "Mining", "Power", "Airlines",
]
FILING_SUFFIXES = ["Inc.", "Inc.", "Inc.", "Corp.", "Corporation", "plc", "N.V.", "Ltd.", "AG",
                   "S.A.", "Group", "Co.", "Inc.", "Corp.", "SE", "ASA", "", ", Inc.", ", Inc."]
FILING_FIXED_ORGS = [
    ("Ohio Valley Ironworks Inc.", ["Ohio Valley Ironworks"]),
    ("Great Lakes Foundry Corp.", ["Great Lakes Foundry"]),
    ("Pacific Rim Cold Chain Ltd.", ["Pacific Rim Cold Chain"]),
    ("Nordic Harvest Foods AB", ["Nordic Harvest Foods", "Nordic Harvest"]),
    ("Andes Copper Holdings S.A.", ["Andes Copper"]),
    ("Texas Gulf Midstream Partners L.P.", ["Texas Gulf Midstream"]),
    ("Hudson Valley Cold Storage Inc.", ["Hudson Valley Cold Storage"]),
    ("Alpine Meridian AG", ["Alpine Meridian"]),
    ("Baltic Freightways AS", ["Baltic Freightways"]),
    ("Marr & Hollis Industries Inc.", ["Marr & Hollis"]),
    ("Gable & Stroud Home Furnishings Co.", ["Gable & Stroud"]),
    ("Sierra Madre Avocado Growers S.A.", ["Sierra Madre Avocado Growers"]),
]
FIRM_SURNAMES = [
    "Ashby", "Lorne", "Pemberton", "Abbott", "Grayling", "Kerr", "Holloway", "Finch", "Marlow",
    "Quayle", "Ransome", "Stirling", "Tolliver", "Vane", "Whitlock", "Yardley", "Bexley", "Crane",
    "Darrow", "Ellery", "Fordham", "Gilchrist", "Hargreave", "Ingram", "Jellicoe", "Kingsley",
    "Lowther", "Merriman", "Newbold", "Oakes", "Prescott", "Radcliffe", "Sumner", "Thackeray",
]
BANK_FORMS = ["{s} Bank", "{s} Capital Markets", "{s} Securities LLC", "{s} Commercial Bank, N.A.",
              "{s} National Bank, N.A.", "{s} & Co. Securities LLC",
              "Bank of {s}", "{s} Trust Company", "First {s} Bank", "{s} Securities Inc."]

CITIES_INTL = [
    "Rotterdam", "Singapore", "São Paulo", "Monterrey", "Osaka", "Lyon", "Gdańsk", "Toronto",
    "Melbourne", "Dublin", "Kraków", "Manchester", "Hamburg", "Pune", "Guadalajara", "Shenzhen",
    "Ho Chi Minh City", "Johannesburg", "Nairobi", "Lisbon", "Barcelona", "Milan", "Vancouver",
    "Auckland", "Bengaluru", "Seoul", "Taipei", "Dubai", "Istanbul", "Bogotá", "Santiago",
    "Lima", "Penang", "Brno", "Eindhoven", "Gothenburg", "Tampere", "Leeds", "Glasgow", "Calgary",
    "Montreal", "Chicago", "Houston", "Atlanta", "Pittsburgh", "Charlotte", "Detroit", "Boston",
]
US_PLACES = [
    ("Austin", "Texas"), ("Denver", "Colorado"), ("Nashville", "Tennessee"), ("Columbus", "Ohio"),
    ("Raleigh", "North Carolina"), ("Phoenix", "Arizona"), ("Boise", "Idaho"),
    ("Louisville", "Kentucky"), ("Salt Lake City", "Utah"), ("Pittsburgh", "Pennsylvania"),
    ("Minneapolis", "Minnesota"), ("Tulsa", "Oklahoma"), ("Reno", "Nevada"), ("Omaha", "Nebraska"),
    ("Portland", "Oregon"), ("Greenville", "South Carolina"), ("Fort Wayne", "Indiana"),
    ("Chattanooga", "Tennessee"), ("Madison", "Wisconsin"), ("Albany", "New York"),
    ("Spokane", "Washington"), ("Des Moines", "Iowa"), ("Savannah", "Georgia"),
    ("Huntsville", "Alabama"), ("Wilmington", "Delaware"), ("Toledo", "Ohio"),
]
DATELINES = ["CHICAGO", "BOSTON", "HOUSTON", "SEATTLE", "ATLANTA", "DALLAS", "SAN DIEGO",
             "NEW YORK", "MINNEAPOLIS", "CHARLOTTE", "DENVER", "PHILADELPHIA", "TORONTO",
             "LONDON", "SAN JOSE", "PITTSBURGH", "AUSTIN", "DUBLIN", "AMSTERDAM", "SINGAPORE"]
COUNTRIES = [
    "Germany", "Brazil", "Canada", "Mexico", "Japan", "India", "Poland", "Vietnam", "Australia",
    "South Africa", "the United Kingdom", "France", "Italy", "Spain", "the Netherlands", "Chile",
    "Indonesia", "South Korea", "Malaysia", "Ireland", "Sweden", "Norway", "Kenya", "Nigeria",
    "Egypt", "Saudi Arabia", "Argentina", "Colombia", "Peru", "Thailand", "the Philippines",
    "China", "Switzerland", "the Czech Republic", "the United States", "Portugal", "Denmark",
    "Türkiye", "Morocco", "New Zealand",
]
STATES = ["Texas", "Ohio", "Nevada", "Ontario", "Bavaria", "Quebec", "Western Australia",
          "Queensland", "Jalisco", "Gujarat", "Saxony", "Alberta", "Arizona", "Michigan",
          "Tennessee", "Catalonia", "Lombardy", "Kentucky", "North Rhine-Westphalia", "Utah"]
REGIONS = ["North America", "Latin America", "Southeast Asia", "Western Europe", "Europe",
           "Asia Pacific", "Central Europe", "Scandinavia", "Sub-Saharan Africa", "Greater China",
           "the Middle East", "South America", "Eastern Europe", "Oceania"]


def with_article(name: str, entity: str) -> list[Segment]:
    """Leading "the" of a place name stays outside the span."""
    if name.startswith("the "):
        return [("the", None), (name[4:], entity)]
    return [(name, entity)]


def filings_generators(rng: random.Random) -> dict[str, Generator]:
    stems = make_stems(rng)
    org_stems, bank_stems = stems[:90], stems[150:180]
    companies: list[tuple[str, list[str]]] = []
    for stem in org_stems:
        descriptor = rng.choice(FILING_DESCRIPTORS)
        suffix = rng.choice(FILING_SUFFIXES)
        full = f"{stem} {descriptor}" + (suffix if suffix.startswith(",") else f" {suffix}")
        full = full.strip()
        companies.append((full, [f"{stem} {descriptor}", stem]))
    companies += FILING_FIXED_ORGS
    orgs = split_pool(companies, rng, 0.2, 0.2)
    banks = split_pool([rng.choice(BANK_FORMS).format(s=s) for s in bank_stems], rng, 0.3, 0.3)
    firm_names = []
    surnames = list(FIRM_SURNAMES)
    rng.shuffle(surnames)
    for i in range(0, len(surnames) - 1, 2):
        a, b = surnames[i], surnames[i + 1]
        form = rng.choice(["{a} & {b} LLP", "{a} {b} LLP", "{a}, {b} & Co.", "{a} & {b} Partners",
                           "{a} & {b} LLP", "{a} {b} & Partners LLP"])
        firm_names.append(form.format(a=a, b=b))
    firm_names += ["Pell, Drummond & Co.", "Ostrander, Vail & Lusk LLP", "Merrow & Quist LLP"]
    firms = split_pool(firm_names, rng, 0.3, 0.3)
    people = split_pool(make_people(rng, 48), rng, 0.2, 0.2)
    cities = split_pool(CITIES_INTL, rng, 0.2, 0.2)
    countries = split_pool(COUNTRIES, rng, 0.15, 0.15)
    us_places = split_pool(US_PLACES, rng, 0.2, 0.2)
    states = split_pool(STATES, rng, 0.2, 0.2)
    regions = split_pool(REGIONS, rng, 0.15, 0.15)
    datelines = split_pool(DATELINES, rng, 0.2, 0.2)

    def org(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(orgs[ctx.split])[0], "ORG")]

    def org_short(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(ctx.rng.choice(orgs[ctx.split])[1]), "ORG")]

    def org_any(ctx: Context) -> list[Segment]:
        return org_short(ctx) if ctx.rng.random() < 0.3 else org(ctx)

    def bank(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(banks[ctx.split]), "ORG")]

    def firm(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(firms[ctx.split]), "ORG")]

    def person(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(people[ctx.split])[0], "PER")]

    def person_last(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(people[ctx.split])[1], "PER")]

    currencies = {"$": 72, "€": 8, "£": 6, "EUR ": 6, "CAD ": 4, "GBP ": 4}

    def money_scaled(ctx: Context, value: float | int, scale: str) -> list[Segment]:
        currency = ctx.pick_currency(currencies)
        if scale == "million" and value >= 1000:
            value, scale = value / 1000, "billion"
        if scale == "billion":
            text = fmt_dec(value, 2)
        elif isinstance(value, int):
            text = str(value)
        else:
            text = fmt_dec(value, 1)
        ctx.numbers["m"] = (float(text), scale)
        return [(f"{currency}{text} {scale}", "MONEY")]

    def money_m(ctx: Context) -> list[Segment]:
        r = ctx.rng
        if r.random() < 0.12:
            return money_scaled(ctx, r.uniform(1.0, 6.5), "billion")
        value = r.randint(12, 980) if r.random() < 0.4 else r.uniform(1.5, 999.0)
        return money_scaled(ctx, value, "million")

    def money_m_hi(ctx: Context) -> list[Segment]:
        value, scale = ctx.numbers.get("m", (100.0, "million"))
        return money_scaled(ctx, value * ctx.rng.uniform(1.03, 1.25), scale)

    def money_m_lo(ctx: Context) -> list[Segment]:
        value, scale = ctx.numbers.get("m", (100.0, "million"))
        return money_scaled(ctx, value * ctx.rng.uniform(0.7, 0.96), scale)

    def money_ps_value(ctx: Context, value: float) -> list[Segment]:
        currency = ctx.pick_currency(currencies)
        ctx.numbers["ps"] = (value, "")
        return [(f"{currency}{fmt_dec(value, 2)}", "MONEY")]

    def money_ps(ctx: Context) -> list[Segment]:
        return money_ps_value(ctx, ctx.rng.randint(5, 480) / 100)

    def money_ps_hi(ctx: Context) -> list[Segment]:
        value = ctx.numbers.get("ps", (1.0, ""))[0]
        return money_ps_value(ctx, value + ctx.rng.randint(4, 30) / 100)

    def money_exact(ctx: Context, low: int, high: int, step: int) -> list[Segment]:
        currency = ctx.pick_currency(currencies)
        return [(f"{currency}{fmt_int(ctx.rng.randint(low, high) * step)}", "MONEY")]

    def money_sal(ctx: Context) -> list[Segment]:
        return money_exact(ctx, 70, 240, 5000)

    def money_x(ctx: Context) -> list[Segment]:
        return money_exact(ctx, 40, 700, 2500)

    def money_comp(ctx: Context) -> list[Segment]:
        return money_scaled(ctx, ctx.rng.uniform(1.2, 16.0), "million")

    def money_k(ctx: Context) -> list[Segment]:
        return money_exact(ctx, 15, 120, 500)

    def fmt_day(r: random.Random, d: datetime.date, year: bool = True) -> str:
        month = MONTHS[d.month - 1]
        roll = r.random()
        if roll < 0.12:
            return f"{d.day} {month} {d.year}"
        if roll < 0.27 and month in MONTH_ABBR:
            return f"{MONTH_ABBR[month]} {d.day}, {d.year}"
        if not year:
            return f"{month} {d.day}"
        return f"{month} {d.day}, {d.year}"

    def random_day(ctx: Context, year: int) -> datetime.date:
        r = ctx.rng
        month = r.randint(1, 12)
        if r.random() < 0.35:
            return datetime.date(year, month, 1) - datetime.timedelta(days=1) \
                if month > 1 else datetime.date(year - 1, 12, 31)
        return datetime.date(year, month, r.randint(1, 28))

    def set_date(ctx: Context, d: datetime.date, year: bool = True) -> list[Segment]:
        ctx.last_date = d
        return [(fmt_day(ctx.rng, d, year), "DATE")]

    def date_day(ctx: Context) -> list[Segment]:
        return set_date(ctx, random_day(ctx, ctx.year), year=ctx.rng.random() > 0.06)

    def date_after(ctx: Context) -> list[Segment]:
        base = ctx.last_date or random_day(ctx, ctx.year)
        return set_date(ctx, base + datetime.timedelta(days=ctx.rng.randint(14, 75)))

    def date_before(ctx: Context) -> list[Segment]:
        base = ctx.last_date or random_day(ctx, ctx.year)
        return set_date(ctx, base - datetime.timedelta(days=ctx.rng.randint(10, 40)))

    def date_prior_end(ctx: Context) -> list[Segment]:
        base = ctx.last_date or random_day(ctx, ctx.year)
        return set_date(ctx, datetime.date(base.year - 1, 12, 31))

    def date_dateline(ctx: Context) -> list[Segment]:
        r = ctx.rng
        month = r.choice(MONTHS)
        name = MONTH_ABBR.get(month, month) if r.random() < 0.6 else month
        ctx.last_date = datetime.date(ctx.year, MONTHS.index(month) + 1, r.randint(1, 28))
        return [(f"{name} {ctx.last_date.day}, {ctx.year}", "DATE")]

    def date_month(ctx: Context) -> list[Segment]:
        r = ctx.rng
        return [(f"{r.choice(MONTHS)} {ctx.year - r.choice([0, 0, 1])}", "DATE")]

    def date_year(ctx: Context) -> list[Segment]:
        return [(str(ctx.year - ctx.rng.choice([0, 0, 1])), "DATE")]

    def date_past(ctx: Context) -> list[Segment]:
        return [(str(ctx.year - ctx.rng.randint(2, 14)), "DATE")]

    def date_future(ctx: Context) -> list[Segment]:
        return [(str(ctx.year + ctx.rng.randint(0, 2)), "DATE")]

    def date_maturity(ctx: Context) -> list[Segment]:
        return [(str(ctx.year + ctx.rng.randint(3, 10)), "DATE")]

    def date_fy(ctx: Context) -> list[Segment]:
        r = ctx.rng
        y = ctx.year + r.choice([-1, 0, 0, 1])
        return [(r.choice([f"fiscal {y}", f"fiscal year {y}", f"fiscal {y}", f"{y}"]), "DATE")]

    def date_fy_future(ctx: Context) -> list[Segment]:
        y = ctx.year + ctx.rng.randint(1, 2)
        return [(ctx.rng.choice([f"fiscal {y}", f"fiscal year {y}", f"{y}"]), "DATE")]

    def date_fyword(ctx: Context) -> list[Segment]:
        r = ctx.rng
        y = ctx.year - r.choice([0, 1])
        return [(r.choice([f"fiscal {y}", f"fiscal year {y}"]), "DATE")]

    def date_q(ctx: Context) -> list[Segment]:
        r = ctx.rng
        q, y = r.randint(1, 4), ctx.year
        word = ORDINAL_WORDS[q - 1]
        text = r.choices([f"the {word} quarter of {y}", f"the {word} quarter of fiscal {y}",
                          f"the {word} quarter", f"Q{q} {y}", f"the {word} fiscal quarter of {y}"],
                         [45, 20, 15, 12, 8])[0]
        return [(text, "DATE")]

    def date_period(ctx: Context) -> list[Segment]:
        r = ctx.rng
        y = ctx.year
        ends = {"three": ["March 31", "June 30", "September 30", "December 31", "June 28"],
                "six": ["June 30", "June 28", "December 31"],
                "nine": ["September 30", "September 27"],
                "twelve": ["December 31"]}
        roll = r.random()
        if roll < 0.35:
            return [(f"the year ended December 31, {y}", "DATE")]
        if roll < 0.5:
            end = r.choice(["June 30", "September 30", "March 31", "January 31"])
            return [(f"the fiscal year ended {end}, {y}", "DATE")]
        months = r.choice(["three", "three", "six", "nine", "twelve"])
        return [(f"the {months} months ended {r.choice(ends[months])}, {y}", "DATE")]

    def date_half(ctx: Context) -> list[Segment]:
        r = ctx.rng
        half, y = r.choice(["first", "second"]), ctx.year
        return [(r.choice([f"the {half} half of {y}", f"the {half} half of fiscal {y}",
                           f"the {half} half of {y}", f"the {half} half"]), "DATE")]

    def pct_value(ctx: Context, value: float, whole: bool) -> list[Segment]:
        ctx.numbers["pct"] = (value, "")
        text = str(round(value)) if whole else fmt_dec(value, 1)
        sign = " percent" if ctx.rng.random() < 0.25 else "%"
        return [(f"{text}{sign}", "PERCENT")]

    def pct(ctx: Context) -> list[Segment]:
        r = ctx.rng
        if r.random() < 0.35:
            return pct_value(ctx, r.randint(2, 60), True)
        return pct_value(ctx, r.uniform(0.2, 48.0), False)

    def pct_hi(ctx: Context) -> list[Segment]:
        value = ctx.numbers.get("pct", (5.0, ""))[0]
        return pct_value(ctx, value + ctx.rng.uniform(0.5, 4.0), False)

    def pct_small(ctx: Context) -> list[Segment]:
        return pct_value(ctx, ctx.rng.uniform(0.5, 14.0), False)

    def pct_tax(ctx: Context) -> list[Segment]:
        return pct_value(ctx, ctx.rng.uniform(11.0, 31.0), False)

    def pct_bonus(ctx: Context) -> list[Segment]:
        return pct_value(ctx, ctx.rng.randint(6, 30) * 5, True)

    def pct_vote(ctx: Context) -> list[Segment]:
        return pct_value(ctx, ctx.rng.uniform(55.0, 99.2), False)

    def pct_rate(ctx: Context) -> list[Segment]:
        return [(f"{fmt_dec(ctx.rng.randint(20, 60) * 0.125, 3)}%", "PERCENT")]

    def pct_margin(ctx: Context) -> list[Segment]:
        return [(f"{fmt_dec(ctx.rng.randint(4, 14) * 0.25, 2)}%", "PERCENT")]

    def loc_city(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(cities[ctx.split]), "LOC")]

    def loc_country(ctx: Context) -> list[Segment]:
        return with_article(ctx.rng.choice(countries[ctx.split]), "LOC")

    def loc_usplace(ctx: Context) -> list[Segment]:
        city, state = ctx.rng.choice(us_places[ctx.split])
        return [(city, "LOC"), (",", None), (state, "LOC")]

    def loc_state(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(states[ctx.split]), "LOC")]

    def loc_region(ctx: Context) -> list[Segment]:
        return with_article(ctx.rng.choice(regions[ctx.split]), "LOC")

    def loc_regionadj(ctx: Context) -> list[Segment]:
        names = [n for n in regions[ctx.split] if not n.startswith("the ")]
        return [(ctx.rng.choice(names), "LOC")]

    def loc_place(ctx: Context) -> list[Segment]:
        roll = ctx.rng.random()
        if roll < 0.4:
            return loc_country(ctx)
        if roll < 0.7:
            return loc_city(ctx)
        return loc_state(ctx)

    def loc_dateline(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(datelines[ctx.split]), "LOC")]

    return {
        "ORG:default": org, "ORG:s": org_short, "ORG:any": org_any, "ORG:bank": bank,
        "ORG:firm": firm, "PER:default": person, "PER:last": person_last, "MONEY:m": money_m,
        "MONEY:m_hi": money_m_hi, "MONEY:m_lo": money_m_lo, "MONEY:ps": money_ps,
        "MONEY:ps_hi": money_ps_hi, "MONEY:x": money_x, "MONEY:sal": money_sal, "MONEY:k": money_k,
        "MONEY:comp": money_comp, "DATE:day": date_day, "DATE:after": date_after,
        "DATE:before": date_before, "DATE:prior_end": date_prior_end,
        "DATE:dateline": date_dateline, "DATE:month": date_month, "DATE:year": date_year,
        "DATE:past": date_past, "DATE:future": date_future, "DATE:maturity": date_maturity,
        "DATE:fy": date_fy, "DATE:fy_future": date_fy_future, "DATE:fyword": date_fyword,
        "DATE:q": date_q, "DATE:period": date_period, "DATE:half": date_half, "PCT:default": pct,
        "PCT:hi": pct_hi, "PCT:small": pct_small, "PCT:vote": pct_vote, "PCT:tax": pct_tax,
        "PCT:bonus": pct_bonus, "PCT:rate": pct_rate, "PCT:margin": pct_margin,
        "LOC:city": loc_city, "LOC:country": loc_country, "LOC:usplace": loc_usplace,
        "LOC:state": loc_state, "LOC:region": loc_region, "LOC:regionadj": loc_regionadj,
        "LOC:place": loc_place, "LOC:dateline": loc_dateline,
    }


FILINGS_TYPES = {"ORG": "ORG", "PER": "PER", "MONEY": "MONEY", "DATE": "DATE",
                 "PERCENT": "PERCENT", "LOC": "LOC"}

FILINGS_FRAMES = [
    "{ORG} reported [net revenue|total revenue|net sales] of {MONEY:m} for {DATE:q}, "
    "[an increase of|a decrease of] {PCT} compared with the prior-year period.",
    "Net income for {DATE:period} was {MONEY:m}, or {MONEY:ps} per diluted share.",
    "{LOC:dateline}, {DATE:dateline} — {ORG} today announced financial results for {DATE:q}.",
    "{LOC:dateline}, {DATE:dateline} — {ORG} announced that its Board of Directors has "
    "appointed {PER} as [Chief Financial Officer|Chief Operating Officer|Chief Technology "
    "Officer], effective {DATE:day}.",
    "Gross margin was {PCT} in {DATE:q}, compared with {PCT} in the same quarter last year.",
    "The Company expects [full-year revenue|net sales] of between {MONEY:m} and {MONEY:m_hi} "
    "for {DATE:fy}.",
    "On {DATE:day}, {ORG} entered into a definitive agreement to acquire {ORG} for "
    "approximately {MONEY:m} in cash.",
    "The acquisition of {ORG:s} is expected to close in {DATE:q}, subject to customary closing "
    "conditions and regulatory approvals.",
    "{PER}, who has served as Chief Executive Officer since {DATE:past}, will retire on "
    "{DATE:day}.",
    "Mr. {PER:last} joined {ORG:any} in {DATE:past} and previously held senior finance roles at "
    "{ORG:any}.",
    "Ms. {PER:last} will receive an annual base salary of {MONEY:sal} and a target bonus equal to "
    "{PCT:bonus} of her base salary.",
    "Sales in {LOC:country} grew {PCT}, driven by strong demand for [industrial automation "
    "products|specialty coatings|cloud subscriptions|replacement parts].",
    "The Company operates manufacturing facilities in {LOC:country}, {LOC:state} and "
    "{LOC:usplace}.",
    "{ORG} will close its distribution center in {LOC:usplace} by the end of {DATE:future}, "
    "affecting approximately [240|415|90|1,100] employees.",
    "Revenue from {LOC:region} represented {PCT} of total revenue in {DATE:fy}.",
    "The Board declared a quarterly cash dividend of {MONEY:ps} per share, payable on "
    "{DATE:day} to shareholders of record as of {DATE:before}.",
    "During {DATE:q}, the Company repurchased [1.4 million|820,000|2.3 million|415,000] shares of "
    "common stock for {MONEY:m}.",
    "{ORG} completed a private offering of {MONEY:m} aggregate principal amount of its "
    "{PCT:rate} Senior Notes due {DATE:maturity}.",
    "The notes bear interest at a rate of {PCT:rate} per annum, payable semi-annually in "
    "arrears.",
    "Borrowings under the revolving credit facility bear interest at SOFR plus a margin of "
    "{PCT:margin}.",
    "On {DATE:day}, the Company entered into a {MONEY:m} senior secured credit facility with "
    "{ORG:bank}, as administrative agent.",
    "{ORG:firm} has served as the Company's independent registered public accounting firm since "
    "{DATE:past}.",
    "Operating expenses increased {MONEY:m}, or {PCT}, primarily due to higher [personnel "
    "costs|marketing spend|professional fees].",
    "Adjusted EBITDA was {MONEY:m} for {DATE:q}, representing a margin of {PCT}.",
    "Free cash flow for {DATE:fy} totaled {MONEY:m}.",
    "As of {DATE:day}, the Company had cash and cash equivalents of {MONEY:m} and total debt of "
    "{MONEY:m}.",
    "\"We delivered record bookings in {LOC:region} this quarter,\" said {PER}, President and "
    "Chief Executive Officer of {ORG}.",
    "\"Our balance sheet remains strong,\" said {PER}, Chief Financial Officer.",
    "The Company recorded a goodwill impairment charge of {MONEY:m} related to its operations in "
    "{LOC:country}.",
    "{ORG} agreed to sell its packaging business in {LOC:country} to {ORG} for {MONEY:m}.",
    "The transaction values {ORG:s} at approximately {MONEY:m}, a premium of {PCT} to its "
    "closing share price on {DATE:day}.",
    "Shareholders approved the merger with {PCT:vote} of votes cast in favor at a special meeting "
    "held on {DATE:day}.",
    "Effective {DATE:day}, {PER} will succeed {PER} as Chief Operating Officer.",
    "The Company's effective tax rate was {PCT:tax} for {DATE:period}, compared with {PCT:tax} for the "
    "prior-year period.",
    "Research and development expenses were {MONEY:m} in {DATE:fy}, or {PCT} of revenue.",
    "{ORG} opened a new engineering center in {LOC:city} in {DATE:month}.",
    "A fire at the {LOC:city} plant in {DATE:month} reduced output, resulting in lost sales of "
    "approximately {MONEY:m}.",
    "Foreign currency movements, particularly the weakening of the [euro|yen|Brazilian "
    "real|Canadian dollar], reduced reported revenue by {MONEY:m}.",
    "{ORG} and {ORG} announced a joint venture to build a [lithium refinery|battery plant|"
    "solar glass factory] in {LOC:state}.",
    "Backlog at {DATE:day} was {MONEY:m}, up {PCT} from a year ago.",
    "On {DATE:day}, {ORG} filed a complaint against the Company in {LOC:state} alleging breach "
    "of a supply agreement.",
    "The Company settled the litigation with {ORG:any} for {MONEY:m}, which was accrued in "
    "{DATE:q}.",
    "{PER} has been elected to the Board of Directors, increasing its size to [eleven|nine|"
    "twelve] members.",
    "The Board appointed {PER}, a former partner at {ORG:firm}, to chair the Audit Committee.",
    "{ORG} is headquartered in {LOC:usplace} and employs approximately [6,300|2,150|14,000] "
    "people in [18|23|31|40] countries.",
    "Same-store sales increased {PCT:small} in {DATE:q}, while e-commerce sales rose {PCT}.",
    "Subscription revenue grew {PCT} year-over-year to {MONEY:m}.",
    "The Company now expects adjusted earnings per share of {MONEY:ps} to {MONEY:ps_hi} for "
    "{DATE:fy}.",
    "Capital expenditures for {DATE:fy} are expected to be approximately {MONEY:m}, primarily "
    "for capacity expansion in {LOC:country}.",
    "{ORG} priced an underwritten public offering of [8,000,000|5,500,000|12,250,000] shares of "
    "common stock at {MONEY:ps} per share.",
    "Net proceeds from the offering were approximately {MONEY:m} after deducting underwriting "
    "discounts and commissions.",
    "{ORG:bank} and {ORG:bank} acted as joint book-running managers for the offering.",
    "Under the terms of the agreement, {ORG} will pay {MONEY:m} upfront and up to {MONEY:m} in "
    "milestone payments.",
    "{ORG} received approval to market its [glucose monitor|infusion pump|diagnostic assay] in "
    "{LOC:country} in {DATE:month}.",
    "The restructuring plan, announced in {DATE:month}, is expected to generate annual savings "
    "of {MONEY:m} by {DATE:fy_future}.",
    "Pre-tax restructuring charges of {MONEY:m} were recognized in {DATE:q}, primarily for "
    "severance.",
    "The Company's largest customer, {ORG}, accounted for {PCT} of net sales in {DATE:fy}.",
    "{PCT} of the Company's long-term debt bears interest at fixed rates.",
    "Inventory increased to {MONEY:m} at {DATE:day} from {MONEY:m_lo} at {DATE:prior_end}.",
    "Organic revenue growth was {PCT:small}, excluding a {PCT:small} contribution from acquisitions.",
    "{ORG:s}'s shareholders will receive {MONEY:ps} in cash for each share they own.",
    "The merger agreement provides for a termination fee of {MONEY:m} payable by {ORG:s} under "
    "certain circumstances.",
    "{PER} resigned from the Board on {DATE:day}; the resignation was not the result of any "
    "disagreement with the Company.",
    "{ORG} signed a ten-year lease for approximately [180,000|62,000|310,000] square feet of "
    "office space in {LOC:city}.",
    "The Company ended {DATE:fy} with [1,214|386|2,040] stores in {LOC:country} and "
    "{LOC:country}.",
    "{DATE:fyword^} marked the first full year of operations for the {LOC:city} facility.",
    "{DATE:day} is the record date for the annual meeting, which will be held in {LOC:city} on "
    "{DATE:after}.",
    "{ORG} lowered its outlook, citing weaker demand in {LOC:region} and a {PCT} decline in "
    "order intake.",
    "Operating margin in the {LOC:regionadj} segment contracted to {PCT} from {PCT:hi}.",
    "{ORG} acquired a {PCT} stake in {ORG} for {MONEY:m}.",
    "The Company holds a {PCT} interest in {ORG}, a joint venture with {ORG}.",
    "{ORG:firm} served as financial advisor to {ORG:s}, and {ORG:firm} served as legal counsel.",
    "In {DATE:month}, the Company redeemed all {MONEY:m} outstanding principal amount of its "
    "{PCT:rate} notes due {DATE:maturity}.",
    "The Company's pension plans were underfunded by {MONEY:m} as of {DATE:day}.",
    "{PER} will serve as interim Chief Executive Officer while the Board conducts a search.",
    "Total compensation for {PER} in {DATE:fyword} was {MONEY:comp}, of which approximately "
    "{PCT:vote} was performance-based.",
    "The Company's subsidiary in {LOC:country}, {ORG}, holds the operating licenses for the "
    "region.",
    "{ORG} expanded its presence in {LOC:country} with the opening of two fulfillment "
    "centers.",
    "{ORG:any} will move its regional headquarters to {LOC:city} in {DATE:half}.",
    "Approximately {PCT} of revenue is denominated in currencies other than the U.S. dollar.",
    "{ORG:s} shares fell {PCT} on {DATE:day} after the company withdrew its guidance.",
    "Net loss attributable to common stockholders was {MONEY:m} for {DATE:period}.",
    "Backed by {MONEY:m} of committed financing from {ORG:bank}, the transaction is not subject "
    "to a financing condition.",
    "Total assets under management reached {MONEY:m} at {DATE:day}.",
    "{ORG} appointed {PER} to lead its operations in {LOC:region}.",
    "Mr. {PER:last} and Ms. {PER:last} will each receive a retention award of {MONEY:x}.",
    "The Company incurred {MONEY:m} of costs related to the cybersecurity incident disclosed in "
    "{DATE:month}.",
    "Bookings in {LOC:country} declined {PCT} as customers delayed orders ahead of tariff "
    "changes.",
    "{ORG} completed its acquisition of {ORG} on {DATE:day}.",
    "{PCT} of the workforce is covered by collective bargaining agreements, primarily in "
    "{LOC:country} and {LOC:country}.",
    "Dr. {PER:last} previously led clinical development at {ORG}.",
    "The Company issued {MONEY:m} of commercial paper during {DATE:q} at a weighted average rate "
    "of {PCT:rate}.",
    "{ORG} and {ORG:firm} entered into a consulting agreement under which the firm will receive "
    "{MONEY:k} per month.",
    "Revenue from the {LOC:city} data center campus is expected to begin in {DATE:half}.",
    "Gross bookings grew to {MONEY:m} in {DATE:half}, an increase of {PCT}.",
    "{ORG} raised its quarterly dividend by {PCT:small} to {MONEY:ps} per share.",
    "Warranty reserves increased {MONEY:m} in {DATE:q} due to a product recall in {LOC:country}.",
    "The Company's credit agreement with {ORG:bank} matures on {DATE:day}.",
    "{PER}, {PER} and {PER} were re-elected as directors at the annual meeting held on "
    "{DATE:day}.",
    "The Company's headquarters relocation from {LOC:city} to {LOC:city} was completed in "
    "{DATE:q}.",
    "{ORG}, a wholly owned subsidiary of {ORG}, issued {MONEY:m} of green bonds in {DATE:month}.",
    "On a constant-currency basis, revenue in {LOC:country} increased {PCT}.",
    "Deferred revenue was {MONEY:m} as of {DATE:day}.",
    "Unit volume rose {PCT:small}, while average selling prices declined {PCT:small}.",
    "The Company paid {MONEY:m} in income taxes in {DATE:year}, principally in {LOC:country}.",
    "{ORG} named {PER} General Counsel and Corporate Secretary, effective immediately.",
    "Impairment testing performed as of {DATE:day} indicated that the fair value of the "
    "{LOC:regionadj} reporting unit exceeded its carrying value by {PCT}.",
    "Annual Report on Form 10-K for {DATE:period} of {ORG}.",
    "{ORG} will report results for {DATE:q} before the market opens on {DATE:day}.",
    "Margins improved by 140 basis points as {ORG:s} shifted production to {LOC:place}.",
    "Sales to customers in {LOC:country} are subject to export licenses, and revenue from "
    "that market fell to {MONEY:m} in {DATE:fy}.",
    "{LOC:dateline}, {DATE:dateline} — {ORG} and {ORG} today announced that they have agreed to "
    "combine in an all-stock transaction.",
    "As disclosed under Item 5.02, {PER} notified {ORG:s} of a decision to step down as a "
    "director.",
    "The Company expects to incur charges of {MONEY:m} to {MONEY:m_hi} in connection with the "
    "closure of its {LOC:city} site.",
    "{ORG} reaffirmed its guidance for {DATE:fy}, including revenue growth of {PCT:small} to {PCT:hi}.",
    "The plant in {LOC:usplace} produced [2.4 million|640,000|1.1 million] units in {DATE:year}.",
    "{ORG:s} agreed to pay {PER} a cash severance of {MONEY:x}.",
    "Through {DATE:q}, the Company has returned {MONEY:m} to shareholders under the program.",
]

FILINGS_EMPTY_FRAMES = [
    "The Company believes that its existing cash and cash equivalents will be sufficient to fund "
    "[operations|capital expenditures|its operating needs] for at least the next twelve months.",
    "Revenue [increased|grew|declined] primarily due to [higher|lower] volumes in the "
    "[industrial|consumer|aerospace|healthcare] segment.",
    "The decrease in gross margin reflects higher [freight|raw material|labor|energy] costs and "
    "a less favorable product mix.",
    "See Note [4|7|9|12] to the consolidated financial statements for additional information "
    "[about|regarding] [goodwill|income taxes|leases|debt].",
    "Forward-looking statements are subject to risks and uncertainties that could cause actual "
    "results to differ materially from those [expressed|projected|anticipated].",
    "The Company repurchased approximately [1.2 million|640,000|2.5 million|310,000] shares "
    "[during the quarter|under its share repurchase program].",
    "Headcount [increased|decreased] to approximately [3,400|12,800|950|5,600] employees at "
    "year-end.",
    "Management [evaluated|assessed] the effectiveness of the Company's internal control over "
    "financial reporting and concluded that it was effective.",
    "There were no changes in internal control over financial reporting during the "
    "[quarter|period] that materially affected, or are reasonably likely to materially affect, "
    "such control.",
    "The Board of Directors [has not yet determined|continues to evaluate] whether to "
    "[reinstate|increase] the quarterly dividend.",
    "Operating cash flow [improved|declined] as a result of changes in working capital, "
    "particularly [inventory|accounts receivable|accrued liabilities].",
    "The Company does not expect the adoption of the new accounting standard to have a material "
    "impact on its [consolidated financial statements|results of operations|financial position].",
    "Demand from [automotive|data center|residential|commercial aerospace] customers remained "
    "[soft|strong|uneven] throughout the period.",
    "The Company [operates|reports] in three reportable segments: [Industrial, Consumer and "
    "Services|Devices, Software and Support|Residential, Commercial and Infrastructure].",
    "Item [5.02|8.01|2.02|7.01] of this Current Report on Form 8-K is incorporated herein by "
    "reference.",
    "A copy of the press release is [furnished|attached] as Exhibit [99.1|99.2] to this Current "
    "Report on Form 8-K.",
    "The Company [will host|plans to host] a conference call [later today|tomorrow morning] to "
    "discuss [the results|its outlook|the transaction].",
    "Non-GAAP measures should be considered in addition to, and not as a substitute for, "
    "measures prepared in accordance with [GAAP|generally accepted accounting principles].",
    "The increase in selling, general and administrative expenses was driven by [higher "
    "incentive compensation|investments in marketing|professional fees related to the merger].",
    "Customers continued to [reduce|rebalance] inventory levels, which weighed on [order "
    "rates|shipments|pricing] in the period.",
    "The Company [maintains|follows] a disciplined approach to capital allocation, prioritizing "
    "[organic investment|debt reduction|acquisitions] and shareholder returns.",
    "[Pricing actions|Productivity initiatives|Sourcing savings] more than offset inflation in "
    "[materials|wages|logistics] during the year.",
    "The Audit Committee [reviewed|discussed] the audited financial statements with "
    "[management|the independent auditors].",
    "Management's discussion should be read together with the consolidated financial statements "
    "and [related notes|the risk factors].",
    "The Company is party to various legal proceedings arising in the ordinary course of "
    "business, none of which is expected to [be material|have a material adverse effect].",
    "[Results|Margins] in the prior-year period benefited from a favorable [legal settlement|"
    "insurance recovery|tax ruling].",
    "The Company continues to evaluate strategic alternatives for its [specialty chemicals|legacy "
    "hardware|consumer finance|flooring] business.",
    "Year-to-date, [customer retention|order intake|free cash flow] has [exceeded|tracked] "
    "internal expectations.",
    "The Board authorized an increase in the share repurchase program, which has no "
    "[expiration date|fixed term].",
    "Reported results include the impact of purchase accounting, [including|primarily] "
    "amortization of acquired [intangible assets|customer relationships].",
    "Shareholders are encouraged to read the proxy statement carefully because it contains "
    "important information about the [merger|proposals|director nominees].",
    "[Chief Executive Officer|Chief Financial Officer] compensation is [reviewed|set] annually "
    "by the Compensation Committee.",
    "The Company [expects|intends] to fund the transaction with cash on hand and borrowings under "
    "its [revolving credit facility|term loan].",
    "Higher interest rates [reduced|limited] demand for [financed equipment|new homes|vehicle "
    "purchases] during the quarter.",
]


# --------------------------------------------------------------------------------------------
# Contracts
# --------------------------------------------------------------------------------------------

CONTRACT_DESCRIPTORS = [
    "Analytics", "Logistics", "Software", "Manufacturing", "Consulting", "Health Services",
    "Foods", "Engineering", "Data Services", "Media", "Energy Solutions", "Supply", "Pharma",
    "Devices", "Labs", "Marketing", "Construction", "Security", "Freight", "Ventures",
    "Technologies", "Components", "Clinical Research", "Digital", "Packaging", "Fabrication",
    "Staffing", "Cloud Services", "Interiors", "Biologics",
]
CONTRACT_SUFFIXES = [", Inc.", " LLC", " Ltd.", " Limited", " GmbH", " B.V.", " S.A.", " plc",
                     ", Inc.", " Corporation", ", LLC", " Pty Ltd", " Inc.", " Corp.", " AG",
                     " LLC", ", Inc."]
REALTY_FORMS = ["{s} Property Holdings LLC", "{s} Realty Partners, L.P.",
                "{s} Commercial Properties Ltd.", "{s} Industrial REIT, Inc.",
                "{s} Office Owner LLC", "{s} Land Company"]
LENDER_FORMS = ["{s} Commercial Bank, N.A.", "{s} Capital Funding LLC", "Bank of {s}",
                "{s} Credit Partners, L.P.", "{s} Trust Company", "{s} Bank plc",
                "First {s} Bank"]
JURISDICTIONS_US = [
    "the State of Delaware", "the State of New York", "the State of California",
    "the State of Texas", "the State of Illinois", "the State of Washington",
    "the State of Colorado", "the State of Florida", "the State of Georgia",
    "the State of New Jersey", "the Commonwealth of Massachusetts",
    "the Commonwealth of Pennsylvania", "the Commonwealth of Virginia", "the District of Columbia",
    "Delaware", "New York", "California", "the State of Minnesota", "the State of Ohio",
]
JURISDICTIONS_INTL = [
    "England and Wales", "Scotland", "Ireland", "Singapore", "the Province of Ontario",
    "the Province of British Columbia", "Switzerland", "Germany", "New South Wales", "Luxembourg",
    "Hong Kong", "the Province of Quebec", "Northern Ireland", "Victoria",
]
DURATION_UNITS = {
    "term": [(12, "months"), (18, "months"), (24, "months"), (36, "months"), (60, "months"),
             (1, "year"), (2, "years"), (3, "years"), (5, "years"), (7, "years"), (10, "years")],
    "renew": [(1, "year"), (2, "year"), (12, "month"), (3, "year")],
    "notice": [(30, "days"), (45, "days"), (60, "days"), (90, "days"), (120, "days"),
               (180, "days"), (30, "calendar days"), (10, "Business Days")],
    "pay": [(10, "days"), (15, "days"), (30, "days"), (45, "days"), (60, "days"),
            (5, "Business Days"), (30, "calendar days")],
    "cure": [(10, "days"), (15, "days"), (30, "days"), (60, "days"), (5, "Business Days")],
    "survive": [(1, "year"), (2, "years"), (3, "years"), (5, "years"), (6, "months"),
                (12, "months"), (18, "months"), (24, "months")],
    "sev": [(3, "months"), (6, "months"), (9, "months"), (12, "months")],
    "late": [(10, "days"), (15, "days"), (30, "days")],
    "report": [(90, "days"), (120, "days"), (150, "days")],
    "abate": [(2, "months"), (3, "months"), (4, "months"), (6, "months")],
}


def contracts_generators(rng: random.Random) -> dict[str, Generator]:
    stems = make_stems(rng)
    company_stems, realty_stems, lender_stems = stems[:90], stems[140:170], stems[180:205]
    companies = []
    for stem in company_stems:
        companies.append(f"{stem} {rng.choice(CONTRACT_DESCRIPTORS)}{rng.choice(CONTRACT_SUFFIXES)}")
    companies += ["Marlowe & Finch Consulting LLP", "Tate, Rourke & Sons Ltd.",
                  "Harlan & Voss Engineering, Inc.", "Pike & Loom Textiles GmbH",
                  "Quint & Abara Digital LLC", "Bellamy Grove & Co. Limited"]
    company_pool = split_pool(companies, rng, 0.2, 0.2)
    realty_pool = split_pool([rng.choice(REALTY_FORMS).format(s=s) for s in realty_stems],
                             rng, 0.3, 0.3)
    lender_pool = split_pool([rng.choice(LENDER_FORMS).format(s=s) for s in lender_stems],
                             rng, 0.3, 0.3)
    people = split_pool([full for full, _ in make_people(rng, 40)], rng, 0.2, 0.2)
    jur_us = split_pool(JURISDICTIONS_US, rng, 0.15, 0.15)
    jur_intl = split_pool(JURISDICTIONS_INTL, rng, 0.15, 0.15)

    def person_name(ctx: Context) -> str:
        return str(ctx.rng.choice(people[ctx.split]))

    def party(ctx: Context) -> list[Segment]:
        if ctx.rng.random() < 0.1:
            return [(person_name(ctx), "PARTY")]
        return [(ctx.rng.choice(company_pool[ctx.split]), "PARTY")]

    def party_co(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(company_pool[ctx.split]), "PARTY")]

    def party_person(ctx: Context) -> list[Segment]:
        return [(person_name(ctx), "PARTY")]

    def party_realty(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(realty_pool[ctx.split]), "PARTY")]

    def party_bank(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(lender_pool[ctx.split]), "PARTY")]

    def date_text(r: random.Random, d: datetime.date, styled: bool) -> str:
        month = MONTHS[d.month - 1]
        roll = r.random()
        if styled and roll < 0.15:
            return f"the {ordinal(d.day)} day of {month}, {d.year}"
        if roll < 0.32:
            return f"{d.day} {month} {d.year}"
        return f"{month} {d.day}, {d.year}"

    def set_date(ctx: Context, d: datetime.date, styled: bool) -> list[Segment]:
        ctx.last_date = d
        return [(date_text(ctx.rng, d, styled), "DATE")]

    def random_date(ctx: Context) -> datetime.date:
        r = ctx.rng
        day = r.choice([1, 1, 15, r.randint(1, 28), r.randint(1, 28), r.randint(1, 28)])
        return datetime.date(ctx.year, r.randint(1, 12), day)

    def add_months(d: datetime.date, months: int) -> datetime.date:
        index = d.year * 12 + d.month - 1 + months
        return datetime.date(index // 12, index % 12 + 1, min(d.day, 28))

    def date_default(ctx: Context) -> list[Segment]:
        return set_date(ctx, random_date(ctx), True)

    def date_plain(ctx: Context) -> list[Segment]:
        return set_date(ctx, random_date(ctx), False)

    def date_first(ctx: Context) -> list[Segment]:
        return set_date(ctx, datetime.date(ctx.year, ctx.rng.randint(1, 12), 1), False)

    def date_after(ctx: Context) -> list[Segment]:
        base = ctx.last_date or random_date(ctx)
        later = add_months(base, ctx.rng.randint(1, 4))
        return set_date(ctx, datetime.date(later.year, later.month, 1), False)

    def date_expiry(ctx: Context) -> list[Segment]:
        base = ctx.last_date or random_date(ctx)
        n, unit = ctx.numbers.get("dur", (ctx.rng.choice([3, 5]), "years"))
        months = int(n) * (12 if unit.startswith("year") else 1)
        end = datetime.date(base.year, base.month, 1)
        end = add_months(end, months) - datetime.timedelta(days=1)
        return set_date(ctx, end, False)

    money_weights = {"$": 66, "USD ": 10, "EUR ": 9, "£": 8, "CHF ": 4, "SGD ": 3}
    money_nouns = {"$": "Dollars", "USD ": "United States Dollars", "EUR ": "Euros",
                   "£": "Pounds Sterling", "CHF ": "Swiss Francs", "SGD ": "Singapore Dollars"}

    def money_amount(ctx: Context, value: int, cents: bool = False,
                     words: float = 0.2) -> list[Segment]:
        currency = ctx.pick_currency(money_weights)
        ctx.numbers["money"] = (value, currency)
        figures = f"{currency}{fmt_int(value)}" + (".00" if cents else "")
        if ctx.rng.random() < words:
            return [(f"{title_words(value)} {money_nouns[currency]} ({figures})", "MONEY")]
        return [(figures, "MONEY")]

    def money_fee(ctx: Context) -> list[Segment]:
        r = ctx.rng
        value = r.choice([r.randint(5, 250) * 1000, r.randint(10, 400) * 500])
        return money_amount(ctx, value, words=0.2)

    def money_small(ctx: Context) -> list[Segment]:
        return money_amount(ctx, ctx.rng.randint(4, 160) * 250, words=0.1)

    def money_big(ctx: Context) -> list[Segment]:
        r = ctx.rng
        if r.random() < 0.15:
            currency = ctx.pick_currency(money_weights)
            tenths = r.randint(10, 95)
            ctx.numbers["money"] = (tenths * 100_000, currency)
            return [(f"{currency}{fmt_dec(tenths / 10, 1)} million", "MONEY")]
        value = r.choice([r.randint(25, 500) * 10_000, r.randint(1, 40) * 250_000])
        return money_amount(ctx, value, words=0.25)

    def money_big_hi(ctx: Context) -> list[Segment]:
        base = int(ctx.numbers.get("money", (1_000_000, "$"))[0])
        return money_amount(ctx, base + ctx.rng.randint(2, 40) * 250_000, words=0.1)

    def money_rent(ctx: Context) -> list[Segment]:
        r = ctx.rng
        return money_amount(ctx, r.randint(18, 380) * 250, cents=r.random() < 0.4, words=0.15)

    def money_ins(ctx: Context) -> list[Segment]:
        value = ctx.rng.choice([1_000_000, 2_000_000, 3_000_000, 5_000_000])
        return money_amount(ctx, value, words=0.2)

    def money_ins_hi(ctx: Context) -> list[Segment]:
        base = int(ctx.numbers.get("money", (1_000_000, "$"))[0])
        return money_amount(ctx, base * ctx.rng.choice([2, 2, 3]), words=0.1)

    def money_hour(ctx: Context) -> list[Segment]:
        currency = ctx.pick_currency(money_weights)
        return [(f"{currency}{ctx.rng.randint(19, 90) * 5}", "MONEY")]

    def money_salary(ctx: Context) -> list[Segment]:
        return money_amount(ctx, ctx.rng.randint(48, 170) * 2500, words=0.15)

    def duration(kind: str) -> Generator:
        def generate(ctx: Context) -> list[Segment]:
            r = ctx.rng
            n, unit = r.choice(DURATION_UNITS[kind])
            ctx.numbers["dur"] = (n, unit)
            roll = r.random()
            if roll < 0.6:
                text = f"{number_words(n)} ({n}) {unit}"
            elif roll < 0.85 or n > 20:
                text = f"{n} {unit}"
            else:
                text = f"{number_words(n)} {unit}"
            return [(text, "DURATION")]
        return generate

    def jur(ctx: Context) -> list[Segment]:
        pool = jur_us if ctx.rng.random() < 0.65 else jur_intl
        return [(ctx.rng.choice(pool[ctx.split]), "JUR")]

    def jur_us_only(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(jur_us[ctx.split]), "JUR")]

    def jur_intl_only(ctx: Context) -> list[Segment]:
        return [(ctx.rng.choice(jur_intl[ctx.split]), "JUR")]

    def jur_same(ctx: Context) -> list[Segment]:
        return ctx.last.get("JUR") or jur(ctx)

    generators: dict[str, Generator] = {
        "PARTY:default": party, "PARTY:co": party_co, "PARTY:person": party_person,
        "PARTY:realty": party_realty, "PARTY:bank": party_bank, "DATE:default": date_default,
        "DATE:plain": date_plain, "DATE:first": date_first, "DATE:after": date_after,
        "DATE:expiry": date_expiry, "MONEY:fee": money_fee, "MONEY:small": money_small,
        "MONEY:big": money_big, "MONEY:big_hi": money_big_hi, "MONEY:rent": money_rent,
        "MONEY:ins": money_ins, "MONEY:ins_hi": money_ins_hi, "MONEY:hour": money_hour,
        "MONEY:salary": money_salary, "JUR:default": jur, "JUR:us": jur_us_only,
        "JUR:intl": jur_intl_only, "JUR:same": jur_same,
    }
    for kind in DURATION_UNITS:
        generators[f"DURATION:{kind}"] = duration(kind)
    return generators


CONTRACTS_TYPES = {"PARTY": "PARTY", "DATE": "DATE", "MONEY": "MONEY", "DURATION": "DURATION",
                   "JUR": "JURISDICTION"}

CONTRACTS_FRAMES = [
    "This Master Services Agreement (the \"Agreement\") is entered into as of {DATE} (the "
    "\"Effective Date\") by and between {PARTY:co}, a [Delaware|Nevada|Colorado] corporation "
    "(\"Supplier\"), and {PARTY:co} (\"Customer\").",
    "This Mutual Non-Disclosure Agreement is made on {DATE} between {PARTY} and {PARTY} (each, "
    "a \"Party\").",
    "This Lease is made and entered into as of {DATE} by and between {PARTY:realty}, as landlord "
    "(\"Landlord\"), and {PARTY:co}, as tenant (\"Tenant\").",
    "This Loan Agreement is dated as of {DATE} and is entered into by {PARTY:co}, as borrower "
    "(the \"Borrower\"), and {PARTY:bank}, as lender (the \"Lender\").",
    "This Agreement shall be governed by and construed in accordance with the laws of {JUR}, "
    "without regard to its conflict of laws principles.",
    "Each party irrevocably submits to the exclusive jurisdiction of the courts of {JUR} for any "
    "dispute arising out of this Agreement.",
    "Any action arising under this Agreement shall be brought exclusively in the state and "
    "federal courts located in {JUR:us}.",
    "The initial term of this Agreement shall be {DURATION:term} commencing on the Effective "
    "Date.",
    "Thereafter, this Agreement shall automatically renew for successive {DURATION:renew} periods "
    "unless either party provides written notice of non-renewal at least {DURATION:notice} "
    "before the end of the then-current term.",
    "Customer shall pay all undisputed invoices within {DURATION:pay} after receipt.",
    "In consideration of the Services, Customer shall pay Supplier a monthly fee of {MONEY:fee}.",
    "In no event shall either party's aggregate liability under this Agreement exceed "
    "{MONEY:big}.",
    "Either party may terminate this Agreement for convenience upon {DURATION:notice} prior "
    "written notice to the other party.",
    "If the breaching party fails to cure a material breach within {DURATION:cure} after written "
    "notice, the non-breaching party may terminate this Agreement.",
    "The obligations of the Receiving Party under this Section shall survive for "
    "{DURATION:survive} following the termination of this Agreement.",
    "Tenant shall pay Base Rent in the amount of {MONEY:rent} per month, payable in advance on "
    "the first day of each calendar month.",
    "Upon execution of this Lease, Tenant shall deposit with Landlord a security deposit of "
    "{MONEY:fee}.",
    "The term of this Lease shall be {DURATION:term}, commencing on {DATE:first} and expiring on "
    "{DATE:expiry}.",
    "Lender agrees to make a term loan to Borrower in the principal amount of {MONEY:big} on the "
    "Closing Date.",
    "The outstanding principal balance of the Loan, together with all accrued interest, shall be "
    "due and payable on {DATE}.",
    "Borrower shall pay Lender a commitment fee of {MONEY:fee} on the date hereof.",
    "{PARTY:bank} (the \"Administrative Agent\") shall act as administrative agent for the "
    "Lenders.",
    "IN WITNESS WHEREOF, the parties have executed this Agreement as of {DATE}.",
    "This First Amendment to Master Services Agreement is entered into as of {DATE} by and "
    "between {PARTY} and {PARTY}.",
    "The parties entered into that certain Supply Agreement dated {DATE} (the \"Original "
    "Agreement\").",
    "During the Term and for {DURATION:survive} thereafter, neither party shall solicit for "
    "employment any employee of the other party.",
    "Supplier shall maintain commercial general liability insurance with limits of not less than "
    "{MONEY:ins} per occurrence and {MONEY:ins_hi} in the aggregate.",
    "Licensee shall pay Licensor a one-time license fee of {MONEY:big} within {DURATION:pay} of "
    "the Effective Date.",
    "Any royalty payment not received within {DURATION:pay} after the end of a calendar quarter "
    "shall accrue interest at [1.5%|1%|2%] per month.",
    "{PARTY} hereby unconditionally guarantees the punctual payment of all obligations of "
    "Borrower under the Loan Documents.",
    "{PARTY:person}, an individual residing in [Austin, Texas|Portland, Oregon|Leeds, United "
    "Kingdom|Calgary, Alberta] (the \"Consultant\"), agrees to provide the Services described in "
    "Exhibit A.",
    "Consultant shall be paid {MONEY:hour} per hour, not to exceed {MONEY:small} in any calendar "
    "month without prior written approval.",
    "This Agreement shall be governed by the laws of {JUR}, and the parties submit to the "
    "non-exclusive jurisdiction of the courts of {JUR:same}.",
    "Any dispute shall be finally resolved by binding arbitration, and this Agreement shall be "
    "governed by the laws of {JUR:intl}.",
    "Purchaser shall pay the Purchase Price of {MONEY:big} by wire transfer of immediately "
    "available funds at Closing.",
    "This Asset Purchase Agreement is entered into on {DATE} by and among {PARTY:co}, "
    "{PARTY:co} and {PARTY}.",
    "The Escrow Amount of {MONEY:big} shall be held by the Escrow Agent for {DURATION:term} "
    "following the Closing Date.",
    "Seller's indemnification obligations shall not exceed {MONEY:big} in the aggregate.",
    "No claim for indemnification may be made unless the aggregate Losses exceed {MONEY:fee}.",
    "Employee's base salary shall be {MONEY:salary} per year, payable in accordance with the "
    "Company's standard payroll practices.",
    "This Employment Agreement is entered into as of {DATE} between {PARTY:co} (the \"Company\") "
    "and {PARTY:person} (\"Employee\").",
    "Employee shall not compete with the Company within the Territory for {DURATION:survive} "
    "after the termination of employment.",
    "The Company may terminate Employee's employment without Cause upon {DURATION:notice} "
    "written notice, in which case Employee shall receive severance equal to {DURATION:sev} of "
    "base salary.",
    "Tenant shall have the option to extend the Term for one additional period of "
    "{DURATION:term} by giving Landlord written notice not less than {DURATION:notice} prior to "
    "the expiration date.",
    "Landlord shall provide Tenant with a tenant improvement allowance of up to {MONEY:big}.",
    "The Commencement Date shall be {DATE:plain}, and the first monthly installment of Base Rent "
    "shall be due on {DATE:after}.",
    "Notices to {PARTY} shall be delivered to [1200 Larkspur Avenue, Suite 400|88 Harbour Road, "
    "Floor 12|455 Westlake Drive, Building C], Attention: General Counsel.",
    "{PARTY} and {PARTY} agree that the Confidential Information disclosed hereunder shall be "
    "used solely for evaluating a potential business relationship.",
    "The Receiving Party shall protect the Disclosing Party's Confidential Information for "
    "{DURATION:survive} from the date of disclosure.",
    "This Agreement shall expire on {DATE} unless earlier terminated in accordance with its "
    "terms.",
    "Licensor grants Licensee a non-exclusive license for {DURATION:term} to use the Software.",
    "The annual subscription fee for the first Contract Year is {MONEY:big}, and thereafter the "
    "fee may increase by no more than [3%|5%|4.5%] per year.",
    "Supplier shall deliver the Products within {DURATION:pay} after acceptance of each purchase "
    "order.",
    "Buyer shall pay a deposit equal to {MONEY:fee} upon signing, with the balance due on "
    "{DATE:plain}.",
    "The Loan shall bear interest at a fixed rate of [7.25%|6.5%|8.75%] per annum, and Borrower "
    "shall repay the Loan in equal monthly installments of {MONEY:fee}.",
    "If any payment is more than {DURATION:late} late, Lender may declare the entire outstanding "
    "balance immediately due.",
    "Borrower shall deliver audited financial statements within {DURATION:report} after the end "
    "of each fiscal year.",
    "The maximum aggregate amount of the Revolving Commitments shall be {MONEY:big}.",
    "{PARTY:bank} shall have no obligation to extend credit after {DATE:plain}.",
    "Pursuant to the Assignment Agreement dated {DATE}, {PARTY:co} assigned all of its rights "
    "under this Lease to {PARTY:co}.",
    "This Amendment shall be governed by the laws of {JUR}.",
    "The parties consent to venue in the courts of {JUR} and waive any objection based on "
    "inconvenient forum.",
    "Any claim under this Agreement must be brought within {DURATION:term} after the cause of "
    "action accrues.",
    "The warranty period for each Deliverable shall be {DURATION:cure} from acceptance.",
    "This Statement of Work No. [3|4|7|12] is issued under the Master Services Agreement dated "
    "{DATE} between {PARTY:co} and {PARTY:co}.",
    "The fixed fee for the Services described in this Statement of Work is {MONEY:big}, payable "
    "in three equal installments.",
    "Customer may extend the Term by {DURATION:term} upon written notice delivered no later than "
    "{DATE:plain}.",
    "{PARTY:person} shall serve as Guarantor and shall be jointly and severally liable for "
    "Tenant's obligations up to {MONEY:big}.",
    "The total contract value under this Agreement is {MONEY:big}, exclusive of [applicable "
    "taxes|value added tax|sales and use taxes].",
    "{PARTY} shall indemnify {PARTY} against all Losses arising from any breach of the "
    "representations in Section [6.1|7.2|9.3].",
    "The parties to this Agreement are {PARTY} and {PARTY}.",
    "This Agreement supersedes the Letter of Intent dated {DATE} between the parties.",
    "Supplier shall provide at least {DURATION:notice} advance notice of any planned "
    "maintenance.",
    "The Service Credit for any month in which availability falls below [99.9%|99.5%] shall be "
    "{MONEY:small}.",
    "{DURATION:notice^} after the Effective Date, Supplier shall deliver the implementation "
    "plan.",
    "{DATE:plain} is the Outside Date for purposes of Section [8.1|10.2].",
    "The Security Agreement executed by {PARTY:co} in favor of {PARTY:bank} dated {DATE} remains "
    "in full force and effect.",
    "The Agreement between {PARTY} and {PARTY} shall be interpreted under the laws of {JUR}.",
    "The Tenant's share of Operating Expenses for the first Lease Year is estimated at "
    "{MONEY:rent}.",
    "Supplier shall retain all records relating to the Services for {DURATION:survive} after "
    "final payment.",
    "The purchase price shall be adjusted downward by {MONEY:small} for each day of delay beyond "
    "{DATE:plain}.",
    "This Software License Agreement is made effective as of {DATE} by {PARTY:co} "
    "(\"Licensor\") in favor of {PARTY} (\"Licensee\").",
    "The Lender has agreed to increase the Term Loan by {MONEY:big} to a total of {MONEY:big_hi}.",
    "{PARTY:co} is organized under the laws of {JUR} and has full power to enter into this "
    "Agreement.",
    "{PARTY:co}, a company incorporated under the laws of {JUR:intl} with registered number "
    "[08314572|11920346|04471208] (\"Distributor\"), is appointed exclusive distributor of the "
    "Products.",
    "The Minimum Purchase Commitment for each Contract Year is {MONEY:big}.",
    "Payment of {MONEY:fee} shall be made to {PARTY} no later than {DATE:plain}.",
    "Following the Initial Term of {DURATION:term}, either party may terminate on "
    "{DURATION:notice} notice.",
    "The Break Fee payable by {PARTY:co} shall be {MONEY:big}.",
    "This Agreement is binding on {PARTY} and its successors and permitted assigns.",
    "This Sublease, dated {DATE}, is between {PARTY:co}, as sublandlord, and {PARTY:co}, as "
    "subtenant.",
    "The Term Loan Maturity Date is {DATE:plain}.",
    "Each party waives trial by jury in any proceeding brought in the courts of {JUR:us}.",
    "The liquidated damages shall equal {MONEY:small} per day, up to a maximum of {MONEY:big}.",
    "{PARTY} shall pay the Finder's Fee of {MONEY:fee} within {DURATION:pay} after the Closing.",
    "Landlord agrees to abate Base Rent for the first {DURATION:abate} of the Term.",
    "{DURATION:term^} after the Closing Date, the remaining Escrow Amount shall be released to "
    "{PARTY:co}.",
    "This Guaranty is made as of {DATE} by {PARTY:person} in favor of {PARTY:realty}.",
    "Licensee shall pay a running royalty and a minimum annual royalty of {MONEY:fee}, due "
    "{DURATION:pay} after each anniversary of the Effective Date.",
    "The Parent Guarantee provided by {PARTY:co} shall remain in effect for {DURATION:survive} "
    "after the Expiry Date.",
    "{PARTY:co} shall reimburse {PARTY:person} for relocation expenses of up to {MONEY:fee}.",
    "The arbitral tribunal shall apply the substantive laws of {JUR:intl}, and judgment on the "
    "award may be entered in any court having jurisdiction.",
    "This Agreement, made as of {DATE}, is by and between {PARTY:bank} and {PARTY:co}, a "
    "limited liability company organized under the laws of {JUR:us}.",
]

CONTRACTS_EMPTY_FRAMES = [
    "Each party shall bear its own costs and expenses incurred in connection with the "
    "[negotiation|preparation|execution] of this Agreement.",
    "This Agreement may be executed in counterparts, each of which shall be deemed an "
    "original[ and all of which together shall constitute one instrument|].",
    "Late payments shall bear interest at the rate of [1.5%|1%|2%] per month or the maximum rate "
    "permitted by law, whichever is less.",
    "The Receiving Party shall [return or destroy|promptly return] all Confidential Information "
    "upon the written request of the Disclosing Party.",
    "Section [8.2|9.4|11.3|14.1] shall survive any expiration or termination of this Agreement.",
    "Tenant shall not assign this Lease or sublet the Premises without the prior written consent "
    "of Landlord, which shall not be [unreasonably withheld|unreasonably withheld or delayed].",
    "Neither party shall be liable for any delay caused by events beyond its reasonable control, "
    "including [fire, flood|strikes, war|epidemics, governmental action] or acts of God.",
    "All notices under this Agreement shall be in writing and delivered by [hand|courier|"
    "certified mail].",
    "Supplier shall perform the Services in a [professional and workmanlike|timely and diligent] "
    "manner consistent with [industry standards|the Specifications].",
    "If any provision of this [Agreement|Lease] is held invalid, the remaining provisions shall "
    "continue in full force and effect.",
    "No waiver of any [breach|default] shall be deemed a waiver of any subsequent "
    "[breach|default].",
    "Borrower shall maintain its [corporate existence|books and records|insurance coverage] and "
    "comply with all applicable laws.",
    "The headings in this [Agreement|Lease] are for convenience only and shall not affect its "
    "interpretation.",
    "Licensee shall not [reverse engineer, decompile or disassemble|sublicense or rent] the "
    "Software.",
    "Customer shall provide Supplier with reasonable access to its [facilities|personnel|systems] "
    "as necessary to perform the Services.",
    "Landlord shall maintain the roof, foundation and structural elements of the Building in "
    "[good repair|good condition].",
    "This Agreement constitutes the entire agreement between the parties [with respect to its "
    "subject matter|and supersedes all prior understandings].",
    "Nothing in this Agreement creates a [partnership, joint venture or agency relationship|"
    "fiduciary relationship] between the parties.",
    "Consultant is an independent contractor and shall be responsible for all taxes on "
    "[amounts paid hereunder|its compensation].",
    "Each party represents that it has full [power and authority|corporate power] to enter into "
    "this Agreement.",
    "Supplier shall promptly notify Customer of any [security incident|data breach|unauthorized "
    "access] affecting Customer Data.",
    "Borrower shall not incur additional Indebtedness other than Permitted Indebtedness[| or "
    "create any Lien on the Collateral].",
    "Tenant shall use the Premises solely for [general office purposes|light industrial use|the "
    "operation of a retail store].",
    "Any amendment to this Agreement must be in writing and signed by [authorized "
    "representatives of both parties|each party].",
    "The Disclosing Party makes no representation as to the [accuracy or completeness|accuracy] "
    "of the Confidential Information.",
    "Supplier warrants that the Products will conform to the Specifications [in all material "
    "respects|and be free from defects in materials and workmanship].",
    "The Company shall reimburse Employee for reasonable business expenses in accordance with "
    "its [expense policy|travel policy].",
    "Neither party may assign this Agreement without the other party's consent, except in "
    "connection with a [merger|sale of substantially all of its assets].",
    "Customer shall own all right, title and interest in the [Deliverables|Work Product] upon "
    "payment in full.",
    "The Guarantor waives notice of acceptance of this Guaranty and [all other notices|any "
    "right to require the Landlord to proceed first against Tenant].",
    "Delivery shall be made [FOB Origin|DAP at Customer's facility], and title shall pass "
    "[upon delivery|upon shipment].",
    "Availability shall be measured [monthly|quarterly], excluding [scheduled maintenance "
    "windows|emergency maintenance].",
    "The Lender may, at its option, [accelerate the Obligations|exercise any remedy available at "
    "law] upon an Event of Default.",
    "Employee agrees to [keep confidential|not disclose] the terms of this Agreement except to "
    "[legal and financial advisors|immediate family members].",
]


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------

@dataclass
class Spec:
    folder: str
    prefix: str
    n_eval: int
    n_train: int
    n_eval_empty: int
    n_train_empty: int
    frames: list[str]
    empty_frames: list[str]
    make_generators: Callable[[random.Random], dict[str, Generator]]
    type_names: dict[str, str]
    years: tuple[int, int]
    yaml: str


def build(spec: Spec, seed: int) -> dict[str, list[dict[str, object]]]:
    rng = random.Random(seed)
    generators = spec.make_generators(rng)
    frame_split = split_pool(list(range(len(spec.frames))), rng, 0.35, 0.25)
    empty_split = split_pool(list(range(len(spec.empty_frames))), rng, 0.35, 0.25)
    seen: set[tuple[str, ...]] = set()
    out: dict[str, list[dict[str, object]]] = {}
    for split, n_total, n_empty in (("eval", spec.n_eval, spec.n_eval_empty),
                                    ("train", spec.n_train, spec.n_train_empty)):
        plan = ["empty"] * n_empty + ["entity"] * (n_total - n_empty)
        rng.shuffle(plan)
        # cycle through frames in shuffled rounds so every frame of the split is used evenly
        queues: dict[str, list[int]] = {"empty": [], "entity": []}
        sources = {"empty": (spec.empty_frames, empty_split[split]),
                   "entity": (spec.frames, frame_split[split])}
        rows = []
        for kind in plan:
            frames, allowed = sources[kind]
            for _attempt in range(400):
                if not queues[kind]:
                    queues[kind] = list(allowed)
                    rng.shuffle(queues[kind])
                index = queues[kind].pop()
                ctx = Context(rng, split, year=rng.randint(*spec.years))
                tokens, tags = render(frames[index], ctx, generators, spec.type_names)
                if tuple(tokens) not in seen:
                    break
            else:
                raise RuntimeError(f"{spec.folder}/{split}: cannot find a new {kind} sentence")
            seen.add(tuple(tokens))
            rows.append({"tokens": tokens, "tags": tags})
        out[split] = rows
    return out


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_benchmark(spec: Spec, seed: int) -> None:
    data = build(spec, seed)
    folder = ROOT / "benchmarks" / spec.folder
    folder.mkdir(parents=True, exist_ok=True)
    eval_rows, gold_rows, train_rows = [], [], []
    for i, row in enumerate(data["eval"], start=1):
        item_id = f"{spec.prefix}-{i:04d}"
        eval_rows.append({"id": item_id, "tokens": row["tokens"]})
        gold_rows.append({"id": item_id, "tags": row["tags"]})
    for i, row in enumerate(data["train"], start=1):
        train_rows.append({"id": f"{spec.prefix}-train-{i:04d}", "tokens": row["tokens"],
                           "tags": row["tags"]})
    write_jsonl(folder / "eval.jsonl", eval_rows)
    write_jsonl(folder / "gold.jsonl", gold_rows)
    write_jsonl(folder / "train.jsonl", train_rows)
    (folder / "benchmark.yaml").write_bytes(spec.yaml.encode("utf-8"))


FILINGS_YAML = """\
# yaml-language-server: $schema=../../schemas/benchmark.schema.json
id: filings-ner
name: Financial filings NER
task_type: ner
version: "1.0"
description: >-
  Single sentences in the style of annual reports, 8-K current reports and quarterly earnings
  releases, written for this benchmark about fictional companies, banks, law and audit firms and
  people; locations are real countries, states, cities and regions. Text is pre-tokenised:
  punctuation is split off, the currency symbols $, € and £ and the % sign are separate tokens,
  numbers stay whole (1,250.5), abbreviations keep their period (Inc., Mr., U.S., N.A.), a
  sentence-final abbreviation is followed by its own period token, and a possessive 's is its own
  token. Tags are IOB2 over ORG, PER, MONEY, DATE, PERCENT and LOC. Span conventions: MONEY
  includes the currency symbol or code and any scale word ("$ 4.2 million", "EUR 300 million")
  but not "per share" or "approximately", and a range is two entities ("between $ 1.20 and
  $ 1.30"). DATE covers the whole calendar expression, including a leading "the" in period
  phrases ("March 31 , 2026", "fiscal 2025", "the third quarter of 2026", "the year ended
  December 31 , 2025", "Q3 2026"); relative references ("the prior-year period", "today", "the
  next twelve months", "year-end", "year-to-date") and modifiers such as "the end of" are O.
  PERCENT is the number with "%" or "percent"; basis points are O. ORG is the full or short name
  of a company, bank or firm, with its legal suffix, commas and ampersands ("Marr & Hollis
  Industries Inc.", "Northgate Commercial Bank , N.A."); "the Company" and a following 's are O,
  and a place inside an organisation name ("Ohio Valley Ironworks Inc.") is not tagged
  separately. PER excludes titles and honorifics ("Mr.", "Chief Financial Officer"). LOC
  excludes a leading article ("the Netherlands" tags "Netherlands"), "Austin , Texas" is two LOC
  entities, upper-case datelines ("CHICAGO") are LOC, and a region naming a segment ("the North
  America segment") is still LOC. In a security name such as "5.250 % Senior Notes due 2031" the
  rate is PERCENT and the year DATE. About a tenth of sentences contain no entity. What is hard:
  adjacent entities of different types (datelines such as "CHICAGO , March 3 , 2026 —"), long
  organisation names with commas, ampersands and embedded place names, honorifics and titles
  next to names, share counts, employee numbers, item and exhibit numbers and form names that
  look like amounts or dates but are O, and organisation and person names in eval that never
  occur in train.
license: CC-BY-4.0
source: Written for the OpenAnote Model Leaderboard (2026).
primary_metric: f1
entity_types: [ORG, PER, MONEY, DATE, PERCENT, LOC]
gold: public
"""

CONTRACTS_YAML = """\
# yaml-language-server: $schema=../../schemas/benchmark.schema.json
id: contracts-ner
name: Contract entities
task_type: ner
version: "1.0"
description: >-
  Single sentences from commercial contracts (master services agreements, NDAs, leases, loan
  and credit agreements, employment, licence, guaranty and asset purchase agreements), written
  for this benchmark with fictional parties. Tokenisation follows the financial filings
  benchmark: punctuation, quotes, parentheses, $, € , £ and % are separate tokens, numbers stay
  whole (250,000.00) and abbreviations keep their period (Inc., N.A., L.P.). Tags are IOB2 over
  PARTY, DATE, MONEY, DURATION and JURISDICTION. PARTY is the full name of a party to the
  agreement, a company or an individual, including its legal suffix and any comma before it
  ("Ashbrook Analytics , Inc."); defined short names, whether role words ("the Supplier",
  "Lender", "Tenant", "the Company") or quoted defined terms, are NOT tagged. DATE is a calendar
  date in any form ("January 15 , 2026", "15 January 2026", "the 15th day of January , 2026");
  defined date terms ("the Effective Date", "the Closing Date") are O. MONEY includes the
  currency symbol or code ("$ 250,000", "EUR 75,000", "$ 3.5 million"); when a written-out
  amount is followed by its figures in parentheses the whole phrase is one span ("Two Hundred
  Fifty Thousand Dollars ( $ 250,000 )"), and "per month" or "per hour" are outside it.
  DURATION is a length of time and likewise includes a parenthesised numeral ("thirty ( 30 )
  days", "24 months", "two ( 2 ) years"); "the Term", "the first" and "monthly" are O.
  JURISDICTION is a place named as a body of law or as a court forum ("the laws of the State of
  Delaware", "the courts of England and Wales"), including a leading "the" in "the State / the
  Commonwealth / the Province / the District of X" forms; places used as adjectives ("a Delaware
  corporation"), addresses and residences are O. Interest rates and other percentages are O, as
  there is no percentage type. About a tenth of sentences contain no entity. What is hard:
  telling full party names from defined short names, long party names with commas, ampersands
  and suffixes such as ", L.P." or ", N.A.", amounts and durations written in words with
  parenthesised figures, jurisdictions versus places of residence or incorporation adjectives,
  entities at the start and end of sentences, and party names in eval that never occur in train.
license: CC-BY-4.0
source: Written for the OpenAnote Model Leaderboard (2026).
primary_metric: f1
entity_types: [PARTY, DATE, MONEY, DURATION, JURISDICTION]
gold: public
"""

SPECS = [
    Spec("filings-ner", "fn", 400, 300, 40, 30, FILINGS_FRAMES, FILINGS_EMPTY_FRAMES,
         filings_generators, FILINGS_TYPES, (2023, 2027), FILINGS_YAML),
    Spec("contracts-ner", "cn", 400, 300, 40, 30, CONTRACTS_FRAMES, CONTRACTS_EMPTY_FRAMES,
         contracts_generators, CONTRACTS_TYPES, (2024, 2030), CONTRACTS_YAML),
]


def main() -> None:
    for offset, spec in enumerate(SPECS):
        write_benchmark(spec, SEED + offset)
        print(f"wrote benchmarks/{spec.folder}/")


if __name__ == "__main__":
    main()

"""The vocabulary of quantities: units, scale words and "per" nouns in German and English, and how a
normalised amount is written back for an editor.

Pure Python, no Django; quantities.py reads numbers with it. Every unit is canonical and unprefixed
("Petaflops" → FLOPS × 10^15, "Kilowatt" → W × 10^3), except TOPS, which stays in TOPS as the industry
quotes it. Forms are written as they appear in text, separated by "|"; the table is the place to add one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from claims.assist.rules.terms import word_set


@dataclass(frozen=True)
class Unit:
    unit: str  # canonical: "FLOPS", "TOPS", "token/s", "Wh", "W", "m", "EUR", "%", "GPU", "x", ...
    dimension: str  # "compute", "throughput", "energy", "power", "currency", "count", "factor", ...
    factor: float  # multiply the stated number by this to get `unit`


_SI = (("", "", 1.0), ("kilo", "k", 1e3), ("mega", "M", 1e6), ("giga", "G", 1e9), ("tera", "T", 1e12))
_SI_BIG = (*_SI, ("peta", "P", 1e15), ("exa", "E", 1e18))
_DAY, _YEAR = 86400.0, 31557600.0

# (forms, unit, dimension, factor)
_TABLE: list[tuple[str, str, str, float]] = [
    ("TOPS|TOPs|Tops", "TOPS", "compute", 1.0),
    ("POPS|POPs", "TOPS", "compute", 1e3),
    ("GOPS", "TOPS", "compute", 1e-3),
    ("Token pro Sekunde|Tokens pro Sekunde|Token/s|Tokens/s|token/s|tokens/s|tok/s", "token/s", "throughput",
     1.0),
    ("tokens per second|token per second|tokens a second", "token/s", "throughput", 1.0),
    ("PB|Petabyte", "B", "data", 1e15),
    ("m|Meter|Metern|metres|meters|metre|meter", "m", "length", 1.0),
    ("km|Kilometer|Kilometern|kilometres|kilometers|kilometre|kilometer", "m", "length", 1e3),
    ("cm|Zentimeter", "m", "length", 1e-2),
    ("mm|Millimeter", "m", "length", 1e-3),
    ("nm|Nanometer|nanometres|nanometers", "m", "length", 1e-9),
    ("Meilen|miles|mile", "m", "length", 1609.344),
    ("Seemeilen|nautical miles", "m", "length", 1852.0),
    ("m²|m2|Quadratmeter|Quadratmetern|square metres|square meters", "m²", "area", 1.0),
    ("km²|Quadratkilometer|square kilometres|square kilometers", "m²", "area", 1e6),
    ("Hektar|hectares|hectare|ha", "m²", "area", 1e4),
    ("kg|Kilogramm|kilograms|kilogrammes", "kg", "mass", 1.0),
    ("t|Tonnen|Tonne|tonnes|tonne|tons", "kg", "mass", 1e3),
    ("Liter|Litern|litres|liters|l", "l", "volume", 1.0),
    ("m³|Kubikmeter|Kubikmetern|cubic metres|cubic meters", "l", "volume", 1e3),
    ("cm³|ccm|Kubikzentimeter", "l", "volume", 1e-3),
    ("km/h|Stundenkilometer|kmh", "km/h", "speed", 1.0),
    ("Knoten|knots|kn", "km/h", "speed", 1.852),
    ("°C|Grad Celsius", "°C", "temperature", 1.0),
    # "400 bis 600 Grad Hitze", "+2,5 Grad", "turned 180 degrees": temperatures and angles alike.
    ("Grad|degrees|°", "°", "degrees", 1.0),
    ("PS|Pferdestärken", "W", "power", 735.49875),
    ("hp|horsepower|bhp", "W", "power", 745.69987),
    ("Euro|EUR|€|euros", "EUR", "currency", 1.0),
    ("Cent|Cents", "EUR", "currency", 0.01),
    ("cents|cent", "USD", "currency", 0.01),
    ("US-Dollar|Dollar|USD|$|US$|dollars|dollar", "USD", "currency", 1.0),
    ("Yuan|yuan|CNY|RMB|renminbi", "CNY", "currency", 1.0),
    ("Pfund Sterling|GBP|£", "GBP", "currency", 1.0),
    ("CHF|Franken", "CHF", "currency", 1.0),
    ("%|Prozent|percent|per cent|pct", "%", "share", 1.0),
    ("Prozentpunkte|Prozentpunkten|percentage points", "pp", "share difference", 1.0),
    ("Sekunden|Sekunde|seconds|second|sec", "s", "duration", 1.0),
    ("Minuten|Minute|minutes|minute|min", "s", "duration", 60.0),
    ("Stunden|Stunde|hours|hour", "s", "duration", 3600.0),
    ("Tage|Tagen|Tag|days|day", "s", "duration", _DAY),
    ("Wochen|Woche|weeks|week", "s", "duration", 7 * _DAY),
    ("Monate|Monaten|Monat|months|month", "s", "duration", _YEAR / 12),
    ("Jahre|Jahren|Jahr|years|year", "s", "duration", _YEAR),
    ("x|×|-fach|fach|-Fache|-fache|Fache|fache|-Fachen|-fachen|times|-fold|fold|-mal|mal", "x", "factor",
     1.0),
    ("-bit|bit|Bit|-Bit|bits", "bit", "precision", 1.0),
    # Counted things; units in one group of COMPATIBLE name the same things differently.
    ("GPU|GPUs|Grafikprozessoren|Grafikchips", "GPU", "count", 1.0),
    ("Chips|chips|Chip|chip|Beschleuniger|accelerators|accelerator|NPUs|NPU|Prozessoren|processors", "chip",
     "count", 1.0),
    ("CPUs|CPU", "CPU", "count", 1.0),
    ("Racks|racks|Rack|rack|Serverschränke", "rack", "count", 1.0),
    ("Server|servers", "server", "count", 1.0),
    ("Container|Containern|containers", "container", "count", 1.0),
    ("Parameter|Parametern|parameters", "parameter", "count", 1.0),
    ("Token|Tokens|tokens", "token", "count", 1.0),
    ("Haushalte|Haushalten|Haushalt|households|household|homes", "household", "count", 1.0),
    ("Arbeitsplätze|Arbeitsplätzen|Jobs|jobs|Stellen", "job", "count", 1.0),
    ("Mitarbeiter|Mitarbeitern|Mitarbeitende|Beschäftigte|Beschäftigten|Menschen|Personen|Einwohner|Einwohnern"
     "|employees|staff|people|workers|residents|inhabitants", "person", "count", 1.0),
    ("Stimmen|votes", "vote", "count", 1.0),
    ("Fahrgäste|Fahrgästen|passengers", "passenger", "count", 1.0),
    ("Nutzer|Nutzern|users", "user", "count", 1.0),
    ("Ladezyklen|cycles", "cycle", "count", 1.0),
]  # fmt: skip


def _unit_table() -> dict[str, Unit]:
    """Surface form → unit, the SI-prefixed families generated."""
    table: dict[str, Unit] = {}

    def add(forms: str, unit: str, dimension: str, factor: float) -> None:
        for form in forms.split("|"):
            table[form] = Unit(unit, dimension, factor)

    for name, symbol, factor in _SI_BIG:
        word = f"{name}flops"
        add(f"{word}|{word.capitalize()}|{name.capitalize()}FLOPS|{name}FLOPS", "FLOPS", "compute", factor)
        add(f"{symbol}FLOPS|{symbol}FLOP/s|{symbol}Flops", "FLOPS", "compute", factor)
    for name, symbol, factor in _SI:
        hours = f"{name}wattstunden".capitalize()
        add(f"{symbol}Wh|{hours}|{name}watt-hours|{name}watt hours", "Wh", "energy", factor)
        add(f"{symbol}W|{f'{name}watt'.capitalize()}|{name}watt|{name}watts", "W", "power", factor)
        add(f"{symbol}Hz", "Hz", "frequency", factor)
        add(f"{symbol}B|{f'{name}byte'.capitalize()}|{name}bytes", "B", "data", factor)
        add(f"{symbol}B/s", "B/s", "bandwidth", factor)
        add(f"{symbol}bit/s", "B/s", "bandwidth", factor / 8)
    for forms, unit, dimension, factor in _TABLE:
        add(forms, unit, dimension, factor)
    return table


UNITS = _unit_table()
# Counted things are written in the plural but for one: "800,000 jobs", "15,000 people", "1 GPU".
_COUNTED = frozenset(unit.unit for unit in UNITS.values() if unit.dimension == "count")
_IRREGULAR_PLURALS = {"person": "people"}
# Units that name the same counted things: "300 Arbeitsplätze" and "300 people will work" agree.
COMPATIBLE = {"chip": "chip", "GPU": "chip", "job": "person", "person": "person"}
# Compute figures are compared in operations per second: TOPS count integer operations, FLOPS floating-point
# ones, but "single-digit TOPS" against "300 petaflops" is wrong by orders of magnitude either way.
TO_BASE = {"TOPS": 1e12}
PERIODS = frozenset({"year", "month", "day", "hour"})

SCALES_DE = {"Tausend": 1e3, "Tsd.": 1e3, "Millionen": 1e6, "Million": 1e6, "Mio.": 1e6, "Mio": 1e6,
             "Milliarden": 1e9, "Milliarde": 1e9, "Mrd.": 1e9, "Mrd": 1e9, "Billionen": 1e12,
             "Billion": 1e12, "Bio.": 1e12}  # fmt: skip
SCALES_EN = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
             "trillion": 1e12, "tn": 1e12}  # fmt: skip
# English scale words turn up in German texts and the reverse (quotes, comments); "Billion" is the only
# false friend, and its case tells them apart (German "Billion" is 10^12, English "billion" 10^9).
SCALES = {**SCALES_EN, **SCALES_DE}

# What a rate is per: "pro Chip", "per Lingxi 7 accelerator", "je Rack", "a year", "/Jahr".
PER_NOUNS = {
    **dict.fromkeys(["chip", "chips", "beschleuniger", "accelerator", "gpu", "npu", "prozessor", "processor"],
                    "chip"),
    **dict.fromkeys(["jahr", "year"], "year"),
    **dict.fromkeys(["monat", "month"], "month"),
    **dict.fromkeys(["tag", "day"], "day"),
    **dict.fromkeys(["stunde", "hour"], "hour"),
    **dict.fromkeys(["haushalt", "household"], "household"),
    **dict.fromkeys(["kopf", "person", "einwohner", "capita"], "person"),
    **dict.fromkeys(["nutzer", "user"], "user"),
    "rack": "rack", "server": "server", "watt": "watt", "w": "watt", "kwh": "kWh", "kilowattstunde": "kWh",
    "euro": "EUR", "dollar": "USD",
}  # fmt: skip
PER_WORDS = {"jährlich": "year", "annually": "year", "monatlich": "month", "täglich": "day", "daily": "day"}


def alternation(words: list[str]) -> str:
    """A regular expression matching any of `words`, longest first ("kWh" before "kW")."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# --- Words around numbers -----------------------------------------------------------------------------

MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    "January|February|March|May|June|July|October|December|"
    "Jan|Feb|Mär|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Oct|Nov|Dez|Dec"
)
# Capitalised words that may stand before a number without making it part of a name ("Rund 300", "About").
NOT_NAMES = word_set(
    """rund etwa ca circa über unter mehr weniger mit von bei um auf in im nach laut für nur knapp fast
    bis zu ab seit the about around over under more less fewer some with by in at only up nearly almost
    just roughly approximately of and or und oder der die das den dem des ein eine to from than als
    mindestens höchstens maximal insgesamt total all alle jeweils each gut beinahe"""
)
QUALIFIERS = [
    # (pattern before the number, kind). Longest first: "no more than" before "more than".
    (r"no more than|not more than|höchstens|at most|maximal|bis zu|up to|peaks? at|max\.?", "peak"),
    # "verfügt über 300 Petaflops" has 300; "spread over 512 chips" is 512.
    (
        r"mehr als|more than|(?<!fügt )(?<!fügen )über|mindestens|at least|(?<!spread )(?<!split )over|above"
        r"|upwards of|exceeding|gut|a good",
        "above",
    ),
    (r"weniger als|less than|fewer than|unter|under|below|unterhalb von", "below"),
    (r"knapp|fast|beinahe|nearly|almost|just under|not quite", "just below"),
    (
        r"rund|etwa|ca\.|circa|ungefähr|zirka|about|around|roughly|approximately|approx\.|some"
        r"|an estimated|~",
        "about",
    ),
]
# Number words count only where a unit or scale follows ("zwölf Hektar", "four times", "eine Million").
NUMBER_WORDS = {
    "ein": 1, "eine": 1, "einer": 1, "einen": 1, "a": 1, "an": 1, "one": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "hundert": 100, "tausend": 1000, "two": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000,
    "twice": 2, "double": 2, "doppelt": 2, "triple": 3, "dozen": 12,
}  # fmt: skip
# Vague amounts: (pattern, low, high); "of" and a scale or unit may follow.
VAGUE_AMOUNTS = [
    (r"single[- ]digit|einstellig(?:e|en|er|es|em)?", 1.0, 10.0),
    (r"double[- ]digit|zweistellig(?:e|en|er|es|em)?", 10.0, 100.0),
    (r"triple[- ]digit|dreistellig(?:e|en|er|es|em)?", 100.0, 1000.0),
    (r"Dutzende|Dutzenden|dozens of", 24.0, 100.0),
    (r"tens of", 20.0, 100.0),
    (r"Hunderte|Hunderten|hundreds of", 200.0, 1000.0),
    # "a few hundred watts" is a vague amount, not "hundred watts"; listed before the number words.
    (r"(?:a|ein)\s+(?:few|couple\s+of|paar)\s+hundred|einige\s+hundert|wenige\s+hundert", 200.0, 1000.0),
    (r"(?:a|ein)\s+(?:few|couple\s+of|paar)\s+thousand|einige\s+tausend|wenige\s+tausend", 2000.0, 10000.0),
    (r"Tausende|Tausenden|thousands of", 2000.0, 10000.0),
]
# Words after a bare number that do not say what is counted ("27 zu 4", "4 on July 1").
NOT_NOUNS = word_set(
    """zu bis to and und oder or of in im on at for für from von is ist are sind was war the der die das a an
    ein eine mit with by per pro als than mal times"""
)
NOT_ADJECTIVES = word_set("zu bis to and und oder or of in im on at")


# --- Writing amounts ------------------------------------------------------------------------------------

_PREFIXES = ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))
_PREFIXED_UNITS = frozenset({"FLOPS", "W", "Wh", "Hz", "B", "B/s"})
_DURATIONS = ((_YEAR, "years"), (_DAY, "days"), (3600.0, "hours"), (60.0, "minutes"))
_SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def format_amount(low: float, high: float, unit: str, per: str = "") -> str:
    """A normalised amount in plain English: "300 PFLOPS", "1–10 TOPS", "≥ 4 x", "1.1 billion EUR".
    Both ends of a range are written on the scale of the lower one ("2,250–2,750 years", "1–2 km"),
    never one end in seconds and the other in years."""
    if math.isinf(high):
        text = f"≥ {_format_value(low, unit)}"
    elif low == 0 and high > 0:
        text = f"≤ {_format_value(high, unit)}"
    elif math.isclose(low, high):
        text = _format_value(low, unit)
    else:
        divisor, label = _scale(low, unit)
        text = f"{_number(low / divisor)}–{_number(high / divisor)} {label}".strip()
    return f"{text} per {per}" if per else text


def _format_value(value: float, unit: str) -> str:
    divisor, label = _scale(value, unit)
    return f"{_number(value / divisor)} {label}".strip()


def _scale(value: float, unit: str) -> tuple[float, str]:
    """What to divide `value` by and the words to write after it: (1e15, "PFLOPS"), (_YEAR, "years")."""
    if unit in _PREFIXED_UNITS:
        for threshold, prefix in _PREFIXES:
            if value >= threshold:
                return threshold, prefix + unit
        return 1.0, unit
    if unit == "s":
        for seconds, name in _DURATIONS:
            if value >= seconds:
                return seconds, name
        return 1.0, "seconds"
    if unit == "m" and value >= 1000:
        return 1000.0, "km"
    if unit == "m" and 0 < value < 1:
        return (0.01, "cm") if value >= 0.01 else (0.001, "mm")
    if unit in _COUNTED and not math.isclose(value, 1):
        unit = _IRREGULAR_PLURALS.get(unit, unit + "s")
    for threshold, word in _SCALE_WORDS:
        if value >= threshold:
            return threshold, f"{word} {unit}".strip()
    return 1.0, unit


@cache
def _number(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if value < 100 else f"{value:.0f}"

"""Descriptors: words that say what kind of thing something is, in groups that exclude each other.

Pure Python, no Django. A small lexicon an editor can read and extend. Each *facet* (form factor, cooling,
power source, cell chemistry) has *groups* of German and English expressions; two groups of one facet
cannot both describe the same thing ("a rack-scale system" is not "a smartphone form factor").

A descriptor is *negated* when a negation cue ("nicht", "kein", "ohne", "not", "n't", "without") stands at
most four words before it in the same clause ("nicht mit Ökostrom", "will not use evaporative cooling",
"isn't even a rack"). Descriptors of a thing compared with ("less energy than nickel-rich cells") are left
out: they describe something else.

Precision ("4-bit", "BF16") is a number and handled with the quantities (quantities.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.assist.rules.terms import negated_before

# facet -> group -> expressions (regular expressions, matched case-insensitively on word boundaries)
LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "form factor": {
        "rack-scale system": (
            r"rack[- ]?scale\w*",
            r"rack-(?:system|lösung|solution)\w*",
            r"serverschr[aä]nk\w*",
            r"data[- ]?cent(?:re|er)[- ]rack",
            r"(?:a|an|ein|einem)\s+(?:full\s+|whole\s+|entire\s+|ganzen\s+|kompletten\s+)?rack\b",
            r"supernode\w*",
        ),
        "handheld device": (
            r"smartphones?",
            r"smartphone[- ]form[- ]?factor",
            r"formfaktor\s+eines\s+smartphones?",
            r"hand-?held\w*",
            r"mobil(?:e|gerät\w*)?(?:\s+(?:device|chip|phone))",
            r"dev(?:elopment|eloper)?[- ]kits?",
            r"entwickler-?kits?",
            r"laptops?",
            r"usb[- ]sticks?",
            r"edge[- ](?:device|gerät)\w*",
        ),
    },
    "cooling": {
        "liquid cooling": (
            r"flüssigkeits?-?(?:ge)?kühl\w*",  # not any "Flüssigkeit": a recipe's liquid cools nothing
            r"mit\s+flüssigkeit\s+gekühlt",
            r"kühlung\s+(?:\w+\s+){0,3}mit\s+flüssigkeit",  # "Die Kühlung erfolgt ganz mit Flüssigkeit"
            r"liquid[- ]cool\w*",
            r"liquid\s+cooling",
            r"wasserkühl\w*",
            r"water[- ]cool\w*",
            r"(?:mit\s+)?wasser\s+gekühlt",
            r"verdunstungskühl\w*",
            r"evaporative\s+cool\w*",
            r"cooled\s+(?:with|by)\s+(?:water|liquid)",
        ),
        "air cooling": (
            r"luftkühl\w*",
            r"luftgekühlt\w*",
            r"air[- ]cool\w*",
            r"cooled\s+by\s+air",
            r"(?:mit\s+)?luft\s+gekühlt",
        ),
    },
    "cell chemistry": {
        "lithium iron phosphate": (
            r"lithium-?eisenphosphat\w*",
            r"lithium[- ]iron[- ]phosphate",
            r"LFP",
            r"LiFePO4",
        ),
        "nickel-rich": (r"nickel-?rich", r"nickelreich\w*", r"NMC\d*", r"NCA", r"nickel-mangan-kobalt\w*"),
    },
    "power source": {
        "renewable power": (
            r"ökostrom\w*",
            r"erneuerbar\w*",
            r"renewable\w*",
            r"green\s+(?:power|electricity|energy)",
            r"wind\s*(?:farm|park)s?",
            r"windpark\w*",
            r"solar\w*",
        ),
        "fossil power": (
            r"gasturbine\w*",
            r"gas-fired",
            r"gaskraftwerk\w*",
            r"gas\s+(?:turbines?|plant|power)",
            # coal, not "Kohlenstoff", "Kohlenwasserstoffe", "Kohlensäure", "Kohlenhydrate" (carbon compounds)
            r"kohle(?!n(?:stoff|wasserstoff|säure|hydrat|dioxid|monoxid))\w*",
            r"coal",
            r"diesel(?!be[nmrs]?\b)\w*",  # not "dieselbe(n)", "the same"
            r"fossil\w*",
        ),
    },
}


@dataclass(frozen=True)
class Descriptor:
    """One descriptor in a text: which facet and group, whether it is negated, and where it is."""

    facet: str
    group: str
    negated: bool
    text: str
    start: int
    end: int


_GROUPS = [(facet, group) for facet, groups in LEXICON.items() for group in groups]
# One pass over the lower-cased text for the whole lexicon (case-insensitive alternations cost Python's
# `re` about three times as much); named groups tell which entry matched. The expressions use only
# lower-case escapes (\w, \s, \d), so lower-casing them keeps their meaning.
assert not re.search(r"\\[A-Z]", "".join(e for g in LEXICON.values() for es in g.values() for e in es))
_LEXICON_RE = re.compile(
    "|".join(
        rf"(?P<g{index}>(?<![\w-])(?:{'|'.join(LEXICON[facet][group]).lower()})(?![\w]))"
        for index, (facet, group) in enumerate(_GROUPS)
    )
)
_CLAUSE_BREAK = re.compile(r"[,;:()–—]|\b(?:sondern|but|aber|while|während|whereas)\b", re.IGNORECASE)
_NEGATION_WINDOW_WORDS = 4
_COMPARED_WITH = re.compile(
    r"\b(?:than|als|unlike|anders\s+als|im\s+gegensatz\s+zu|compared\s+(?:with|to)|verglichen\s+mit)"
    r"(?:\s+\S+){0,2}\s*$",
    re.IGNORECASE,
)


def find_descriptors(text: str) -> list[Descriptor]:
    """Every descriptor in `text`, in order of position; not those of a thing compared with ("stores less
    energy than nickel-rich cells", "anders als luftgekühlte Systeme")."""
    found = []
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text  # a rare letter whose lower case is longer; descriptors are then read as written
    for match in _LEXICON_RE.finditer(lowered):
        facet, group = _GROUPS[int(match.lastgroup[1:])]
        if _COMPARED_WITH.search(text, max(0, match.start() - 40), match.start()):
            continue
        start, end = match.span()
        found.append(Descriptor(facet, group, _negated(text, start), text[start:end], start, end))
    return sorted(found, key=lambda d: d.start)


def _negated(text: str, start: int) -> bool:
    return negated_before(text, start, reach=60, clause_break=_CLAUSE_BREAK, words=_NEGATION_WINDOW_WORDS)


@dataclass(frozen=True)
class Stated:
    """What a text says of one descriptor group: asserted or denied, and in which words."""

    asserted: bool
    words: str  # as written, e.g. "smartphone form factor" or "nicht mit Ökostrom"


def profile(descriptors: list[Descriptor]) -> dict[str, dict[str, Stated]]:
    """facet -> group -> what the text states. A group both asserted and denied in one text counts as
    denied: "Von wegen Ökostrom: … nicht mit Ökostrom betrieben" denies it."""
    result: dict[str, dict[str, Stated]] = {}
    for descriptor in descriptors:
        groups = result.setdefault(descriptor.facet, {})
        before = groups.get(descriptor.group)
        if before is None or (before.asserted and descriptor.negated):
            words = f"not {descriptor.text}" if descriptor.negated else descriptor.text
            groups[descriptor.group] = Stated(not descriptor.negated, words)
    return result

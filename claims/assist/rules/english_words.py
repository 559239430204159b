"""English words read from Debian's hunspell-en-us dictionary: which capitalised words are ordinary words.

Pure Python, no Django. In English a capitalised word inside a sentence is usually a name, but headings
and titles capitalise every word ("Budget Talks Stall as Mayor Walks Out"). A word the dictionary lists
only in lower case ("budget", "mayor", "director") is an ordinary word there; one it also lists
capitalised ("Bill", "Apple", "Senate") may be a name. Without the package, every capitalised word inside
a sentence stays a possible name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from sources.loading import load_once

HUNSPELL_EN = Path("/usr/share/hunspell/en_US.dic")
# Possessive endings: "Mayor's", "councils'" (the dictionary's rules make "mayors" and "cities").
_ENDINGS = (("'s", ""), ("’s", ""), ("'", ""))


@load_once
def _entries() -> tuple[frozenset[str], frozenset[str]]:
    """(every form of the words listed in lower case, every lower-cased form of those listed capitalised),
    forms made with the dictionary's suffix rules: "missing" from "miss/G", "walked" from "walk/D"."""
    try:
        lines = HUNSPELL_EN.read_text(encoding="utf-8").splitlines()
        rules = _suffixes(HUNSPELL_EN.with_suffix(".aff").read_text(encoding="utf-8").splitlines())
    except OSError:
        return frozenset(), frozenset()
    lower, capitalised = set(), set()
    for line in lines[1:]:
        word, _, flags = line.strip().partition("/")
        if not word.isalpha():
            continue
        forms = lower if word.islower() else capitalised
        stem = word.lower()
        forms.add(stem)
        for flag in flags:
            for strip, add, condition in rules.get(flag, ()):
                if condition.search(stem) and stem.endswith(strip):
                    forms.add(stem[: len(stem) - len(strip)] + add)
    return frozenset(lower), frozenset(capitalised)


def _suffixes(lines: list[str]) -> dict[str, list[tuple[str, str, re.Pattern[str]]]]:
    """The affix file's suffix rules: flag → (strip, add, condition on the stem's end)."""
    rules: dict[str, list[tuple[str, str, re.Pattern[str]]]] = defaultdict(list)
    for line in lines:
        fields = line.split()
        if len(fields) >= 5 and fields[0] == "SFX":  # "SFX flag strip add condition"
            strip, add = ("" if f == "0" else f for f in (fields[2], fields[3]))
            rules[fields[1]].append((strip, add, re.compile(f"(?:{fields[4]})$")))
    return rules


def has_dictionary() -> bool:
    """Whether the English dictionary is installed."""
    return bool(_entries()[0])


def is_ordinary_word(word: str) -> bool:
    """Whether a capitalised word is an ordinary English word written with a capital: the dictionary lists
    it (or its singular) in lower case and never capitalised ("Mayor", "Directors"; not "Bill", "Tesla")."""
    lower_words, capitalised = _entries()
    listed = [form for form in _forms(word) if form in lower_words or form in capitalised]
    return bool(listed) and all(form not in capitalised for form in listed)


def is_name_word(word: str) -> bool:
    """Whether a capitalised word can only be a name: the dictionary lists it in no lower-case form
    ("John", "Lewis", "Tesla"; not "Lane", "Bill", "Budget"). Without the dictionary, every word can."""
    lower_words = _entries()[0]
    return not any(form in lower_words for form in _forms(word))


def _forms(word: str) -> list[str]:
    lower = word.lower()
    return [lower] + [lower[: -len(end)] + base for end, base in _ENDINGS if lower.endswith(end)]

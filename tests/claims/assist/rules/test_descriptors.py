"""claims/assist/rules/descriptors.py: what kind of thing a text says something is. The words that only
look like a descriptor's were found on the shared web-page corpus, where they made reasons say "property:
fossil power" of carbohydrates and "liquid cooling" of a recipe's liquid."""

from __future__ import annotations

import pytest

from claims.assist.rules.descriptors import find_descriptors


def groups(text: str) -> list[tuple[str, str]]:
    return [(d.group, d.text) for d in find_descriptors(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Die Kühlung erfolgt vollständig mit Flüssigkeit.",
            [("liquid cooling", "Kühlung erfolgt vollständig mit Flüssigkeit")],
        ),
        ("Die Racks sind flüssigkeitsgekühlt.", [("liquid cooling", "flüssigkeitsgekühlt")]),
        ("Das Werk hängt an zwei Kohlekraftwerken.", [("fossil power", "Kohlekraftwerken")]),
        ("Die Notstromaggregate laufen mit Diesel.", [("fossil power", "Diesel")]),
    ],
)
def test_descriptors_are_read(text: str, found: list[tuple[str, str]]) -> None:
    assert groups(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Dann etwas Flüssigkeit dazugeben und kurz aufkochen.",
        "Kohlenhydrate und Kohlenstoffdioxid entstehen dabei auch.",
        "Dabei werden Kohlenwasserstoffe und Kohlensäure frei.",
        "Es ist dieselbe Regel wie im Vorjahr, für dieselben Betriebe.",
    ],
)
def test_words_that_only_look_like_a_descriptor_are_none(text: str) -> None:
    assert groups(text) == []

"""claims/assist/rules/quantities.py: every number format the assist issue names, what is not a
quantity, comparing."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.assist.rules.comparison import compare
from claims.assist.rules.quantities import Quantity, extract_quantities, parse_number
from claims.assist.rules.units import UNITS


def only(text: str, language: str = "de") -> Quantity:
    found = extract_quantities(text, language)
    assert len(found) == 1, found
    return found[0]


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-9)


@pytest.mark.parametrize(
    ("text", "language", "value", "unit", "dimension"),
    [
        # German and English number formats
        ("1.920 Token pro Sekunde", "de", 1920, "token/s", "throughput"),
        ("1,920 tokens per second", "en", 1920, "token/s", "throughput"),
        ("2.100 Token/s", "de", 2100, "token/s", "throughput"),
        ("52,4 Milliarden US-Dollar", "de", 52.4e9, "USD", "currency"),
        ("52.4 billion dollars", "en", 52.4e9, "USD", "currency"),
        ("4 Milliarden Yuan", "de", 4e9, "CNY", "currency"),
        ("1,4 Mrd. Euro", "de", 1.4e9, "EUR", "currency"),
        ("1,4 Milliarden US-Dollar", "de", 1.4e9, "USD", "currency"),
        ("$440 million", "en", 440e6, "USD", "currency"),
        ("$1.4bn", "en", 1.4e9, "USD", "currency"),
        ("€1.1 billion", "en", 1.1e9, "EUR", "currency"),
        ("3,2 Mrd. Yuan", "de", 3.2e9, "CNY", "currency"),
        ("1.234.567 Euro", "de", 1234567, "EUR", "currency"),
        ("1,234.5 euros", "en", 1234.5, "EUR", "currency"),
        ("1.234,5 Euro", "de", 1234.5, "EUR", "currency"),
        # SI prefixes
        ("300 Petaflops", "de", 3e17, "FLOPS", "compute"),
        ("300 petaflops", "en", 3e17, "FLOPS", "compute"),
        ("180 PFLOPS", "en", 1.8e17, "FLOPS", "compute"),
        ("490 teraflops", "en", 4.9e14, "FLOPS", "compute"),
        ("45 TOPS", "en", 45, "TOPS", "compute"),
        ("240 Megawattstunden", "de", 240e6, "Wh", "energy"),
        ("5 MWh", "en", 5e6, "Wh", "energy"),
        ("12 kWh", "en", 12e3, "Wh", "energy"),
        ("0,56 Megawatt", "de", 560e3, "W", "power"),
        ("130 kW", "en", 130e3, "W", "power"),
        ("90 megawatts", "en", 90e6, "W", "power"),
        ("80 Kilometer", "de", 80e3, "m", "length"),
        ("3 km", "en", 3e3, "m", "length"),
        ("12 hectares", "en", 12e4, "m²", "area"),
        ("zwölf Hektar", "de", 12e4, "m²", "area"),
        ("1.9 tonnes", "en", 1900, "kg", "mass"),
        ("300.000 Kubikmetern", "de", 300e6, "l", "volume"),
        # percentages, factors, precision, counts
        ("88 Prozent", "de", 88, "%", "share"),
        ("88%", "de", 88, "%", "share"),
        ("30 percent", "en", 30, "%", "share"),
        ("30-Fache", "de", 30, "x", "factor"),
        ("30x", "en", 30, "x", "factor"),
        ("30-fold", "en", 30, "x", "factor"),
        ("das Vierfache", "de", 4, "x", "factor"),
        ("four times", "en", 4, "x", "factor"),
        ("twice", "en", 2, "x", "factor"),
        ("4-bit", "en", 4, "bit", "precision"),
        ("BF16", "en", 16, "bit", "precision"),
        ("FP8", "de", 8, "bit", "precision"),
        ("72-GPU", "de", 72, "GPU", "count"),
        ("512 Beschleuniger", "de", 512, "chip", "count"),
        ("20 racks", "en", 20, "rack", "count"),
        ("300 neue Arbeitsplätze", "de", 300, "job", "count"),
        ("4,000 homes", "en", 4000, "household", "count"),
        ("2 Billionen Token", "de", 2e12, "token", "count"),
        ("2 billion tokens", "en", 2e9, "token", "count"),
        ("4 billion", "en", 4e9, "", "count"),
        ("eine Million", "de", 1e6, "", "count"),
    ],
)
def test_formats_of_the_issue(text: str, language: str, value: float, unit: str, dimension: str) -> None:
    quantity = only(text, language)
    assert quantity.value == approx(value)
    assert (quantity.unit, quantity.dimension) == (unit, dimension)
    assert text.endswith(quantity.text) or quantity.text in text


def test_thousands_and_decimals_follow_the_language() -> None:
    assert parse_number("1.920", "de") == 1920
    assert parse_number("1,920", "en") == 1920
    assert parse_number("1,920", "de") == approx(1.92)
    assert parse_number("1.920", "en") == approx(1.92)
    assert parse_number("52,4", "en") == approx(52.4)  # not three digits: a decimal in any language
    assert parse_number("0.560", "de") == approx(0.56)  # "0." never groups thousands
    assert parse_number("1\u202f920", "en") == 1920


@pytest.mark.parametrize(
    ("text", "language", "value", "unit"),
    [
        ("etwa 30 000 Liter Wasser", "de", 30_000, "l"),
        ("Die 12 500 Teilnehmer kamen aus 40 Ländern.", "de", 12_500, ""),
        ("rund 1 200 000 Einwohner", "de", 1_200_000, "person"),
        ("about 30 000 litres a day", "en", 30_000, "l"),
    ],
)
def test_thousands_grouped_by_a_plain_space(text: str, language: str, value: float, unit: str) -> None:
    """A plain space groups thousands as German print writes them: "30 000 Liter", not "000 Liter" (= 0 l)."""
    found = extract_quantities(text, language)
    assert found[0].value == approx(value)
    assert found[0].unit == unit
    assert all(quantity.value for quantity in found)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("Der Lingxi 7 128 GB Speicher.", 128e9, "B"), ("Die Top 5 100 Meter Läufer", 100, "m")],
)
def test_a_number_after_a_name_is_not_grouped_with_the_next(text: str, value: float, unit: str) -> None:
    """A model number, then a figure: a space after a name ends the number ("Lingxi 7", then 128 GB)."""
    (found,) = extract_quantities(text, "de")
    assert (found.value, found.unit) == (approx(value), unit)


def test_a_year_before_a_count_stays_two_numbers() -> None:
    found = extract_quantities("Im Jahr 2019 3 Menschen, 2020 12 Menschen.", "de")
    assert [q.value for q in found] == [3, 12]


@pytest.mark.parametrize(
    ("text", "language", "low", "high", "unit"),
    [
        ("single-digit TOPS", "en", 1, 10, "TOPS"),
        ("einstellige TOPS", "de", 1, 10, "TOPS"),
        ("im einstelligen TOPS-Bereich", "de", 1, 10, "TOPS"),
        ("tens of petaflops", "en", 2e16, 1e17, "FLOPS"),
        ("Dutzende Container", "de", 24, 100, "container"),
        ("hundreds of GPUs", "en", 200, 1000, "GPU"),
        ("10–20 Prozent", "de", 10, 20, "%"),
        ("2 bis 3 Milliarden Euro", "de", 2e9, 3e9, "EUR"),
        ("mehr als 300 Arbeitsplätze", "de", 300, math.inf, "job"),
        ("more than four times", "en", 4, math.inf, "x"),
        ("weniger als 24 Monaten", "de", 0, 24 * 31557600 / 12, "s"),
        ("rund 560 Kilowatt", "de", 504e3, 616e3, "W"),
        ("about 300 people", "en", 270, 330, "person"),
        ("up to 2,000 people", "en", 1000, 2000, "person"),  # a peak: what is typical lies up to half below
        ("bis zu 120 Megawatt", "de", 60e6, 120e6, "W"),
        ("not a single rack", "en", 0, 0, "rack"),
        ("10-15 Cent pro Kilometer", "de", 0.10, 0.15, "EUR"),  # a hyphen before a unit makes a range
        ("1-2 km", "de", 1000, 2000, "m"),
        ("kein einziges Rack", "de", 0, 0, "rack"),
    ],
)
def test_words_and_qualifiers_make_ranges(
    text: str, language: str, low: float, high: float, unit: str
) -> None:
    quantity = only(text, language)
    assert (quantity.low, quantity.high) == (approx(low), approx(high) if math.isfinite(high) else high)
    assert quantity.unit == unit


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("am 14. Mai 2025", "de"),
        ("May 14, 2025", "en"),
        ("23. August 2025 09:01:19 MESZ", "de"),
        ("im März 2024", "de"),
        ("ab 2028", "de"),
        ("im 3. Quartal", "de"),
        ("das SkyRack 512 vorgestellt", "de"),
        ("der Lingxi 7 in einem Rack", "de"),
        ("Nvidias H100-Chips", "de"),
        ("den Ascend 910C", "de"),
        ("das NVL72-System", "de"),
        ("Qilin-R1", "en"),
        ("0/200", "de"),
        ("one of the largest", "en"),
        ("zwei wichtige Prozesse", "de"),
        # times of day, footnotes and the first day of two are no amounts either (seen on real pages)
        ("Um 12.45 Uhr veröffentlicht der SPIEGEL", "de"),
        ("Um 20 Uhr beginnt es", "de"),
        ("The vote starts at 9 a.m. and ends at 5pm", "en"),
        ("am 4. und 5. März", "de"),
        ("vom 4.–5. März", "de"),
        ("ergab eine Umfrage (2).", "de"),
        ("body fat [3].", "en"),
        ("Hinweise unter der Telefonnummer 0631-3692150", "de"),
    ],
)
def test_dates_years_ordinals_and_names_are_not_quantities(text: str, language: str) -> None:
    assert extract_quantities(text, language) == []


def test_german_am_after_a_number_is_no_time() -> None:
    assert only("die 3 am häufigsten genannten", "de").value == 3


def test_a_hyphen_without_a_unit_makes_no_range() -> None:
    assert only("gewann 27-4", "de").value == 27


@pytest.mark.parametrize(
    ("text", "language", "described"),
    [
        ("einem Hubraum von 6.898 cm³", "de", "6.898 cm³ (= 6.9 l)"),
        ("die 40 PS leisteten", "de", "40 PS (= 29.4 kW)"),
        ("a 300 hp engine", "en", "300 hp (= 224 kW)"),
        ("400 bis 600 Grad Hitze", "de", "400 bis 600 Grad (= 400–600 °)"),
        ("It costs 50 cents.", "en", "50 cents (= 0.5 USD)"),
        ("1-2 km", "de", "1-2 km"),
    ],
)
def test_units_of_real_pages_read_as_written_and_as_compared(
    text: str, language: str, described: str
) -> None:
    assert only(text, language).describe() == described


def test_a_rate_per_thing_is_kept() -> None:
    assert only("490 teraflops per Lingxi 7 accelerator", "en").per == "chip"
    assert only("16 Gigawattstunden pro Jahr", "de").per == "year"
    assert only("1.6 GWh a year", "en").per == "year"


def test_every_unit_form_in_the_table_reads_as_its_unit() -> None:
    wrong = []
    for form, unit in UNITS.items():
        found = extract_quantities(f"es sind 12 {form} hier", "en")
        if not found or found[0].unit != unit.unit or found[0].value != approx(12 * unit.factor):
            wrong.append((form, found))
    assert wrong == []


def test_a_sentence_with_several_figures() -> None:
    text = (
        "Er verfügt über beeindruckende 300 Petaflops Rechenleistung und übertrifft damit Nvidias "
        "NVL72-System, das maximal 180 Petaflops erreicht."
    )
    quantities = extract_quantities(text, "de")
    assert [q.text for q in quantities] == ["300 Petaflops", "maximal 180 Petaflops"]
    assert all(text[q.start : q.end] == q.text for q in quantities)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The bridge cost 62 million dollars, of which the county paid 7 million.", "en"),
        ("Die Brücke kostete 62 Millionen Euro, davon trug der Landkreis 7 Mio.", "de"),
    ],
)
def test_a_scaled_amount_after_money_keeps_its_currency(text: str, language: str) -> None:
    total, share = extract_quantities(text, language)
    assert share.value == approx(7e6)
    assert (share.unit, share.dimension) == (total.unit, "currency")
    assert (
        compare(
            share, only("7 million dollars" if language == "en" else "7 Millionen Euro", language)
        ).relation
        == "agrees"
    )


def test_an_unscaled_count_after_money_stays_a_count() -> None:
    _money, count = extract_quantities("The bridge cost 62 million dollars and 3 of its lanes are new.", "en")
    assert (count.value, count.dimension, count.unit) == (3, "count", "")


# --- compare --------------------------------------------------------------------------------------------


def test_values_within_the_tolerance_agree_across_units_and_languages() -> None:
    result = compare(only("rund 560 Kilowatt"), only("0,56 Megawatt"))
    assert result.relation == "agrees"
    assert "560 Kilowatt" in result.explanation and "0,56 Megawatt" in result.explanation


def test_single_digit_tops_differs_strongly_from_petaflops() -> None:
    result = compare(only("single-digit TOPS", "en"), only("300 Petaflops"))
    assert result.relation == "differs"
    assert result.factor == approx(30_000)  # 3e17 ops/s against at most 1e13
    assert "differs strongly" in result.explanation
    assert "single-digit TOPS" in result.explanation and "300 Petaflops" in result.explanation


def test_a_small_difference_differs_but_not_strongly() -> None:
    result = compare(only("1.800 Token pro Sekunde"), only("2,100 tokens per second", "en"))
    assert result.relation == "differs"
    assert 1.1 < result.factor < 1.2
    assert "differs from" in result.explanation


def test_zero_against_a_count_differs_infinitely() -> None:
    result = compare(only("not a single rack", "en"), only("20 racks", "en"))
    assert (result.relation, result.factor) == ("differs", math.inf)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("300 Petaflops", "300 Kilowatt"),  # different dimensions
        ("490 teraflops per Lingxi 7 accelerator", "250 petaflops"),  # per chip against a total
        ("3,2 Milliarden Yuan", "440 Millionen US-Dollar"),  # no exchange rates
        ("300 Arbeitsplätze", "300 Haushalte"),  # different things counted
        ("rund 200.000 Elektroautos", "200.000 Arbeitsplätze"),  # a bare count that names what it counts
    ],
)
def test_incomparable_quantities(a: str, b: str) -> None:
    assert compare(only(a), only(b)).relation == "incomparable"


def test_counts_of_the_same_things_named_differently_agree() -> None:
    assert compare(only("300 Arbeitsplätze"), only("About 300 people", "en")).relation == "agrees"
    assert compare(only("512 Beschleuniger"), only("512 GPUs", "en")).relation == "agrees"


def test_a_period_stated_for_one_only_is_compared_and_said() -> None:
    result = compare(only("16 Gigawattstunden pro Jahr"), only("16 GWh", "en"))
    assert result.relation == "agrees"
    assert "period" in result.explanation


# --- properties -----------------------------------------------------------------------------------------


def grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


@given(st.integers(min_value=1000, max_value=10**12))
def test_grouped_thousands_round_trip_in_both_languages(number: int) -> None:
    assert parse_number(grouped(number, "."), "de") == number
    assert parse_number(grouped(number, ","), "en") == number


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_decimals_round_trip_in_both_languages(whole: int, fraction: int) -> None:
    decimal = f"{fraction:02d}".rstrip("0") or "0"
    expected = float(f"{whole}.{decimal}")
    assert parse_number(f"{grouped(whole, '.')},{decimal}", "de") == approx(expected)
    assert parse_number(f"{grouped(whole, ',')}.{decimal}", "en") == approx(expected)


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(["de", "en"]))
def test_a_number_with_a_unit_reads_back_as_written(number: int, language: str) -> None:
    separator = "." if language == "de" else ","
    quantity = only(f"Der Wert liegt bei {grouped(number, separator)} Megawatt.", language)
    assert quantity.value == approx(number * 1e6)


@given(st.text(max_size=200), st.sampled_from(["de", "en", ""]))
def test_any_text_gives_spans_of_itself(text: str, language: str) -> None:
    for quantity in extract_quantities(text, language):
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start : quantity.end].strip() == quantity.text
        assert quantity.low <= quantity.high


amounts = st.builds(
    lambda value, spread, unit: Quantity(value, value, value * spread, unit, "power", "x", 0, 1),
    st.floats(min_value=1e-3, max_value=1e12),
    st.floats(min_value=1, max_value=10),
    st.sampled_from(["W"]),
)


@given(amounts, amounts)
def test_compare_is_symmetric(a: Quantity, b: Quantity) -> None:
    there, back = compare(a, b), compare(b, a)
    assert there.relation == back.relation
    assert there.factor == approx(back.factor)
    assert (there.relation == "agrees") == (there.factor == 1.0)


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Zudem steigen für zwei Drittel der Beschäftigten die Anforderungen.", "de", 66.7),
        ("Mehr als die Hälfte der Befragten lehnt den Plan ab.", "de", 50.0),
        ("Ein Viertel aller Stellen ist unbesetzt.", "de", 25.0),
        ("Jeder dritte Deutsche fährt täglich Rad.", "de", 33.3),
        ("Two thirds of voters backed the measure.", "en", 66.7),
        ("One in five adults smoke.", "en", 20.0),
    ],
)
def test_a_share_in_words_is_a_share_in_per_cent(text: str, language: str, value: float) -> None:
    [quantity] = extract_quantities(text, language)
    assert (round(quantity.value, 1), quantity.unit) == (value, "%")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die zweite Hälfte des Spiels war besser.", "de"),
        ("In the third quarter of the year sales rose.", "en"),
    ],
)
def test_a_part_of_a_time_is_no_share(text: str, language: str) -> None:
    assert extract_quantities(text, language) == []


def test_counted_things_are_written_in_the_plural_but_for_one() -> None:
    described = [
        q.describe() for q in extract_quantities("Mehr als 800.000 Jobs, 15.000 Beschäftigte, 1 GPU.", "de")
    ]
    assert described == [
        "Mehr als 800.000 Jobs (= ≥ 800,000 jobs)",
        "15.000 Beschäftigte (= 15,000 people)",
        "1 GPU",
    ]

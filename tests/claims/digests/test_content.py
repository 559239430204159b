"""What a weekly digest says, with time frozen: every build gets an explicit week and `now`, and the
rows' created_at values are set directly, so the results do not depend on when the tests run."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from claims.digests import content, emails, selectors, services, weeks
from claims.digests.models import DeliveryStatus, DigestDelivery, DigestSubscription
from claims.digests.weeks import IsoWeek
from claims.models import Claim, EditorialVerdict, Evidence
from sources.models import Document
from tests.factories import assessment as assess
from tests.factories import claim as make_claim
from tests.factories import document, editor, evidence, reader

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = IsoWeek(2026, 47)  # Monday 16 to Sunday 22 November 2026
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)  # the Monday after, when the digest goes out
ARTICLE = (
    "Die Solarfähre Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n\n"
    "Ein Leser schreibt: Die Fähre schafft 40 Knoten.\n\n"
    "Die Werft meldet 9 Knoten Höchstgeschwindigkeit & eine Reichweite von 80 km.\n\n"
    "Der Bürgermeister sagt, die Fähre sei die erste ihrer Art in Europa.\n"
)
QUOTES = [
    "Die Solarfähre Aurelia fährt seit Sonntag auf dem Brennsee.",
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden",
    "Die Fähre schafft 40 Knoten.",
    "9 Knoten Höchstgeschwindigkeit & eine Reichweite von 80 km",
    "die Fähre sei die erste ihrer Art in Europa",
]


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A moment in November 2026, Berlin time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


JOINED = at(2)  # when the editors here joined: before WEEK (no digest reports a week before that)


@pytest.fixture
def anna() -> object:
    user = editor("anna", email="anna@example.org", first_name="Anna", password=None, date_joined=JOINED)
    DigestSubscription.objects.create(user=user, time_zone="Europe/Berlin")
    return user


@pytest.fixture
def article() -> Document:
    return document(ARTICLE, title="Solarfähre auf dem Brennsee")


def claim(article: Document, user: object, index: int, *, created: datetime, **fields: object) -> Claim:
    made = make_claim(article, user, QUOTES[index], **fields)
    Claim.objects.filter(pk=made.pk).update(created_at=created)
    made.refresh_from_db()
    return made


def fresh(user: object) -> object:
    """The user read again, without cached relations (as a task loads it)."""
    return get_user_model().objects.get(pk=user.pk)


def build(user: object, week: IsoWeek = WEEK, now: datetime = NOW) -> content.Digest:
    return selectors.digest_build(user=user, week=week, now=now)


# --- The editor's week -----------------------------------------------------------------------------------


def test_the_week_runs_monday_to_monday_in_the_editors_time_zone(anna: object, article: Document) -> None:
    late_sunday = claim(article, anna, 0, created=at(22, 23, 30))  # 22:30 UTC: week 47 everywhere
    early_monday = claim(article, anna, 1, created=at(23, 0, 30))  # Sunday 23:30 UTC: week 48 in Berlin
    before = claim(article, anna, 2, created=at(15, 23, 59))  # Sunday of week 46

    listed = [line.claim_id for line in build(anna).new_claims.items]

    assert listed == [late_sunday.pk]
    assert early_monday.pk not in listed and before.pk not in listed
    # The same moments seen by an editor in UTC: Monday 00:30 Berlin is still Sunday there.
    DigestSubscription.objects.filter(user=anna).update(time_zone="UTC")
    assert {line.claim_id for line in build(fresh(anna)).new_claims.items} == {
        late_sunday.pk,
        early_monday.pk,
    }


def test_the_reported_week_is_the_last_complete_one_in_the_editors_zone() -> None:
    monday_morning_utc = datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC"))  # Monday 00:30 in Berlin

    assert weeks.reported_week(monday_morning_utc, BERLIN) == IsoWeek(2026, 47)
    assert weeks.reported_week(monday_morning_utc, ZoneInfo("UTC")) == IsoWeek(2026, 46)
    assert str(IsoWeek(2026, 1).previous()) == "2025-W52"
    assert str(IsoWeek(2026, 53).next()) == "2027-W01"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-W99", "2026 has weeks W01 to W53"),
        ("2025-W53", "2025 has weeks W01 to W52"),
        ("2026-W00", "2026 has weeks W01 to W53"),
        ("yesterday", "write it like 2026-W48"),
        ("2026-48", "write it like 2026-W48"),
    ],
)
def test_a_week_that_is_not_an_iso_week_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        IsoWeek.parse(text)


def test_an_iso_week_reads_back_as_written() -> None:
    assert IsoWeek.parse(" 2026-W48 ") == IsoWeek(2026, 48)
    assert str(IsoWeek.parse("2026-W03")) == "2026-W03"


# --- The sections -----------------------------------------------------------------------------------------


def test_verdict_changes_show_old_and_new_most_significant_first(anna: object, article: Document) -> None:
    small = claim(article, anna, 0, created=at(2))
    large = claim(article, anna, 1, created=at(2))
    back_and_forth = claim(article, anna, 2, created=at(2))
    unchanged_week = claim(article, anna, 3, created=at(2))
    assess(small, "mostly_supported", 0.65, at(10))
    assess(small, "supported", 0.82, at(17))
    assess(large, "supported", 0.85, at(10))
    assess(large, "mostly_contradicted", 0.3, at(18))
    assess(large, "contradicted", 0.12, at(20))  # two changes in the week: reported as one, first → last
    assess(back_and_forth, "disputed", 0.5, at(10))
    assess(back_and_forth, "contradicted", 0.1, at(17))
    assess(back_and_forth, "disputed", 0.5, at(19))  # ends the week where it started: no change
    assess(unchanged_week, "supported", 0.9, at(25))  # after the week

    changes = build(anna).verdict_changes

    assert changes.total == 2
    first, second = changes.items
    assert (first.claim.claim_id, first.old_verdict, first.old_score) == (large.pk, "supported", 0.85)
    assert (first.new_verdict, first.new_score) == ("contradicted", 0.12)
    assert (first.old_label, first.new_label) == ("Supported", "Contradicted")
    assert (second.claim.claim_id, second.old_verdict, second.new_verdict) == (
        small.pk,
        "mostly_supported",
        "supported",
    )


def test_a_first_assessment_counts_as_a_change_from_unverified(anna: object, article: Document) -> None:
    scored = claim(article, anna, 0, created=at(17))
    still_unverified = claim(article, anna, 1, created=at(17))
    assess(scored, "mostly_contradicted", 0.3, at(18))
    assess(still_unverified, "unverified", None, at(18))

    changes = build(anna).verdict_changes.items

    assert [(c.claim.claim_id, c.old_verdict, c.old_score, c.new_verdict) for c in changes] == [
        (scored.pk, "unverified", None, "mostly_contradicted")
    ]


def test_a_changed_verdict_that_no_longer_matches_the_published_one_is_flagged(
    anna: object, article: Document
) -> None:
    item = claim(article, anna, 0, created=at(2))
    assess(item, "supported", 0.9, at(5))
    published = EditorialVerdict.objects.create(
        claim=item,
        verdict="supported",
        explanation="Two reports agree.",
        published_by=anna,
        published_at=at(6),
    )
    Claim.objects.filter(pk=item.pk).update(editorial=published)
    assess(item, "mostly_contradicted", 0.3, at(18))

    (change,) = build(anna).verdict_changes.items

    assert change.published_differs and change.published_before_change
    assert change.claim.published_label == "Supported"
    assert change.published_note == (
        "Published verdict: Supported. The evidence changed after it was published and now computes "
        "Mostly contradicted: worth another look."
    )


def test_a_verdict_published_after_the_change_is_worded_as_the_editors_judgement_not_a_mismatch(
    anna: object, article: Document
) -> None:
    """An editor sees the computed verdict move, then publishes another one on purpose: the digest says
    so plainly, with no alarm in red."""
    item = claim(article, anna, 0, created=at(17))
    assess(item, "mostly_supported", 0.7, at(18))
    published = EditorialVerdict.objects.create(
        claim=item,
        verdict="contradicted",
        explanation="The shipyard denies it.",
        published_by=anna,
        published_at=at(18, 14),
    )
    Claim.objects.filter(pk=item.pk).update(editorial=published)

    rendered = emails.digest_render(build(anna))

    note = (
        "Published verdict: Contradicted, an editor's judgement; "
        "the evidence alone computes Mostly supported."
    )
    assert note in rendered.text and escape(note) in rendered.html
    assert "no longer matches" not in rendered.text + rendered.html
    (line,) = [line for line in rendered.html.splitlines() if escape(note) in line]
    assert "#a61b29" not in line  # not the red of a warning


def test_claims_unverified_after_the_setting_days_need_evidence(
    anna: object, article: Document, settings: object
) -> None:
    settings.FACTCHECK_DIGEST_UNVERIFIED_DAYS = 7
    never_scored = claim(article, anna, 0, created=NOW - timedelta(days=20))
    scored_unverified = claim(article, anna, 1, created=NOW - timedelta(days=7, minutes=1))
    too_recent = claim(article, anna, 2, created=NOW - timedelta(days=6, hours=23))
    has_evidence = claim(article, anna, 3, created=NOW - timedelta(days=30))
    assess(scored_unverified, "unverified", None, NOW - timedelta(days=7))
    assess(has_evidence, "mostly_supported", 0.7, NOW - timedelta(days=25))

    section = build(anna).unverified

    assert [line.claim_id for line in section.items] == [
        never_scored.pk,
        scored_unverified.pk,
    ]  # oldest first
    assert [line.days_waiting for line in section.items] == [20, 7]
    assert too_recent.pk not in {line.claim_id for line in section.items}
    settings.FACTCHECK_DIGEST_UNVERIFIED_DAYS = 3
    assert build(anna).unverified.total == 3


def test_orphaned_claims_and_evidence_wait_for_confirmation(anna: object, article: Document) -> None:
    lost = claim(article, anna, 0, created=at(2))
    kept = claim(article, anna, 1, created=at(2))
    source = document("Werftbericht: die Reichweite liegt bei 80 km.\n", title="Werftbericht")
    linked = evidence(kept, source, anna, exact="die Reichweite liegt bei 80 km", stance="contradicts")
    Claim.objects.filter(pk=lost.pk).update(orphaned=True)
    Evidence.objects.filter(pk=linked.pk).update(orphaned=True)

    section = build(anna).orphans

    assert section.total == 2
    assert {(line.kind, line.text, line.document_title) for line in section.items} == {
        ("claim", QUOTES[0], "Solarfähre auf dem Brennsee"),
        ("evidence", "die Reichweite liegt bei 80 km", "Werftbericht"),
    }
    assert {line.path for line in section.items} == {"/orphans/"}


def test_most_contradicted_claims_skip_those_whose_published_verdict_says_so(
    anna: object, article: Document
) -> None:
    worst = claim(article, anna, 0, created=at(2))
    mostly = claim(article, anna, 1, created=at(2))
    settled = claim(article, anna, 2, created=at(2))
    supported = claim(article, anna, 3, created=at(2))
    assess(worst, "contradicted", 0.1, at(5))
    assess(mostly, "mostly_contradicted", 0.3, at(5))
    assess(settled, "contradicted", 0.15, at(5))
    assess(supported, "supported", 0.9, at(5))
    published = EditorialVerdict.objects.create(
        claim=settled, verdict="contradicted", explanation="The shipyard says 9 knots.", published_by=anna
    )
    Claim.objects.filter(pk=settled.pk).update(editorial=published)
    source = document("Die Werft: höchstens 9 Knoten.\n", title="Werft")
    evidence(worst, source, anna, stance="contradicts")

    section = build(anna).contradicted

    assert [(line.claim_id, line.contradicting) for line in section.items] == [(worst.pk, 1), (mostly.pk, 0)]


def test_only_the_editors_own_claims_are_in_their_digest(anna: object, article: Document) -> None:
    bernd = editor("bernd", email="bernd@example.org", password=None)
    own = claim(article, anna, 0, created=at(17))
    theirs = claim(article, bernd, 1, created=at(17))
    assess(theirs, "contradicted", 0.1, at(18))
    Claim.objects.filter(pk=theirs.pk).update(orphaned=True)

    digest = build(anna)

    assert [line.claim_id for line in digest.new_claims.items] == [own.pk]
    assert digest.verdict_changes.total == digest.orphans.total == digest.contradicted.total == 0


def test_long_sections_list_ten_and_count_the_rest(anna: object, article: Document) -> None:
    for n in range(14):
        claim(article, anna, n % len(QUOTES), created=at(16, 8, n))

    section = build(anna).new_claims

    assert (len(section.items), section.total, section.more) == (10, 14, 4)
    assert section.items[0].created_at > section.items[-1].created_at  # newest first


def test_the_number_of_queries_does_not_grow_with_the_editors_claims(anna: object, article: Document) -> None:
    light = editor("light", email="light@example.org", password=None)
    single = claim(article, light, 0, created=at(17))
    assess(single, "contradicted", 0.1, at(18))
    Claim.objects.filter(pk=single.pk).update(orphaned=True)
    source = document("Die Werft: höchstens 9 Knoten.\n", title="Werft")
    for n in range(40):
        item = claim(article, anna, n % len(QUOTES), created=at(16, 6, n))
        assess(item, "mostly_supported", 0.7, at(10))
        assess(item, "contradicted", 0.1, at(18))
        if n % 3 == 0:
            Claim.objects.filter(pk=item.pk).update(orphaned=True)
    evidence(Claim.objects.filter(created_by=anna).first(), source, anna, stance="contradicts")

    counts = {}
    for user in (fresh(light), fresh(anna)):
        with CaptureQueriesContext(connection) as queries:
            digest = build(user)
        counts[user.username] = len(queries)
    assert digest.verdict_changes.total == 40 and digest.new_claims.total == 40
    # The subscription, five sections (the orphans take two): the same for 1 claim or 40.
    assert counts == {"light": 7, "anna": 7}


# --- Rendering -----------------------------------------------------------------------------------------


def test_the_subject_says_the_week_and_the_most_pressing_counts(anna: object, article: Document) -> None:
    for index in range(3):
        item = claim(article, anna, index, created=at(2))
        assess(item, "supported", 0.9, at(17))
    for index in (3, 4):
        claim(article, anna, index, created=at(1))
    Claim.objects.filter(pk=claim(article, anna, 0, created=at(18)).pk).update(orphaned=True)

    digest = build(anna)
    rendered = emails.digest_render(digest)

    assert (
        rendered.subject == "Factcheck week 47: 3 verdicts changed, 2 claims need evidence, 1 orphaned span"
    )
    # The body's first line has every count, the subject only the three most pressing.
    assert digest.headline[-1] == "1 new claim"
    assert "this week: 3 verdicts changed, 2 claims need evidence, 1 orphaned span, 1 new claim." in (
        rendered.text
    )


def test_text_and_html_link_each_item_to_its_place_in_the_browser_ui(
    anna: object, article: Document, settings: object
) -> None:
    settings.FACTCHECK_SITE_URL = "https://factcheck.example"
    item = claim(article, anna, 3, created=at(17), speaker="Werft", speaker_role="quoted")
    assess(item, "mostly_contradicted", 0.3, at(18))
    Claim.objects.filter(pk=claim(article, anna, 0, created=at(2)).pk).update(orphaned=True)

    rendered = emails.digest_render(build(anna))

    link = f"https://factcheck.example/documents/{article.pk}/#claim-{item.pk}"
    assert link in rendered.text and link in rendered.html
    assert "https://factcheck.example/orphans/" in rendered.text
    assert "https://factcheck.example/orphans/" in rendered.html
    # Plain text keeps the claim as written; HTML escapes it.
    assert f'"{QUOTES[3]}"' in rendered.text
    assert "9 Knoten Höchstgeschwindigkeit &amp; eine Reichweite" in rendered.html
    assert "Unverified → Mostly contradicted 0.30" in rendered.text
    assert "Werft (quoted person)" in rendered.text
    assert rendered.unsubscribe_url.startswith("https://factcheck.example/digest/unsubscribe/")
    assert rendered.unsubscribe_url in rendered.text and rendered.unsubscribe_url in rendered.html
    assert "<img" not in rendered.html and "<style" not in rendered.html


def test_a_digest_is_sent_with_unsubscribe_headers_and_a_stable_message_id(
    anna: object, article: Document
) -> None:
    claim(article, anna, 0, created=at(17))

    outcome = services.digest_deliver(user_id=anna.pk, week=WEEK, now=NOW)

    assert outcome == services.Outcome.SENT
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.subject == "Factcheck week 47: 1 new claim"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Your week 47" in html
    # The one-click link turns off exactly this editor's digest (the signed token carries a timestamp,
    # so it is compared by what it opens, not by its letters).
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    prefix = emails.digest_render(build(anna)).unsubscribe_url.rsplit("/", 2)[0] + "/"
    assert unsubscribe.startswith(f"<{prefix}") and unsubscribe.endswith("/>")
    assert emails.unsubscribe_user_id(unsubscribe[len(prefix) + 1 : -2]) == anna.pk
    assert unsubscribe[1:-1] in message.body  # the same link as in the text
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"] == emails.digest_message_id(anna.pk, WEEK)
    delivery = DigestDelivery.objects.get(user=anna, week="2026-W47")
    assert (delivery.status, delivery.attempts, delivery.subject) == ("sent", 1, message.subject)
    assert delivery.message_id == message.extra_headers["Message-ID"]


def test_nothing_to_say_means_no_email(anna: object, article: Document) -> None:
    claim(article, anna, 0, created=at(10))  # in the week before: not new, and not yet 7 days unverified
    assess(Claim.objects.get(created_by=anna), "supported", 0.9, at(11))

    assert build(anna).is_empty
    assert services.digest_deliver(user_id=anna.pk, week=WEEK, now=NOW) == services.Outcome.SKIPPED
    assert mail.outbox == []
    assert DigestDelivery.objects.get(user=anna).status == DeliveryStatus.SKIPPED


def test_a_digest_is_sent_once_per_week_however_often_delivery_runs(anna: object, article: Document) -> None:
    claim(article, anna, 0, created=at(17))

    outcomes = [services.digest_deliver(user_id=anna.pk, week=WEEK, now=NOW) for _ in range(3)]

    assert outcomes == [services.Outcome.SENT, services.Outcome.ALREADY_DONE, services.Outcome.ALREADY_DONE]
    assert len(mail.outbox) == 1
    assert DigestDelivery.objects.filter(user=anna).count() == 1


def test_unsubscribed_editors_and_readers_get_no_digest(anna: object, article: Document) -> None:
    claim(article, anna, 0, created=at(17))
    DigestSubscription.objects.filter(user=anna).update(enabled=False)
    a_reader = reader("rita", email="rita@example.org", password=None)

    assert services.digest_deliver(user_id=anna.pk, week=WEEK, now=NOW) == services.Outcome.NOT_SUBSCRIBED
    assert services.digest_deliver(user_id=a_reader.pk, week=WEEK, now=NOW) == services.Outcome.NOT_SUBSCRIBED
    assert mail.outbox == [] and not DigestDelivery.objects.exists()


# --- Who is due when ------------------------------------------------------------------------------------


def due(moment: datetime) -> set[tuple[str, str]]:
    """Who the hourly fan-out sends a digest to at `moment`, and for which week."""
    found = selectors.digests_due(moment)
    names = dict(selectors.editors().values_list("pk", "username"))
    return {(names[item.user_id], str(item.week)) for item in found}


def test_digests_are_due_at_each_editors_weekday_and_hour_in_their_time_zone(anna: object) -> None:
    tokyo = editor("kenji", email="kenji@example.org", password=None, date_joined=JOINED)
    DigestSubscription.objects.create(user=tokyo, time_zone="Asia/Tokyo", weekday=4, hour=17)
    # No row: Monday 08:00, site zone (UTC).
    default = editor("dora", email="dora@example.org", password=None, date_joined=JOINED)
    DigestSubscription.objects.create(
        user=editor("off", email="off@example.org", password=None, date_joined=JOINED), enabled=False
    )
    reader("rita", email="rita@example.org", password=None, date_joined=JOINED)

    assert due(at(23, 7, 59)) == set()  # Monday 07:59 Berlin
    assert due(at(23, 8, 0)) == {("anna", "2026-W47")}
    assert due(at(23, 9, 0)) == {("anna", "2026-W47"), ("dora", "2026-W47")}  # 08:00 UTC
    # Friday 17:00 in Tokyo is 09:00 in Berlin.
    assert ("kenji", "2026-W47") in due(at(27, 9, 0))
    assert ("kenji", "2026-W47") not in due(at(27, 8, 59))

    DigestDelivery.objects.create(user=anna, week="2026-W47", status="sent", sent_at=NOW)
    DigestDelivery.objects.create(user_id=default.pk, week="2026-W47", status="pending")
    assert due(at(23, 10, 0)) == {("dora", "2026-W47")}  # sent: done; pending: its worker may have died


def test_a_missed_digest_is_due_for_a_day_and_none_reports_a_week_before_the_editor_joined(
    anna: object,
) -> None:
    # Joined half an hour after WEEK ended (Monday 00:30, Berlin), on anna's Monday 08:00 schedule.
    nina = editor("nina", email="nina@example.org", password=None, date_joined=at(23, 0, 30))
    DigestSubscription.objects.create(user=nina, time_zone="Europe/Berlin")

    assert due(at(23, 8, 0)) == {("anna", "2026-W47")}
    assert due(at(24, 7, 59)) == {("anna", "2026-W47")}  # beat was down: caught up 23 h 59 late
    assert due(at(24, 8, 0)) == set()  # a day late: left out; the next digest is due in six days
    assert due(at(26, 12, 0)) == set()
    assert due(at(30, 8, 0)) == {("anna", "2026-W48"), ("nina", "2026-W48")}
    # What her profile said on her first morning: the digest of her first week, not of the one before.
    first = weeks.next_digest(selectors.subscription_of(nina), at(23, 7, 0), nina.date_joined)
    assert first == (IsoWeek(2026, 48), at(30, 8, 0))

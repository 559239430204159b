"""Delivering digests: through a real SMTP server (aiosmtpd) by a real Celery worker, once per editor and
week whatever crashes, retried while the SMTP server is down; and the send_digests command."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from claims.digests import selectors, services
from claims.digests.models import DeliveryStatus, DigestDelivery, DigestSubscription
from claims.digests.tasks import digest_send, digests_fan_out, mailer_drop
from claims.digests.weeks import IsoWeek
from claims.models import Claim
from tests.factories import UserFactory, claim, document, editor, reader
from tests.worker import WorkerProcess, flush_test_redis

UTC = ZoneInfo("UTC")
WEEK = IsoWeek(2026, 47)
IN_WEEK = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
# When the editors of these tests joined: before WEEK (a week that ended before an editor joined gets no
# digest).
JOINED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
# Monday of the next week, 08:00 UTC: the default digest time for editors in the site's zone (UTC).
DUE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ARTICLE = "Ein Leser schreibt: Die Fähre schafft 40 Knoten.\n"


# These tests are about delivery, and their claims were made in week 47 while "now" is the real clock
# (a worker process cannot share a frozen one): without this, a claim would also count as "still
# unverified after N days" once the real date is a week past it, and the subjects would change with the
# date the suite runs on.
NEVER_UNVERIFIED_DAYS = "36500"


@pytest.fixture(autouse=True)
def _claims_never_overdue(settings: object, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.FACTCHECK_DIGEST_UNVERIFIED_DAYS = int(NEVER_UNVERIFIED_DAYS)
    monkeypatch.setenv("FACTCHECK_DIGEST_UNVERIFIED_DAYS", NEVER_UNVERIFIED_DAYS)  # for worker processes


# --- A real SMTP server ------------------------------------------------------------------------------


class Sink:
    """An aiosmtpd handler that keeps what it accepts. It can hold a message (never answering it) to
    stand for a send a crash interrupts; a held message is then refused, as the server never accepted it."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.hold_number: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.received = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.received += 1
        if self.received == self.hold_number:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 The sender went away"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 2.0.0 Accepted"

    def recipients(self) -> Counter[str]:
        return Counter(str(message["To"]) for message in self.messages)


class RefusingSink(Sink):
    async def handle_RCPT(
        self, server: object, session: object, envelope: object, address: str, options: list[str]
    ) -> str:
        return "550 5.1.1 No such mailbox"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_server(handler: Sink, port: int | None = None) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller


@pytest.fixture
def sink() -> Iterator[tuple[Sink, int]]:
    handler = Sink()
    controller = smtp_server(handler)
    yield handler, controller.port
    handler.release.set()
    controller.stop()


@pytest.fixture
def real_broker(transactional_db: None) -> Iterator[Callable[[], None]]:
    """Call it once the test data is made (scored in-process): from then on tasks go through the test
    Redis to worker processes."""
    from factcheck.celery import app

    def switch() -> None:
        app.conf.task_always_eager = False

    flush_test_redis()
    yield switch
    flush_test_redis()


def editors_with_claims(count: int, prefix: str = "editor") -> list[object]:
    """Editors (default subscription: Monday 08:00 UTC), each with one claim made in WEEK."""
    article = document(ARTICLE, title="Solarfähre")
    users = []
    for n in range(count):
        user = editor(f"{prefix}{n}", email=f"{prefix}{n}@example.org", password=None, date_joined=JOINED)
        made = claim(article, user, "Die Fähre schafft 40 Knoten.")
        Claim.objects.filter(pk=made.pk).update(created_at=IN_WEEK)
        users.append(user)
    return users


def statuses() -> Counter[str]:
    return Counter(DigestDelivery.objects.filter(week=str(WEEK)).values_list("status", flat=True))


def fan_out() -> None:
    digests_fan_out.delay(DUE.isoformat())


# --- A real worker, a real SMTP server ----------------------------------------------------------------


@pytest.mark.worker
def test_the_worker_delivers_each_due_digest_through_smtp(
    real_broker: Callable[[], None], sink: tuple[Sink, int]
) -> None:
    handler, port = sink
    anna, bernd = editors_with_claims(2)
    quiet = editor("quiet", email="quiet@example.org", password=None, date_joined=JOINED)  # nothing to say
    (unsubscribed,) = editors_with_claims(1, prefix="off")
    DigestSubscription.objects.create(user=unsubscribed, enabled=False)
    reader("rita", email="rita@example.org", password=None)
    real_broker()
    worker = WorkerProcess(
        "digest", EMAIL_URL=f"smtp://127.0.0.1:{port}", FACTCHECK_SITE_URL="https://factcheck.example"
    ).start()
    try:
        fan_out()
        worker.wait_for(lambda: statuses() == {"sent": 2, "skipped": 1}, what="the digests to go out")
    finally:
        worker.stop()

    assert handler.recipients() == {"editor0@example.org": 1, "editor1@example.org": 1}
    (message,) = [m for m in handler.messages if m["To"] == anna.email]
    assert message["Subject"] == "Factcheck week 47: 1 new claim"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Folded onto its own line (it is long), which RFC 5322 allows; the value is the URL in <>.
    assert message["List-Unsubscribe"].strip().startswith("<https://factcheck.example/digest/unsubscribe/")
    assert message["Auto-Submitted"] == "auto-generated"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "https://factcheck.example/documents/" in plain and "Your week 47" in html
    sent = DigestDelivery.objects.get(user=anna, week=str(WEEK))
    assert (sent.status, sent.attempts, sent.message_id) == ("sent", 1, message["Message-ID"])
    assert DigestDelivery.objects.get(user=quiet).status == DeliveryStatus.SKIPPED
    assert DigestDelivery.objects.filter(user=bernd).count() == 1


def wait_until_lockable(delivery_id: int, timeout: float = 30) -> None:
    """Until the database has noticed the killed worker's connection is gone and released its lock."""
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or "postgres",
        dbname=database["NAME"],
    ) as probe:
        deadline = time.monotonic() + timeout
        while True:
            try:
                probe.execute(
                    "SELECT id FROM claims_digestdelivery WHERE id = %s FOR UPDATE NOWAIT", [delivery_id]
                )
                probe.rollback()
                return
            except psycopg.errors.LockNotAvailable:
                probe.rollback()
                if time.monotonic() > deadline:
                    raise AssertionError("the killed worker's lock was never released") from None
                time.sleep(0.1)


@pytest.mark.worker
def test_a_worker_killed_mid_batch_then_a_rerun_gives_each_editor_exactly_one_email(
    real_broker: Callable[[], None], sink: tuple[Sink, int]
) -> None:
    handler, port = sink
    users = editors_with_claims(5)
    real_broker()
    handler.hold_number = 3  # the third email is on the wire when the worker dies
    env = {"EMAIL_URL": f"smtp://127.0.0.1:{port}", "FACTCHECK_DIGEST_RETRY_DELAY": "1"}
    doomed = WorkerProcess("doomed", **env).start()
    try:
        fan_out()
        assert handler.holding.wait(timeout=60), doomed.output()[-3000:]
        doomed.kill()
    finally:
        handler.release.set()
        doomed.stop()

    assert len(handler.messages) == 2
    assert statuses()["sent"] == 2
    interrupted = DigestDelivery.objects.get(week=str(WEEK), status=DeliveryStatus.PENDING)
    wait_until_lockable(interrupted.pk)

    rescuer = WorkerProcess("rescuer", **env).start()
    try:
        fan_out()  # the batch again: the beat's next hour, or an operator
        rescuer.wait_for(lambda: statuses() == {"sent": 5}, timeout=60, what="the rest of the batch")
        time.sleep(2)  # the first fan-out's tasks for the last editors still run: they must send nothing
    finally:
        rescuer.stop()

    assert handler.recipients() == {user.email: 1 for user in users}
    assert DigestDelivery.objects.filter(week=str(WEEK)).count() == 5


@pytest.mark.worker
def test_while_the_smtp_server_is_down_the_digest_is_retried_then_delivered_once(
    real_broker: Callable[[], None],
) -> None:
    (anna,) = editors_with_claims(1)
    real_broker()
    port = free_port()  # nothing listens here yet
    worker = WorkerProcess(
        "patient", EMAIL_URL=f"smtp://127.0.0.1:{port}", FACTCHECK_DIGEST_RETRY_DELAY="1"
    ).start()
    handler = Sink()
    controller = None
    try:
        digest_send.delay(anna.pk, str(WEEK))
        worker.wait_for(
            lambda: DigestDelivery.objects.filter(user=anna, attempts__gte=2).exists(),
            what="two failed attempts",
        )
        failed = DigestDelivery.objects.get(user=anna)
        assert failed.status == DeliveryStatus.PENDING  # open for the retry
        assert "Connection refused" in failed.last_error or "ConnectionRefused" in failed.last_error

        controller = smtp_server(handler, port)  # the server comes back
        worker.wait_for(
            lambda: DigestDelivery.objects.filter(user=anna, status="sent").exists(),
            timeout=60,
            what="the retried digest to be sent",
        )
        time.sleep(2)
    finally:
        worker.stop()
        if controller is not None:
            controller.stop()

    assert handler.recipients() == {"editor0@example.org": 1}
    delivered = DigestDelivery.objects.get(user=anna)
    assert delivered.attempts >= 3 and delivered.last_error == ""
    assert "retrying in" in worker.output()


# --- Which weeks the hourly fan-out sends (in-process, to a real SMTP server) ---------------------------


@pytest.fixture
def smtp_sink(sink: tuple[Sink, int], settings: object) -> Iterator[Sink]:
    """Digests sent in-process (as the embedded mode does) to the real SMTP server."""
    handler, port = sink
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    mailer_drop()  # the task keeps its connection per process: not one to another test's server
    yield handler
    mailer_drop()


@pytest.mark.django_db
def test_an_admin_made_on_sunday_gets_no_digest_for_the_week_before(smtp_sink: Sink) -> None:
    # Sunday of week 48, noon: a new admin marks a claim whose span is orphaned soon after.
    joined = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    admin = UserFactory(
        username="admin", email="admin@example.org", is_staff=True, is_superuser=True, date_joined=joined
    )
    made = claim(document(ARTICLE, title="Solarfähre"), admin, "Die Fähre schafft 40 Knoten.")
    Claim.objects.filter(pk=made.pk).update(created_at=joined + timedelta(minutes=30), orphaned=True)

    # The hourly run that afternoon: week 47's slot (Monday 08:00) passed six days ago.
    that_afternoon = digests_fan_out((joined + timedelta(hours=1)).isoformat())
    next_monday = digests_fan_out(datetime(2026, 11, 30, 8, 0, tzinfo=UTC).isoformat())

    assert that_afternoon == 0
    assert next_monday == 1
    assert [str(message["Subject"]) for message in smtp_sink.messages] == [
        "Factcheck week 48: 1 orphaned span, 1 new claim"
    ]
    assert list(DigestDelivery.objects.values_list("week", flat=True)) == ["2026-W48"]


@pytest.mark.django_db
def test_a_missed_digest_is_caught_up_within_a_day_and_no_later(smtp_sink: Sink) -> None:
    anna, bernd = editors_with_claims(2)  # Monday 08:00 UTC by default
    DigestSubscription.objects.create(user=bernd, hour=6)  # Monday 06:00 UTC
    tuesday = DUE + timedelta(hours=23)  # beat was down from Monday morning until Tuesday 07:00

    sent = digests_fan_out(tuesday.isoformat())

    assert sent == 1
    assert smtp_sink.recipients() == {anna.email: 1}  # 23 hours late; Bernd's would be 25
    assert not DigestDelivery.objects.filter(user=bernd).exists()


# --- Refusals and the command (in-process) -------------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_recipient_is_marked_failed_and_not_retried(settings: object) -> None:
    handler = RefusingSink()
    controller = smtp_server(handler)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    (anna,) = editors_with_claims(1)
    try:
        with pytest.raises(OSError, match="No such mailbox"):
            services.digest_deliver(user_id=anna.pk, week=WEEK, final_attempt=False)
    finally:
        controller.stop()

    delivery = DigestDelivery.objects.get(user=anna)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert services.is_permanent(OSError()) is False
    assert not selectors.digests_due(DUE)  # the hourly fan-out leaves a failed digest alone


@pytest.mark.django_db
def test_send_digests_sends_once_and_says_what_it_did(capsys: pytest.CaptureFixture[str]) -> None:
    editors_with_claims(2)
    editor("quiet", email="quiet@example.org", password=None, date_joined=JOINED)
    editor("newcomer", email="newcomer@example.org", password=None, date_joined=DUE)  # after the week

    call_command("send_digests", "--week", "2026-W47")
    first = capsys.readouterr().out
    call_command("send_digests", "--week", "2026-W47")
    second = capsys.readouterr().out

    assert "Sent 2, skipped (nothing to say) 1, already sent 0, joined after the week 1." in first
    assert "Sent 0, skipped (nothing to say) 1, already sent 2, joined after the week 1." in second
    assert sorted(m.to[0] for m in mail.outbox) == ["editor0@example.org", "editor1@example.org"]


@pytest.mark.django_db
def test_send_digests_dry_run_prints_and_stores_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    editors_with_claims(1)

    call_command("send_digests", "--week", "2026-W47", "--dry-run")
    out = capsys.readouterr().out

    assert "Subject: Factcheck week 47: 1 new claim" in out
    assert "CLAIMS YOU MARKED THIS WEEK (1)" in out and '"Die Fähre schafft 40 Knoten."' in out
    assert (
        "Dry run: Would send 1, skipped (nothing to say) 0, already sent 0. Nothing was sent or stored."
        in out
    )
    assert mail.outbox == [] and not DigestDelivery.objects.exists()


@pytest.mark.django_db
def test_send_digests_for_one_editor(capsys: pytest.CaptureFixture[str]) -> None:
    editors_with_claims(2)

    call_command("send_digests", "--week", "2026-W47", "--editor", "EDITOR1@example.org")

    assert [m.to for m in mail.outbox] == [["editor1@example.org"]]
    assert "Sent 1," in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--week", "2026-W99"], "--week: '2026-W99' is not an ISO week: 2026 has weeks W01 to W53."),
        (["--week", "yesterday"], "--week: 'yesterday' is not an ISO week: write it like 2026-W48."),
        (["--editor", "nobody@example.org"], "--editor: no user has the email address nobody@example.org."),
        (["--editor", "rita@example.org"], "--editor: rita@example.org is not an active editor"),
    ],
)
def test_send_digests_refuses_bad_arguments_clearly(arguments: list[str], message: str) -> None:
    reader("rita", email="rita@example.org", password=None)

    with pytest.raises(CommandError) as refused:
        call_command("send_digests", *arguments)

    assert str(refused.value).startswith(message)
    assert mail.outbox == [] and not DigestDelivery.objects.exists()


@pytest.mark.django_db
def test_send_digests_stops_when_the_smtp_server_is_down_and_leaves_the_digests_open(
    settings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    editors_with_claims(2)

    with pytest.raises(CommandError, match="1 digest\\(s\\) could not be sent"):
        call_command("send_digests", "--week", "2026-W47")

    assert "Stopping: the SMTP server did not take the message." in capsys.readouterr().err
    (tried,) = DigestDelivery.objects.all()
    assert (tried.status, tried.attempts) == (DeliveryStatus.PENDING, 1)
    assert "Connection refused" in tried.last_error

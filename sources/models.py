"""Publishers, documents and their revisions: the texts that are checked and cited.

A document's text lives in its revisions. A revision's text is stored once, after
`sources.extraction.normalise_text`, and never changes (a database trigger refuses it);
a changed text makes a new revision, and spans anchored in the old one are re-anchored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length

from sources.attribution import attribution_verified, domains_normalise
from sources.language import SUPPORTED


class LargeValueMixin:
    """For columns holding large values. Django 5.2 bulk-inserts on PostgreSQL through UNNEST of arrays,
    and psycopg escapes every quote and backslash of an array element in Python; for long texts and JSON
    that dominated the inserts. A field with `get_placeholder` keeps the plain VALUES form."""

    def get_placeholder(self, value: object, compiler: object, connection: object) -> str:
        return "%s"


class LargeTextField(LargeValueMixin, models.TextField):
    pass


class Publisher(models.Model):
    """An outlet or origin of documents, with the reliability editors give it (0 to 1)."""

    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(
        max_length=253,
        blank=True,
        help_text="Web domain, e.g. scmp.com; documents from it get this publisher.",
    )
    # Beside `domain`: every other domain the publisher publishes on. A document counts with the
    # publisher's rating only when its URL is on one of them (or an admin confirmed it): anyone may name
    # a publisher when importing, but not every text that names it is the publisher's (sources.attribution).
    domains = models.JSONField(
        default=list,
        blank=True,
        validators=[domains_normalise],
        help_text="Further web domains of this publisher (e.g. amp.scmp.com). Documents whose URL is on its "
        "domain or one of these count with its reliability; others only once an admin confirms them.",
    )
    url = models.URLField(blank=True)
    reliability = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="0 = unreliable, 1 = highly reliable. Weighs this publisher's evidence.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__gte=0) & Q(reliability__lte=1), name="publisher_reliability_0_1"
            ),
            models.UniqueConstraint(
                fields=["domain"], condition=~Q(domain=""), name="publisher_domain_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # Stored normalised whichever way they came (admin, API, shell), so matching a URL's host is exact.
        self.domains = domains_normalise(self.domains or [])
        super().save(*args, **kwargs)


# Every language the detector knows (sources.language), and "" for unknown.
Language = models.TextChoices(
    "Language",
    [*((code.upper(), (code, name)) for code, name in SUPPORTED), ("UNKNOWN", ("", "Unknown"))],
)


class Document(models.Model):
    """An imported text. Any document can hold claims and be cited as evidence."""

    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    publisher = models.ForeignKey(
        Publisher, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    author = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, blank=True)
    current_revision = models.OneToOneField(
        "DocumentRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An admin's word that the document is the publisher's, for one whose URL is not on the publisher's
    # domains (a file, a pasted text, a syndicated copy). Cleared when the publisher changes.
    publisher_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publisher_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Work after a new text, marked in the transaction that stores it and cleared by its job; the sweep
    # (claims.document_jobs) sends the job again for a mark left too long, so a lost job is not lost work.
    reanchor_pending_since = models.DateTimeField(null=True, blank=True, editable=False)
    suggestions_pending_since = models.DateTimeField(null=True, blank=True, editable=False)
    # How many times a job began the work its mark asks for (claims.document_jobs): a job that dies on the
    # document each time (a worker killed on it) is given up after FACTCHECK_DOCUMENT_JOBS_ATTEMPTS, not
    # sent again forever. Back to 0 whenever the mark is set anew or cleared.
    # db_default: rows written by code that predates the column (a migration test, a rolling deploy) count 0.
    reanchor_attempts = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)
    suggestions_attempts = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One document per URL: re-importing a URL makes a revision, not a duplicate.
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="document_url_unique"),
            models.CheckConstraint(condition=~Q(title=""), name="document_title_not_empty"),
            # Every reader sees a document's URL: a "user:password@" in it would publish the password.
            models.CheckConstraint(
                condition=~Q(url__regex=r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@"),
                name="document_url_without_credentials",
                violation_error_message="Remove the user name and password from the URL: readers see it.",
            ),
        ]
        indexes = [
            models.Index(fields=["publisher", "-created_at"]),
            models.Index(fields=["language"]),
            # The sweeps look for the few marked documents among all.
            models.Index(
                fields=["reanchor_pending_since"],
                condition=Q(reanchor_pending_since__isnull=False),
                name="document_reanchor_pending",
            ),
            models.Index(
                fields=["suggestions_pending_since"],
                condition=Q(suggestions_pending_since__isnull=False),
                name="document_suggest_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def text(self) -> str:
        return self.current_revision.text if self.current_revision else ""

    @property
    def publisher_verified(self) -> bool:
        """Whether the document counts with its publisher's reliability (sources.attribution)."""
        publisher = self.publisher
        return publisher is not None and attribution_verified(
            url=self.url,
            domain=publisher.domain,
            domains=publisher.domains,
            confirmed=self.publisher_confirmed_at is not None,
        )


class RevisionOrigin(models.TextChoices):
    TEXT = "text", "Pasted text"
    FILE = "file", "Uploaded or local file"
    URL = "url", "Fetched URL"


class DocumentRevision(models.Model):
    """One stored version of a document's text; immutable once written."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = LargeTextField()
    # Stored, not computed: the span triggers compare every span's end with it, and reading the length
    # of a long text for each of thousands of spans made re-anchoring slow. The text never changes.
    length = models.PositiveIntegerField(help_text="Length of the text in Unicode code points.")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the normalised text (hex).")
    origin = models.CharField(max_length=8, choices=RevisionOrigin.choices)
    origin_name = models.CharField(
        max_length=2000, blank=True, help_text="The file name or URL the text came from."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="revision_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
            models.CheckConstraint(condition=~Q(text=""), name="revision_text_not_empty"),
            models.CheckConstraint(condition=Q(length=Length("text")), name="revision_length_of_text"),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"), name="revision_hash_sha256"
            ),
        ]
        indexes = [models.Index(fields=["content_hash"])]

    def __str__(self) -> str:
        return f"{self.document_id} r{self.number}"

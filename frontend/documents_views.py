"""HTML views for the dashboard, the document list and the import page (and its per-file JSON endpoint).

Imports go through the same request serializer and import service as POST /api/v1/documents/, so the
browser shows exactly the API's refusals, beside the field they are about.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.models import Claim
from frontend.dashboard import dashboard as dashboard_data
from frontend.pagination import list_page
from sources import services
from sources.errors import ImportRefused
from sources.imports import RESULT_WORDS, import_summary
from sources.models import Document, Language, Publisher
from sources.permissions import is_editor
from sources.rest import error_body, parse_id
from sources.selectors import document_list as documents_selector
from sources.serializers import DocumentImportSerializer

PAGE_SIZE = 25
TABS = ("text", "file", "url")
LANGUAGES = [(code, label) for code, label in Language.choices if code]
# How import.js says each kind of a file's result (its label, its count in the summary), as the page does.
RESULT_WORDS_JSON = json.dumps({kind: asdict(words) for kind, words in RESULT_WORDS.items()})
# What each tab of the import page sends besides its source; anything else in the POST is ignored.
TAB_FIELDS = {
    "text": ("text", "format", "title", "url", "publisher", "language", "document"),
    "file": ("publisher", "language", "document"),
    "url": ("source_url", "title", "publisher", "language", "document"),
}
# Pastes and uploads carry no address that could tell a new revision from a new document, so one whose
# title and publisher match an existing document is stopped with a choice; "separate" is the editor's
# answer that it is another document.
LOOKALIKE_TABS = ("text", "file")
# The API's "Give exactly one of text, file or source_url." is about the shape of a JSON request;
# in the browser it can only mean the one field of the tab was left empty.
MISSING_SOURCE = {
    "text": ("text", "Paste the text to import."),
    "file": ("file", "Choose one or more files to import."),
    "url": ("source_url", "Enter the address of a web page to fetch."),
}


def reader_url(document_id: int) -> str:
    """The reader page of a document (its route belongs to the reader module, which may not exist yet)."""
    try:
        return reverse("document-read", args=[document_id])
    except NoReverseMatch:
        return f"/documents/{document_id}/"


# --- Dashboard ------------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frontend/dashboard.html",
        {"dashboard": dashboard_data(), "can_import": is_editor(request.user)},
    )


# --- Document list --------------------------------------------------------------------------------------


class DocumentFilterForm(forms.Form):
    """The list's query string; a value that no longer fits (a deleted publisher) is reported, not a 500."""

    q = forms.CharField(required=False, max_length=200, strip=True)
    publisher = forms.ModelChoiceField(queryset=Publisher.objects.order_by("name"), required=False)
    language = forms.ChoiceField(
        choices=[("", "All languages"), *LANGUAGES],
        required=False,
        # Said as the page notes say a page past the end: what was asked for, and what is shown instead.
        error_messages={
            "invalid_choice": "There is no language “%(value)s”; documents in every language are shown."
        },
    )


def _claim_count() -> Coalesce:
    # A subquery, not Count("claims"): joining claims beside revisions would multiply both counts.
    claims = (
        Claim.objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(claims, output_field=IntegerField()), 0)


def filtered_documents(*, q: str, publisher: Publisher | None, language: str) -> QuerySet[Document]:
    documents = documents_selector(search=q).annotate(claim_count=_claim_count())
    if publisher is not None:
        documents = documents.filter(publisher=publisher)
    if language:
        documents = documents.filter(language=language)
    return documents


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET)
    form.is_valid()  # the valid filters apply; an invalid one is shown beside its field
    chosen = form.cleaned_data
    documents = filtered_documents(
        q=chosen.get("q", ""), publisher=chosen.get("publisher"), language=chosen.get("language", "")
    )
    shown = list_page(documents, per_page=PAGE_SIZE, asked=request.GET.get("page"))
    context = {
        "form": form,
        "page": shown.page,
        "page_note": shown.note,
        "filtered": any(chosen.get(name) for name in ("q", "publisher", "language")),
        "can_import": is_editor(request.user),
    }
    # Search as you type swaps only the results; a full load (or a reload of the pushed URL) gets the page.
    template = "frontend/documents/partials/results.html" if request.htmx else "frontend/documents/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Import ---------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """One import's outcome as the page and import.js show it: a document, or the refusal by field."""

    name: str
    outcome: services.ImportOutcome | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    code: str = ""
    existing: Document | None = None  # the document a "possible_revision" refusal is about

    @property
    def ok(self) -> bool:
        return self.outcome is not None

    @property
    def needs_choice(self) -> bool:
        """Refused only until the editor says: a new revision of `existing`, or another document."""
        return self.existing is not None and self.code == "possible_revision"

    @property
    def kind(self) -> str:
        """What became of the file, as a key of RESULT_WORDS."""
        if self.outcome is not None:
            return self.outcome.status.value
        # A file like an existing document is stored once the editor says what it is: nothing failed yet.
        return "needs_choice" if self.needs_choice else "failed"

    @property
    def status_label(self) -> str:
        return RESULT_WORDS[self.kind].label

    @property
    def document_url(self) -> str:
        return reader_url(self.outcome.document.pk) if self.outcome else ""

    @property
    def messages(self) -> list[str]:
        return [message for field_messages in self.errors.values() for message in field_messages]

    def as_json(self) -> dict[str, Any]:
        if self.outcome is None:
            body = error_body(self.code or "invalid", self.errors)
            if self.existing is not None:
                body["existing_document"] = {"id": self.existing.pk, "title": self.existing.title}
            return body
        document = self.outcome.document
        return {
            "name": self.name,
            "import_status": self.outcome.status.value,
            "status_label": self.status_label,
            "document_id": document.pk,
            "title": document.title,
            "revision": self.outcome.revision.number,
            "url": self.document_url,
        }


def import_one(
    data: dict[str, Any], *, name: str, user: AbstractBaseUser, refuse_lookalike: bool = False
) -> ImportResult:
    """Validate like the API, then import through the service; nothing is stored when refused."""
    request = DocumentImportSerializer(data=data)
    if not request.is_valid():
        errors = {key: [str(message) for message in values] for key, values in request.errors.items()}
        first = next(iter(request.errors.values()))[0]
        return ImportResult(name=name, errors=errors, code=getattr(first, "code", "invalid"))
    try:
        outcome = services.document_import_validated(
            data=request.validated_data, user=user, refuse_lookalike=refuse_lookalike
        )
    except ImportRefused as refusal:
        existing = Document.objects.filter(pk=refusal.document_id).first() if refusal.document_id else None
        errors = {refusal.field: [refusal.message]}
        return ImportResult(name=name, errors=errors, code=refusal.code, existing=existing)
    return ImportResult(name=name, outcome=outcome)


def _refuse_lookalike(request: HttpRequest, tab: str) -> bool:
    return tab in LOOKALIKE_TABS and not request.POST.get("separate")


def _revision_target(value: str | None) -> Document | None:
    """The document a "new revision of" import is for (?document=ID or the posted field), if it exists."""
    document_id = parse_id(value)
    return Document.objects.filter(pk=document_id).first() if document_id is not None else None


def _form_errors(tab: str, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The refusal's errors keyed by the input of this tab they belong beside."""
    errors = {key: list(values) for key, values in errors.items()}
    if "non_field_errors" in errors:
        key, message = MISSING_SOURCE[tab]
        errors.pop("non_field_errors")
        errors.setdefault(key, []).append(message)
    if tab == "url" and "url" in errors:
        # A fetch refusal names "url" (the API's field); on this tab the page address is source_url.
        errors.setdefault("source_url", []).extend(errors.pop("url"))
    return errors


def _success_message(outcome: services.ImportOutcome) -> SafeString:
    """The title in its own <bdi>: a right-to-left title, or a direction override in one, stays inside it
    rather than reordering the sentence around it."""
    title = outcome.document.title
    if outcome.status is services.ImportStatus.UNCHANGED:
        return format_html("Unchanged: “<bdi>{}</bdi>” already has exactly this text.", title)
    if outcome.status is services.ImportStatus.NEW_REVISION:
        return format_html(
            "New revision: “<bdi>{}</bdi>” is now at revision {}.", title, outcome.revision.number
        )
    return format_html("Imported “<bdi>{}</bdi>”.", title)


def _import_page(
    request: HttpRequest, *, tab: str, status: int = 200, revision_of: Document | None = None, **context: Any
) -> HttpResponse:
    """The import page; with `revision_of`, every tab imports a new revision of that document."""
    forms_by_tab = {name: {"values": {}, "errors": {}} for name in TABS}
    forms_by_tab.update(context.pop("forms", {}))
    return render(
        request,
        "frontend/documents/import.html",
        {
            "tab": tab,
            "text_form": forms_by_tab["text"],
            "file_form": forms_by_tab["file"],
            "url_form": forms_by_tab["url"],
            "languages": LANGUAGES,
            "publisher_names": Publisher.objects.order_by("name").values_list("name", flat=True)[:500],
            "max_bytes": settings.FACTCHECK_IMPORT_MAX_BYTES,
            "import_limit": services.import_limit(),
            "revision_of": revision_of,
            "revision_of_url": reader_url(revision_of.pk) if revision_of else "",
            "result_words": RESULT_WORDS_JSON,
            **context,
        },
        status=status,
    )


def _posted(request: HttpRequest, tab: str) -> dict[str, str]:
    """The tab's fields as the API would get them: a form sends "" for an empty field, which a JSON
    client leaves out (and the API's serializer would refuse as blank)."""
    return {name: request.POST[name] for name in TAB_FIELDS[tab] if request.POST.get(name, "") != ""}


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/documents/import_forbidden.html", status=403)


@login_required
@require_http_methods(["GET", "POST"])
def document_import(request: HttpRequest) -> HttpResponse:
    """The import page. Works without JavaScript: each tab's form posts here and the page comes back
    with the refusal beside the field, or the browser goes on to the imported document."""
    if not is_editor(request.user):
        return _forbidden(request)
    if request.method == "GET":
        tab = request.GET.get("tab", "text")
        revision_of = _revision_target(request.GET.get("document"))
        return _import_page(request, tab=tab if tab in TABS else "text", revision_of=revision_of)

    tab = request.POST.get("source", "text")
    tab = tab if tab in TABS else "text"
    values = _posted(request, tab)
    if tab == "file":
        return _import_files(request, values)
    result = import_one(
        values,
        name=values.get("source_url") or "pasted text",
        user=request.user,
        refuse_lookalike=_refuse_lookalike(request, tab),
    )
    if result.outcome is None:
        form = {"values": values, "errors": _form_errors(tab, result.errors), "existing": result.existing}
        revision_of = _revision_target(values.get("document"))
        return _import_page(request, tab=tab, status=400, forms={tab: form}, revision_of=revision_of)
    messages.success(request, _success_message(result.outcome))
    return HttpResponseRedirect(result.document_url)


def _import_files(request: HttpRequest, values: dict[str, str]) -> HttpResponse:
    """Each file is its own import: a bad file is reported beside the good ones, which are kept."""
    uploads: list[UploadedFile] = request.FILES.getlist("file")
    if not uploads:
        form = {"values": values, "errors": {"file": [MISSING_SOURCE["file"][1]]}}
        revision_of = _revision_target(values.get("document"))
        return _import_page(request, tab="file", status=400, forms={"file": form}, revision_of=revision_of)
    results = [
        import_one(
            {**values, "file": upload},
            name=upload.name or "upload",
            user=request.user,
            refuse_lookalike=_refuse_lookalike(request, "file"),
        )
        for upload in uploads
    ]
    if len(results) == 1 and results[0].outcome is not None:
        messages.success(request, _success_message(results[0].outcome))
        return HttpResponseRedirect(results[0].document_url)
    failed_all = not any(result.ok for result in results)
    form = {"values": values, "errors": {}}
    return _import_page(
        request,
        revision_of=_revision_target(values.get("document")),
        tab="file",
        status=400 if failed_all else 200,
        forms={"file": form},
        file_results=results,
        file_summary=import_summary(Counter(result.kind for result in results)),
    )


@require_POST
def document_import_file(request: HttpRequest) -> JsonResponse:
    """One uploaded file → JSON, for import.js: the document, or the API's error shape and status."""
    if not request.user.is_authenticated:
        body = error_body("not_authenticated", detail="Sign in to import documents.")
        return JsonResponse(body, status=403)
    if not is_editor(request.user):
        body = error_body("permission_denied", detail="Only editors can import documents.")
        return JsonResponse(body, status=403)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse(error_body("required", {"file": [MISSING_SOURCE["file"][1]]}), status=400)
    values = _posted(request, "file")
    result = import_one(
        {**values, "file": upload},
        name=upload.name or "upload",
        user=request.user,
        refuse_lookalike=_refuse_lookalike(request, "file"),
    )
    if result.outcome is None:
        return JsonResponse(result.as_json(), status=400)
    unchanged = result.outcome.status is services.ImportStatus.UNCHANGED
    return JsonResponse(result.as_json(), status=200 if unchanged else 201)

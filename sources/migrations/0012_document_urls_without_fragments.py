"""Stored document URLs lose their fragment (`…/a#comments` becomes `…/a`), as every import's URL has since
identity.document_url dropped it: otherwise fetching `…/a#comments` again looks up `…/a`, misses the
stored `…/a#comments` and makes a second document beside it.

A row whose URL without its fragment is already another document's (URLs are unique: `…/a` imported
too, or `…/a#top` and `…/a#comments` both stored, the older of which takes `…/a`) is left as it is: the two
are separate documents with their own claims, and merging them is an editor's decision, not a migration's.

The fragment is dropped here by urllib, not by calling identity.document_url: a migration does what the
rule was when it was written, whatever that function does later. Stored URLs hold no credentials (the
document_url_without_credentials constraint), so the fragment is all there is to drop. Not reversible in
substance: which rows had a fragment is not kept, so migrating back leaves the URLs as they are.
"""

from urllib.parse import urlsplit, urlunsplit

from django.db import migrations


def _without_fragment(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # not a URL urllib reads (a bracketed host gone wrong): left as stored
    return urlunsplit(parts._replace(fragment=""))


def document_urls_strip_fragments(apps, schema_editor):
    Document = apps.get_model("sources", "Document")
    with_fragment = Document.objects.filter(url__contains="#").order_by("created_at", "id")
    for pk, url in with_fragment.values_list("pk", "url").iterator():
        stripped = _without_fragment(url)
        if stripped == url or Document.objects.filter(url=stripped).exists():
            continue
        Document.objects.filter(pk=pk).update(url=stripped)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0011_document_reanchor_attempts"),
    ]

    operations = [
        migrations.RunPython(document_urls_strip_fragments, migrations.RunPython.noop, elidable=True),
    ]

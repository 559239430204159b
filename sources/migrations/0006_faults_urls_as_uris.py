"""Stored document and publisher URLs become URIs (sources.uris.uri_from), as new ones are stored: `"<>`,
spaces and non-ASCII percent-encoded. A document whose encoded URL another document already has keeps
its own (the unique URL decides; an editor merges them)."""

from django.db import migrations
from django.db.models import Q

from sources.uris import uri_from

UNSAFE = Q(url__regex=r'[^!#$%&\'()*+,\-./0-9:;=?@A-Z\[\]_a-z~]')


def urls_as_uris(apps, schema_editor):
    Document = apps.get_model("sources", "Document")
    Publisher = apps.get_model("sources", "Publisher")
    for model in (Document, Publisher):
        limit = model._meta.get_field("url").max_length
        for pk, url in model.objects.filter(UNSAFE).values_list("pk", "url").iterator():
            uri = uri_from(url)
            if uri == url or len(uri) > limit:
                continue
            if model is Document and Document.objects.filter(url=uri).exists():
                continue
            model.objects.filter(pk=pk).update(url=uri)


class Migration(migrations.Migration):
    dependencies = [("sources", "0005_revision_length")]

    operations = [migrations.RunPython(urls_as_uris, migrations.RunPython.noop)]

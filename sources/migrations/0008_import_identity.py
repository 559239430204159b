"""Every language lingua detects; no credentials in a document's URL (existing ones stripped first)."""

from urllib.parse import urlsplit, urlunsplit

from django.db import migrations, models


def strip_url_credentials(apps, schema_editor):
    """Existing URLs lose their "user:password@"; one that would then repeat another document's URL is
    emptied (the unique constraint allows one document per URL)."""
    Document = apps.get_model("sources", "Document")
    for document in Document.objects.filter(url__regex=r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@"):
        parts = urlsplit(document.url)
        stripped = urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[1], parts.path, parts.query, parts.fragment))
        taken = Document.objects.filter(url=stripped).exclude(pk=document.pk).exists()
        Document.objects.filter(pk=document.pk).update(url="" if taken else stripped)


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0007_trust_publisher_attribution'),
    ]

    operations = [
        migrations.AlterField(
            model_name='document',
            name='language',
            field=models.CharField(blank=True, choices=[('af', 'Afrikaans'), ('sq', 'Albanian'), ('ar', 'Arabic'), ('hy', 'Armenian'), ('az', 'Azerbaijani'), ('eu', 'Basque'), ('be', 'Belarusian'), ('bn', 'Bengali'), ('nb', 'Bokmal'), ('bs', 'Bosnian'), ('bg', 'Bulgarian'), ('ca', 'Catalan'), ('zh', 'Chinese'), ('hr', 'Croatian'), ('cs', 'Czech'), ('da', 'Danish'), ('nl', 'Dutch'), ('en', 'English'), ('eo', 'Esperanto'), ('et', 'Estonian'), ('fi', 'Finnish'), ('fr', 'French'), ('lg', 'Ganda'), ('ka', 'Georgian'), ('de', 'German'), ('el', 'Greek'), ('gu', 'Gujarati'), ('he', 'Hebrew'), ('hi', 'Hindi'), ('hu', 'Hungarian'), ('is', 'Icelandic'), ('id', 'Indonesian'), ('ga', 'Irish'), ('it', 'Italian'), ('ja', 'Japanese'), ('kk', 'Kazakh'), ('ko', 'Korean'), ('la', 'Latin'), ('lv', 'Latvian'), ('lt', 'Lithuanian'), ('mk', 'Macedonian'), ('ms', 'Malay'), ('mi', 'Maori'), ('mr', 'Marathi'), ('mn', 'Mongolian'), ('nn', 'Nynorsk'), ('fa', 'Persian'), ('pl', 'Polish'), ('pt', 'Portuguese'), ('pa', 'Punjabi'), ('ro', 'Romanian'), ('ru', 'Russian'), ('sr', 'Serbian'), ('sn', 'Shona'), ('sk', 'Slovak'), ('sl', 'Slovene'), ('so', 'Somali'), ('st', 'Sotho'), ('es', 'Spanish'), ('sw', 'Swahili'), ('sv', 'Swedish'), ('tl', 'Tagalog'), ('ta', 'Tamil'), ('te', 'Telugu'), ('th', 'Thai'), ('ts', 'Tsonga'), ('tn', 'Tswana'), ('tr', 'Turkish'), ('uk', 'Ukrainian'), ('ur', 'Urdu'), ('vi', 'Vietnamese'), ('cy', 'Welsh'), ('xh', 'Xhosa'), ('yo', 'Yoruba'), ('zu', 'Zulu'), ('', 'Unknown')], max_length=8),
        ),
        migrations.RunPython(strip_url_credentials, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=models.Q(("url__regex", "^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@"), _negated=True),
                name="document_url_without_credentials",
                violation_error_message="Remove the user name and password from the URL: readers see it.",
            ),
        ),
    ]

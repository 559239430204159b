"""The suggestion models, taken over from the claims app with their tables and rows (state only).

claims 0010 made the tables claims_passage, claims_claimsuggestion and claims_evidencesuggestion (and,
on PostgreSQL, the GIN index on claims_passage.search); claims 0018 removed the models from the claims
app's state. Here they enter this app's state with the same tables, indexes and constraints: nothing is
done to the database, on a fresh one or an existing one.
"""

import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.expressions
import django.db.models.functions.text
import sources.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("claims", "0018_assist_moves_out"),
        ("sources", "0009_jobs_document_pending"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ClaimSuggestion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("score", models.FloatField(help_text="How strongly it is suggested, 0–1.")),
                        (
                            "reasons",
                            models.JSONField(default=list, help_text="Why, in words an editor can check."),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("accepted", "Accepted"),
                                    ("dismissed", "Dismissed"),
                                ],
                                default="open",
                                max_length=16,
                            ),
                        ),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("start", models.PositiveIntegerField()),
                        ("end", models.PositiveIntegerField()),
                        ("exact", models.TextField()),
                        ("key", models.CharField(help_text="quote_key(exact)", max_length=64)),
                        ("speaker", models.CharField(blank=True, max_length=200)),
                        (
                            "speaker_role",
                            models.CharField(
                                choices=[
                                    ("author", "Author"),
                                    ("quoted", "Quoted person"),
                                    ("commenter", "Commenter"),
                                ],
                                default="author",
                                max_length=16,
                            ),
                        ),
                        (
                            "claim",
                            models.ForeignKey(
                                blank=True,
                                help_text="Made on accept.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="claims.claim",
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="claim_suggestions",
                                to="sources.document",
                            ),
                        ),
                        (
                            "revision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="sources.documentrevision",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "claims_claimsuggestion",
                        "ordering": ["document_id", "start", "id"],
                        "indexes": [
                            models.Index(
                                fields=["document", "status", "start"], name="claims_clai_documen_a353c9_idx"
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("status__in", ["open", "accepted", "dismissed"])),
                                name="claim_suggestion_status_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("score__gte", 0), ("score__lte", 1)),
                                name="claim_suggestion_score_0_1",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status", "open"), ("decided_at__isnull", False), _connector="OR"
                                ),
                                name="claim_suggestion_decided_when",
                            ),
                            models.UniqueConstraint(
                                fields=("document", "key"), name="claim_suggestion_once_per_document"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("end__gt", models.F("start")),
                                    (
                                        "end",
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("start"),
                                            "+",
                                            django.db.models.functions.text.Length("exact"),
                                        ),
                                    ),
                                ),
                                name="claim_suggestion_span_matches_quote",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("speaker_role__in", ["author", "quoted", "commenter"])),
                                name="claim_suggestion_role_valid",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="EvidenceSuggestion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("score", models.FloatField(help_text="How strongly it is suggested, 0–1.")),
                        (
                            "reasons",
                            models.JSONField(default=list, help_text="Why, in words an editor can check."),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("accepted", "Accepted"),
                                    ("dismissed", "Dismissed"),
                                ],
                                default="open",
                                max_length=16,
                            ),
                        ),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("start", models.PositiveIntegerField()),
                        ("end", models.PositiveIntegerField()),
                        ("exact", models.TextField()),
                        ("key", models.CharField(help_text="quote_key(exact)", max_length=64)),
                        (
                            "stance",
                            models.CharField(
                                choices=[
                                    ("supports", "Supports"),
                                    ("contradicts", "Contradicts"),
                                    ("mixed", "Mixed"),
                                    ("context", "Context"),
                                ],
                                help_text="The stance proposed.",
                                max_length=16,
                            ),
                        ),
                        ("stance_confidence", models.FloatField(default=0.0)),
                        (
                            "claim",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="evidence_suggestions",
                                to="claims.claim",
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="sources.document",
                            ),
                        ),
                        (
                            "evidence",
                            models.ForeignKey(
                                blank=True,
                                help_text="Linked on accept.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="claims.evidence",
                            ),
                        ),
                        (
                            "revision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="sources.documentrevision",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "claims_evidencesuggestion",
                        "ordering": ["claim_id", "-score", "id"],
                        "indexes": [
                            models.Index(
                                fields=["claim", "status", "-score"], name="claims_evid_claim_i_d3f06d_idx"
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("status__in", ["open", "accepted", "dismissed"])),
                                name="evidence_suggestion_status_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("score__gte", 0), ("score__lte", 1)),
                                name="evidence_suggestion_score_0_1",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status", "open"), ("decided_at__isnull", False), _connector="OR"
                                ),
                                name="evidence_suggestion_decided_when",
                            ),
                            models.UniqueConstraint(
                                fields=("claim", "document", "key"), name="evidence_suggestion_once_per_claim"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("end__gt", models.F("start")),
                                    (
                                        "end",
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("start"),
                                            "+",
                                            django.db.models.functions.text.Length("exact"),
                                        ),
                                    ),
                                ),
                                name="evidence_suggestion_span_matches_quote",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("stance__in", ["supports", "contradicts", "mixed", "context"])
                                ),
                                name="evidence_suggestion_stance_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("stance_confidence__gte", 0), ("stance_confidence__lte", 1)
                                ),
                                name="evidence_suggestion_confidence_0_1",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Passage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("start", models.PositiveIntegerField()),
                        ("end", models.PositiveIntegerField()),
                        ("text", sources.models.LargeTextField()),
                        ("kind", models.CharField(max_length=16)),
                        ("language", models.CharField(blank=True, max_length=8)),
                        (
                            "speaker",
                            models.CharField(
                                blank=True, help_text="The commenter, for a reader comment.", max_length=200
                            ),
                        ),
                        ("terms", models.TextField(blank=True)),
                        (
                            "search",
                            django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="passages",
                                to="sources.document",
                            ),
                        ),
                        (
                            "revision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="passages",
                                to="sources.documentrevision",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "claims_passage",
                        "ordering": ["document_id", "start", "id"],
                        "indexes": [
                            models.Index(fields=["document", "start"], name="claims_pass_documen_69a10d_idx")
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("end__gt", models.F("start")),
                                    (
                                        "end",
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("start"),
                                            "+",
                                            django.db.models.functions.text.Length("text"),
                                        ),
                                    ),
                                ),
                                name="passage_span_matches_text",
                            ),
                            models.UniqueConstraint(
                                fields=("revision", "start"), name="passage_once_per_revision"
                            ),
                        ],
                    },
                ),
            ],
        )
    ]

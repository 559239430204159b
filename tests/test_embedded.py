"""The embedded mode `make run` starts, with no environment at all: SQLite under var/, jobs in-process.
The rest of the suite runs on PostgreSQL; this runs a newcomer's first steps in a fresh SQLite database,
in a process of its own, so the SQLite migrations (with their triggers), the Python ranking of evidence
and the in-process jobs are exercised as a first run meets them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FIRST_STEPS = """
import json
from django.core.management import call_command
from django.test import Client
from claims.models import Claim, Evidence
from claims.assist.models import ClaimSuggestion, EvidenceSuggestion

call_command("migrate", verbosity=0)
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    triggers = sorted(row[0] for row in cursor.fetchall())
call_command("load_demo")
client = Client(HTTP_HOST="127.0.0.1")  # the default ALLOWED_HOSTS of the embedded mode
signed_in = client.post("/login/", {"username": "admin", "password": "factcheck-demo"})
assert signed_in.status_code == 302, signed_in.status_code
guesser = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="10.9.8.7")
guesses = [guesser.post("/login/", {"username": "nobody", "password": "x"}).status_code for _ in range(6)]
article = client.get("/api/v1/documents/", {"q": "Solarfähre"}).json()["results"][0]
page = client.get(f"/documents/{article['id']}/")
proposed = client.get("/api/v1/claim-suggestions/", {"document": article["id"]}).json()["results"]
JSON = "application/json"
made = client.post(f"/api/v1/claim-suggestions/{proposed[0]['id']}/accept/", {}, content_type=JSON)
link = {"claim": made.json()["id"], "document": article["id"], "stance": "context"}
duplicate = client.post("/api/v1/evidence/", link, content_type=JSON)
twice = client.post("/api/v1/evidence/", link, content_type=JSON)
comment = Claim.objects.get(speaker="ThomasReid")
linked_to = (comment.pk, made.json()["id"])
counted = [client.get(f"/api/v1/claims/{pk}/").json()["evidence_count"] for pk in linked_to]
print(json.dumps({
    "reader": page.status_code,
    "accepted": made.status_code,
    "linked": duplicate.status_code,
    "linked twice": [twice.status_code, twice.json()["code"]],
    "comment verdict": comment.verdict,
    "evidence counted": counted,
    "evidence stored": [Evidence.objects.filter(claim_id=pk).count() for pk in linked_to],
    "evidence suggested": EvidenceSuggestion.objects.filter(claim=comment).count(),
    "claims": Claim.objects.count(),
    "creations in history": Claim.history.filter(id=made.json()["id"], history_type="+").count(),
    "triggers": triggers,
    "sign-in guesses": guesses,
}))
"""


def test_a_first_run_works_on_sqlite_with_jobs_in_process(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL"}
    }
    env.update({"FACTCHECK_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "factcheck.settings"})

    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + FIRST_STEPS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert (tmp_path / "factcheck.sqlite3").exists()
    assert result["reader"] == 200 and result["accepted"] == 201 and result["linked"] == 201
    assert result["linked twice"] == [400, "duplicate"]  # refused with the reason, not a 500
    # The claims list and page show the evidence as linked (counts kept by SQLite triggers).
    assert result["evidence counted"] == result["evidence stored"] and result["evidence stored"][1] == 1
    # SQLite drops a table's triggers when a migration rebuilds it: every rule kept by a trigger is there.
    assert {
        "sources_revision_immutable",
        "claims_claim_created_history",
        "claims_evidence_counts_insert",
        "claims_evidence_counts_delete",
        "claims_evidence_counts_update",
        "claims_claim_span_inside_revision_insert",
        "claims_claim_span_inside_revision_update",
        "claims_evidence_span_inside_revision_insert",
        "claims_evidence_span_inside_revision_update",
    } <= set(result["triggers"])
    assert result["creations in history"] == 1  # written by the INSERT's trigger, once
    assert result["comment verdict"] in {"contradicted", "mostly_contradicted"}
    assert result["evidence suggested"] >= 1 and result["claims"] == 3
    assert result["sign-in guesses"] == [200, 200, 200, 200, 429, 429]  # throttled without Redis too

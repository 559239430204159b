"""Benchmark: creating claims from offsets under load, against the ceiling of a one-query DRF view.

gunicorn with 4 sync workers on 127.0.0.1, production settings, token auth; wrk with 8 connections
for a bounded time, in rounds of the ceiling then the create. The ceiling is GET /api/v1/me/: token
lookup plus one indexed query.
"""

from __future__ import annotations

import json
import statistics

from tests.bench.loadtest import fresh_database, gunicorn, run_django, wrk

SEED = """
import json
import statistics
from claims.tokens.services import api_token_create
from sources import services
from tests.factories import editor
sentence = "Die Solarfähre Aurelia hat einen Speicher mit 1,2 Megawattstunden, sagte der Kapitän am Montag. "
text = (sentence * 40)[:3000] + "\\n"
source = services.source_from_text(text)
outcome = services.document_import(source=source, overrides=services.ImportOverrides(title="Bench"))
key = api_token_create(user=editor("bench"), name="bench")[1]
print(json.dumps({"document": outcome.document.pk, "token": key}))
"""


def main(seconds: int = 4, rounds: int = 5) -> None:
    url = fresh_database("factcheck_bench_api")
    seed = json.loads(run_django(url, SEED).strip().splitlines()[-1])
    body = {
        "document": seed["document"],
        "start": 120,
        "end": 175,
        "speaker": "Kapitän",
        "speaker_role": "quoted",
    }
    print("== API under load: gunicorn 4 sync workers, token auth, 8 connections ==")
    shares = []
    with gunicorn(url) as base:
        # Warm up both: each worker's first requests import views and open its database connection.
        wrk(f"{base}/api/v1/me/", token=seed["token"], seconds=2)
        wrk(f"{base}/api/v1/claims/", token=seed["token"], method="POST", body=body, seconds=2)
        # Rounds of one then the other, so that whatever else the machine does weighs on both alike.
        for number in range(1, rounds + 1):
            ceiling = wrk(f"{base}/api/v1/me/", token=seed["token"], seconds=seconds)
            create = wrk(
                f"{base}/api/v1/claims/", token=seed["token"], method="POST", body=body, seconds=seconds
            )
            print(ceiling.line(f"{number}. ceiling: GET /api/v1/me/"))
            print(create.line(f"{number}. POST /api/v1/claims/ (3 KB document)"))
            shares.append(create.per_second / ceiling.per_second)
    each = ", ".join(f"{share:.0%}" for share in shares)
    median = statistics.median(shares)
    print(f"create claim = {median:.0%} of the ceiling, median of {rounds} rounds ({each}); target >= 60%")


if __name__ == "__main__":
    main()

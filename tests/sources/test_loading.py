"""sources/loading.py: a loader asked for by many threads at once loads once."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from sources.loading import load_once


def test_threads_asking_at_once_wait_for_one_load() -> None:
    loads = []

    @load_once
    def dictionary() -> dict[str, str]:
        loads.append(1)
        time.sleep(0.2)  # long enough for every thread to ask before it is done
        return {"Fähre": "ferry"}

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: dictionary(), range(8)))
    assert len(loads) == 1
    assert all(answer is answers[0] for answer in answers)

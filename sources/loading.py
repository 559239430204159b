"""Data loaded once per process, on first use: language models and dictionaries.

Pure Python, no Django. `functools.cache` lets every thread that asks before the first load finishes load
it again: runserver and the embedded mode's in-process jobs serve many requests at once, and 20 uploads
then each built the same dictionary (seconds of CPU and its memory apiece). `load_once` makes the others
wait for the first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def load_once(load: Callable[P, T]) -> Callable[P, T]:
    """`functools.cache` for loaders: concurrent first calls wait for one load instead of repeating it."""
    cached = cache(load)
    lock = threading.Lock()

    @wraps(load)
    def loaded(*args: P.args, **kwargs: P.kwargs) -> T:
        with lock:
            return cached(*args, **kwargs)

    loaded.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return loaded

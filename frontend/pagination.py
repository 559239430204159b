"""A page of a browser list from the `?page=` of its address, and a note when that is not the page asked for.

The API answers 404 for a page past the end; a person who followed an old link, or changed the number in
the address, is better served by the list's last page and a word saying so. A value that is no page
number at all (or below 1) shows the first page, with a note too: never a different page in silence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.html import format_html


@dataclass(frozen=True)
class ListPage:
    page: Page
    note: str  # why the page shown is not the one asked for; "" when it is


def list_page(items: QuerySet[Any] | Sequence[Any], *, per_page: int, asked: str | None) -> ListPage:
    paginator = Paginator(items, per_page)
    if not asked:
        return ListPage(paginator.page(1), "")
    try:
        number = int(asked)
    except ValueError:
        note = format_html("“<bdi>{}</bdi>” is not a page number; this is the first page.", asked[:40])
        return ListPage(paginator.page(1), note)
    last = paginator.num_pages
    if 1 <= number <= last:
        return ListPage(paginator.page(number), "")
    if number < 1:
        shown, where = 1, "the first page"
    else:
        shown, where = last, "the only page" if last == 1 else f"the last of {last} pages"
    return ListPage(paginator.page(shown), f"There is no page {number}; this is {where}.")

"""Object ids as they come in a URL or a query: the one check every view makes before it looks one up."""

from __future__ import annotations

# Ids are bigints (BigAutoField); a larger number is no id, and the database would refuse to compare it.
BIGINT_MAX = 2**63 - 1


def object_id(text: object) -> int | None:
    """The id `text` names, or None when it names none: ASCII digits only (str.isdigit() would also pass
    "²", which int() refuses) and small enough to be a bigint."""
    text = str(text)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= BIGINT_MAX else None

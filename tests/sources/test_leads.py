"""An article's lead, set above its body's container or marked as a teaser, is the text's first paragraph."""

from __future__ import annotations

from sources.extraction import extract

_LEAD = "The city council voted on Monday to close the old harbour bridge to cars from next spring."
_BODY = (
    "The bridge, built in 1923, carries about 14,000 cars a day, according to the city's own traffic count. "
    "Engineers found cracks in two of its piers last year and advised the council to act before winter."
)
_MORE = (
    "Shop owners on the harbour side fear that fewer people will come by. The council promised a free bus "
    "line across the new footbridge, which is to open in the summer, and a study of the traffic it brings."
)
_RELATED = "".join(
    f'<div class="teaser"><a href="/story{number}"><p>Another story number {number} about the harbour '
    "and its boats</p></a></div>"
    for number in range(3)
)


def _page(header: str, *, body_start: str = "", after: str = _RELATED) -> str:
    """A news page: the headline and the given header, then the article's body container, then teasers."""
    return (
        "<html><head><title>Harbour bridge to close</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/city">City</a></nav><article>'
        f"<header><h1>Harbour bridge to close to cars</h1>{header}</header>"
        f'<div class="article-content">{body_start}<p>{_BODY}</p><p>{_MORE}</p></div>'
        f"</article><aside>{after}</aside></body></html>"
    )


def test_a_lead_set_above_the_articles_body_opens_the_text() -> None:
    # trafilatura reads only the body's container ("article-content"): the lead above it was lost.
    page = _page(f'<div class="byline">By Ann Lee</div><p class="intro">{_LEAD}</p>')
    assert extract(page, kind="html").text == f"{_LEAD}\n{_BODY}\n{_MORE}"


def test_a_lead_marked_as_a_teaser_opens_the_text() -> None:
    # trafilatura discards every block whose class says "teaser", the article's own lead too.
    page = _page("", body_start=f'<div class="teaser-text"><p>{_LEAD}</p></div>')
    assert extract(page, kind="html").text == f"{_LEAD}\n{_BODY}\n{_MORE}"


def test_the_date_set_inside_the_lead_is_left_out() -> None:
    page = _page(f'<p class="intro"><span class="date">19.10.2019, 15:30</span><span>{_LEAD}</span></p>')
    assert extract(page, kind="html").text.startswith(f"{_LEAD}\n{_BODY}")


def test_a_lead_already_read_with_the_body_is_not_repeated() -> None:
    page = _page("", body_start=f'<p class="lead">{_LEAD}</p>')
    assert extract(page, kind="html").text == f"{_LEAD}\n{_BODY}\n{_MORE}"


def test_no_lead_is_taken_from_a_header_holding_the_headline_or_a_picture() -> None:
    # An "intro" holding the headline is the article's header; a "lead" holding a picture is its lead picture,
    # and the picture's caption is no lead either.
    page = _page(
        '<div class="intro"><h1>Harbour bridge to close to cars</h1>'
        "<p>City news from the harbour and beyond</p></div>"
        '<div class="lead"><img src="bridge.jpg">'
        "<p>The old harbour bridge seen from the south bank, in May.</p></div>"
    )
    assert extract(page, kind="html").text == f"{_BODY}\n{_MORE}"


def test_teasers_of_other_articles_far_from_the_body_stay_out() -> None:
    teasers = "".join(
        f'<p class="teaser">Read also: a long story number {number} about the harbour, not this one.</p>'
        for number in range(3)
    )
    filler = "<p>" + "A notice about the opening hours and the holidays of the town hall. " * 8 + "</p>"
    page = _page(f"{teasers}{filler}")
    text = extract(page, kind="html").text
    assert "Read also" not in text
    assert text.startswith(_BODY)

"""What kind of page a document is, as claim suggestions weigh it: a how-to that talks to its reader, a
news report that narrates events, a page dense with claims, a page with next to nothing to check. The
kind sets the score a sentence needs to be suggested, and on a how-to or a page with next to nothing to
check, what else it needs: an event narrated or a statement reported (checkworthiness.py).

Pure Python, no Django. A page is judged by its own sentences (body and title: not headings, not reader
comments) and the reasons `sentence_scoring` gave them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# A recipe, how-to or shop page: this share of its sentences instruct or address the reader.
HOW_TO_SHARE = 0.25
HOW_TO_MIN_SENTENCES = 4
HOW_TO_THRESHOLD = 0.6
# ... or a third of its sentences face the reader (instruct, ask, the writer's "I") and few narrate events.
READER_SHARE = 0.33
REPORT_FLOOR = 0.2
# A page dense with claims: a news report (this share of its sentences narrate events), or a page where
# DENSE_SHARE of its sentences reach the usual threshold. There the editors' labels take in plainer
# statements of fact too ("Die Polizei nahm ihn vorläufig fest."), so DENSE_THRESHOLD is enough. It is
# the operating point issue 17 asks for (recall >= 0.8 at precision >= 0.5), chosen on the labelled pages
# the rules were written on (0.2: precision 0.715, recall 0.746; 0.15: 0.680, 0.813; 0.1: 0.661, 0.831).
REPORT_SHARE = 0.3
DENSE_SHARE = 0.2
DENSE_THRESHOLD = 0.15
# A page with next to nothing to check (a guide without imperatives, docs): fewer than this share of its
# sentences reach the usual threshold; those few are mostly measures and steps, so it is treated as a how-to.
# "Next to nothing" is also few in number: a long interview where a dozen sentences reach it is not sparse,
# and a share alone made one penalty more or less drop a whole page to nothing.
SPARSE_SHARE = 0.1
SPARSE_MAX_SENTENCES = 5
# A page of neither kind, between SPARSE_SHARE and DENSE_SHARE, needs a score that falls with its share
# from the usual threshold to DENSE_THRESHOLD: a share one sentence short of DENSE_SHARE is no reason for
# a bar more than twice as high. Those pages are mostly short news reports and interviews whose facts
# score like a dense page's (on the pages the rules were written on, news recall 0.776 → 0.807 at
# precision 0.675 → 0.667; the other pages 0.557 / 0.442 → 0.530 / 0.455).

# (sentence, names, score, reasons) as checkworthiness.py scores them.
Scored = Sequence[tuple[Any, Any, float, tuple[str, ...]]]


def page_kind(scored: Scored, threshold: float) -> str:
    """ "how-to" (talks to its reader), "sparse" (next to nothing reaches `threshold`), "dense" (a news
    report, or a page where many sentences reach it), or "" (none of these)."""
    if is_how_to(scored):
        return "how-to"
    own = _own_scores(scored)
    reached = sum(score >= threshold for score in own)
    reaching = reaching_share(scored, threshold)
    if len(own) >= HOW_TO_MIN_SENTENCES and reaching < SPARSE_SHARE and reached < SPARSE_MAX_SENTENCES:
        return "sparse"
    if reaching >= DENSE_SHARE or is_report(scored):
        return "dense"
    return ""


def reaching_share(scored: Scored, threshold: float) -> float:
    """The share of a page's own sentences (body and title) that score at least `threshold`."""
    own = _own_scores(scored)
    return sum(score >= threshold for score in own) / len(own) if own else 0.0


def page_threshold(kind: str, threshold: float, reaching: float) -> float:
    """The score a sentence needs on a page of this kind, where `reaching` is the share of its own
    sentences that reach `threshold`."""
    if kind in {"how-to", "sparse"}:
        return max(threshold, HOW_TO_THRESHOLD)
    dense = min(threshold, DENSE_THRESHOLD)
    if kind == "dense":
        return dense
    between = min(1.0, max(0.0, (reaching - SPARSE_SHARE) / (DENSE_SHARE - SPARSE_SHARE)))
    return threshold - (threshold - dense) * between


def _own_scores(scored: Scored) -> list[float]:
    return [score for sentence, _, score, _ in scored if sentence.kind in {"body", "title"}]


def is_claim_on_page(kind: str, reasons: tuple[str, ...]) -> bool:
    """Whether a sentence that reaches its page's threshold is a claim there. On a page that talks to its
    reader or has next to nothing to check, figures and comparisons are measures and selling points ("wiegt
    nur 9 kg und ist leichter als …"): a sentence there is a claim only when it also narrates an event or
    reports what someone said."""
    return kind not in {"how-to", "sparse"} or _has(reasons, "event", "attributed", "reported speech")


def is_report(scored: Scored) -> bool:
    """Whether at least REPORT_SHARE of a page's own sentences narrate events: a news report, where each
    narrated step ("Die Polizei nahm ihn vorläufig fest.") is a fact an editor may check."""
    own = [reasons for sentence, _, _, reasons in scored if sentence.kind in {"body", "title"}]
    narrating = sum(any(r.startswith("event") for r in reasons) for reasons in own)
    return len(own) >= HOW_TO_MIN_SENTENCES and narrating >= REPORT_SHARE * len(own)


def is_how_to(scored: Scored) -> bool:
    """Whether a page talks to its reader rather than reporting: at least HOW_TO_SHARE of its own sentences
    (not headings, not comments) instruct or address the reader formally ("Sie", "Ihre"; a request,
    "please", does not count: notices make them on any page); or at least READER_SHARE instruct, ask, or
    speak of the writer outside a quotation, while fewer than REPORT_FLOOR narrate events (a how-to, a
    shop, a personal blog)."""
    own = [reasons for sentence, _, _, reasons in scored if sentence.kind in {"body", "title"}]
    if len(own) < HOW_TO_MIN_SENTENCES:
        return False

    def share(test: Callable[[tuple[str, ...]], bool]) -> float:
        return sum(map(test, own)) / len(own)

    # A question put to "Sie" addresses whoever is asked: in an interview, the person interviewed.
    if share(lambda reasons: _has(reasons, "instruction") or _addresses_reader(reasons)) >= HOW_TO_SHARE:
        return True
    # An interviewer's question, quoted or after "Name:", is put to the person interviewed (voices.py).
    reader_facing = share(
        lambda reasons: (
            _has(reasons, "instruction")
            or (_has(reasons, "a question") and not _has(reasons, "in a speaker's voice"))
            or _addresses_reader(reasons)
            or (_has(reasons, "first person") and not _has(reasons, "attribut", "reported", "a quotation"))
        )
    )
    return reader_facing >= READER_SHARE and share(lambda reasons: _has(reasons, "event")) < REPORT_FLOOR


def _addresses_reader(reasons: tuple[str, ...]) -> bool:
    return _has(reasons, "addresses the reader") and not _has(reasons, "a question")


def _has(reasons: tuple[str, ...], *starts: str) -> bool:
    return any(reason.startswith(starts) for reason in reasons)

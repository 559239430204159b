"""Stance suggestions: does a passage support or contradict a claim, and why.

Pure Python, no Django, no model: transparent rules, each proposal explained in its reasons. In order:

1. **Numbers** (quantities.py). Each number is tied to a subject: the names before it in its clause
   ("Das SkyRack 512 benötigt 560 kW"), else the name it belongs to ("the 130 kW of the Atlas NV64"), else
   a relative clause's antecedent ("… Norvex, das maximal 160 Petaflops erreicht"), else a name opening the
   sentence. Names that only say who is speaking ("laut Halvard", "Tianmu says") are not subjects. A
   claim's number is compared with the passage's numbers of the same kind whose subject matches best (the
   same name > one side unnamed; different names are never compared). Agreeing numbers support; a number
   that agrees with one the passage denies ("not the 60 MW") contradicts; numbers that differ contradict,
   unless either already agrees with another number (a passage often states several figures) or, where
   several figures of the kind are equally likely, nothing in their clauses says they are of the same thing
   (an investment and a subsidy). A share and a whole ("of which the state paid 4 million" / "it cost 9.5
   million") are not set against each other, and a claimed share is compared with the passage's share
   when it names one. Compute figures measured at different precisions (FP8 vs BF16) are not
   compared; a claimed 4-bit *design* is contradicted by figures at a higher precision.
2. **Descriptors** (descriptors.py): groups that exclude each other ("rack-scale system" vs
   "smartphone form factor", "Ökostrom" vs "Gasturbinen"), each asserted or denied; a word inside a name
   ("CloudMatrix 384 Supernode") describes nothing.
3. **Comparisons**: "X übertrifft Y", "X is faster than Y", "ahead of Y": the same order supports, the
   reverse contradicts.
4. Both supporting and contradicting findings make **mixed**.
5. Without any finding, the words decide: a passage saying much the same (half the words of the shorter
   text shared, in German and English also through the dictionary's translations) supports weakly, or
   contradicts when exactly one of the two is negated; some shared words or names make it **context**;
   nothing shared, no proposal (None).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claims.assist.rules.assertions import Finding as _Finding
from claims.assist.rules.assertions import same_day, states, superlatives
from claims.assist.rules.bilingual import shared_across
from claims.assist.rules.comparison import Comparison, compare, times
from claims.assist.rules.descriptors import Descriptor, find_descriptors, profile
from claims.assist.rules.names import name_terms
from claims.assist.rules.statements import CLAUSE_BREAK, StatedNumber, Statement, read_statement
from claims.assist.rules.terms import NEGATION_RE

__all__ = ["STANCES", "StanceProposal", "propose_stance"]

# The evidence stances an editor can choose. The rules name them themselves (they import nothing outside
# the rules package); tests/claims/assist/rules/test_stance.py holds them equal to claims.scoring.STANCES
# and to the Evidence model's choices.
STANCES = ("supports", "contradicts", "mixed", "context")

# Confidence of each kind of finding, 0–1.
AGREEING_NUMBERS = 0.75
DIFFERING_NUMBERS = 0.55  # + up to 0.3 more the further apart they are (a factor of ten or more: +0.3)
DENIED_NUMBER = 0.65
# Figures of one kind this many times apart are at different scales (two orders of magnitude).
SCALE_FACTOR = 100.0
DESCRIPTOR_AGREES = 0.55
DESCRIPTOR_CONFLICTS = 0.65
COMPARISON_AGREES = 0.6
COMPARISON_REVERSED = 0.7
SAME_WORDS = 0.4
SAME_WORDS_NEGATED = 0.5
CONTEXT = 0.3
_QUESTION = re.compile(r"\?\s*$")
# Share of the shorter text's words the other must contain to say "much the same".
SAME_WORDS_OVERLAP = 0.5
CONTEXT_OVERLAP = 0.2


@dataclass(frozen=True)
class StanceProposal:
    stance: str | None  # one of STANCES, or None when the passage seems unrelated
    confidence: float
    reasons: tuple[str, ...]


def propose_stance(claim: str, passage: str, claim_language: str, passage_language: str) -> StanceProposal:
    """The stance `passage` takes towards `claim` (supports, contradicts, mixed, context, or None), how sure
    the rules are (0–1), and why."""
    known = name_terms(claim, claim_language) | name_terms(passage, passage_language)
    a = read_statement(claim, claim_language, known)
    b = read_statement(passage, passage_language, known)
    if _QUESTION.search(claim) or _QUESTION.search(passage):
        # "120 MW?" doubts a figure rather than stating it: a question takes no side.
        proposal = _by_words(a, b, "")
        if proposal.stance is None:
            return proposal
        return StanceProposal("context", CONTEXT, ("a question takes no side", *proposal.reasons))
    number_findings, note, set_aside = _numbers(a, b)
    findings = [
        *number_findings,
        *_descriptors(a, b),
        *_comparisons(a, b),
        *states(a, b),
        *superlatives(a, b),
        *same_day(a, b),
    ]
    supporting = [f for f in findings if f.supports]
    contradicting = [f for f in findings if not f.supports]
    reasons = tuple(f.reason for f in findings)
    if supporting and contradicting:
        confidence = (
            0.8 * (max(f.confidence for f in supporting) + max(f.confidence for f in contradicting)) / 2
        )
        return StanceProposal("mixed", round(confidence, 2), ("parts agree and parts conflict", *reasons))
    if findings:
        stance = "supports" if supporting else "contradicts"
        return StanceProposal(stance, round(max(f.confidence for f in findings), 2), reasons)
    proposal = _by_words(a, b, note)
    if set_aside and proposal.stance in {"supports", "contradicts"}:
        # The words may match ("the new stadium", "million dollars"), but the figures are of other things.
        return StanceProposal("context", CONTEXT, (set_aside, *proposal.reasons))
    return proposal


# --- Numbers --------------------------------------------------------------------------------------------


def _numbers(a: Statement, b: Statement) -> tuple[list[_Finding], str, str]:
    """Findings from the numbers, a note when compute figures were left uncompared, and one when a share
    was not set against a whole."""
    note = _precision_conflict(a, b)
    pairs = []
    set_aside = ""
    for x in a.numbers:
        candidates = []
        for y in b.numbers:
            if "precision" in {x.quantity.dimension, y.quantity.dimension}:
                continue
            if note and x.quantity.dimension == "compute":
                continue
            comparison = compare(x.quantity, y.quantity)
            affinity = _affinity(x, y)
            if comparison.relation == "incomparable" or affinity == 0:
                continue
            if comparison.relation == "differs" and _bare_count(x, y):
                continue  # "20 Racks" and the "4" of "27 votes to 4": a bare number may count anything else
            if comparison.relation == "differs" and {x.role, y.role} == {"part", "total"}:
                # "the state paid 4 million" of a project that "cost 9.5 million": no conflict
                set_aside = set_aside or (
                    f"a share and a whole, not compared: claim {_said(x)} ({x.role}); "
                    f"passage {_said(y)} ({y.role})"
                )
                continue
            candidates.append((affinity, x, y, comparison))
        if candidates:
            best = max(c[0] for c in candidates)
            candidates = [c for c in candidates if c[0] == best]
            # Of figures as likely by their subject, the one in the same role ("of which the state paid").
            same_role = [c for c in candidates if x.role and c[2].role == x.role]
            pairs.extend(same_role or candidates)
    findings: list[_Finding] = []
    agreeing = [(x, y) for _, x, y, c in pairs if c.relation == "agrees"]
    for x, y in agreeing:
        if x.negated == y.negated:
            findings.append(
                _Finding(True, AGREEING_NUMBERS, f"numbers agree: claim {_said(x)}; passage {_said(y)}")
            )
        else:
            denied = "the passage denies" if y.negated else "the claim denies"
            findings.append(
                _Finding(False, DENIED_NUMBER, f"{denied} the number: claim {_said(x)}; passage {_said(y)}")
            )
    explained_a = {id(x) for x, _ in agreeing}
    explained_b = {id(y) for _, y in agreeing}
    for _, x, y, comparison in sorted(pairs, key=lambda c: (-c[0], c[2].quantity.start)):
        if comparison.relation != "differs" or x.negated or y.negated:
            continue
        if id(x) in explained_a or id(y) in explained_b:
            continue  # one of the two agrees with another figure: these two are about different things
        if _ambiguous(x, pairs) and not x.context & y.context and not _scales_apart(x, pairs):
            continue  # several figures of this kind, and nothing says these two are of the same thing
        explained_a.add(id(x))  # one finding per claimed number
        strength = math.log10(comparison.factor) if math.isfinite(comparison.factor) else 1.0
        findings.append(
            _Finding(
                False,
                DIFFERING_NUMBERS + 0.3 * min(1.0, max(0.0, strength)),
                f"numbers differ ({_times(comparison.factor)}): claim {_said(x)}; passage {_said(y)}",
            )
        )
    findings.extend(_designs(a, b))
    compute_claimed = any(x.quantity.dimension == "compute" for x in a.numbers)
    return findings, (note if compute_claimed else ""), set_aside


def _bare_count(x: StatedNumber, y: StatedNumber) -> bool:
    """Whether one of two counts is a bare number that does not say what it counts. It agrees with a count
    it equals ("512" and "512 Beschleuniger"), but differing says nothing: it may count anything else."""
    counts = x.quantity.dimension == "count" and y.quantity.dimension == "count"
    return counts and any(not q.unit and not q.noun for q in (x.quantity, y.quantity))


def _ambiguous(x: StatedNumber, pairs: list[tuple[int, StatedNumber, StatedNumber, Comparison]]) -> bool:
    """Whether the claim states several figures of the number's kind, or the passage has several that are
    as likely to be about the same thing (an investment and a subsidy)."""
    dimension = x.quantity.dimension
    # Only figures that have something to be compared with count ("490 teraflops per chip" has not).
    claimed = len({id(n) for _, n, _, _ in pairs if n.quantity.dimension == dimension})
    candidates = sum(other is x for _, other, _, _ in pairs)
    return claimed > 1 or candidates > 1


def _scales_apart(x: StatedNumber, pairs: list[tuple[int, StatedNumber, StatedNumber, Comparison]]) -> bool:
    """Whether every figure of the number's kind on one side is at least SCALE_FACTOR from every one on the
    other ("120 MW" against "a few hundred watts" and "single-digit kilowatts"): whichever is about what,
    the two texts put the thing at different scales, which no rounding or measuring condition explains."""
    dimension = x.quantity.dimension
    comparisons = [c for _, a, _, c in pairs if a.quantity.dimension == dimension]
    return bool(comparisons) and all(
        c.relation == "differs" and c.factor >= SCALE_FACTOR for c in comparisons
    )


def _said(number: StatedNumber) -> str:
    return ("not " if number.negated else "") + number.quantity.describe()


def _times(factor: float) -> str:
    return f"{times(factor)} apart" if math.isfinite(factor) else "one is zero"


def _affinity(x: StatedNumber, y: StatedNumber) -> int:
    """How surely two numbers are about the same thing: 2 the same name, 1 one or both unnamed, 0 different
    names (never compared)."""
    if x.subject and y.subject:
        return 2 if x.subject & y.subject else 0
    return 1


def _precision_conflict(a: Statement, b: Statement) -> str:
    """A reason not to compare compute figures: both state the precision they were measured at, and the
    precisions differ (250 petaflops at BF16 is 500 at FP8)."""
    conditions_a = {
        x.quantity.value for x in a.numbers if x.quantity.dimension == "precision" and not x.design
    }
    conditions_b = {
        y.quantity.value for y in b.numbers if y.quantity.dimension == "precision" and not y.design
    }
    if conditions_a and conditions_b and not conditions_a & conditions_b:
        return "compute figures at different precisions are not compared"
    return ""


def _designs(a: Statement, b: Statement) -> list[_Finding]:
    """A claimed n-bit design against figures at a higher precision (and the reverse)."""
    findings = []
    for design_text, other, design_in_claim in ((a, b, True), (b, a, False)):
        for design in (n for n in design_text.numbers if n.design and n.quantity.dimension == "precision"):
            for number in (n for n in other.numbers if n.quantity.dimension == "precision"):
                claim_side, passage_side = (design, number) if design_in_claim else (number, design)
                if number.quantity.value > design.quantity.value:
                    findings.append(
                        _Finding(
                            False,
                            DESCRIPTOR_CONFLICTS,
                            f"precision: a {design.quantity.text} design cannot run {number.quantity.text} "
                            f"(claim {claim_side.quantity.text}; passage {passage_side.quantity.text})",
                        )
                    )
                elif number.quantity.value == design.quantity.value:
                    findings.append(
                        _Finding(True, DESCRIPTOR_AGREES, f"precision agrees: {design.quantity.text}")
                    )
    return findings


# --- Descriptors ----------------------------------------------------------------------------------------


def _descriptors(a: Statement, b: Statement) -> list[_Finding]:
    if a.subjects and b.subjects and not a.subjects & b.subjects:
        return []  # about different things
    mine, theirs = profile(_descriptors_of(a)), profile(_descriptors_of(b))
    findings = []
    for facet in mine.keys() & theirs.keys():
        for group, claimed in mine[facet].items():
            for other_group, passage in theirs[facet].items():
                if group == other_group:
                    agree = claimed.asserted == passage.asserted
                elif claimed.asserted and passage.asserted:
                    agree = False  # two groups of one facet exclude each other
                elif claimed.asserted != passage.asserted:
                    agree = True  # "not water-cooled" and "air-cooled"
                else:
                    continue  # both denied: nothing follows
                said = (
                    f"claim: {'' if claimed.asserted else 'not '}{group} (“{claimed.words}”); "
                    f"passage: {'' if passage.asserted else 'not '}{other_group} (“{passage.words}”)"
                )
                confidence = DESCRIPTOR_AGREES if agree else DESCRIPTOR_CONFLICTS
                findings.append(
                    _Finding(agree, confidence, f"{facet} {'agrees' if agree else 'conflicts'}: {said}")
                )
    return findings


def _descriptors_of(text: Statement) -> list[Descriptor]:
    """The descriptors of a text, except words inside a longer name ("CloudMatrix 384 Supernode" names a
    product; "LFP" alone is a descriptor, though shaped like a name)."""
    return [
        d
        for d in find_descriptors(text.text)
        if not any(
            name.start <= d.start and d.end <= name.end and name.end - name.start > d.end - d.start
            for name in text.names
        )
    ]


# --- Comparisons ----------------------------------------------------------------------------------------

_BETTER = re.compile(
    r"\b(?:übertr(?:ifft|effen|af|afen|offen)|übertrumpf\w*|überholt\w*|schlägt|schneller\s+als"
    r"|leistungsstärker\s+als|stärker\s+als|besser\s+als|outperform\w*|outpac\w*|beats?|surpass\w*"
    r"|faster\s+than|more\s+powerful\s+than|better\s+than|ahead\s+of|lead\s+over|leads)\b",
    re.IGNORECASE,
)
_WORSE = re.compile(
    r"\b(?:langsamer\s+als|schwächer\s+als|schlechter\s+als|hinkt\w*|slower\s+than|weaker\s+than"
    r"|worse\s+than|behind|trails?|lags?\s+behind|falls?\s+short\s+of)\b",
    re.IGNORECASE,
)


def _order(text: Statement) -> tuple[frozenset[str], frozenset[str], str] | None:
    """(better, worse, cue) for a text that ranks one named thing above another."""
    for pattern, better_first in ((_BETTER, True), (_WORSE, False)):
        cue = pattern.search(text.text)
        if not cue:
            continue
        subjects = [n for n in text.names if n.terms <= text.subjects or n.terms & text.subjects]
        before = [n for n in subjects if n.end <= cue.start()]
        end = CLAUSE_BREAK.search(text.text, cue.end() + 1)
        after = [n for n in subjects if cue.end() <= n.start < (end.start() if end else len(text.text))]
        if not before and len(after) >= 2 and text.language == "de":
            before, after = after[:1], after[1:]  # "Damit übertrifft das SkyRack 512 das Atlas NV64"
        first = frozenset().union(*(n.terms for n in before)) & text.subjects
        second = frozenset().union(*(n.terms for n in after)) & text.subjects
        if not second and not first:
            continue
        return (first, second, cue.group()) if better_first else (second, first, cue.group())
    return None


def _comparisons(a: Statement, b: Statement) -> list[_Finding]:
    mine, theirs = _order(a), _order(b)
    if mine is None or theirs is None:
        return []
    better, worse, cue = mine
    other_better, other_worse, other_cue = theirs
    same = bool(better & other_better or worse & other_worse)
    reversed_ = bool(better & other_worse or worse & other_better)
    said = f"claim: “{cue}”; passage: “{other_cue}”"
    if same and not reversed_:
        return [_Finding(True, COMPARISON_AGREES, f"the same ranking ({said})")]
    if reversed_ and not same:
        return [_Finding(False, COMPARISON_REVERSED, f"the reverse ranking ({said})")]
    return []


# --- Words ----------------------------------------------------------------------------------------------


def _by_words(a: Statement, b: Statement, note: str) -> StanceProposal:
    # A German and an English text also share the words the dictionary translates (bilingual.py): a
    # restatement in the other language says much the same.
    shared = (a.terms | a.subjects) & (b.terms | b.subjects)
    shared |= shared_across(a.text, a.language, b.text, b.language) & (a.terms | b.terms)
    shorter = min(len(a.terms | a.subjects), len(b.terms | b.subjects)) or 1
    overlap = len(shared) / shorter
    listed = ", ".join(sorted(t.lstrip("~") for t in shared)[:8])
    extra = (note,) if note else ()
    if overlap >= SAME_WORDS_OVERLAP and len(shared) >= 2:
        negated_a, negated_b = _negates_shared(a, b), _negates_shared(b, a)
        if (negated_a and not NEGATION_RE.search(b.text)) or (negated_b and not NEGATION_RE.search(a.text)):
            which = "the claim" if negated_a else "the passage"
            return StanceProposal(
                "contradicts",
                SAME_WORDS_NEGATED,
                (f"much the same words ({listed}), but {which} negates", *extra),
            )
        return StanceProposal(
            "supports", SAME_WORDS, (f"much the same words ({listed}), no conflict found", *extra)
        )
    if overlap >= CONTEXT_OVERLAP or a.subjects & b.subjects or extra:
        return StanceProposal("context", CONTEXT, (f"shared words ({listed or 'none'}), no finding", *extra))
    return StanceProposal(None, 0.0, ("nothing in common",))


def _negates_shared(text: Statement, other: Statement) -> bool:
    """Whether `text` negates something `other` may be about: a negation whose clause names no subject
    before it, or one the other text names too ("…, so Nordmoor is not the first" says nothing against
    a passage about the Rance barrage alone)."""
    breaks = [0, *(m.end() for m in CLAUSE_BREAK.finditer(text.text))]
    for cue in NEGATION_RE.finditer(text.text):
        start = max(b for b in breaks if b <= cue.start())
        named = frozenset().union(
            *(
                n.terms
                for n in text.names
                if start <= n.start and n.end <= cue.start() and n.terms & text.subjects
            )
        )
        if not named or named & other.subjects:
            return True
    return False

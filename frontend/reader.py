"""What the reader shows of a text: flat segments split at every span boundary, each listing the spans
that cover it, rendered once on the server as escaped text in `<span>`s with data attributes; the claims
panel's rows; and the reader-comment blocks, so marking a claim in a comment can suggest its commenter.

Pure functions: no database, no templates. Offsets are code points (Python str indices), as stored.
The text and the panel are built here rather than in templates because a page has hundreds of claims:
a template loop over them cost more than the whole 150 ms budget of the page (see tests/bench).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from sources.extraction import comment_section_start

# Deeper nesting looks the same as this depth: more shades would not be told apart.
MAX_DEPTH = 4
# The verdict names a highlight's class may carry (the fixed vocabulary); anything else is "unverified".
VERDICT_CLASSES = frozenset(
    {"supported", "mostly_supported", "disputed", "mostly_contradicted", "contradicted", "unverified"}
)


@dataclass(frozen=True, slots=True)
class Span:
    """A claim (or evidence passage) to highlight: its id and where it is, in code points."""

    id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text between two span boundaries and the spans covering all of it, outermost first:
    the span that started earliest (the longest, on a tie) comes first, the innermost one last."""

    start: int
    end: int
    spans: tuple[int, ...]

    @property
    def depth(self) -> int:
        return len(self.spans)


def segments(length: int, spans: Iterable[Span]) -> list[Segment]:
    """Split text of `length` code points at every start and end of `spans`, in one sweep.

    Overlapping and nested spans both come out as flat segments (the browser then lays out plain
    inline elements, no nesting). Spans outside the text or empty are left out rather than failing the
    page: a span from an older revision is shown in the panel, never misplaced here.
    """
    # Rank decides "outer": earlier start, then longer, then older id.
    valid = sorted(
        (span for span in spans if 0 <= span.start < span.end <= length),
        key=lambda span: (span.start, -span.end, span.id),
    )
    starting: dict[int, list[tuple[int, int]]] = defaultdict(list)
    ending: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for rank, span in enumerate(valid):
        starting[span.start].append((rank, span.id))
        ending[span.end].append((rank, span.id))
    boundaries = sorted({0, length, *starting, *ending})
    active: list[tuple[int, int]] = []  # (rank, id), kept sorted by rank
    result: list[Segment] = []
    for here, after in itertools.pairwise(boundaries):
        for item in ending.get(here, ()):
            del active[bisect.bisect_left(active, item)]
        for item in starting.get(here, ()):
            bisect.insort(active, item)
        result.append(Segment(here, after, tuple([span_id for _, span_id in active])))
    return result


def verdict_tone(verdict: str | None) -> str:
    """The class that tints a claim's highlight: its verdict's, or "unverified" when it has none yet."""
    return f"v-{verdict}" if verdict in VERDICT_CLASSES else "v-unverified"


def render_text(
    text: str,
    parts: Sequence[Segment],
    tones: Mapping[int, str],
    *,
    css_class: str = "hl",
    data_name: str = "claims",
    quiet: Sequence[tuple[int, int]] = (),
) -> SafeString:
    """The text as HTML: uncovered stretches as plain escaped text, covered ones as
    `<span class="hl TONE dDEPTH" data-claims="ID ID">`, tinted as the innermost span's tone says.

    `quiet` are ranges of scraped page clutter (frontend.boilerplate): their stretches also carry the
    class `bp` (a bare `<span class="bp">` where no span covers them), so CSS sets them quieter. Only
    elements are added, never characters.

    `tones` maps a span id to a class from a fixed vocabulary (`verdict_tone`), never to imported text.
    Everything from the text is escaped: an imported `<script>` is shown as text. The element holding
    this must keep white space (`white-space: pre-wrap`); its text equals `text` exactly, so offsets
    counted in the browser are offsets in the stored text (in UTF-16 units there).
    """
    out: list[str] = []
    append = out.append
    for start, end, part, is_quiet in _pieces(parts, quiet):
        chunk = escape(text[start:end], quote=False)
        if not part.spans:
            append(f'<span class="bp">{chunk}</span>' if is_quiet else chunk)
            continue
        tone = tones.get(part.spans[-1], "")
        ids = " ".join(map(str, part.spans))
        depth = min(part.depth, MAX_DEPTH)
        extra = " bp" if is_quiet else ""
        append(f'<span class="{css_class} {tone} d{depth}{extra}" data-{data_name}="{ids}">{chunk}</span>')
    # Safe: every piece of the text went through escape(); the rest is ids and fixed class names.
    return mark_safe("".join(out))


def _pieces(
    parts: Sequence[Segment], quiet: Sequence[tuple[int, int]]
) -> Iterator[tuple[int, int, Segment, bool]]:
    """The segments cut again at the edges of the quiet ranges (sorted, not overlapping), each piece
    saying whether it is quiet. Without quiet ranges, the segments as they are."""
    if not quiet:
        for part in parts:
            yield part.start, part.end, part, False
        return
    index = 0
    for part in parts:
        here = part.start
        while here < part.end:
            while index < len(quiet) and quiet[index][1] <= here:
                index += 1
            if index < len(quiet) and quiet[index][0] <= here:
                end, is_quiet = min(part.end, quiet[index][1]), True
            else:
                end = min(part.end, quiet[index][0]) if index < len(quiet) else part.end
                is_quiet = False
            yield here, end, part, is_quiet
            here = end


# --- The claims panel -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim as its panel summary shows it, already formatted."""

    id: int
    quote: str
    speaker: str
    role: str
    verdict: str  # from the fixed vocabulary (VERDICT_CLASSES)
    verdict_label: str
    score: str  # "0.28", or "" when there is none
    pending: bool  # waiting for its scoring job


def claim_summary_html(row: ClaimRow) -> str:
    """One claim's summary: a button (Enter or a click selects the claim and shows it in the text).
    As few elements as will do: a panel of 500 claims is most of the page's nodes."""
    verdict = row.verdict if row.verdict in VERDICT_CLASSES else "unverified"
    speaker = escape(row.speaker) if row.speaker else "No speaker"
    if row.pending:
        badge = '<span class="verdict verdict-pending">scoring…</span>'
    else:
        badge = f'<span class="verdict verdict-{verdict}">{escape(row.verdict_label)}</span>'
        if row.score:
            badge += f' <span class="score">{escape(row.score)}</span>'
    pending = " data-pending" if row.pending else ""
    return (
        f'<button type="button" class="claim-summary" id="claim-summary-{row.id}" data-claim="{row.id}" '
        f'data-verdict="{verdict}"{pending} aria-expanded="false">'
        # The spaces keep the button's accessible name readable: "quote, speaker · role, verdict".
        f'<span class="claim-quote">{escape(row.quote)}</span> '
        f'<span class="claim-meta">{speaker} · {escape(row.role)} <span class="claim-verdict">{badge}</span>'
        "</span></button>"
    )


def claim_list_html(rows: Iterable[ClaimRow]) -> SafeString:
    """The panel's list items, each a claim's summary; reader.js adds the detail of the one selected."""
    items = [f'<li class="claim-item" id="claim-{row.id}">{claim_summary_html(row)}</li>' for row in rows]
    return mark_safe("".join(items))  # every text in them went through escape()


def claim_summaries_html(rows: Iterable[ClaimRow]) -> SafeString:
    return mark_safe("\n".join(claim_summary_html(row) for row in rows))  # escaped as above


# --- Reader comments ------------------------------------------------------------------------------------

# A commenter's byline: a name, then a date ("RobertLewis 23. August 2025 09:01:19 MESZ",
# "jane_doe on March 3, 2025", "Max 03.04.2025 12:00").
_BYLINE = re.compile(
    r"^[ \t]*(?P<name>[^\s\d][^\n]{0,60}?)[ \t]+(?:am[ \t]+|on[ \t]+|·[ \t]*|-[ \t]*)?"
    r"(?:\d{1,2}\.?[ \t]+[A-Za-zÄÖÜäöüé]{3,10}\.?,?[ \t]+\d{4}"
    r"|[A-Za-z]{3,10}\.?[ \t]+\d{1,2},?[ \t]+\d{4}"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4}"
    r"|\d{4}-\d{2}-\d{2})"
    r"[^\n]{0,40}$",
    re.MULTILINE,
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class CommentBlock:
    """One reader comment (or the part of the comment section whose writer is unknown: author "")."""

    start: int
    end: int
    author: str


def comment_blocks(text: str) -> list[CommentBlock]:
    """The reader comments under an article, each from its writer's byline to the next byline.

    The section starts at its heading ("Kommentare (6)", "Comments"), found as the import's language
    detection finds it. A byline's name alone on the line before it ("RobertLewis" above
    "RobertLewis 23. August 2025 …") belongs to that comment.
    """
    section = comment_section_start(text)
    if section is None:
        return []
    bylines = list(_BYLINE.finditer(text, section))
    blocks: list[CommentBlock] = []
    starts = [_comment_start(text, match, section) for match in bylines]
    if not bylines or starts[0] > section:
        blocks.append(CommentBlock(section, starts[0] if bylines else len(text), ""))
    for index, match in enumerate(bylines):
        end = starts[index + 1] if index + 1 < len(bylines) else len(text)
        blocks.append(CommentBlock(starts[index], end, match.group("name").strip()))
    return blocks


def _comment_start(text: str, byline: re.Match[str], floor: int) -> int:
    name = byline.group("name").strip()
    before = text.rfind("\n", floor, max(floor, byline.start() - 1))
    previous_line = text[before + 1 : byline.start()].strip() if before >= 0 else ""
    return before + 1 if previous_line == name else byline.start()


def utf16_offsets(text: str, offsets: Sequence[int]) -> list[int]:
    """Code point offsets as UTF-16 offsets (what the browser counts), for many offsets at once."""
    if not _ASTRAL.search(text):
        return list(offsets)  # no character outside the BMP: both units count alike
    astral = [match.start() for match in _ASTRAL.finditer(text)]
    # Each astral character before the offset takes two UTF-16 units.
    return [offset + bisect.bisect_left(astral, offset) for offset in offsets]

"""The form of a sentence, as claim suggestions weigh it: whether it talks to its reader, asks something of
them, shouts a notice, gives an opinion, praises, asks indirectly, or ends a quotation begun before. None
of these is a statement about the world an editor could check, whatever figures or names it carries
(checkworthiness.py).

Pure Python, no Django. The cues are closed classes of words (forms of address, attitude adverbs) and a
small set of evaluative adjectives, in English and German; none is taken from a particular page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claims.assist.rules.voices import is_spoken

# The reader addressed: German formal address, capitalised inside a sentence ("Besuchen Sie", "finden Sie
# hier", "von Ihnen", "Ihre Bestellung"; at a sentence's start "Sie" may be "she" or "they"). Matched on
# the text as written: the capital tells "Sie" from "sie". After a colon or a dash a clause begins with a
# capital too ("Die Ministerin erklärte: Sie werde …" is "she"), so there it tells nothing. Inside quoted
# or interviewed speech "Sie" is whom the speaker talks to, not the reader (voices.py).
_FORMAL_ADDRESS = re.compile(r"(?<=[\w,;] )(?:Sie|Ihnen|Ihr(?:e[mnrs]?)?)\b(?!-)")
# A request to the reader: "please", "bitte". Site notices make them on any page (comment rules, cookie
# banners), so they weigh on the sentence but do not make a page a how-to (page_kinds.py).
_REQUEST = re.compile(r"\b(?:please|bitte)\b")
# An opinion or an exclamation: "ich finde", "I think", "wow", "!".
_OPINION = re.compile(
    r"\b(?:ich\s+(?:finde|glaube|denke|meine)|meiner\s+meinung|wow|krass|lol|omg|i\s+(?:think|believe|feel"
    r"|guess|love|hate)|in\s+my\s+(?:view|opinion)|imo|imho|sounds\s+like|what\s+a|can't\s+wait"
    r"|excited|exciting|amazing|awesome|game-changer|beast)\b"
    r"|!"
)
# An indirect question is a question: "I'm curious if it'll outpace Nvidia", "makes me wonder how …".
_INDIRECT_QUESTION = re.compile(
    r"\b(?:wonder\w*|curious|ask(?:ing)? myself|frage\s+mich|fragt\s+sich|bin\s+gespannt)\s+(?:if|whether|how"
    r"|why|what|when|ob|wie|warum|was|wann)\b"
)
# An attitude to what is said rather than a statement of it: "leider", "unfortunately", "zum Glück".
_ATTITUDE = re.compile(
    r"\b(?:leider|hoffentlich|zum\s+glück|glücklicherweise|erfreulicherweise|bedauerlicherweise"
    r"|dummerweise|unfortunately|fortunately|hopefully|sadly|luckily|thankfully)\b"
)
# Praise: evaluative adjectives in any degree ("lecker", "die schönsten", "perfect", "delicious"). A ranking
# by taste is no ranking an editor can check ("der schönste Tag", "den schönsten Farben").
_PRAISE = re.compile(
    r"\b(?:schön|wunderschön|hübsch|lecker|köstlich|herrlich|traumhaft|zauberhaft|wunderbar|fantastisch"
    r"|großartig|einzigartig|perfekt|ideal|gemütlich|stimmungsvoll|unvergesslich|kinderleicht|genial"
    r"|beautiful|lovely|delicious|tasty|yummy|wonderful|fantastic|gorgeous|stunning|magical|perfect"
    r"|cozy|cosy|charming|unforgettable|mouth-?watering|erstaunlich|beeindruckend|bemerkenswert|atemberaubend"
    r"|spektakulär|remarkable|incredible|breathtaking|spectacular)(?:e[mnrs]?|er(?:e[mnrs]?)?|st(?:e[mnrs]?)?)?\b"
)
# The end of a quotation begun in an earlier sentence: its one quotation mark closes ("… im Großen.“",
# "… das nicht“, sagte sie", "… system,” Lee said.").
_QUOTATION_MARK = re.compile(r"[“”„\"«»]")
# Capitals throughout: a notice ("REPRINTING CONTENT WITHOUT PERMISSION IS THEFT"), not a statement.
_MIN_SHOUTED_LETTERS = 12
_SHOUTED_SHARE = 0.8


def reader_address(text: str, spoken: Sequence[tuple[int, int]] = ()) -> str:
    """The word by which a sentence addresses its reader formally ("Sie", "Ihre"), or "": not one in the
    `spoken` spans, a speaker's (voices.py)."""
    found = next((m for m in _FORMAL_ADDRESS.finditer(text) if not is_spoken(spoken, m.start())), None)
    return found.group() if found else ""


def request(lowered: str) -> str:
    """The word by which a sentence asks something of its reader ("please", "bitte"), or ""."""
    return _first(_REQUEST, lowered)


def opinion(lowered: str) -> str:
    """The cue of an opinion or an exclamation ("I think", "wow", "!"), or ""."""
    return _first(_OPINION, lowered)


def is_indirect_question(lowered: str) -> bool:
    """Whether a sentence asks without a question mark ("I'm curious if …", "frage mich, ob …")."""
    return bool(_INDIRECT_QUESTION.search(lowered))


def attitude(lowered: str) -> str:
    """An adverb by which the writer judges rather than states ("leider", "hopefully"), or ""."""
    return _first(_ATTITUDE, lowered)


def praise(lowered: str) -> str:
    """An evaluative adjective ("lecker", "einzigartig", "perfect"), or ""."""
    return _first(_PRAISE, lowered)


def is_praise(cue: str) -> bool:
    """Whether a comparison cue ("die schönsten", "perfect") ranks by taste: praise, not a ranking."""
    return bool(_PRAISE.search(cue.lower()))


def is_shouted(text: str) -> bool:
    """Whether a sentence is written in capitals throughout, as notices are."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= _MIN_SHOUTED_LETTERS and sum(c.isupper() for c in letters) >= _SHOUTED_SHARE * len(
        letters
    )


def closes_quotation(text: str) -> bool:
    """Whether a sentence ends a quotation begun in an earlier one: its only quotation mark closes it."""
    marks = list(_QUOTATION_MARK.finditer(text))
    if len(marks) != 1 or marks[0].group() in "„«":
        return False
    start = marks[0].start()
    return start > 0 and not text[start - 1].isspace()


def _first(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    return found.group() if found else ""

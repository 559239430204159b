"""Which of the six supported languages (de, en, fr, es, it, nl) a text is written in.

Pure Python, no Django. Bulk imports must reach 1,500 documents a second, so detection has well under
0.2 ms a document; lingua costs about 1.2 µs a character (over 1 ms for a 1,000-character sample). So a
stop-word count decides almost every text (about 0.06 ms), and lingua only breaks ties on a short sample.
Callers choose which part of a document to pass: `sources.extraction` passes the article body, not the
reader comments.
"""

from __future__ import annotations

import string
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

LANGUAGES = ("de", "en", "fr", "es", "it", "nl")

# The first characters of the text are enough to tell, and the cap keeps the cost flat for long documents.
SAMPLE_CHARS = 1000
# lingua only ever sees this much: its cost grows with the length of the text (about 0.3 ms for 250 chars).
TIE_BREAK_CHARS = 250

# Frequent function words. A word listed under n languages is worth 1/n to each of them. Words frequent in
# two languages with different meanings ("an", "was", "also", "in", "a", "i") are left out everywhere:
# they would only add noise.
_STOP_WORDS: dict[str, str] = {
    "de": """der die das und ist nicht ein eine einen einem einer eines mit von den dem des zu auf für sich
        auch es im sie er wird werden wurde wurden hat haben sind war bei nach aus wie noch dass oder aber
        nur um über vor kann mehr durch zum zur ihre ihr sein seine wenn als sei soll sollen bereits diese
        dieser dieses damit dann schon gegen bis ich wir uns man jedoch sowie zwischen unter laut da""",
    "en": """the and of to is that it for on are with as be by this from at have has had not but or they
        which you were their its would been there can more than said about after into we he she his her
        could what who how if just like our these those them other when should does did only""",
    "fr": """de le la les des du un une et est que qui dans pour pas sur au aux avec ce cette ces il elle ils
        elles sont ont été mais par plus ne se son sa ses leur leurs nous vous on je en être fait comme
        tout aussi entre après selon où lui""",
    "es": """el la los las de del que y en un una es por con para no se su sus al lo como más pero ha han
        fue son este esta estos también entre sobre muy ya desde porque cuando hasta sin ser está están
        hay era les""",
    "it": """il lo la gli le di del della dei delle degli dello che è e un una uno per non con sono ha
        hanno nel nella nei al alla ai anche come più ma si questo questa essere stato stata tra fra dal
        dalla da ci sul sulla ancora dopo solo molto se""",
    "nl": """de het een van en is dat niet op te zijn voor met ook naar maar om worden wordt werd bij er
        nog dan uit deze die wel hun al heeft hebben kan meer zo door als geen ze wij zij hij""",
}

# word -> indexes into LANGUAGES, built once at import.
_WORD_LANGUAGES: dict[str, tuple[int, ...]] = {}
for _index, _code in enumerate(LANGUAGES):
    for _word in _STOP_WORDS[_code].split():
        _WORD_LANGUAGES[_word] = (*_WORD_LANGUAGES.get(_word, ()), _index)

# Punctuation stripped from the ends of whitespace-separated words: str.split plus str.strip is about twice
# as fast as a regex tokenizer, and the tokenizer is most of the cost.
_PUNCTUATION = (
    string.punctuation
    + "\u201e\u201c\u201d\u201a\u2018\u2019"  # German and English quotation marks
    + "\u00ab\u00bb\u2039\u203a"  # guillemets
    + "\u2013\u2014\u2026\u00b7\u2022\u00bf\u00a1"  # dashes, ellipsis, bullets, Spanish ¿ ¡
)

# Thresholds for trusting the stop-word count on its own. Running prose in these languages is 30-50 %
# function words; far below that the text is something else (a list, code, another language).
_MIN_SCORE = 4
_MIN_LEAD = 2.0  # the winner needs at least twice the runner-up's score
_MIN_DENSITY = 0.1
_MIN_TIE_BREAK_CONFIDENCE = 0.6


def detect(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in, or "" when unsure or not one of LANGUAGES."""
    sample = text[:SAMPLE_CHARS]
    words = [word.strip(_PUNCTUATION) for word in sample.lower().split()]
    if not words:
        return ""
    scores = [0.0] * len(LANGUAGES)
    for word in filter(_WORD_LANGUAGES.__contains__, words):
        indexes = _WORD_LANGUAGES[word]
        for index in indexes:
            # A word shared by n languages is worth 1/n to each: "la" says little, "les" or "het" a lot.
            scores[index] += 1 / len(indexes)
    ranked = sorted(range(len(LANGUAGES)), key=scores.__getitem__, reverse=True)
    best, runner_up = scores[ranked[0]], scores[ranked[1]]
    if best >= _MIN_SCORE and best >= _MIN_LEAD * runner_up and best >= _MIN_DENSITY * len(words):
        return LANGUAGES[ranked[0]]
    if len(words) >= 10 and best < _MIN_DENSITY * len(words):
        # Plenty of words but hardly any function words of ours: not prose in a supported language.
        return ""
    return _tie_break(sample)


def _tie_break(sample: str) -> str:
    """Ask lingua about a short sample; only a confident answer counts."""
    values = _detector().compute_language_confidence_values(sample[:TIE_BREAK_CHARS])
    if not values or values[0].value < _MIN_TIE_BREAK_CONFIDENCE:
        return ""
    return values[0].language.iso_code_639_1.name.lower()


@cache
def _detector() -> LanguageDetector:
    # Imported and built on first use: most imports never get here, and building it is not free.
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()

"""Which language a text is written in: any of the 75 languages lingua knows, or "" when unsure.

Pure Python, no Django. Bulk imports of text files must stay fast, and lingua costs about 4 µs a character
over all its languages, so a stop-word count decides clear German and English prose (about 0.06 ms) and
lingua decides everything else on a short sample. Only German and English are decided by the count: the
other languages counted have close relatives whose function words they share (Spanish and Portuguese or
Galician, French and Catalan, Dutch and Afrikaans), which only lingua tells apart.
Callers choose which part of a document to pass: `sources.extraction` passes the article body, not the
reader comments.
"""

from __future__ import annotations

import string

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from sources.loading import load_once

# (ISO 639-1 code, English name) of every language lingua detects, by name: the documents' language choices.
SUPPORTED: tuple[tuple[str, str], ...] = tuple(
    sorted(
        ((lang.iso_code_639_1.name.lower(), lang.name.title()) for lang in Language.all()),
        key=lambda pair: pair[1],
    )
)

LANGUAGE_NAMES = dict(SUPPORTED)

# Languages whose stop words are counted; only those in DECIDED_BY_COUNT are decided by the count alone.
LANGUAGES = ("de", "en", "fr", "es", "it", "nl")
DECIDED_BY_COUNT = frozenset({"de", "en"})

# The first characters of the text are enough to tell, and the cap keeps the cost flat for long documents.
SAMPLE_CHARS = 1000
# lingua only ever sees this much: its cost grows with the length of the text (about 1.5 ms for 400 chars).
LINGUA_CHARS = 400

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
_SHORT_TEXT_WORDS = 20
# lingua's confidence values of all languages add up to 1; below this the text is too short, mixed, or in
# one of several languages too close to tell (Bosnian, Croatian, Serbian), and the answer is "unknown".
_MIN_LINGUA_CONFIDENCE = 0.5


def detect(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in, or "" when unsure."""
    sample = text[:SAMPLE_CHARS]
    words = [word.strip(_PUNCTUATION) for word in sample.lower().split()]
    if not any(words):
        return ""
    scores = [0.0] * len(LANGUAGES)
    for word in filter(_WORD_LANGUAGES.__contains__, words):
        indexes = _WORD_LANGUAGES[word]
        for index in indexes:
            # A word shared by n languages is worth 1/n to each: "la" says little, "les" or "het" a lot.
            scores[index] += 1 / len(indexes)
    ranked = sorted(range(len(LANGUAGES)), key=scores.__getitem__, reverse=True)
    best, runner_up = scores[ranked[0]], scores[ranked[1]]
    code = LANGUAGES[ranked[0]]
    if code in DECIDED_BY_COUNT and (
        (best >= _MIN_SCORE and best >= _MIN_LEAD * runner_up and best >= _MIN_DENSITY * len(words))
        # A line or two: lingua's quick mode is unreliable there (it took a German sentence for Nynorsk),
        # while two German or English function words and none of another language's are telling.
        or (len(words) < _SHORT_TEXT_WORDS and best >= 2 and runner_up == 0 and best >= 0.2 * len(words))
    ):
        return code
    return _ask_lingua(sample)


def _ask_lingua(sample: str) -> str:
    """lingua's answer over all its languages; only a confident one counts."""
    values = _detector().compute_language_confidence_values(sample[:LINGUA_CHARS])
    if not values or values[0].value < _MIN_LINGUA_CONFIDENCE:
        return ""
    return values[0].language.iso_code_639_1.name.lower()


@load_once
def _detector() -> LanguageDetector:
    # Built on first use (about 0.5 s): text imports decided by the count never need it.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

"""German ↔ English terms from Debian's FreeDict German–English dictionary (dict-freedict-deu-eng), so that
an English reader comment can be found for a German claim, and a sentence restating a claim in the other
language be read as saying the same.

Pure Python, no Django. Terms are those of terms.py (`term`: folded, crudely stemmed, concepts of the hand
lexicon as "~concept"), so a translation meets a passage's stored terms as they are:

- German → English (`english_terms`): the dictionary's headwords of one word, each with the English terms
  of its translations (the first line of each of its entries; alternatives of at most MAX_PHRASE_TERMS
  content words, without those marked colloquial, dated and the like), the most frequent first, at most
  MAX_TRANSLATIONS. A compound the dictionary lacks is looked up by its head, as terms.py splits it
  ("Chipfabriken" → "fabrik"), because `content_terms` lists the head's term after the word's.
- English → German (`german_terms`): the reverse, from translations of a single content word only
  ("customer" → "kund"), at most MAX_TRANSLATIONS. Words the hand lexicon already maps to a concept are
  left to it on both sides.

Reading the 100 MB dictionary takes about ten seconds, so the maps are derived once into a file of sorted
lines (17 MB) kept in CACHE_DIR (claims/assist/apps.py points it at var/cache/; the Dockerfile derives it
at build time), named by the dictionary's size and mtime and by this module's and terms.py's source (terms
depend on both). A process maps that file into memory on first use, in under a millisecond, and bisects
it for each word (`_lookup`): nothing is parsed, and the processes of a machine share one copy. Without
the dictionary nothing is translated, said once in the log, and everything else works as before.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import mmap
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from claims.assist.rules import terms as _terms
from claims.assist.rules.terms import STOP_WORDS, TOKEN_RE, compound_head, content_terms, term
from sources.loading import load_once

logger = logging.getLogger(__name__)

FREEDICT_DEU_ENG = Path("/usr/share/dictd/freedict-deu-eng.dict.dz")
# Where the derived maps are kept between processes; None: derived in memory by each process.
CACHE_DIR: Path | None = None
MAX_TRANSLATIONS = 4
# A claim is searched with this many translations of each word: each more lexeme makes PostgreSQL rank
# more passages (on 100,000 passages four a word doubled the search's p95; two cost a few milliseconds).
SEARCHED_TRANSLATIONS = 2
MAX_PHRASE_TERMS = 2  # "computing power", "heat pump"; longer phrases explain rather than translate

# A headword line ("Rechenleistung /rˈɛçənlˌaɪstʊŋ/ <fem, n, sg>") of one word, and the line after it:
# its translations, after the subject labels ("[comp.] computing power <n>").
_ENTRY = re.compile(
    r"^([A-Za-zÄÖÜäöüß][\w-]*) /[^/\n]*/[^\n]*\n[ \t]*(?:\[[^\]\n]*\][ \t]*)*([^\n]*)", re.MULTILINE
)
# Alternatives marked so are not what a news text would say.
_REGISTER = re.compile(
    r"\[(?:coll|slang|vulg|obs|archaic|old|poet|humor|pej|rare|dated|Sc|Austr|Ir|euphem|childish)\.?\]"
)
_NOISE = re.compile(
    r"<[^>]*>|\[[^\]]*\]|\([^)]*\)|/[^/]*/|\b(?:sth|sb|sb/sth|one's|oneself)\b\.?|\b[A-Z]{2,}\b|…"
)

_DIGIT = re.compile(r"\d")


def _alternatives(line: str, term_of: Callable[[str], str]) -> Iterable[list[str]]:
    """The English terms of each alternative on a translation line."""
    for alternative in line.split(","):
        if _REGISTER.search(alternative):
            continue
        words = _NOISE.sub(" ", alternative).replace("/", " ").lower()
        # `term` of each word, as `content_terms` makes them of an English text (English has no compounds
        # for it to split, and the dictionary is read fastest without trying).
        found = [
            term_of(word)
            for word in TOKEN_RE.findall(words)
            if word not in STOP_WORDS and len(word) >= 2 and not _DIGIT.search(word)
        ]
        if 0 < len(found) <= MAX_PHRASE_TERMS:
            yield found


def _derive(text: str) -> list[str]:
    """The dictionary's text as sorted lines "map<TAB>key<TAB>terms": `w` a German word (lower case, not
    folded: "Würde" is not "wurde"), `s` a German term (`terms.term`: the other forms of a word, and the
    form a passage's terms are in), each with English terms; `e` an English term with German terms."""
    maps: dict[str, defaultdict[str, dict[str, int]]] = {m: defaultdict(dict) for m in "wse"}
    english, german = maps["w"], maps["s"]
    reverse = maps["e"]
    read: dict[str, list[list[str]]] = {}  # synonyms share their translation line
    # `term` without its process-wide cache, which would keep the dictionary's half a million words.
    terms_of: dict[str, str] = {}

    def term_of(word: str) -> str:
        if word not in terms_of:
            terms_of[word] = term.__wrapped__(word)
        return terms_of[word]

    for match in _ENTRY.finditer(text):
        headword = match.group(1)
        if headword.lower() in STOP_WORDS or len(headword) < 3:
            continue
        stem = term_of(headword)
        if stem.startswith("~"):
            continue  # the hand lexicon bridges it already
        line = match.group(2)
        if line not in read:
            read[line] = list(_alternatives(line, term_of))
        by_word, by_stem = english[headword.lower()], german[stem]
        for found in read[line]:
            for translated in found:
                by_word[translated] = by_word.get(translated, 0) + 1
                by_stem[translated] = by_stem.get(translated, 0) + 1
            if len(found) == 1 and not found[0].startswith("~"):
                counted = reverse[found[0]]
                counted[stem] = counted.get(stem, 0) + 1
    # The most frequent first; of equally frequent ones, the first the dictionary gives.
    ranked = {
        name: {key: _by_count(counted, key) for key, counted in counts.items()}
        for name, counts in maps.items()
    }
    # An English word's German words: those it is the likeliest translation of first ("bay": "Bucht"
    # before "Bellen"), of those the shortest (a compound says more than its head: "Jahr" before
    # "Jahrgang"), then by how often it translates them.
    forward = ranked["s"]
    for english_term, candidates in ranked["e"].items():
        candidates.sort(key=lambda g: (_position(forward.get(g, []), english_term), len(g)))
    return sorted(
        (
            f"{name}\t{key}\t{' '.join(best[:MAX_TRANSLATIONS])}"
            for name, lists in ranked.items()
            for key, best in lists.items()
            if best and "\t" not in key and " " not in key
        ),
        key=str.encode,
    )


def _by_count(counted: dict[str, int], key: str) -> list[str]:
    return [t for t in sorted(counted, key=counted.__getitem__, reverse=True) if t != key]


def _position(translations: list[str], wanted: str) -> int:
    return translations.index(wanted) if wanted in translations else len(translations)


def _cache_key(dictionary: Path) -> str:
    stat = dictionary.stat()
    digest = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    for source in (Path(__file__), Path(_terms.__file__)):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


@load_once
def _table() -> bytes | mmap.mmap:
    """The derived lines (see `_derive`), opened once per process; empty without the dictionary. Mapped
    into memory, not read: the processes of a machine share one copy, and `_lookup` bisects it in place."""
    dictionary = FREEDICT_DEU_ENG
    try:
        key = _cache_key(dictionary)
    except OSError:
        logger.warning(
            "%s not found (Debian package dict-freedict-deu-eng): evidence is not searched across German "
            "and English beyond the hand lexicon",
            dictionary,
        )
        return b""
    cached = CACHE_DIR / f"freedict-deu-eng-{key}.tsv" if CACHE_DIR else None
    if cached:
        try:
            with cached.open("rb") as file:
                return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            pass  # not derived yet
    with gzip.open(dictionary, "rt", encoding="utf-8") as file:
        table = ("\n".join(_derive(file.read())) + "\n").encode()
    if cached:
        _store(cached, table)
    return table


def _store(path: Path, table: bytes) -> None:
    """Write the table where other processes find it (atomically: a reader never sees half a file);
    a cache that cannot be written only costs each process the derivation."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("freedict-deu-eng-*.tsv"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as file:
            file.write(table)
        os.chmod(file.name, 0o644)  # the web and worker processes may run as other users
        os.replace(file.name, path)
    except OSError as error:
        logger.warning("cannot keep the dictionary's terms in %s: %s", path.parent, error)


@cache
def _lookup(name: str, key: str) -> tuple[str, ...]:
    """The terms of `key` in map `name`, by bisection over the table's sorted lines."""
    table, wanted = _table(), f"{name}\t{key}\t".encode()
    low, high = 0, len(table)
    while low < high:
        middle = (low + high) // 2
        start = table.rfind(b"\n", 0, middle) + 1
        end = table.find(b"\n", start)
        line = table[start:end]
        if line.startswith(wanted):
            return tuple(line[len(wanted) :].decode().split())
        if line < wanted:
            low = end + 1
        else:
            high = start
    return ()


def available() -> bool:
    """Whether the dictionary is there (its terms derived now, if they were not before)."""
    return len(_table()) > 0


def english_terms(german_word: str) -> tuple[str, ...]:
    """The English terms of a German word, most likely first: the word's own entries, else those of its
    term (other forms of it), else those of its compound head; none for words of the hand lexicon."""
    stem = term(german_word)
    if stem.startswith("~") or _DIGIT.search(stem):
        return ()
    found = _lookup("w", german_word.lower()) or _lookup("s", stem)
    if not found and (head := compound_head(german_word)):
        found = _lookup("w", head) or _lookup("s", term(head))
    return found


def german_terms(english_word: str) -> tuple[str, ...]:
    """The German terms of an English word, most likely first; none for words of the hand lexicon."""
    stem = term(english_word)
    return () if stem.startswith("~") else _lookup("e", stem)


def translated_terms(text: str, language: str) -> list[str]:
    """The other language's terms for the words of a German or English text (none for other languages):
    the SEARCHED_TRANSLATIONS most likely of each word, without the text's own terms."""
    lookup = {"de": english_terms, "en": german_terms}.get(language)
    if lookup is None:
        return []
    own = set(content_terms(text))
    translated: dict[str, None] = {}
    for token in TOKEN_RE.findall(text.lower()):
        for word in dict.fromkeys([token, *token.split("-")]):
            if len(word) >= 3 and word not in STOP_WORDS:
                likely = lookup(word)[:SEARCHED_TRANSLATIONS]
                translated.update((t, None) for t in likely if t not in own)
    return list(translated)


def shared_across(text: str, language: str, other_text: str, other_language: str) -> set[str]:
    """The terms of a German text's words that an English text says too, by the German → English map
    (the dictionary's own direction), whichever of the two `text` is; terms of the German text, so they
    can be counted with its own."""
    if {language, other_language} != {"de", "en"}:
        return set()
    german, english = (text, other_text) if language == "de" else (other_text, text)
    wanted = set(content_terms(english))
    shared = set()
    for token in TOKEN_RE.findall(german.lower()):
        if len(token) >= 3 and token not in STOP_WORDS and set(english_terms(token)) & wanted:
            shared.add(term(token))
    return shared

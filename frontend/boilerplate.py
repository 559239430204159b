"""Lines of scraped page clutter in a stored text (navigation words, "0/200" counters, "back to top"), which
the reader sets in a quieter style. Recognised by shape and by the words web pages use for their controls,
in several languages; never removed: the text keeps every character, so highlight offsets stay true.

Pure functions, no Django. Offsets are code points of the text, as stored.
"""

from __future__ import annotations

import re

# A line this long is prose or a heading, never a control.
MAX_CHARS = 60
MAX_WORDS = 6

# "0/200", "0 / 2000 Zeichen", "(12/500 characters)": what a comment box counts.
_COUNTER = re.compile(r"^\(?\d{1,5}\s*/\s*\d{1,5}\)?(?:\s+[^\W\d_]{3,12})?$")

# "Back to top" and its siblings, with the arrows pages put beside them.
_BACK_TO_TOP = re.compile(
    r"^(?:back\s+to\s+(?:the\s+)?top|(?:scroll\s+)?to\s+top|top\s+of\s+(?:the\s+)?page|go\s+to\s+top"
    r"|(?:zurück\s+)?nach\s+oben|zum\s+seitenanfang|seitenanfang|zurück\s+zum\s+anfang"
    r"|retour\s+en\s+haut(?:\s+de\s+(?:la\s+)?page)?|haut\s+de\s+(?:la\s+)?page|remonter"
    r"|volver\s+(?:arriba|al\s+inicio)|ir\s+arriba|subir"
    r"|torna\s+(?:su|all'inizio|in\s+alto)|(?:terug\s+)?naar\s+boven)$"
)

# The words of a page's own controls (sharing, related links, ads, sign-in, comment forms, navigation),
# as a whole short line. Headings of an article's own sections are not among them.
_CONTROL = re.compile(
    r"^(?:"
    # related links and teasers
    r"related(?:\s+(?:articles?|stories|posts|content|links|topics|reading))?|more\s+(?:on\s+this|stories|news)"
    r"|you\s+(?:may|might)\s+also\s+like|recommended(?:\s+for\s+you)?|read\s+(?:more|next|also)|see\s+also"
    r"|verwandte[rs]?\s+(?:artikel|themen|beitr[aä]ge?|inhalte)|mehr\s+zum\s+thema|lesen\s+sie\s+auch"
    r"|auch\s+interessant|das\s+k[oö]nnte\s+sie\s+(?:auch\s+)?interessieren|weiterlesen|mehr\s+(?:lesen|dazu)"
    r"|(?:[aà]\s+)?lire\s+(?:aussi|la\s+suite|plus)|sur\s+le\s+m[eê]me\s+sujet|articles?\s+li[ée]s?"
    r"|leer\s+m[aá]s|te\s+puede\s+interesar|noticias\s+relacionadas|leggi\s+(?:anche|di\s+pi[uù])"
    r"|articoli\s+correlati|lees\s+(?:ook|meer)|gerelateerde\s+artikelen"
    # sharing and printing
    r"|share(?:\s+(?:this|on|via))?(?:\s+(?:article|story|page|post))?|teilen|artikel\s+teilen|beitrag\s+teilen"
    r"|partager(?:\s+(?:sur|cet\s+article))?|compartir|condividi|delen|print|drucken|imprimer|imprimir|stampa"
    r"|e-?mail|facebook|twitter|x|whatsapp|linkedin|pinterest|telegram|reddit|xing|flipboard|copy\s+link"
    r"|link\s+kopieren"
    # advertising
    r"|advertisement|advertising|sponsored(?:\s+content)?|anzeige|werbung|publicit[ée]|publicidad"
    r"|pubblicit[aà]|advertentie"
    # sign-in, subscriptions, cookies
    r"|newsletter|subscribe(?:\s+now)?|jetzt\s+abonnieren|abonnieren|s'abonner|suscr[ií]bete|iscriviti"
    r"|sign\s+(?:in|up)|log\s*in|log\s*out|anmelden|abmelden|registrieren|se\s+connecter|iniciar\s+sesi[oó]n"
    r"|cookies?(?:\s+(?:settings|einstellungen|policy))?|privacy\s+policy|datenschutz(?:erkl[aä]rung)?"
    r"|impressum|mentions\s+l[ée]gales|terms\s+of\s+use|nutzungsbedingungen"
    # comment forms
    r"|reply|antworten|r[ée]pondre|responder|rispondi|report|melden|signaler|leave\s+a\s+(?:comment|reply)"
    r"|post\s+comment|kommentar\s+(?:schreiben|abschicken|absenden|verfassen)|kommentieren"
    r"|laisser\s+un\s+commentaire|load\s+more(?:\s+comments)?|show\s+more|mehr\s+(?:anzeigen|laden)"
    # site navigation
    r"|skip\s+to\s+(?:main\s+)?content|zum\s+(?:haupt)?inhalt(?:\s+springen)?|aller\s+au\s+contenu"
    r"|menu|men[uü]|navigation|search|suche|rechercher|buscar|home|startseite|zur\s+startseite|accueil|inicio"
    r"|next(?:\s+(?:article|story|post))?|previous(?:\s+(?:article|story|post))?"
    r"|n[aä]chste[rs]?\s+artikel|vorherige[rs]?\s+artikel|article\s+(?:suivant|pr[ée]c[ée]dent)"
    r"|tags|schlagw[oö]rter|schlagworte|mots-cl[ée]s|etiquetas|themen|topics"
    r")$"
)
# What pages put around control words: arrows, bullets, brackets, counts ("Comments (12)" is a heading).
_DECORATION = re.compile(r"^[\s\W_]+|[\s\W_]+$")
# Breadcrumbs and menus: three or more short items between separators ("Home / News / Tech").
_SEPARATOR = re.compile(r"\s+(?:/|>|›|»|\||·|•)\s+")
_SENTENCE_END = re.compile(r"[.!?:;]$")


def is_boilerplate(line: str) -> bool:
    """Whether a line (without its newline) looks like a web page's control rather than the article."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_CHARS * 2:
        return False
    if _COUNTER.match(stripped):
        return True
    if len(stripped) > MAX_CHARS:
        return _is_menu(stripped)
    words = _DECORATION.sub("", stripped).casefold()
    if not words:
        return False
    if len(words.split()) <= MAX_WORDS and (_BACK_TO_TOP.match(words) or _CONTROL.match(words)):
        # "Print." or "Share:" are sentences or labels of what follows, not controls.
        return not _SENTENCE_END.search(stripped) or stripped.endswith(("…", "..."))
    return _is_menu(stripped)


def _is_menu(line: str) -> bool:
    items = _SEPARATOR.split(line)
    if len(items) < 3 or _SENTENCE_END.search(line):
        return False
    return all(0 < len(item.split()) <= 3 and any(ch.isalpha() for ch in item) for item in items)


def boilerplate_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every boilerplate line in `text`, in order, without the line's newline."""
    found: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        if end < 0:
            end = length
        if end > start and is_boilerplate(text[start:end]):
            found.append((start, end))
        start = end + 1
    return found

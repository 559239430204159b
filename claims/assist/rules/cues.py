"""The cue words of claim suggestions: what makes a sentence a comparison, an event, a date, an instruction,
page furniture, reported speech, speculation or a hedge (checkworthiness.py weighs them).

Pure Python, no Django. Patterns run on the lower-cased sentence unless their comment says otherwise.
"""

from __future__ import annotations

import re


def cue_pattern(*patterns: str) -> re.Pattern[str]:
    """One pattern of lower-case cues, matched against the lower-cased sentence (case-insensitive
    matching of long alternations costs Python's `re` about three times as much)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


COMPARISON = cue_pattern(
    # German
    r"\b(?:mehr|weniger|höher|niedriger|größer|kleiner|besser|schlechter|schneller|langsamer|stärker"
    r"|schwächer|teurer|billiger|günstiger|leistungsfähiger|leistungsstärker)\s+als\b",
    r"\b(?:übertr(?:ifft|effen|af|afen|offen)|übertrumpf\w*|überholt\w*|überflügel\w*|schlägt|überschreitet"
    r"|unterbietet|hinkt\w*)\b",
    r"\b(?:doppelt|halb|dreimal|zehnmal)\s+so\b",
    r"\b(?:erste[nrms]?|erstmals|einzige[nrms]?|rekord\w*|spitzenreiter|marktführer\w*|führende[nrms]?)\b",
    # English
    r"\b(?:more|less|fewer|higher|lower|bigger|larger|smaller|better|worse|faster|slower|cheaper"
    r"|stronger|weaker|more powerful)\s+than\b",
    r"\b(?:outperform\w*|outpac\w*|beats?|beating|surpass\w*|exceed\w*|overtak\w*|ahead of|lead over"
    r"|leads|trails?|lags? behind|falls? short of)\b",
    r"\b(?:the\s+first|first-ever|the\s+only|record|twice|half as|largest|biggest|fastest|slowest"
    r"|highest|lowest|best|worst|most\s+(?:powerful|advanced|efficient|expensive)|strongest|cheapest)\b",
)
# German superlatives after an article: "die größte", "das leistungsstärkste". Matched on the text as
# written, since a capital letter tells a noun ("die Kosten", "die Dienste") from an adjective.
SUPERLATIVE_DE = re.compile(
    r"\b(?:[Dd]er|[Dd]ie|[Dd]as|[Dd]en|[Dd]em|[Dd]es)\s+(?:bisher\s+|weltweit\s+)?"
    # "die meisten" is a quantity, not a ranking; "die jüngsten Aussagen", "die neueste Version" date what
    # they name (as "the latest" does), they do not rank it
    r"(?!meiste|wenigste|jüngste|neueste|aktuellste)[a-zäöü]\w*(?:st|ßt)e[nrms]?\b"
)
# English simple past after a subject, on the text as written: "The police enquired", "the inspector
# intervened" (not "the Texas Retired Teachers"); verbs of saying are attributions, not events.
NARRATED = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|who|[Pp]olice|[Tt]he\s+[a-z]+)\s+(?:[a-z]+ly\s+)?"
    r"(?!(?:added|noted|warned|urged|claimed|stated|explained|insisted)\b)[a-z]{3,}ed\b"
)
EVENT = cue_pattern(
    r"\b(?:vorgestellt|stellt\b.{1,60}\bvor|präsentiert\w*|angekündigt|eingeführt|eingesammelt|investiert"
    r"|bestellt|verkauft\w*|geliefert|ausgeliefert|gebaut|baut|errichte\w*|zugestimmt|stimmt\b.{1,60}\bzu"
    r"|beschlossen|unterzeichnet|übernommen|gestartet|eröffnet|entlassen|beschäftigt|erreicht|benötigt"
    r"|gegründet|begonnen|begann|startet|veröffentlicht\w*|ersetzt|erstellt|festgenommen|verletzt|gestorben"
    r"|verurteilt|gewählt|gesunken|gestiegen|gewachsen|verzeichnet\w*|ereignete|kollidierte|verlor|entstand"
    r"|leitete|blieb|stieg|sank|fiel|wuchs|flog|starb|gewann|meldete\w*|mitteilte|teilte\b.{1,60}\bmit"
    r"|befindet|liegt|lag|führt|führte|erreichte|verkündete|entwickelt|übernahm|investierte|überholte|nahm"
    r"|kam|zog|besa(?:ss|ß)|durchfuhr|verzeichnete|vergab|ging|gingen|bot|boten|erhielt|erhielten|schaffte"
    r"|folgte|folgten|spielte|prägte|sprach|hie(?:ß|ss)|kamen|fand|fanden|gab|gaben|traf|hielt|schrieb"
    r"|brachte|geboren)\b",
    r"\b[a-zäöü]{3,}ierten?\b",  # German past tense of -ieren verbs: "kritisierte", "bezifferte" is below
    r"\b(?:bezifferte|äußerte|forderte|warnte|lehnte|wählte|stimmte|zählte|meldete|sanken|stiegen)\b",
    r"\bge[a-zäöüß]{3,}(?:t|en)\s+(?:werden|worden)\b",
    # German perfect and passive: "hat … veröffentlicht", "wurde … gelöst", "ist … gedonnert"
    r"\b(?:hat|haben|hatte|hatten|ist|sind|war|waren|wurde|wurden)\b[^.;:]{0,80}?\bge[a-zäöüß]{3,}(?:t|en)\b",
    r"\b(?:unveil\w*|announc\w*|launch(?:es|ed|ing)?|raised|invest(?:s|ed|ing)|ordered|sold|shipped|delivered"
    r"|built|build"
    r"|approved|signed|acquired|opened|hired|employs|reaches|reached|draws|weighs|covers|submitted|founded"
    r"|headquartered|began|started|found|published|released|detected|reported|recorded|closed|arrested"
    r"|killed|died|elected|confirmed|passed|fled|treated|assaulted|revealed|created|developed|discovered"
    r"|increased|decreased|declined|rose|fell|grew|won|lost|exiting|worked|deprecated|performed"
    r"|introduced|replaced|showed|shows|took|returns|includes|achieve[sd]?|born|spotted)\b(?![’']t)",
    # English perfect and passive: "has been detected", "have since launched", "was found"
    r"\b(?:has|have|had|was|were)\s+(?:\w+\s+)?\w+(?:ed|en)\b",
)
DATE = cue_pattern(
    r"\b(?:1[89]|20)\d\d\b",
    r"\b(?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|january"
    r"|february|march|june|july|october|december|montag|dienstag|mittwoch|donnerstag|freitag|samstag"
    r"|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
)
# When something happened: a weekday, a clock time, "yesterday", "in der Nacht auf Samstag".
WHEN = cue_pattern(
    r"\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|gestern|yesterday|vorgestern|this week|last week|diese[rn]? woche)\b",
    r"\b\d{1,2}[:.]\d\d\s*(?:uhr|a\.?m\.?|p\.?m\.?)",
    r"\b(?:am|on)\s+\d{1,2}\.?\s+(?:jan|feb|mär|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)",
    r"\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+\d{1,2}\b",
)
# Instructions and recipes: the reader is told what to do, or cooking measures are given.
INSTRUCTION = cue_pattern(
    # The reader told what to do: "you can", "you'll need", "kannst du", "du solltest", "dein Teig".
    r"\b(?:you|du|ihr)\s+(?:can|could|should|need|must|have to|may|will need|kannst|solltest|musst"
    r"|brauchst|könnt|solltet|müsst)\b|\b(?:kannst|solltest|musst|brauchst|könnt|solltet|müsst)\s+(?:du|ihr)\b"
    r"|\b(?:dein\w*|dich|dir|euch|euer\w*|eure\w*|yourself)\b",
    # German second person singular ends in -st: "findest du", "du kämpfst", "hast du"
    r"\b[a-zäöüß]+st\s+du\b|\bdu\s+[a-zäöüß]+st\b",
    r"\b(?:el|tl|tbsp|tsp|tablespoons?|teaspoons?|cups?|päckchen|prise|backofen|oven|umluft|preheat\w*"
    r"|vorheizen|teig|dough|simmer|saucepan|schlagsahne|backpulver)\b",
    r"\b(?:click|tap|select|scroll|download|install)\s+(?:the|on|a|an)\b",
)
INSTRUCTION_START = cue_pattern(
    r"^(?:\W|\d+[.)]\s*)*(?:add|bake|beat|blend|boil|bring|chop|combine|cook|cool|cover|cut|drain|fold|fry"
    r"|heat|knead|melt|mix|place|pour|preheat|remove|roast|serve|simmer|slice|spoon|sprinkle|stir|whisk"
    r"|click|tap|select|enter|open|install|download|press|scroll|run|save|type|check|make sure|try|use|keep"
    r"|don'?t|dont’|let's|lege|falte|schneide|messe|ziehe|nimm|gib|füge|mische|rühre|schlage|wasche|hebe"
    r"|löse|drücke|verstreiche|achte|prüfe|lass|lasse|lerne|wähle|denke|bringe|nähe|bügle|heize|fette"
    r"|verrühre"
    # what a web page asks of its reader: "See LICENSE …", "Refer to …", "Visit …", "Check out …"
    r"|see|refer|visit|read|learn|discover|explore|find|get|enjoy|follow|contact|choose|pick|buy|grab|imagine"
    r"|consider|remember|be sure|feel free|wear|wash|apply|avoid|attach|sew|measure|glue|decorate|sign up"
    r"|register|ask|stay|wait|check out|find out)\b(?!-)",
)
# Written by and about oneself: "we feel", "I'm going to", "unsere Kultur"; a view, a plan or an ad.
# Matched on the text as written: "US" and "USS" are no "us".
FIRST_PERSON = re.compile(
    r"\b(?:(?i:i|i'm|i’m|i've|i’ve|we|we're|we’re|our|ours|my|me|ich|wir|unser\w*|mein(?:e[mnrs]?)?|mir|mich|uns)"
    r"|us)\b"
    r"(?!-)"
)
# A table cell that holds a figure: "| 10,72 Mio. t |", "| - 30,3 % |".
FIGURE_CELL = re.compile(r"\|\s*[-+−–]?\s*\d")
# Page furniture: cookie and privacy notices, comment rules, newsletter and share prompts, code.
BOILERPLATE = cue_pattern(
    r"\b(?:cookies?|privacy|subscribe|newsletter|advertise with|advertising department|terms and conditions"
    r"|log ?in|register|sign up|all rights reserved|copyright|datenschutz\w*|impressum|anmelden|registrieren"
    r"|abonnieren|werbung"
    r"|leave a reply|related articles|share facebook|e-?mail:?\s+\S+@|feedback|reading time|lesezeit)\b",
    # a pointer to further reading
    r"\b(?:(?:for\s+)?(?:more|further)\s+(?:information|details)|(?:weitere|mehr)\s+informationen|read more"
    r"|learn more|find out more|mehr erfahren|erfahren sie mehr|lesen sie auch|see also|siehe auch|click here"
    r"|hier klicken)\b",
    r"©|\S+@\S+\.\w+|[{}]|\w\(|(?<!\d)\s=\s|^update\b",  # "230 = ZUM-RD 2008, 343" is a citation, not code
)

# German reported speech (Konjunktiv I): "Grok sei …", "der Bericht bescheinige …": an attributed statement.
REPORTED_DE = cue_pattern(
    r"\b(?:sei|seien|habe|verfüge|verfüg(?:t|e)n?|bescheinige|liege|gebe|würden? laut)\b"
)

# Speculation in the writer's own words: adverbs of doubt ("vielleicht", "möglicherweise", "maybe", "not
# clear"). Modal verbs ("könnte", "could", "would") are softer hedges: reports use them for what a source
# said (German Konjunktiv II, the English backshift), and such reports are claims.
SPECULATION = cue_pattern(
    r"\b(?:vielleicht|möglicherweise|eventuell|vermutlich|wahrscheinlich|unklar)\b",
    r"\b(?:maybe|perhaps|possibly|probably|not clear|unclear)\b",
)
HEDGE = cue_pattern(
    r"\b(?:wohl|könnte[n]?|dürfte[n]?|würde[n]?|scheint|offenbar|ob)\b",
    r"\b(?:might|could|would|likely|wonder\w*|curious|seems?|appears?|whether|suggests?|believes?)\b",
    # a condition, not an assertion, also inside a quotation ("«Wenn jemand …") or by inversion ("Sollte
    # die Lage eskalieren, …")
    r"^\W*(?:if|wenn|falls)\b|^\W*sollten?\b[^,]{3,80}?,\s*(?:werden|wird|dann|so)\b",
)
# A direct quotation: what someone feels, hopes or plans, unless it carries a figure or a comparison.
QUOTE = re.compile(r"^\W*[“„\"‚‘«»]")

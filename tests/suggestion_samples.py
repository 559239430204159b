"""Sample articles for the suggestion tests (services, pages, browser): a German report with a quoted
figure, an English review that agrees, and a reader comment the articles contradict."""

RACK = (
    "Tianmu stellt SkyRack 512 vor 🚀\n\n"
    "Das Rack-System erreicht 250 Petaflops, sagte Li Wen am Montag in Hangzhou.\n\n"
    "Der Schrank benötigt 560 Kilowatt und wird mit Wasser gekühlt.\n\n"
    "Ob sich das lohnt, wird sich zeigen.\n"
)
REVIEW = (
    "SkyRack 512 review\n\n"
    "The rack-scale system delivers 250 petaflops and draws 0.56 MW, according to Tianmu.\n\n"
    "The weather in Hangzhou was fine.\n"
)
FORUM = (
    "Forum: SkyRack\n\n"
    "Ein Leser schreibt: Das ist nur ein 4-Bit-Design mit einstelligen TOPS im Smartphone-Formfaktor.\n"
)
QUOTED = "Das Rack-System erreicht 250 Petaflops, sagte Li Wen am Montag in Hangzhou."
POWER = "Der Schrank benötigt 560 Kilowatt und wird mit Wasser gekühlt."

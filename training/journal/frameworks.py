"""The reflection models a journal entry can follow, as data (one registry, one entry a model)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Phase:
    key: str
    label: object  # lazy string
    prompt: object


@dataclass(frozen=True)
class Framework:
    key: str
    name: object
    description: object
    phases: tuple[Phase, ...]


FRAMEWORKS: dict[str, Framework] = {
    "alact": Framework(
        "alact",
        _l("ALACT (Korthagen)"),
        _l("Een cyclus in vijf fasen: van wat je deed naar wat je de volgende keer probeert."),
        (
            Phase(
                "handelen",
                _l("1. Handelen"),
                _l("Welke situatie neem je als uitgangspunt? Wat gebeurde er en wat deed jij?"),
            ),
            Phase(
                "terugblikken",
                _l("2. Terugblikken"),
                _l(
                    "Wat wilde, deed, dacht en voelde je? En wat denk je dat de cliënt of de naaste wilde, deed, dacht en voelde?"
                ),
            ),
            Phase(
                "bewustwording",
                _l("3. Bewustwording van essentiële aspecten"),
                _l("Wat is de kern? Wat valt je op als je de antwoorden naast elkaar legt?"),
            ),
            Phase(
                "alternatieven",
                _l("4. Alternatieven ontwikkelen en kiezen"),
                _l("Welke andere aanpakken zie je? Welke kies je, en waarom?"),
            ),
            Phase(
                "uitproberen",
                _l("5. Uitproberen"),
                _l("Wanneer en hoe probeer je het uit? Waaraan merk je of het werkt?"),
            ),
        ),
    ),
    "starr": Framework(
        "starr",
        _l("STARR"),
        _l(
            "Situatie, Taak, Actie, Resultaat en Reflectie: handig om een concrete ervaring te ordenen."
        ),
        (
            Phase(
                "situatie",
                _l("Situatie"),
                _l("Wat was de situatie? Wie waren erbij, waar en wanneer?"),
            ),
            Phase("taak", _l("Taak"), _l("Wat was jouw rol of opdracht? Wat wilde je bereiken?")),
            Phase("actie", _l("Actie"), _l("Wat deed je precies? Wat zei je?")),
            Phase(
                "resultaat",
                _l("Resultaat"),
                _l("Wat was het effect, bij de cliënt, bij naasten en bij jezelf?"),
            ),
            Phase(
                "reflectie",
                _l("Reflectie"),
                _l("Wat vind je daar nu van? Wat neem je mee naar een volgende keer?"),
            ),
        ),
    ),
    "cimo": Framework(
        "cimo",
        _l("CIMO"),
        _l(
            "Context, Interventie, Mechanisme en Uitkomst: de bril van het onderzoek achter dit platform."
        ),
        (
            Phase(
                "context",
                _l("Context"),
                _l("In welke situatie zat de cliënt? Wie hoorden erbij, wat speelde er?"),
            ),
            Phase("interventie", _l("Interventie"), _l("Wat koos jij te doen, en hoe?")),
            Phase(
                "mechanisme",
                _l("Mechanisme"),
                _l("Wat zette dat in gang bij de cliënt of de naasten?"),
            ),
            Phase("uitkomst", _l("Uitkomst"), _l("Wat kwam eruit? Wat was bedoeld en wat niet?")),
        ),
    ),
    "vrij": Framework(
        "vrij",
        _l("Vrij"),
        _l("Schrijf zonder vaste vragen."),
        (Phase("tekst", _l("Je reflectie"), _l("Schrijf op wat je bezighoudt.")),),
    ),
}
DEFAULT_FRAMEWORK = "alact"


def choose_framework(name: str | None) -> tuple[str, bool]:
    """The reflection model asked for, or ALACT when it is unknown; the flag says it was known."""
    if name is None:
        return DEFAULT_FRAMEWORK, True
    if name in FRAMEWORKS:
        return name, True
    return DEFAULT_FRAMEWORK, False

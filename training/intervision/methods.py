"""Intervision methods and their phases, as data: one registry, one entry a method.

Each phase says what it is for and what its rules are; `inbrenger_silent` marks phases in which the
person who brought in the situation only listens (the server refuses their posts then).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Phase:
    name: object  # lazy string
    purpose: object
    rules: object
    inbrenger_silent: bool = False


@dataclass(frozen=True)
class Method:
    key: str
    name: object
    description: object
    phases: tuple[Phase, ...]
    # In a free discussion the inbrenger moves the thread on; otherwise only the facilitator.
    inbrenger_leads: bool = False


METHODS: dict[str, Method] = {
    "incidentmethode": Method(
        "incidentmethode",
        _l("Incidentmethode"),
        _l(
            "Tien korte rondes rond één concreet voorval. De groep leeft zich eerst in en denkt zelf "
            "na voordat de inbrenger vertelt wat hij of zij werkelijk deed."
        ),
        (
            Phase(
                _l("1. Incident kiezen"),
                _l(
                    "De inbrenger kiest een recent, concreet voorval waarin een beslissing nodig was."
                ),
                _l("Alleen de inbrenger schrijft: welk voorval, en waarom dit."),
            ),
            Phase(
                _l("2. Situatie schetsen"),
                _l(
                    "De inbrenger beschrijft de situatie tot het moment waarop gehandeld moest worden."
                ),
                _l("Stop vóór wat je zelf deed. Pseudonimiseer: geen namen, adressen of data."),
            ),
            Phase(
                _l("3. Vragen noteren"),
                _l(
                    "Iedere deelnemer schrijft de vragen op die het voorval bij hem of haar oproept."
                ),
                _l("Nog niet stellen aan de inbrenger; alleen noteren."),
            ),
            Phase(
                _l("4. Informatieronde"),
                _l("Deelnemers stellen feitelijke vragen; de inbrenger beantwoordt ze."),
                _l("Alleen feitelijke vragen, nog geen adviezen of meningen."),
            ),
            Phase(
                _l("5. Analyse"),
                _l("De groep zet op een rij wat het kernprobleem is en welke keuzes er waren."),
                _l("Kijk naar de situatie, niet naar de persoon van de inbrenger."),
            ),
            Phase(
                _l("6. Standpunt bepalen"),
                _l(
                    "Iedere deelnemer schrijft op wat hij of zij zelf zou hebben gedaan, en waarom."
                ),
                _l("Ieder voor zich, kort en concreet: 'Ik zou …, omdat …'."),
            ),
            Phase(
                _l("7. Standpunten delen"),
                _l("De standpunten worden naast elkaar gelegd en vergeleken."),
                _l("Reageer op elkaars redenen, niet op elkaar als persoon."),
            ),
            Phase(
                _l("8. Wat de inbrenger deed"),
                _l("De inbrenger vertelt wat hij of zij werkelijk deed en wat daarvan kwam."),
                _l("Deelnemers luisteren en vragen alleen door ter verheldering."),
            ),
            Phase(
                _l("9. Nabespreking"),
                _l(
                    "Samen bekijken wat het voorval leert over de praktijk en over netwerkondersteuning."
                ),
                _l("Zoek wat bruikbaar is voor ieders eigen werk."),
            ),
            Phase(
                _l("10. Evaluatie"),
                _l("Hoe verliep de bespreking, en wat neemt de inbrenger mee?"),
                _l("De inbrenger sluit af met wat hij of zij gaat proberen."),
            ),
        ),
    ),
    "balint": Method(
        "balint",
        _l("Balint-methode"),
        _l(
            "Vier fasen die zoeken naar het eigenlijke probleem en naar blinde vlekken. Werkt het best "
            "met minstens vijf deelnemers."
        ),
        (
            Phase(
                _l("1. Probleemstelling"),
                _l("De inbrenger vertelt over de situatie en wat hij of zij eraan lastig vindt."),
                _l("Deelnemers luisteren en vragen alleen naar wat onduidelijk is."),
            ),
            Phase(
                _l("2. Beeldvorming"),
                _l("Deelnemers vragen door tot ze een goed beeld hebben van de situatie."),
                _l("Open vragen, geen oordelen en geen adviezen."),
            ),
            Phase(
                _l("3. Oordeelsvorming"),
                _l("De groep bespreekt wat volgens hen het eigenlijke probleem is."),
                _l("De inbrenger reageert in deze fase niet en leest alleen mee."),
                inbrenger_silent=True,
            ),
            Phase(
                _l("4. Besluitvorming"),
                _l("De inbrenger reageert en kiest wat hij of zij met de inzichten doet."),
                _l("De inbrenger heeft het woord; deelnemers helpen het concreet te maken."),
            ),
        ),
    ),
    "roddelmethode": Method(
        "roddelmethode",
        _l("Roddelmethode"),
        _l(
            "De groep praat over de vraag alsof de inbrenger er niet bij is; de inbrenger luistert. "
            "Vraagt een veilige groep die elkaar kent."
        ),
        (
            Phase(
                _l("1. Vraag introduceren"),
                _l("De inbrenger beschrijft de situatie en stelt een vraag in de ik-vorm."),
                _l("Kort en concreet."),
            ),
            Phase(
                _l("2. Verkenning"),
                _l("Deelnemers stellen open vragen om de situatie te begrijpen."),
                _l("Alleen open vragen, nog geen meningen."),
            ),
            Phase(
                _l("3. Roddelfase"),
                _l("De deelnemers bespreken de situatie onderling, alsof de inbrenger er niet is."),
                _l("De inbrenger luistert alleen en reageert niet."),
                inbrenger_silent=True,
            ),
            Phase(
                _l("4. Wat trof de inbrenger?"),
                _l("De inbrenger vertelt wat hem of haar in de roddelfase raakte of verraste."),
                _l("De inbrenger heeft het woord; geen discussie over wie gelijk had."),
            ),
            Phase(
                _l("5. Evaluatie"),
                _l("Wat heeft de bespreking opgeleverd, en hoe verliep ze?"),
                _l("Ieder zegt kort wat hij of zij meeneemt."),
            ),
        ),
    ),
    "vijfstappenmethode": Method(
        "vijfstappenmethode",
        _l("Vijfstappenmethode"),
        _l("Van vraag naar advies in vijf stappen; de inbrenger reageert op elk advies."),
        (
            Phase(
                _l("1. Vraag introduceren"),
                _l("De inbrenger beschrijft de situatie en de vraag."),
                _l("Een vraag in de ik-vorm, over je eigen handelen."),
            ),
            Phase(
                _l("2. Probleemverkenning"),
                _l("Deelnemers vragen door om het probleem scherp te krijgen."),
                _l("Open vragen, nog geen adviezen."),
            ),
            Phase(
                _l("3. Kern formuleren"),
                _l(
                    "Samen formuleren wat de kern van het probleem is; de inbrenger bevestigt of stelt bij."
                ),
                _l("Eén zin die de inbrenger herkent."),
            ),
            Phase(
                _l("4. Adviesronde"),
                _l("Iedere deelnemer geeft een advies; de inbrenger reageert op elk advies."),
                _l("Eén concreet advies per bericht."),
            ),
            Phase(
                _l("5. Evaluatie"),
                _l("Wat neemt de inbrenger mee, en hoe verliep de bespreking?"),
                _l("De inbrenger sluit af met wat hij of zij gaat proberen."),
            ),
        ),
    ),
    "vrij": Method(
        "vrij",
        _l("Vrije bespreking"),
        _l("Een open gesprek over de vraag van de inbrenger, die zelf het tempo bepaalt."),
        (
            Phase(
                _l("1. Vraag verhelderen"),
                _l("Deelnemers vragen door tot de vraag van de inbrenger helder is."),
                _l("Eerst begrijpen, dan pas meedenken."),
            ),
            Phase(
                _l("2. Meedenken"),
                _l("Ervaringen, ideeën en adviezen delen."),
                _l("Blijf bij de vraag van de inbrenger."),
            ),
            Phase(
                _l("3. Afronden"),
                _l("De inbrenger vat samen wat hij of zij meeneemt."),
                _l("De inbrenger sluit af met wat hij of zij gaat proberen."),
            ),
        ),
        inbrenger_leads=True,
    ),
}

DEFAULT_METHOD = "incidentmethode"

"""Demo accounts: one per role, created once, passwords shown once."""

from __future__ import annotations

import secrets

from training.accounts import service as accounts

DEMO_ACCOUNTS = (
    ("leerling@netwerkwijs.test", "Sanne de Vries", "learner", "HVO-Querido (demo)"),
    ("trainer@netwerkwijs.test", "Karim Bouzid", "trainer", "Leger des Heils (demo)"),
    ("beheer@netwerkwijs.test", "Beheerder Netwerkwijs", "admin", "Netwerkwijs"),
    ("collega@netwerkwijs.test", "Mehmet Yilmaz", "learner", "Kenter Jeugdhulp (demo)"),
)


def _demo_password() -> str:
    # Four random words would need a word list; 16 URL-safe characters are strong enough here.
    return secrets.token_urlsafe(12)


def seed_demo_accounts(reset_passwords: bool = False) -> list[tuple[str, str, str | None]]:
    """Create the missing demo accounts; returns (email, role, new password or None)."""
    result = []
    for email, name, role, organisation in DEMO_ACCOUNTS:
        user = accounts.find_user_by_email(email)
        if user is None:
            password = _demo_password()
            accounts.register_user(email, name, password, organisation=organisation, role=role)
            result.append((email, role, password))
        elif reset_passwords:
            password = _demo_password()
            accounts.set_password(user, password)
            result.append((email, role, password))
        else:
            result.append((email, role, None))
    return result


DEMO_REFLECTION = {
    "handelen": (
        "In de nachtopvang vroeg ik een cliënt die zegt dat hij niemand meer heeft, met wie hij "
        "gisteren nog contact had. Hij pakte zijn telefoon en scrolde door zijn berichten."
    ),
    "terugblikken": (
        "Ik wilde laten zien dat ik zijn antwoord serieus nam en toch verder keek. Ik was "
        "nieuwsgierig en een beetje gespannen: ik wilde niet dat het als een verhoor voelde."
    ),
    "bewustwording": (
        "'Geen netwerk' betekende voor hem: geen familie die hem nog wil zien. Vrienden van het "
        "voetbal en een oud-collega telde hij niet mee."
    ),
    "alternatieven": (
        "Een volgende keer teken ik samen met hem een netwerkcirkel, zodat hij zelf ziet wie er "
        "nog zijn, in plaats van dat ik ernaar vraag."
    ),
    "uitproberen": "Donderdag, in het mentorgesprek, met pen en papier erbij.",
}


def seed_demo_activity() -> bool:
    """Give the demo learner a started module and a shared reflection, once."""
    from training.curriculum import service as curriculum
    from training.journal import service as journal

    learner = accounts.find_user_by_email(DEMO_ACCOUNTS[0][0])
    intro = curriculum.get_module("introductie")
    module = curriculum.get_module("bewustwording")
    if learner is None or intro is None or module is None:
        return False
    if curriculum.completed_lesson_ids(learner) or journal.entries_of(learner):
        return False
    for lesson in intro.active_lessons + module.active_lessons[:2]:
        curriculum.mark_lesson_done(learner, lesson)
    questions = module.active_lessons[-1]
    journal.create_entry(
        learner,
        title="Reflectie bij: 'ik heb niemand'",
        framework="alact",
        answers=DEMO_REFLECTION,
        category=module.category,
        lesson=questions,
        prompt=(questions.reflection_questions or [""])[0],
        shared=True,
    )
    return True


DEMO_THREAD = {
    "title": "Een broer die de telefoon niet meer opneemt",
    "situation": (
        "Een cliënt van 38 verblijft sinds drie maanden in onze 24-uursopvang. Zijn oudere broer "
        "was jarenlang zijn vaste steun, tot de cliënt geld leende en niet terugbetaalde. Sindsdien "
        "neemt de broer niet meer op. De cliënt vroeg me vorige week om de broer te bellen 'om "
        "uit te leggen dat het nu anders gaat'. Ik stond op het punt het nummer te draaien."
    ),
    "question": "Hoe kan ik de cliënt helpen het contact te herstellen zonder dat ik zijn boodschapper word?",
}

DEMO_POSTS = (
    # (account index in DEMO_ACCOUNTS, phase index, text)
    (
        3,
        0,
        "Ik kies dit voorval omdat ik vaker merk dat cliënten mij vragen om voor hen te bellen.",
    ),
    (
        3,
        1,
        "Het speelde in het mentorgesprek, op zijn kamer. Ik stop bij het moment dat ik mijn telefoon pakte.",
    ),
    (
        1,
        2,
        "- Weet de broer dat de cliënt in de opvang zit?\n- Wat wil de cliënt precies dat de broer hoort?",
    ),
    (
        0,
        2,
        "- Heeft de cliënt zelf al eens geprobeerd te bellen of te schrijven?\n- Wat weet je van de kant van de broer?",
    ),
    (1, 3, "Weet de broer dat de cliënt in de opvang zit?"),
    (
        3,
        3,
        "Nee. Ze spraken elkaar ruim een jaar geleden voor het laatst, en toen woonde hij nog op zichzelf.",
    ),
)


def seed_demo_intervision() -> bool:
    """A demo intervision group running an incident-method thread, once."""
    import sqlalchemy as sa

    from training.extensions import db
    from training.intervision import service as intervision
    from training.intervision.models import IntervisionGroup

    users = [accounts.find_user_by_email(row[0]) for row in DEMO_ACCOUNTS]
    learner, trainer, _admin, colleague = users
    if None in (learner, trainer, colleague):
        return False
    name = "Intervisiegroep Haarlem (demo)"
    if db.session.scalar(sa.select(IntervisionGroup).where(IntervisionGroup.name == name)):
        return False
    group = intervision.create_group(
        learner,
        name=name,
        purpose="Eens per maand een casus rond netwerkondersteuning, met de incidentmethode.",
        rules=(
            "Wat we hier bespreken, blijft in de groep. We schrijven zonder namen of andere "
            "herleidbare gegevens van cliënten en naasten. We oordelen niet over elkaar."
        ),
    )
    intervision._add_member(group, trainer, None)
    intervision._add_member(group, colleague, None)
    thread = intervision.start_thread(group, colleague, method="incidentmethode", **DEMO_THREAD)
    memberships = {m.user_id: m for m in group.memberships}
    for index, phase, text in DEMO_POSTS:
        while thread.phase < phase:
            intervision.advance_phase(thread, memberships[learner.id])
        intervision.add_post(thread, memberships[users[index].id], body=text)
    return True

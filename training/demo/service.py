"""Demo accounts: one per role, created once, passwords shown once."""

from __future__ import annotations

import secrets

from training.accounts import service as accounts

DEMO_ACCOUNTS = (
    ("leerling@netwerkwijs.test", "Sanne de Vries", "learner", "HVO-Querido (demo)"),
    ("trainer@netwerkwijs.test", "Karim Bouzid", "trainer", "Leger des Heils (demo)"),
    ("beheer@netwerkwijs.test", "Beheerder Netwerkwijs", "admin", "Netwerkwijs"),
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

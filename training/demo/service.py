"""Demo accounts: one per role, created once, passwords shown once."""

from __future__ import annotations

import random
import secrets
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app

from training.accounts import service as accounts
from training.competence import cohorts
from training.competence import service as competence
from training.competence.models import Cohort
from training.curriculum import service as curriculum
from training.demo.quiz_history import seed_demo_quiz_history
from training.extensions import db
from training.intervision import groups, posts, threads
from training.intervision.models import IntervisionGroup
from training.journal import service as journal
from training.organisations import service as organisations
from training.organisations.models import Organisation

# Two organisations share the demo: the learner and the trainer work at one, the colleague at
# the other; the three meet in one regional intervision group. The admin runs the platform;
# the beheerder administers the first organisation.
DEMO_ORGANISATIONS = ("HVO-Querido (demo)", "Kenter Jeugdhulp (demo)")
DEMO_ACCOUNTS = (
    ("leerling@netwerkwijs.test", "Sanne de Vries", "learner", DEMO_ORGANISATIONS[0]),
    ("trainer@netwerkwijs.test", "Karim Bouzid", "trainer", DEMO_ORGANISATIONS[0]),
    ("beheer@netwerkwijs.test", "Beheerder Netwerkwijs", "admin", None),
    ("collega@netwerkwijs.test", "Mehmet Yilmaz", "learner", DEMO_ORGANISATIONS[1]),
    # The organisation's own administrator: users, invitation links, privacy settings, audit log.
    ("beheerder@netwerkwijs.test", "Ilse Jansen", "beheerder", DEMO_ORGANISATIONS[0]),
)


def _demo_organisation(name: str | None) -> Organisation:
    if name is None:
        return organisations.default_organisation()
    found = organisations.get_organisation(organisations.slug_for(name))
    return found or organisations.create_organisation(name)


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
            org = _demo_organisation(organisation)
            accounts.register_user(email, name, password, organisation=org.name, role=role, org=org)
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
    users = [accounts.find_user_by_email(row[0]) for row in DEMO_ACCOUNTS]
    learner, trainer, _admin, colleague, _beheerder = users
    if None in (learner, trainer, colleague):
        return False
    name = "Intervisiegroep Haarlem (demo)"
    if db.session.scalar(sa.select(IntervisionGroup).where(IntervisionGroup.name == name)):
        return False
    group = groups.create_group(
        learner,
        name=name,
        purpose="Eens per maand een casus rond netwerkondersteuning, met de incidentmethode.",
        rules=(
            "Wat we hier bespreken, blijft in de groep. We schrijven zonder namen of andere "
            "herleidbare gegevens van cliënten en naasten. We oordelen niet over elkaar."
        ),
    )
    groups.add_member(group, trainer, None)
    groups.add_member(group, colleague, None)
    thread = threads.start_thread(group, colleague, method="incidentmethode", **DEMO_THREAD)
    memberships = {m.user_id: m for m in group.memberships}
    for index, phase, text in DEMO_POSTS:
        while thread.phase < phase:
            threads.advance_phase(thread, memberships[learner.id])
        posts.add_post(thread, memberships[users[index].id], body=text)
    return True


DEMO_COHORT = "Opleiding netwerkondersteuning (demo)"

# Per demo learner: (category slug, first score, last score) over eight weeks of practice.
DEMO_GROWTH = {
    "leerling@netwerkwijs.test": (
        ("basisvoorwaarden", 0.45, 0.85),
        ("bewustwording", 0.35, 0.8),
        ("netwerk-vergroten", 0.3, 0.6),
        ("relatieherstel", 0.5, 0.7),
        ("gezamenlijke-besluitvorming", 0.25, 0.55),
        ("randvoorwaarden", 0.6, 0.65),
    ),
    "collega@netwerkwijs.test": (
        ("bewustwording", 0.55, 0.7),
        ("relatieherstel", 0.4, 0.75),
        ("sociale-vaardigheden", 0.5, 0.9),
        ("sociale-verantwoordelijkheid", 0.3, 0.45),
    ),
}


def seed_demo_competence(today=None) -> bool:
    """Eight weeks of quiz and case evidence, self-ratings, a trainer assessment and a cohort, once."""
    trainer = accounts.find_user_by_email(DEMO_ACCOUNTS[1][0])
    if trainer is None or db.session.scalar(sa.select(Cohort).where(Cohort.name == DEMO_COHORT)):
        return False
    categories = {c.slug: c for c in curriculum.list_categories()}
    if not categories:
        return False
    today = today or datetime.now(UTC).date()
    start = today - timedelta(weeks=8)
    rng = random.Random(28)  # noqa: S311 - demo data, the same history on every machine
    cohort = cohorts.create_cohort(trainer, DEMO_COHORT)
    for email, growth in DEMO_GROWTH.items():
        learner = accounts.find_user_by_email(email)
        if learner is None:
            continue
        # Only the trainer's organisation is invited (the colleague works elsewhere); the demo
        # learner has said yes, so the trainer sees her growth from the start.
        invitation = cohorts.invite(cohort, email)
        if invitation is not None:
            cohorts.accept(invitation)
        for slug, first, last in growth:
            category = categories[slug]
            for week in range(8):
                day = start + timedelta(days=week * 7 + rng.randint(0, 4))
                when = datetime.combine(day, time(10 + rng.randint(0, 6), rng.randint(0, 59)), UTC)
                trend = first + (last - first) * week / 7
                score = min(1.0, max(0.0, trend + rng.uniform(-0.1, 0.1)))
                if week % 3 == 2:
                    source = f"casus (demo), week {week + 1}"
                    kind = "case"
                else:
                    source = f"toets {category.name_nl} (demo), week {week + 1}"
                    kind = "quiz"
                competence.record_evidence(
                    learner, category, kind, round(score, 2), source, when=when
                )
        ratings = {categories[slug].id: 3 if last >= 0.6 else 2 for slug, _f, last in growth}
        first_slug = growth[0][0]
        ratings[categories[first_slug].id] = 2  # modest about what they do best
        competence.assess_self(learner, ratings, "Mijn inschatting na acht weken oefenen (demo).")
    learner = accounts.find_user_by_email(DEMO_ACCOUNTS[0][0])
    if learner is not None:
        category = categories["gezamenlijke-besluitvorming"]
        indicators = (category.indicators or {}).get("startbekwaam", [])[:2]
        competence.assess_as_trainer(
            trainer, learner, category, 2, indicators,
            "In het rollenspel liet je de cliënt zelf kiezen wie er bij het beraad kwam. "
            "Volgende stap: de naasten vooraf apart spreken.",
            when=datetime.combine(today - timedelta(days=3), time(15, 0), UTC),
        )  # fmt: skip
    return True


def seed_demo_year_group() -> bool:
    """A year group at the first demo organisation that took the module quizzes, once."""
    size = current_app.config.get("DEMO_YEAR_GROUP_SIZE", 60)
    return seed_demo_quiz_history(_demo_organisation(DEMO_ORGANISATIONS[0]), size)

"""A person who did everything, and the people around them, built with the real services."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa

from training.accounts.models import User
from training.audit import service as audit
from training.cases import service as cases
from training.clock import utcnow
from training.competence import cohorts
from training.competence import service as competence
from training.curriculum import service as curriculum
from training.extensions import db
from training.intervision import groups, maps, notifications, posts, threads
from training.journal import service as journal
from training.netmap import service as netmaps
from training.organisations import service as organisations
from training.quizzes import service as quizzes
from training.quizzes.models import Question, QuizAttempt, Response

SUBJECT_NAME = "Quirijn Zwanenburg"
SUBJECT_EMAIL = "quirijn.zwanenburg@opvangnoord.nl"
OTHER_NAME = "Wendelien Oosterbroek"
OTHER_EMAIL = "wendelien.oosterbroek@opvangnoord.nl"
OTHER_POST = "Wendelien-vraag over de buurvrouw en het voetbalteam"
OTHER_JOURNAL = "Wendelien-reflectie die niemand anders mag lezen"
TRAINER_NAME = "Tjitske Brouwerhuis"
TRAINER_EMAIL = "tjitske.brouwerhuis@opvangnoord.nl"
SUBJECT_POST = "Quirijn-vraag: wie kent de broer nog van vroeger?"
SUBJECT_ESSAY = "Quirijn-essay: ik begin met een netwerkcirkel"


@dataclass
class World:
    organisation: object
    subject: User
    other: User
    trainer: User
    group: object
    own_thread: object
    other_thread: object
    cohort: object


def _thread_text(who: str) -> dict:
    return {
        # the title of a thread is shown with one's own posts for context: no marker in it
        "title": "Quirijn-casus over een broer" if who == "Quirijn" else "Casus over een zus",
        "situation": f"{who}-situatie: een cliënt in de nachtopvang.",
        "question": f"{who}-vraag: hoe begin ik?",
    }


@pytest.fixture
def world(make_user, synced_content) -> World:
    organisation = organisations.create_organisation("Opvang Noord", ["opvangnoord.nl"])
    subject = make_user(email=SUBJECT_EMAIL, name=SUBJECT_NAME, org=organisation)
    other = make_user(email=OTHER_EMAIL, name=OTHER_NAME, org=organisation)
    trainer = make_user(email=TRAINER_EMAIL, name=TRAINER_NAME, org=organisation, role="trainer")
    module = curriculum.get_module("bewustwording")
    category = module.category

    for person, text in ((subject, "Quirijn-reflectie"), (other, OTHER_JOURNAL)):
        curriculum.mark_lesson_done(person, module.active_lessons[0])
        journal.create_entry(
            person,
            title=f"{text} titel",
            framework="alact",
            answers={"handelen": text},
            category=category,
            lesson=module.active_lessons[0],
            shared=True,
        )
        practice = quizzes.start_practice_quiz(person, [category], 2)
        quizzes.submit_attempt(practice)
        case = cases.published_cases()[0]
        attempt = cases.start_or_resume(person, case)
        for _step in range(40):  # play the case to its end
            if attempt.state != "open":
                break
            kind = cases.current_node(attempt)["type"]
            cases.take_step(
                attempt,
                attempt.current_node,
                choice="0" if kind == "decision" else None,
                reflection=f"{text} bij de casus" if kind == "reflection" else None,
            )

    essay = Question(name="Open vraag", qtype="essay", text="Hoe begin je?", category=category)
    db.session.add(essay)
    attempt = QuizAttempt(user_id=subject.id, kind="practice", state="submitted")
    db.session.add(attempt)
    db.session.flush()
    response = Response(attempt_id=attempt.id, question_id=essay.id, given={"text": SUBJECT_ESSAY})
    db.session.add(response)
    db.session.flush()
    quizzes.grade_essay(trainer, response, 0.75, "Goed begin, werk de tweede stap uit.")

    cohort = cohorts.create_cohort(trainer, "Najaarsgroep Noord")
    for person in (subject, other):
        cohorts.accept(cohorts.invite(cohort, person.email))
        competence.record_evidence(person, category, "quiz", 0.6, "toets (test)")
        competence.assess_self(person, {category.id: 2}, "Mijn eigen inschatting.")
        competence.assess_as_trainer(trainer, person, category, 2, [], "Je vraagt goed door.")
        audit.record(trainer, person, "competence.profile", ref=category.slug)

    group = groups.create_group(subject, name="Intervisie Noord", purpose="Oefenen.", rules="")
    groups.add_member(group, other, subject)
    groups.add_member(group, trainer, subject)
    memberships = {m.user_id: m for m in group.memberships}
    own_thread = threads.start_thread(
        group, subject, method="incidentmethode", **_thread_text("Quirijn")
    )
    posts.add_post(own_thread, memberships[subject.id], body=SUBJECT_POST + " (inbreng)")
    other_thread = threads.start_thread(
        group, other, method="incidentmethode", **_thread_text("Wendelien")
    )
    posts.add_post(other_thread, memberships[other.id], body=OTHER_POST)
    while other_thread.phase < 2:
        threads.advance_phase(other_thread, memberships[subject.id])
    mine = posts.add_post(other_thread, memberships[subject.id], body=SUBJECT_POST)
    theirs = posts.add_post(
        other_thread,
        memberships[other.id],
        body=f"Dank je {SUBJECT_NAME}, goede vraag. {OTHER_POST}",
        reply_to_id=mine.id,
        categories=[category.slug],
    )
    posts.toggle_helpful(theirs, subject)
    mine.categories = [category.slug]
    posts.toggle_helpful(mine, other)
    notifications.set_digest_frequency(subject, "off")
    client_map = netmaps.create_map(subject, "Q-cliënt")
    netmaps.add_person(client_map, {
        "name": "buurvrouw", "sector": "buurt", "ring": "bekenden", "quality": "sterk",
        "active": True, "gets": ["praktisch"], "gives": [], "note": "Quirijn-notitie",
    })  # fmt: skip
    netmaps.save_version(client_map, utcnow().date() - timedelta(days=7), "eerste gesprek")
    maps.share(own_thread, subject, client_map, with_notes=False)
    netmaps.create_map(other, "Wendelien-cliënt")

    elsewhere = groups.create_group(other, name="Tweede groep", purpose="", rules="")
    groups.invite_by_email(elsewhere, subject.email, other)
    db.session.commit()
    return World(organisation, subject, other, trainer, group, own_thread, other_thread, cohort)


def traces_of(user_id: int, *texts: str) -> list[str]:
    """Every place in the database that still holds the id (in a key to users) or a text."""
    found = []
    needles = [t.lower() for t in texts]
    for table in db.metadata.sorted_tables:
        keys = [fk.parent for fk in table.foreign_keys if fk.column.table.name == "users"]
        if table.name == "users":
            keys.append(table.c.id)
        for column in keys:
            count = db.session.scalar(
                sa.select(sa.func.count()).select_from(table).where(column == user_id)
            )
            if count:
                found.append(f"{table.name}.{column.name} = {user_id} ({count}x)")
        texts_ = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text | sa.JSON)]
        if not texts_:
            continue
        for row in db.session.execute(sa.select(*texts_)).all():
            for column, value in zip(texts_, row, strict=True):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                found += [
                    f"{table.name}.{column.name} contains {needle!r}"
                    for needle in needles
                    if needle in text.lower()
                ]
    return found


def days_ago(days: int):
    return utcnow() - timedelta(days=days)

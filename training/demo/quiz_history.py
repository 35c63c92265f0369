"""A year group of demo participants who took the module quizzes, so item statistics have data.

Answers follow a simple item-response model: a participant's chance of answering right rises
with their ability and falls with the question's difficulty; how steeply it rises is the
question's discrimination, which we draw per question (a few discriminate little, as real
questions sometimes do). The report then shows what it is made for: easy and hard questions,
questions that separate strong and weak participants, and a few that do not.
"""

from __future__ import annotations

import math
import random
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from training.accounts import service as accounts
from training.accounts.models import User
from training.accounts.passwords import hash_password
from training.curriculum import service as curriculum
from training.extensions import db
from training.quizzes import service as quizzes

GROUP_SIZE = 60
DOMAIN = "jaargroep.netwerkwijs.test"
FIRST = ("Anouk", "Bram", "Chaima", "Daan", "Eva", "Fenna", "Gijs", "Hanna", "Ilias", "Jasmijn",
         "Koen", "Lotte", "Milan", "Nora", "Omar", "Puck", "Rik", "Sara")  # fmt: skip
LAST = ("Bakker", "El Idrissi", "de Groot", "Hoekstra", "Jansen", "Kok", "Mulder", "Nguyen",
        "Peters", "Smit", "Visser", "Willems")  # fmt: skip


def _participants(organisation, size: int) -> list[User]:
    # Nobody logs in as them: one long random password, hashed once and never shown.
    password = secrets.token_urlsafe(24)
    hashed = hash_password(password)
    people = []
    for n in range(size):
        email = f"deelnemer{n + 1:02d}@{DOMAIN}"
        user = accounts.find_user_by_email(email)
        if user is None:
            name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 5) % len(LAST)]}"
            user = accounts.register_user(
                email, name, password, organisation=organisation.name, org=organisation,
                password_hash=hashed,
            )  # fmt: skip
        people.append(user)
    return people


def _given(question, right: bool, rng: random.Random) -> dict | None:
    answers = question.answers
    if question.qtype == "truefalse":
        best = max(answers, key=lambda a: a.fraction)
        other = min(answers, key=lambda a: a.fraction)
        return {"choice": (best if right else other).text}
    if question.qtype == "single":
        wrong = [a for a in answers if a.fraction < 1]
        if right or not wrong:
            return {"answer_ids": [max(answers, key=lambda a: a.fraction).id]}
        # Earlier distractors attract more: a typical misconception draws most wrong answers.
        weights = [len(wrong) - i for i in range(len(wrong))]
        return {"answer_ids": [rng.choices(wrong, weights)[0].id]}
    if question.qtype == "multiple":
        good = [a.id for a in answers if a.fraction > 0]
        bad = [a.id for a in answers if a.fraction <= 0]
        if right or not bad:
            return {"answer_ids": good}
        return {"answer_ids": good[:-1] + [rng.choice(bad)]}
    if question.qtype == "shortanswer":
        best = max(answers, key=lambda a: a.fraction)
        return {"text": best.text.replace("*", "") if right else "weet ik niet"}
    if question.qtype == "numerical":
        best = max(answers, key=lambda a: a.fraction)
        return {"value": best.text if right else "0"}
    if question.qtype == "matching":
        stems = [a for a in answers if a.text]
        options = [a.match_text for a in answers]
        wrong = set() if right else set(rng.sample(range(len(stems)), k=min(2, len(stems))))
        pairs = {str(a.id): rng.choice(options) if i in wrong else a.match_text
                 for i, a in enumerate(stems)}  # fmt: skip
        return {"pairs": pairs}
    return None  # essays wait for a trainer; nothing else is in our banks


def seed_demo_quiz_history(organisation, size: int = GROUP_SIZE, today=None) -> bool:
    """Module quizzes of a year group of `size` in `organisation` over ten weeks, once."""
    first = f"deelnemer01@{DOMAIN}"
    if db.session.scalar(sa.select(User.id).where(User.email == first)) is not None:
        return False
    modules = [m for m in curriculum.active_modules() if m.category_id]
    if not modules:
        return False
    rng = random.Random(13)  # noqa: S311 - demo data, the same history on every machine
    today = today or datetime.now(UTC)
    ability = {}
    difficulty, slope = {}, {}
    for user in _participants(organisation, size):
        ability[user.id] = rng.gauss(0, 1.2)
        for module in modules:
            attempt = quizzes.start_module_quiz(user, module, rng)
            for response in attempt.responses:
                qid = response.question_id
                if qid not in difficulty:
                    difficulty[qid] = rng.uniform(-1.4, 0.8)
                    slope[qid] = rng.choice((0.1, 3.0, 3.5, 4.0, 4.5, 5.0, 5.0))
                chance = 1 / (1 + math.exp(-slope[qid] * (ability[user.id] - difficulty[qid])))
                response.given = _given(response.question, rng.random() < chance, rng)
            quizzes.submit_attempt(attempt)
            when = today - timedelta(days=rng.randint(1, 70), hours=rng.randint(0, 8))
            attempt.started_at, attempt.submitted_at = when - timedelta(minutes=14), when
    db.session.flush()
    return True

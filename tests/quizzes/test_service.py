"""Quiz rules that used to sit in the views, called directly."""

import random

import pytest

from tests.competence.helpers import enrol
from training.curriculum import service as curriculum
from training.curriculum.models import Category
from training.extensions import db
from training.quizzes import bank, service, statistics
from training.quizzes.models import Question
from training.quizzes.service import CHECK, SAVE, SUBMIT, AttemptAction

CATEGORY = "randvoorwaarden"


@pytest.mark.parametrize(
    "value,action",
    [
        (None, AttemptAction(SAVE)),
        ("opslaan", AttemptAction(SAVE)),
        ("iets anders", AttemptAction(SAVE)),
        ("inleveren", AttemptAction(SUBMIT)),
        ("controleer-12", AttemptAction(CHECK, 12)),
        ("controleer-", AttemptAction(CHECK, None)),
        ("controleer-12x", AttemptAction(CHECK, None)),
    ],
)
def test_the_actie_button_is_parsed_into_an_action(value, action):
    assert service.parse_action(value) == action


def _practice(user, size=2):
    return service.start_practice_quiz(
        user, [curriculum.get_category(CATEGORY)], size, random.Random(5)
    )


def test_applying_submit_saves_the_page_and_closes_the_attempt(app, make_user, synced_content):
    attempt = _practice(make_user())
    service.apply_action(attempt, {}, service.parse_action("inleveren"))
    assert attempt.state in ("submitted", "graded")


def test_applying_check_grades_only_the_named_question(app, make_user, synced_content):
    attempt = _practice(make_user())
    first, second = attempt.responses[:2]
    service.apply_action(attempt, {}, service.parse_action(f"controleer-{first.question_id}"))
    assert first.fraction is not None
    assert second.fraction is None
    assert attempt.state == "open"


@pytest.mark.parametrize("value", ["controleer-999999", "controleer-abc"])
def test_checking_a_question_outside_the_attempt_is_refused(app, make_user, synced_content, value):
    attempt = _practice(make_user())
    with pytest.raises(service.QuizError, match="hoort niet bij deze poging"):
        service.apply_action(attempt, {}, service.parse_action(value))


@pytest.mark.parametrize(
    "configured,method",
    [("last", "last"), ("highest", "highest"), ("elke", "highest"), (None, "highest")],
)
def test_the_grading_method_falls_back_to_highest(configured, method):
    assert service.grading_method(configured) == method


def test_categories_are_found_by_slug():
    a, b = Category(slug="a"), Category(slug="b")
    assert service.find_category([a, b], "b") is b
    assert service.find_category([a, b], "") is None
    assert service.find_category([a, b], None) is None
    assert service.categories_with_slugs([a, b], ["b", "x", "a"]) == [a, b]


def test_module_rows_list_quiz_modules_with_the_grade_that_counts(app, make_user, synced_content):
    user = make_user()
    module = next(m for m in curriculum.active_modules() if m.category_id)
    attempt = service.start_module_quiz(user, module, random.Random(2))
    service.submit_attempt(attempt)
    rows = service.module_rows(user, "highest")
    assert rows
    assert all(m.category_id for m, _, _ in rows)
    [(_, count, grade)] = [row for row in rows if row[0].id == module.id]
    assert count == 1
    assert grade == 0.0
    assert list(service.attempts_of(user, module=module)) == [attempt]
    assert all(count == 0 and grade is None for m, count, grade in rows if m.id != module.id)


def _essay_attempt(user, submit: bool):
    essay = next(q for q in bank.bank_questions() if q.qtype == "essay")
    attempt = service._start(user, "practice", [essay.id], categories=[CATEGORY])
    attempt.responses[0].given = {"text": "Mijn aanpak."}
    if submit:
        service.submit_attempt(attempt)
    return attempt


def test_essays_to_grade_lists_submitted_ungraded_essays_only(app, make_user, synced_content):
    trainer, learners = make_user(role="trainer"), [make_user() for _ in range(3)]
    enrol(trainer, *learners)
    waiting = _essay_attempt(learners[0], submit=True)
    _essay_attempt(learners[1], submit=False)
    graded = _essay_attempt(learners[2], submit=True)
    service.grade_essay(trainer, graded.responses[0], 0.5, "")
    assert service.essays_to_grade(trainer) == [waiting.responses[0]]
    assert service.response_for_grader(trainer, waiting.responses[0].id) is waiting.responses[0]


def test_only_essays_can_be_graded_by_a_trainer(app, make_user, synced_content):
    choice = next(q for q in bank.bank_questions() if q.qtype == "single")
    attempt = service._start(make_user(), "practice", [choice.id], categories=[CATEGORY])
    service.submit_attempt(attempt)
    with pytest.raises(service.QuizError, match="niet beoordeeld"):
        service.grade_essay(make_user(role="trainer"), attempt.responses[0], 0.5, "")


def test_item_statistics_are_filtered_by_category_and_skip_descriptions(
    app, make_user, synced_content
):
    category = curriculum.get_category(CATEGORY)
    description = Question(name="Lees", qtype="description", text="Casus.", category=category)
    db.session.add(description)
    db.session.flush()
    trainer = make_user(role="trainer")
    items = statistics.item_statistics(trainer, category)
    assert items
    assert {i.question.category_id for i in items} == {category.id}
    assert description.id not in {i.question.id for i in items}
    assert len(statistics.item_statistics(trainer)) > len(items)

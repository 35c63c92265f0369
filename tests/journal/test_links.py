"""Which lesson or case a new reflection may link to, called on the journal service directly."""

import pytest

from training.cases import service as cases
from training.curriculum import service as curriculum
from training.extensions import db
from training.journal import service
from training.journal.frameworks import choose_framework


@pytest.fixture
def lesson(synced_content):
    return curriculum.get_module("bewustwording").active_lessons[-1]


@pytest.fixture
def attempt_of(synced_content):
    def start(user):
        published = cases.published_cases()
        assert published, "the content folder should hold at least one published case"
        attempt = cases.start_or_resume(user, published[0])
        db.session.commit()
        return attempt

    return start


def test_an_active_lesson_can_be_linked(lesson):
    assert service.linkable_lesson(lesson.id) == lesson


def test_a_lesson_that_does_not_exist_cannot_be_linked(synced_content):
    assert service.linkable_lesson(999_999) is None


def test_a_retired_lesson_cannot_be_linked(lesson):
    lesson.retired = True
    db.session.flush()
    assert service.linkable_lesson(lesson.id) is None


def test_a_lesson_of_a_retired_module_cannot_be_linked(lesson):
    lesson.module.retired = True
    db.session.flush()
    assert service.linkable_lesson(lesson.id) is None


def test_the_prompt_is_the_chosen_reflection_question(lesson):
    assert len(lesson.reflection_questions) >= 2
    assert service.reflection_prompt(lesson, 2) == lesson.reflection_questions[1]


@pytest.mark.parametrize("question", [None, 0, -1, 99])
def test_a_question_number_out_of_range_gives_no_prompt(lesson, question):
    assert service.reflection_prompt(lesson, question) == ""


def test_the_own_case_attempt_gives_its_title_and_first_category(make_user, attempt_of):
    user = make_user()
    attempt = attempt_of(user)
    data = attempt.version.data
    title, category = service.linked_case(user, attempt.id)
    assert title == data["title"]
    assert category == (data.get("categories") or [None])[0]


def test_another_learners_case_attempt_cannot_be_linked(make_user, attempt_of):
    attempt = attempt_of(make_user())
    assert service.linked_case(make_user(), attempt.id) == (None, None)


def test_a_case_attempt_that_does_not_exist_cannot_be_linked(make_user, synced_content):
    assert service.linked_case(make_user(), 999_999) == (None, None)


@pytest.mark.parametrize(
    ("asked", "expected"),
    [(None, ("alact", True)), ("starr", ("starr", True)), ("gibbs", ("alact", False))],
)
def test_an_unknown_reflection_model_falls_back_to_alact(asked, expected):
    assert choose_framework(asked) == expected

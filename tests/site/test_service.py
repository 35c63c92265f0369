"""The dashboard's content, computed by the site service directly."""

from training.curriculum import service as curriculum
from training.extensions import db
from training.site import service


def test_a_new_learners_dashboard_has_not_started(make_user, synced_content):
    dashboard = service.dashboard_of(make_user())
    assert not dashboard.started
    assert dashboard.next_lesson is not None


def test_the_dashboard_leaves_out_the_group_without_a_category(make_user, synced_content):
    dashboard = service.dashboard_of(make_user())
    assert dashboard.groups
    assert all(group.category is not None for group in dashboard.groups)


def test_the_dashboard_continues_in_the_module_last_worked_in(make_user, synced_content):
    user = make_user()
    module = curriculum.get_module("sociale-vaardigheden")
    curriculum.mark_lesson_done(user, module.active_lessons[0])
    db.session.commit()
    dashboard = service.dashboard_of(user)
    assert dashboard.started
    assert dashboard.next_lesson == module.active_lessons[1]


def test_progress_in_a_retired_lesson_does_not_count_as_started(make_user, synced_content):
    user = make_user()
    lesson = curriculum.get_module("sociale-vaardigheden").active_lessons[0]
    curriculum.mark_lesson_done(user, lesson)
    lesson.retired = True
    db.session.commit()
    assert not service.dashboard_of(user).started

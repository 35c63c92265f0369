"""Curriculum rules called directly: where a lesson stands in its module for a learner."""

from training.curriculum import service
from training.extensions import db


def test_lesson_place_gives_neighbours_and_what_the_learner_finished(make_user, synced_content):
    user = make_user()
    module = service.get_module("relatieherstel")
    first, second, third = module.active_lessons[:3]
    service.mark_lesson_done(user, first)
    db.session.commit()

    place = service.lesson_place(user, module, second)

    assert (place.previous, place.following) == (first, third)
    assert place.done == {first.id}
    assert place.lessons == module.active_lessons


def test_the_first_lesson_has_no_previous_and_the_last_no_following(make_user, synced_content):
    module = service.get_module("bewustwording")
    lessons = module.active_lessons
    assert len(lessons) >= 2
    assert service.lesson_place(make_user(), module, lessons[0]).previous is None
    assert service.lesson_after(module, lessons[-1]) is None
    assert service.lesson_after(module, lessons[0]) == lessons[1]


def test_module_place_points_to_the_first_lesson_still_open(make_user, synced_content):
    user = make_user()
    module = service.get_module("relatieherstel")
    lessons = module.active_lessons
    service.mark_lesson_done(user, lessons[0])
    service.mark_lesson_done(user, lessons[2])
    db.session.commit()

    listed, done, next_open = service.module_place(user, module)

    assert listed == lessons
    assert done == {lessons[0].id, lessons[2].id}
    assert next_open == lessons[1]


def test_module_place_has_no_next_lesson_when_all_are_done(make_user, synced_content):
    user = make_user()
    module = service.get_module("introductie")
    for lesson in module.active_lessons:
        service.mark_lesson_done(user, lesson)
    db.session.commit()
    assert service.module_place(user, module)[2] is None

"""Case rules the player views rely on, called directly."""

from types import SimpleNamespace

from tests.cases.helpers import case_data
from training.cases import service


def _attempt(steps: list[SimpleNamespace]) -> SimpleNamespace:
    return SimpleNamespace(version=SimpleNamespace(data=case_data()), steps=steps)


def _step(node_id: str, choice_index=None, reflection=None) -> SimpleNamespace:
    return SimpleNamespace(node_id=node_id, choice_index=choice_index, reflection=reflection)


def test_the_category_list_for_validation_is_every_curriculum_slug(synced_content):
    slugs = service.category_slugs()
    assert {"bewustwording", "relatieherstel"} <= slugs
    assert slugs == set(service.categories_by_slug())


def test_cases_are_grouped_under_every_known_category_they_practise():
    both = SimpleNamespace(published=SimpleNamespace(data={"categories": ["a", "b", "weg"]}))
    only_b = SimpleNamespace(published=SimpleNamespace(data={"categories": ["b"]}))
    grouped = service.cases_by_category([both, only_b], {"a": "A", "b": "B", "c": "C"})
    assert grouped == {"a": [both], "b": [both, only_b], "c": []}


def test_the_last_choice_is_shown_only_right_after_a_choice():
    after_choice = _attempt([_step("begin"), _step("k1", choice_index=1)])
    node, choice = service.last_choice(after_choice)
    assert node["id"] == "k1" and choice["quality"] == "zwak"
    assert service.last_choice(_attempt([_step("begin")])) is None
    assert service.last_choice(_attempt([])) is None


def test_the_debrief_lists_only_steps_with_a_reflection():
    written = _step("r1", reflection="Geduld.")
    attempt = _attempt([_step("begin"), _step("k1", choice_index=0), written])
    assert service.reflections(attempt) == [written]

"""The trainer's kit: for trainers only, every module has its session plan, every case its kit."""

import pytest

from tests.conftest import count_queries
from training.cases import service as cases
from training.curriculum import service as curriculum

PAGES = ("/trainerskit/", "/trainerskit/sessies/basisvoorwaarden", "/trainerskit/bronnen")


@pytest.mark.parametrize("url", PAGES)
def test_learners_and_visitors_do_not_get_the_kit(app, learner_client, synced_content, url):
    assert learner_client.get(url).status_code == 403
    assert app.test_client().get(url).status_code == 302


def test_every_module_has_a_session_plan_with_its_case(login_as, synced_content):
    client, _trainer = login_as("trainer")
    index = client.get("/trainerskit/")
    assert index.status_code == 200
    assert "nog geen sessieplan" not in index.text
    for module in curriculum.active_modules():
        page = client.get(f"/trainerskit/sessies/{module.slug}")
        assert page.status_code == 200, module.slug
        for heading in ("Tijdschema", "Casus samen spelen", "Nabespreking", "Observatieschema"):
            assert f">{heading}</h2>" in page.text, (module.slug, heading)
        assert "/trainerskit/casussen/" in page.text
        if module.category:
            assert "Indicatoren van" in page.text


def test_every_case_has_discussion_questions_and_a_duration(login_as, synced_content):
    client, _trainer = login_as("trainer")
    for case in cases.published_cases():
        page = client.get(f"/trainerskit/casussen/{case.slug}")
        assert page.status_code == 200
        assert "Reken op" in page.text and "<ol>" in page.text, case.slug


def test_unknown_kit_pages_are_404(login_as, synced_content):
    client, _trainer = login_as("trainer")
    for url in ("/trainerskit/sessies/bestaat-niet", "/trainerskit/casussen/bestaat-niet",
                "/trainerskit/bestaat-niet", "/trainerskit/basisvoorwaarden"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_the_sources_name_the_research_project(login_as, synced_content):
    client, _trainer = login_as("trainer")
    page = client.get("/trainerskit/bronnen")
    assert page.status_code == 200
    assert "Social Network First?" in page.text


def test_the_kit_index_runs_a_constant_number_of_queries(login_as, synced_content):
    client, _trainer = login_as("trainer")
    client.get("/trainerskit/")
    with count_queries() as queries:
        client.get("/trainerskit/")
    assert len(queries) <= 8

"""A trainer prepares a group meeting from the trainer's kit and reads a dated explainer."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import has_horizontal_scroll, open_menu
from tests.browser.test_accounts_journey import _numbers, register_as


def test_trainer_prepares_a_meeting_from_the_kit(page, shot):
    register_as(page, "Femke Dijkstra", f"femke{next(_numbers)}@example.nl", "trainer")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    open_menu(page, menu.get_by_role("button", name="Trainer"))
    menu.get_by_role("link", name="Trainerskit").click()
    expect(page.get_by_role("heading", name="Trainerskit", level=1)).to_be_visible()
    plans = page.get_by_role("table").first
    expect(plans.get_by_role("link", name=re.compile("^Bijeenkomst"))).to_have_count(9)
    shot(page, "kit-index")

    row = plans.get_by_role("row").filter(
        has=page.get_by_role("link", name=re.compile("^Creëer basisvoorwaarden"))
    )
    row.get_by_role("link", name=re.compile("^Bijeenkomst")).click()
    for heading in ("Tijdschema", "Casus samen spelen", "Rollenspel", "Observatieschema"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Indicatoren van"))).to_be_visible()
    assert not has_horizontal_scroll(page)
    shot(page, "kit-session-plan")

    page.get_by_role("link", name=re.compile("^Casus:")).click()
    expect(page.get_by_role("heading", name=re.compile("^Casus bespreken"))).to_be_visible()
    expect(page.get_by_role("heading", name="Gespreksvragen")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Reken op \d+ minuten"))).to_be_visible()

    page.get_by_role("link", name="Trainerskit").first.click()
    page.get_by_role("link", name="Bronnen en verder lezen").click()
    expect(page.get_by_role("heading", name="Bronnen en verder lezen", level=1)).to_be_visible()
    expect(page.get_by_text("Social Network First?").first).to_be_visible()


def test_a_lesson_points_to_the_dated_explainer(page, shot):
    register_as(page, "Joris Kuipers", f"joris{next(_numbers)}@example.nl", "learner")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Modules").click()
    page.get_by_role("link", name=re.compile("^Creëer basisvoorwaarden")).first.click()
    page.get_by_role("link", name=re.compile("Dilemma's en valkuilen")).first.click()
    page.get_by_role("link", name="uitleg over de kostendelersnorm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("kostendelersnorm")
    expect(page.get_by_role("note")).to_contain_text("Peildatum:")
    assert not has_horizontal_scroll(page)
    shot(page, "explainer")

"""A learner works through a lesson and writes a linked ALACT reflection."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import has_horizontal_scroll
from tests.browser.test_accounts_journey import _numbers, register


def test_learner_finishes_a_lesson_and_reflects_on_it(page, shot):
    register(page, "Sven Mulder", f"sven{next(_numbers)}@example.nl")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Modules").click()
    expect(page.get_by_role("heading", name="Modules", level=1)).to_be_visible()
    shot(page, "catalogue")

    page.get_by_role(
        "link", name=re.compile("^Bevorder bewustwording|bewustwording", re.I)
    ).first.click()
    expect(page.get_by_role("heading", name="Leerdoelen")).to_be_visible()
    page.get_by_role("link", name="Begin met de eerste les").click()
    expect(page.get_by_text("Les 1 van")).to_be_visible()
    shot(page, "lesson")
    page.get_by_role("button", name="Les gedaan").click()
    expect(page.get_by_text("Les afgerond. Op naar de volgende.")).to_be_visible()
    expect(page.get_by_text("Les 2 van")).to_be_visible()

    page.get_by_role("navigation", name="Lessen van deze module").get_by_role(
        "link", name="Reflectievragen"
    ).click()
    page.get_by_role("link", name="Schrijf een reflectie bij vraag 1").click()
    expect(page.get_by_text("Gekoppeld aan de les")).to_be_visible()
    page.get_by_label("1. Handelen").fill("Ik vroeg de cliënt wie hij gisteren nog sprak.")
    page.get_by_label("2. Terugblikken").fill("Hij noemde tot zijn eigen verbazing drie mensen.")
    page.get_by_label("5. Uitproberen").fill("Volgende keer begin ik met zijn telefoon.")
    shot(page, "journal-form")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Je reflectie is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Handelen")).to_be_visible()
    shot(page, "journal-entry")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Journaal").click()
    expect(page.get_by_role("link", name=re.compile("Reflectie bij"))).to_be_visible()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht").click()
    expect(page.get_by_text("Ga verder waar je was:")).to_be_visible()
    shot(page, "dashboard-progress")


def test_a_lesson_reads_well_on_a_phone(phone, shot):
    register(phone, "Iris Bos", f"iris{next(_numbers)}@example.nl")
    phone.goto("/modules/relatieherstel")
    phone.get_by_role("link", name="Begin met de eerste les").click()
    expect(phone.get_by_role("button", name="Les gedaan")).to_be_visible()
    assert not has_horizontal_scroll(phone)
    shot(phone, "phone-lesson")

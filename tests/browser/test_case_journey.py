"""A trainer builds a case in the editor (validation catches a dead end) and a learner plays it."""

import re

from playwright.sync_api import expect

from tests.browser.test_accessibility import violations
from tests.browser.test_accounts_journey import PASSWORD, _numbers, register, register_as
from tests.cases.helpers import case_data
from training.cases.service import to_yaml


def log_in(page, email):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_trainer_publishes_a_case_and_a_learner_plays_it_to_the_debrief(page, shot):
    trainer = f"casustrainer{next(_numbers)}@example.nl"
    register_as(page, "Ilse Vos", trainer, "trainer")
    page.goto("/cases/editor/")
    page.get_by_role("link", name="Nieuwe casus in YAML").click()
    text = to_yaml(case_data(slug="browsercasus", title="Sem en zijn broer"))
    page.get_by_label("Casus (YAML)").fill(text.replace("next: stand", "next: nergens", 1))
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("alert").filter(has_text="verwijst naar 'nergens'")).to_be_visible()
    shot(page, "editor-validation")
    page.get_by_label("Casus (YAML)").fill(text)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Versie 1 is gepubliceerd.")).to_be_visible()
    shot(page, "editor-published")
    page.get_by_role("button", name="Uitloggen").click()

    register(page, "Kees Smit", f"kees{next(_numbers)}@example.nl")
    page.goto("/cases/browsercasus")
    page.get_by_role("button", name="Start de casus").click()
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Vragen naar zijn broer.").check()
    page.get_by_role("button", name="Kies").click()
    expect(page.get_by_text("Wat dit in gang zet:")).to_be_visible()
    expect(page.get_by_text("Sem twijfelt. Wat nu?")).to_be_visible()
    shot(page, "case-feedback")
    page.get_by_label("Een bericht samen opstellen.").check()
    page.get_by_role("button", name="Kies").click()
    page.get_by_label("Je antwoord").fill("Dat ik het niet van hem over wil nemen.")
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Samen bespreken wat het antwoord betekent.").check()
    page.get_by_role("button", name="Kies").click()
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", name=re.compile("^Nabespreking"))).to_be_visible()
    expect(page.get_by_role("heading", name="Koffie met zijn broer")).to_be_visible()
    shot(page, "case-debrief")
    page.get_by_role("link", name="Schrijf een CIMO-reflectie").click()
    expect(page.get_by_label("Titel")).to_have_value("Reflectie op casus: Sem en zijn broer")


def test_trainer_builds_a_case_with_forms_and_sees_what_is_missing(page, shot):
    trainer = f"formtrainer{next(_numbers)}@example.nl"
    register_as(page, "Wim de Boer", trainer, "trainer")
    page.goto("/cases/editor/")
    page.get_by_role("link", name="Nieuwe casus", exact=True).click()
    page.get_by_label("Korte naam voor de link (slug)").fill("formulier-casus")
    page.get_by_label("Titel").fill("Anouk en haar oom")
    page.get_by_role("button", name="Casus aanmaken").click()
    assert violations(page) == [], "gegevens"
    page.get_by_label("Voornaam van de cliënt (verzonnen)").fill("Anouk")
    page.get_by_label("Context: wat de cliënt zegt").fill("Mijn oom is de enige die nog belt.")
    page.get_by_label("2. Bevorder bewustwording van het netwerk").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De gegevens zijn opgeslagen in het concept.")).to_be_visible()
    page.get_by_label("Id van de nieuwe knoop").fill("koffie-met-oom")
    page.get_by_label("Soort").select_option("ending")
    page.get_by_role("button", name="Knoop toevoegen").click()
    assert violations(page) == [], "knoop"
    page.get_by_label("Titel van de afloop").fill("Koffie met haar oom")
    page.get_by_label("Tekst").fill("Anouk spreekt haar oom op zaterdag.")
    page.get_by_role("button", name="Knoop opslaan").click()
    page.get_by_label("Id van de nieuwe knoop").fill("wat-doe-je")
    page.get_by_label("Soort").select_option("decision")
    page.get_by_role("button", name="Knoop toevoegen").click()
    expect(page.get_by_role("group", name="Keuze 4")).to_be_visible()
    assert violations(page) == [], "beslismoment"
    page.get_by_role("link", name="Anouk en haar oom").click()
    page.get_by_role("link", name="Knoop begin bewerken").click()
    page.get_by_label("Tekst").fill("Anouk vertelt over haar oom.")
    page.get_by_label("Daarna").select_option("koffie-met-oom")
    page.get_by_role("button", name="Knoop opslaan").click()
    expect(page.get_by_text("De knoop 'begin' is opgeslagen.")).to_be_visible()
    expect(page.locator("#knoop-begin")).to_contain_text("koffie-met-oom")
    shot(page, "editor-form-nodes")
    assert violations(page) == [], "overzicht"
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("alert").filter(has_text="Controle")).to_be_visible()

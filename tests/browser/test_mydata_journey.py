"""A learner downloads everything about them, deletes the account and cannot log in again."""

import json
import re
import zipfile

from playwright.sync_api import expect

from tests.browser.conftest import open_menu
from tests.browser.test_accounts_journey import PASSWORD, register


def test_learner_downloads_their_data_deletes_the_account_and_cannot_log_in(page, shot, tmp_path):
    email = "femke.mijngegevens@example.nl"
    register(page, "Femke de Boer", email)
    expect(page.get_by_role("heading", name="Welkom, Femke de Boer")).to_be_visible()

    menu = page.get_by_role("navigation", name="Hoofdmenu")
    open_menu(page, menu.get_by_role("link", name="Mijn account"))
    menu.get_by_role("link", name="Mijn gegevens", exact=True).click()
    expect(page.get_by_role("heading", name="Mijn gegevens", level=1)).to_be_visible()
    shot(page, "mijn-gegevens")
    page.get_by_role("button", name="Download mijn gegevens").click()
    # a background job builds the ZIP; its page follows it and then offers the file
    expect(page.get_by_role("heading", name="Je gegevens als ZIP-bestand")).to_be_visible()
    ready = page.get_by_role("link", name=re.compile(r"^Download netwerkwijs-mijn-gegevens-"))
    expect(ready).to_be_visible(timeout=60_000)
    expect(page.get_by_role("status")).to_have_text("Klaar")
    shot(page, "mijn-gegevens-klaar")
    with page.expect_download() as info:
        ready.click()
    download = info.value
    assert re.fullmatch(
        r"netwerkwijs-mijn-gegevens-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename
    )
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert "index.html" in archive.namelist()
        profile = json.loads(archive.read("profiel.json"))
    assert profile["e-mailadres"] == email and profile["naam"] == "Femke de Boer"
    page.get_by_role("link", name="Terug").click()

    page.get_by_role("link", name="Account verwijderen").click()
    expect(page.get_by_role("heading", name="Account verwijderen", level=1)).to_be_visible()
    page.get_by_label("Typ je e-mailadres ter bevestiging").fill(email)
    page.get_by_label("Je wachtwoord").fill("niet mijn wachtwoord")
    page.get_by_role("button", name="Mijn account definitief verwijderen").click()
    expect(page.get_by_role("alert")).to_contain_text("Je wachtwoord klopt niet.")
    shot(page, "account-verwijderen")
    page.get_by_label("Je wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Mijn account definitief verwijderen").click()
    expect(page.get_by_text("Je account en je gegevens zijn verwijderd.")).to_be_visible()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Inloggen")).to_be_visible()

    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Het e-mailadres of het wachtwoord klopt niet."
    )

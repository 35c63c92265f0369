"""A beheerder makes an invitation link; a newcomer joins through it and confirms the address."""

import itertools
import subprocess
import sys

from playwright.sync_api import expect

from tests.browser.conftest import LIVE_ENV, ROOT, mail_to, open_menu
from tests.browser.test_accessibility import violations
from tests.browser.test_accounts_journey import (
    LINK_RE,
    PASSWORD,
    VERIFY_SUBJECT,
    _numbers,
    fill_registration,
)

_orgs = itertools.count(1)


def flask(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env={**LIVE_ENV, "NETWERKWIJS_PASSWORD": PASSWORD},
        check=True,
        capture_output=True,
    )


def beheerder_of_new_organisation() -> tuple[str, str]:
    n = next(_orgs)
    name = f"Inloophuis Zuid {n}"
    flask("orgs", "create", name)
    email = f"beheerder{next(_numbers)}@example.nl"
    slug = f"inloophuis-zuid-{n}"
    flask("users", "create", email, "--role", "beheerder", "--org", slug, "--name", "Bea Bakker")
    return name, email


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()


def test_a_newcomer_joins_through_the_beheerders_link_and_confirms_by_email(
    page, browser, live_server, shot
):
    org, beheerder = beheerder_of_new_organisation()
    log_in(page, beheerder)
    open_menu(page, page.get_by_role("button", name="Beheer"))
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Uitnodigingslinks"
    ).click()
    expect(page.get_by_role("heading", name=f"Uitnodigingslinks voor {org}")).to_be_visible()
    page.get_by_label("Rol van wie zich aanmeldt").select_option(label="Deelnemer")
    page.get_by_label("Geldig (dagen)").fill("7")
    page.get_by_label("Hoogstens zoveel aanmeldingen (mag leeg)").fill("2")
    page.get_by_role("button", name="Link maken").click()
    expect(page.get_by_text("De uitnodigingslink is gemaakt.")).to_be_visible()
    link_field = page.get_by_label("Je nieuwe link. Kopieer hem nu")
    link = link_field.input_value()
    assert "/aanmelden/" in link
    expect(page.get_by_role("button", name="Kopiëren")).to_be_visible()
    assert violations(page) == []
    shot(page, "invitation-links")

    other = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    try:
        newcomer = other.new_page()
        newcomer.goto(link)
        expect(newcomer.get_by_role("heading", name=f"Aanmelden bij {org}")).to_be_visible()
        assert violations(newcomer) == []
        shot(newcomer, "join-through-link")
        email = f"nadia{next(_numbers)}@gmail.com"
        fill_registration(newcomer, "Nadia Chaouch", email)
        assert violations(newcomer) == []
        shot(newcomer, "check-your-email")
        # before confirming, logging in is refused with a way to get a new link
        log_in_page = other.new_page()
        log_in_page.goto("/login")
        log_in_page.get_by_label("E-mailadres").fill(email)
        log_in_page.get_by_label("Wachtwoord").fill(PASSWORD)
        log_in_page.get_by_role("button", name="Inloggen").click()
        expect(log_in_page.get_by_role("alert")).to_contain_text("nog niet bevestigd")
        expect(
            log_in_page.get_by_role("link", name="Stuur me een nieuwe bevestigingslink")
        ).to_be_visible()
        log_in_page.close()

        message = mail_to(email, VERIFY_SUBJECT).get_content()
        assert f"(organisatie: {org})" in message
        newcomer.goto(LINK_RE.search(message).group(0))
        expect(newcomer.get_by_role("heading", name="E-mailadres bevestigen")).to_be_visible()
        assert violations(newcomer) == []
        shot(newcomer, "confirm-address")
        newcomer.get_by_label("Wachtwoord").fill(PASSWORD)
        newcomer.get_by_role("button", name="Bevestigen en inloggen").click()
        expect(newcomer.get_by_role("heading", name="Welkom, Nadia Chaouch")).to_be_visible()
        shot(newcomer, "joined-dashboard")
    finally:
        other.close()

    page.reload()
    row = page.get_by_role("row").filter(has_text="1 van 2")
    expect(row).to_contain_text("geldig")
    row.get_by_role("button", name="Intrekken").click()
    expect(page.get_by_text("De uitnodigingslink is ingetrokken")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="1 van 2")).to_contain_text("ingetrokken")

    late = browser.new_context(base_url=live_server)
    try:
        latecomer = late.new_page()
        response = latecomer.goto(link)
        assert response.status == 404
        expect(latecomer.get_by_role("heading", level=1)).to_have_text(
            "Deze uitnodigingslink werkt niet (meer)"
        )
    finally:
        late.close()

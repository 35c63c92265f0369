"""Three colleagues run an incident-method thread: invitation, phases, the privacy guard, takeaway."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accounts_journey import _numbers, register


@pytest.fixture
def colleague(browser, live_server, console_errors):
    """Another person in their own browser (own cookies)."""
    contexts = []

    def make(name: str):
        context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: console_errors.append(str(exc)))
        register(page, name, f"{name.split()[0].lower()}{next(_numbers)}@example.nl")
        return page

    yield make
    for context in contexts:
        context.close()


def test_three_colleagues_work_through_an_incident_thread(page, colleague, shot):
    register(page, "Fleur Jansen", f"fleur{next(_numbers)}@example.nl")
    page.get_by_role("link", name="Intervisie").first.click()
    page.get_by_role("link", name="Nieuwe groep").click()
    page.get_by_label("Naam van de groep").fill("Intervisie Noord")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Jij bent de facilitator")).to_be_visible()
    page.get_by_role("button", name=re.compile("Uitnodigingslink maken")).click()
    link = page.get_by_label(re.compile("Kopieer deze link")).input_value()

    members = []
    for name in ("Bram Visser", "Noor Hendriks"):
        member = colleague(name)
        member.goto(link)
        member.get_by_role("button", name=re.compile("Lid worden")).click()
        expect(member.get_by_role("heading", name="Intervisie Noord")).to_be_visible()
        members.append(member)
    bram, noor = members

    # Noor brings in a situation; the guard catches a name and a BSN before anything is saved.
    noor.get_by_role("link", name="Casus inbrengen").click()
    noor.get_by_label("Titel").fill("Een zus die niet meer kan")
    noor.get_by_label("Methode").select_option(label="Incidentmethode")
    noor.get_by_label("De situatie").fill(
        "Mijn cliënt Peter de Groot (BSN 111222333) logeert bij zijn zus, die zegt dat het zo niet langer gaat."
    )
    noor.get_by_label("Mijn vraag").fill(
        "Hoe kan ik de zus ontlasten zonder dat hij op straat komt?"
    )
    noor.get_by_role("button", name="Casus inbrengen").click()
    findings = noor.get_by_role("region", name="Mogelijk herleidbare gegevens gevonden")
    expect(findings).to_contain_text("Peter de Groot")
    expect(findings).to_contain_text("BSN")
    shot(noor, "intervision-privacy-guard")
    noor.get_by_role("button", name="Vervang door aanduidingen en plaats").click()
    expect(noor.get_by_text("[PERSOON-1]")).to_be_visible()
    expect(noor.get_by_text("Peter de Groot")).to_have_count(0)

    # Fleur (facilitator) sees the notification and leads the phases.
    page.reload()
    expect(page.get_by_role("link", name=re.compile("Meldingen 1"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Meldingen")).click()
    page.get_by_role("link", name=re.compile("bracht een nieuwe casus in")).click()
    for _ in range(3):
        page.get_by_role("button", name=re.compile("Naar de volgende fase")).click()
    expect(page.get_by_role("heading", name="Huidige fase: 4. Informatieronde")).to_be_visible()
    expect(
        page.get_by_text("Alleen feitelijke vragen, nog geen adviezen of meningen.")
    ).to_be_visible()
    page.get_by_label("Je bericht").fill("Sinds wanneer logeert hij daar?")
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.get_by_text("Je bericht is geplaatst.")).to_be_visible()

    # Bram cannot change phases; Noor answers.
    thread_url = page.url.split("#")[0]
    bram.goto(thread_url)
    expect(bram.get_by_role("button", name=re.compile("Naar de volgende fase"))).to_have_count(0)
    expect(bram.get_by_text("De facilitator start de volgende fase.")).to_be_visible()
    noor.goto(thread_url)
    noor.reload()
    noor.get_by_role("link", name="Reageren").first.click()
    noor.get_by_label("Je bericht").fill("Ruim twee maanden.")
    noor.get_by_role("button", name="Plaatsen").click()
    expect(noor.get_by_text("Reactie op Fleur Jansen")).to_be_visible()
    shot(noor, "intervision-thread")

    page.reload()
    for _ in range(6):
        page.get_by_role("button", name=re.compile("Naar de volgende fase")).click()
    expect(page.get_by_role("heading", name="Huidige fase: 10. Evaluatie")).to_be_visible()

    noor.reload()
    noor.get_by_role("link", name="Afsluiten met wat ik meeneem").click()
    noor.get_by_label("Wat ik ga proberen").fill("Ik plan een gesprek met hem en zijn zus samen.")
    noor.get_by_label("7. Help sociale vaardigheden te versterken").check()
    noor.get_by_role("button", name="Afsluiten").click()
    expect(noor.get_by_role("heading", name="Wat de inbrenger meeneemt")).to_be_visible()
    expect(noor.get_by_label("Je bericht")).to_have_count(0)
    noor.get_by_role("link", name="Journaal").click()
    expect(
        noor.get_by_role("link", name=re.compile("Intervisie: Een zus die niet meer kan"))
    ).to_be_visible()


def test_a_colleague_invited_by_email_joins_by_accepting(page, browser, live_server, shot):
    register(page, "Iris de Boer", f"iris{next(_numbers)}@example.nl")
    other = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    try:
        invitee = other.new_page()
        email = f"youssef{next(_numbers)}@example.nl"
        register(invitee, "Youssef Amrani", email)

        page.goto("/intervisie/nieuw")
        page.get_by_label("Naam van de groep").fill("Netwerkcoaches Zuid")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_label("E-mailadres van een collega met een account").fill(email)
        page.get_by_role("button", name="Uitnodigen").click()
        expect(page.get_by_text("Lid wordt iemand pas na het accepteren.")).to_be_visible()
        expect(page.get_by_text("Youssef Amrani")).to_have_count(0)

        invitee.goto("/intervisie/")
        expect(invitee.get_by_role("heading", name="Uitnodigingen voor jou")).to_be_visible()
        shot(invitee, "intervision-invitation")
        invitee.get_by_role("button", name="Accepteren Netwerkcoaches Zuid").click()
        expect(invitee.get_by_role("heading", name="Netwerkcoaches Zuid")).to_be_visible()
        expect(invitee.get_by_text("Welkom in Netwerkcoaches Zuid.")).to_be_visible()
    finally:
        other.close()

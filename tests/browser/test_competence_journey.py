"""A learner's quiz shows up as competence; a trainer invites, the learner accepts, the trainer
follows the cohort, assesses and exports, and loses sight of the learner once she leaves."""

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import open_menu
from tests.browser.test_accounts_journey import _numbers, register, register_as


def test_quiz_evidence_moves_competence_and_the_trainer_assesses_and_exports(
    page, browser, live_server, shot
):
    learner_email = f"lerende{next(_numbers)}@example.nl"
    register(page, "Lieke Smits", learner_email)
    page.goto("/quizzes/oefenen")
    page.get_by_label("8. Let op randvoorwaarden").check()
    page.get_by_label("Aantal vragen per categorie").fill("2")
    page.get_by_role("button", name="Start oefentoets").click()
    page.get_by_role("button", name="Inleveren").click()
    expect(page.get_by_text("Je poging is ingeleverd.")).to_be_visible()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Competenties"
    ).click()
    card = page.get_by_role("region", name="8. Let op randvoorwaarden")
    expect(card.get_by_text(re.compile(r"Niveau 1"))).to_be_visible()
    expect(
        card.get_by_role("img", name=re.compile("Beheersing in Let op randvoorwaarden"))
    ).to_be_visible()
    page.get_by_role("link", name="Mezelf inschatten").click()
    page.get_by_label("8. Let op randvoorwaarden").select_option("3")
    page.get_by_role("button", name="Opslaan").click()
    expect(card.get_by_text("Je schat jezelf hoger in dan je bewijs nu laat zien.")).to_be_visible()
    shot(page, "competence-learner")

    trainer_email = f"opleider{next(_numbers)}@example.nl"
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    trainer = context.new_page()
    register_as(trainer, "Ruud Kramer", trainer_email, "trainer")
    menu = trainer.get_by_role("navigation", name="Hoofdmenu")
    open_menu(trainer, menu.get_by_role("button", name="Trainer"))
    menu.get_by_role("link", name="Cohorten").click()
    trainer.get_by_label("Naam van het cohort").fill("Voorjaar 2027")
    trainer.get_by_role("button", name="Cohort aanmaken").click()
    trainer.get_by_label("E-mailadres van de deelnemer").fill(learner_email)
    trainer.get_by_role("button", name="Uitnodigen").click()
    expect(
        trainer.get_by_text(
            "Als er een account van jouw organisatie met dit e-mailadres is, krijgt die persoon "
            "een uitnodiging."
        )
    ).to_be_visible()
    expect(
        trainer.get_by_text("Nog niemand heeft een uitnodiging voor dit cohort geaccepteerd.")
    ).to_be_visible()
    cohort_url = trainer.url

    # The learner reads what the trainer will see, then says yes.
    page.goto("/dashboard")
    invitations = page.get_by_role("region", name="Uitnodigingen voor een cohort")
    expect(invitations).to_contain_text("Ruud Kramer nodigt je uit voor het cohort Voorjaar 2027.")
    invitations.get_by_role("link", name="Bekijken en beantwoorden").click()
    shared = page.get_by_role("region", name="Wat Ruud Kramer van je ziet als je accepteert")
    expect(shared.get_by_role("listitem").filter(has_text="Je bewijs")).to_be_visible()
    expect(
        shared.get_by_role("listitem").filter(has_text="'Delen met trainers' hebt aangevinkt")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Wat de trainer niet ziet")).to_contain_text(
        "Je privé-reflecties"
    )
    shot(page, "competence-invitation")
    page.get_by_role("button", name="Accepteren").click()
    expect(page.get_by_text("Je zit nu in het cohort Voorjaar 2027.")).to_be_visible()
    expect(page.get_by_role("heading", name="Mijn cohorten")).to_be_visible()

    trainer.goto(cohort_url)
    heatmap = trainer.get_by_role("table", name="Niveaus per deelnemer en categorie")
    expect(heatmap.get_by_role("row", name=re.compile("Lieke Smits"))).to_be_visible()
    shot(trainer, "competence-heatmap")

    trainer.get_by_role("button", name="Schattingen als CSV").click()
    with trainer.expect_download() as csv_download:
        _download_when_ready(trainer, "cohort-")
    csv_text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.startswith("learner_name,") and learner_email in csv_text
    trainer.get_by_role("link", name="Terug").click()

    heatmap.get_by_role("link", name="Lieke Smits").click()
    trainer.get_by_role("region", name="5. Faciliteer gezamenlijke besluitvorming").get_by_role(
        "link", name="Beoordelen"
    ).click()
    trainer.get_by_label("Niveau").select_option("2")
    trainer.get_by_label("Toelichting voor de deelnemer").fill(
        "Je liet de cliënt zelf kiezen wie er kwam."
    )
    trainer.get_by_role("button", name="Beoordeling opslaan").click()
    expect(
        trainer.get_by_text("De beoordeling is opgeslagen en telt mee als bewijs.")
    ).to_be_visible()
    profile_url = trainer.url
    trainer.goto(cohort_url)
    trainer.get_by_role("button", name="xAPI-export").click()
    with trainer.expect_download() as xapi_download:
        _download_when_ready(trainer, "xapi-cohort-")
    trainer.goto(profile_url)
    statements = json.loads(Path(xapi_download.value.path()).read_text(encoding="utf-8"))
    verbs = {s["verb"]["id"].rsplit("/", 1)[-1] for s in statements}
    assert {"answered", "passed"} <= verbs

    # The learner leaves; the trainer finds nothing any more.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Competenties"
    ).click()
    page.get_by_role("link", name="Mijn cohorten").click()
    page.get_by_role("listitem").filter(has_text="Voorjaar 2027").get_by_role(
        "link", name="Verlaten"
    ).click()
    expect(page.get_by_role("heading", name="Voorjaar 2027 verlaten?")).to_be_visible()
    shot(page, "competence-leave")
    page.get_by_role("button", name="Cohort verlaten").click()
    expect(page.get_by_text("Je hebt het cohort Voorjaar 2027 verlaten.")).to_be_visible()
    expect(page.get_by_text("Je zit (nog) in geen enkel cohort.")).to_be_visible()

    response = trainer.goto(profile_url)
    assert response.status == 404
    expect(trainer.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    trainer.goto(cohort_url)
    expect(trainer.get_by_text("Lieke Smits")).to_have_count(0)
    context.close()


def _download_when_ready(page, prefix: str) -> None:
    """On an export job's page: wait until the worker made the file, then download it."""
    link = page.get_by_role("link", name=re.compile("^Download " + re.escape(prefix)))
    expect(link).to_be_visible(timeout=60_000)
    link.click()

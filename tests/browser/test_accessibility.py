"""An axe-core scan of the foundation's pages (WCAG 2.1 A and AA rules)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accounts_journey import _numbers, register, register_as, set_role

WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # WCAG 2.5.3 (label in name): axe marks it experimental, so it runs only when asked
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}


def violations(page) -> list[str]:
    """axe's WCAG findings on the page as it rests.

    After a click the pointer still hovers where the button was, and Bootstrap's colour
    transitions (0.15 s) were caught half-way now and then: a "contrast" finding of a colour
    nobody sees. The scan waits for the page to load, moves the pointer away and asks for
    reduced motion (Bootstrap then has no transitions), so it judges the colours that stay.
    """
    page.wait_for_load_state("load")
    page.mouse.move(0, 0)
    page.emulate_media(reduced_motion="reduce")
    results = Axe().run(page, options=WCAG)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x) {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/login",
        "/register",
        "/account/controleer-je-e-mail",
        "/account/nieuwe-bevestigingslink",
    ],
)
def test_public_pages_have_no_accessibility_violations(page, path):
    page.goto(path)
    assert violations(page) == []


@pytest.mark.parametrize("path", ["/account/bevestigen/verlopen", "/aanmelden/onbekend"])
def test_the_pages_of_links_that_no_longer_work_have_no_accessibility_violations(
    page, console_errors, path
):
    response = page.goto(path)
    assert response.status == 404
    console_errors.clear()  # the browser reports the 404 itself; that one is expected
    assert violations(page) == []


def test_the_error_page_has_no_accessibility_violations(page, console_errors):
    response = page.goto("/bestaat-niet")
    assert response.status == 404
    console_errors.clear()  # the browser reports the 404 itself; that one is expected
    assert violations(page) == []


def test_member_pages_have_no_accessibility_violations(page):
    register(page, "Annelies Smit", f"annelies{next(_numbers)}@example.nl")
    for path in (
        "/dashboard",
        "/account/",
        "/account/password",
        "/account/gegevens",
        "/account/verwijderen",
        "/logout",
    ):
        page.goto(path)
        assert violations(page) == [], path


def test_learning_pages_have_no_accessibility_violations(page):
    register(page, "Ruben Kok", f"ruben{next(_numbers)}@example.nl")
    for path in (
        "/modules/",
        "/modules/bewustwording",
        "/modules/bewustwording/print",
        "/journal/",
        "/journal/nieuw",
    ):
        page.goto(path)
        assert violations(page) == [], path
    page.goto("/modules/bewustwording")
    page.get_by_role("link", name="Begin met de eerste les").click()
    assert violations(page) == [], page.url


def test_quiz_pages_have_no_accessibility_violations(page):
    register(page, "Femke Dekker", f"femke{next(_numbers)}@example.nl")
    for path in ("/quizzes/", "/quizzes/oefenen", "/quizzes/module/randvoorwaarden"):
        page.goto(path)
        assert violations(page) == [], path
    page.get_by_role("button", name="Start de toets").click()
    assert violations(page) == [], "poging"
    page.get_by_role("button", name="Inleveren").click()
    assert violations(page) == [], "terugblik"


def test_case_pages_have_no_accessibility_violations(page):
    register(page, "Joost Bakker", f"joost{next(_numbers)}@example.nl")
    page.goto("/cases/")
    assert violations(page) == [], "/cases/"


def _log_in_as_trainer(page, name: str, email: str) -> None:
    register_as(page, name, email, "trainer")


EDITOR_PAGES = (
    "/cases/editor/",
    "/cases/editor/nieuw",
    "/cases/editor/nieuw-formulier",
    "/cases/editor/ferdi-contact-met-dochter",
    "/cases/editor/ferdi-contact-met-dochter/gegevens",
    "/cases/editor/ferdi-contact-met-dochter/voorbeeld",
    "/cases/ferdi-contact-met-dochter/statistiek",
)


def test_case_editor_pages_have_no_accessibility_violations(page):
    # One trainer for all the pages: signing up is most of the time a browser test takes.
    _log_in_as_trainer(page, "Lotte Jansen", f"lotte{next(_numbers)}@example.nl")
    for path in EDITOR_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        assert violations(page) == [], path


def test_case_editor_node_forms_have_no_accessibility_violations(page):
    _log_in_as_trainer(page, "Bram Visser", f"bram{next(_numbers)}@example.nl")
    page.goto("/cases/editor/nieuw-formulier")
    page.get_by_label("Korte naam voor de link (slug)").fill(f"toegankelijk-{next(_numbers)}")
    page.get_by_label("Titel").fill("Toegankelijke casus")
    page.get_by_role("button", name="Casus aanmaken").click()
    editor = page.url.rsplit("/", 1)[0]
    for node_id, kind in (("keuze", "beslismoment"), ("einde", "afloop")):
        page.goto(editor)
        page.get_by_label("Id van de nieuwe knoop").fill(node_id)
        page.get_by_label("Soort").select_option(label=kind)
        page.get_by_role("button", name="Knoop toevoegen").click()
        assert page.url.endswith(f"/knoop/{node_id}")
        assert violations(page) == [], page.url
    page.goto(editor + "/knoop/begin")
    assert violations(page) == [], "verhaal"
    page.goto(editor + "/knoop/einde/verwijderen")
    assert violations(page) == [], "verwijderen"


def test_intervision_pages_have_no_accessibility_violations(page):
    register(page, "Iris Mulder", f"iris{next(_numbers)}@example.nl")
    page.goto("/intervisie/nieuw")
    assert violations(page) == [], "nieuwe groep"
    page.get_by_label("Naam van de groep").fill("Toegankelijk overleg")
    page.get_by_role("button", name="Opslaan").click()
    assert violations(page) == [], "groep"
    page.get_by_role("link", name="Casus inbrengen").click()
    assert violations(page) == [], "inbrengen"
    page.get_by_label("Titel").fill("Een moeder die afhaakt")
    page.get_by_label("De situatie").fill(
        "Mevrouw Yvonne Kramer uit Leiden komt niet meer naar afspraken."
    )
    page.get_by_label("Mijn vraag").fill("Hoe kan ik haar weer bereiken?")
    page.get_by_role("button", name="Casus inbrengen").click()
    assert violations(page) == [], "privacycontrole"
    page.get_by_role("button", name="Vervang door aanduidingen en plaats").click()
    assert violations(page) == [], "casus"
    for path in ("/intervisie/", "/intervisie/meldingen", "/intervisie/deelname"):
        page.goto(path)
        assert violations(page) == [], path


def test_competence_pages_have_no_accessibility_violations(page):
    register(page, "Sem Bos", f"sem{next(_numbers)}@example.nl")
    for path in ("/competence/", "/competence/zelfbeoordeling"):
        page.goto(path)
        assert violations(page) == [], path


def test_job_pages_have_no_accessibility_violations(page, shot):
    """The page that follows an export (while waiting and when done) and the admin's list."""
    register_as(page, "Joost Admin", f"joost{next(_numbers)}@example.nl", "admin")
    page.goto("/account/gegevens")
    page.get_by_role("button", name="Download mijn gegevens").click()
    expect(page.get_by_role("heading", name="Je gegevens als ZIP-bestand")).to_be_visible()
    assert violations(page) == [], "taakpagina"
    expect(page.get_by_role("link", name=re.compile("^Download netwerkwijs-"))).to_be_visible(
        timeout=60_000
    )
    assert violations(page) == [], "taakpagina, klaar"
    page.goto("/beheer/taken")
    expect(page.get_by_role("cell", name=re.compile("Je gegevens als ZIP-bestand"))).to_be_visible()
    shot(page, "achtergrondtaken")
    assert violations(page) == [], "/beheer/taken"


def test_cohort_pages_have_no_accessibility_violations(page, browser, live_server, shot):
    """A beheerder who leads a cohort sees heatmap and member list; the learner's consent pages."""
    learner_email = f"noor{next(_numbers)}@example.nl"
    register(page, "Noor Vos", learner_email)
    leader_email = f"bas{next(_numbers)}@example.nl"
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    leader = context.new_page()
    register(leader, "Bas Jansen", leader_email)
    set_role(leader_email, "beheerder")
    leader.goto("/competence/groepen/")
    assert violations(leader) == [], "cohorten"
    leader.get_by_label("Naam van het cohort").fill("Toegankelijk cohort")
    leader.get_by_role("button", name="Cohort aanmaken").click()
    leader.get_by_label("E-mailadres van de deelnemer").fill(learner_email)
    leader.get_by_role("button", name="Uitnodigen").click()
    assert violations(leader) == [], "cohort"
    shot(leader, "cohort-beheerder")

    for path in ("/dashboard", "/competence/mijn-cohorten/"):
        page.goto(path)
        assert violations(page) == [], path
    shot(page, "cohort-invitation-dashboard")
    page.get_by_role("link", name="Bekijken en beantwoorden").first.click()
    assert violations(page) == [], "uitnodiging"
    page.get_by_role("button", name="Accepteren").click()
    assert violations(page) == [], "mijn cohorten"
    shot(page, "cohort-mine")
    leader.reload()  # the heatmap now has Noor's row, with its "uit cohort" button
    expect(leader.get_by_role("button", name="uit cohort (Noor Vos)").first).to_be_visible()
    assert violations(leader) == [], "heatmap"
    page.get_by_role("link", name="Verlaten").first.click()
    assert violations(page) == [], "verlaten"
    context.close()


def test_group_page_with_members_has_no_accessibility_violations(page, browser, live_server):
    """The facilitator's buttons per member ("maak facilitator", "verwijderen") name the member
    after their visible text, so that a speech-input user can say what they see."""
    register(page, "Rosa Meijer", f"rosa{next(_numbers)}@example.nl")
    page.goto("/intervisie/nieuw")
    page.get_by_label("Naam van de groep").fill("Overleg met leden")
    page.get_by_role("button", name="Opslaan").click()
    group = page.url
    page.get_by_role("button", name="Uitnodigingslink maken (7 dagen geldig)").click()
    link = page.locator("#nieuwe-link").input_value()
    context = browser.new_context(base_url=live_server)
    member = context.new_page()
    register(member, "Daan Smit", f"daan{next(_numbers)}@example.nl")
    member.goto(link)
    member.get_by_role("button", name="Lid worden en de afspraken aanvaarden").click()
    context.close()
    page.goto(group)
    expect(page.get_by_role("button", name="maak facilitator (Daan Smit)")).to_be_visible()
    expect(page.get_by_role("button", name="verwijderen (Daan Smit)")).to_be_visible()
    assert violations(page) == [], "groep met leden"

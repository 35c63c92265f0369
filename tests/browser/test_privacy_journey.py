"""A person reads who opened their data and finds the privacy page; a beheerder sets the terms."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import LIVE_ENV, has_horizontal_scroll, open_menu
from tests.browser.test_accessibility import violations
from tests.browser.test_accounts_journey import PASSWORD, _numbers, register, register_as
from training.accounts import service as accounts
from training.audit import service as audit
from training.extensions import db


def _record_a_trainers_look(make_app, learner_email: str, trainer_name: str) -> None:
    """A trainer opened the learner's competence profile (as the competence pages will note it)."""
    live = make_app(SQLALCHEMY_DATABASE_URI=LIVE_ENV["DATABASE_URL"])
    with live.app_context():
        learner = accounts.find_user_by_email(learner_email)
        trainer = accounts.register_user(
            email=f"trainer{next(_numbers)}@example.nl",
            name=trainer_name,
            password=PASSWORD,
            role="trainer",
            org=learner.org,
        )
        audit.record(trainer, learner, "competence.profile", ref="bewustwording")
        db.session.commit()


def test_a_person_sees_who_opened_their_data_and_reaches_the_privacy_page(page, make_app, shot):
    email = f"sanne{next(_numbers)}@example.nl"
    register(page, "Sanne de Vries", email)
    _record_a_trainers_look(make_app, email, "Ruud Kramer")

    menu = page.get_by_role("navigation", name="Hoofdmenu")
    open_menu(page, menu.get_by_role("link", name="Mijn account"))
    menu.get_by_role("link", name="Wie bekeek mijn gegevens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie bekeek mijn gegevens")
    table = page.get_by_role("table", name="Wie jouw gegevens bekeek, nieuwste eerst")
    row = table.get_by_role("row", name=re.compile("Ruud Kramer"))
    expect(row).to_contain_text("(trainer)")
    expect(row).to_contain_text("bekeek je competentieprofiel")
    expect(row.get_by_role("cell").first).to_have_text(
        re.compile(r"^\d{1,2} \w+ \d{4}, \d\d:\d\d$")
    )
    shot(page, "audit-mine")
    assert violations(page) == []

    page.get_by_role("contentinfo").get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy bij Netwerkwijs")
    expect(page.get_by_role("heading", name="Je rechten")).to_be_visible()
    shot(page, "privacy")
    assert violations(page) == []


def test_a_beheerder_sets_the_audit_period_and_the_privacy_page_follows(page, shot):
    email = f"beheer{next(_numbers)}@example.nl"
    register_as(page, "Fatima Yilmaz", email, "beheerder")

    page.goto("/beheer/organisatie")
    assert violations(page) == []
    page.get_by_label("Contact voor privacyvragen").fill("privacy@@fout")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.get_by_text("Dit lijkt een e-mailadres, maar het klopt niet.")).to_be_visible()
    assert violations(page) == []
    page.get_by_label("Contact voor privacyvragen").fill("privacy@example.nl")
    page.get_by_label("Regels in het inzagelog bewaren").select_option(label="3 maanden (90 dagen)")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.get_by_text("De privacy-instellingen zijn opgeslagen.")).to_be_visible()
    shot(page, "privacy-settings")

    page.get_by_role("link", name=re.compile("Bekijk de privacyverklaring")).click()
    expect(
        page.get_by_text("3 maanden (90 dagen); daarna wordt een regel verwijderd.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="privacy@example.nl")).to_have_attribute(
        "href", "mailto:privacy@example.nl"
    )

    page.goto("/beheer/inzage")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inzagelog van")
    shot(page, "audit-organisation")
    assert violations(page) == []
    page.get_by_label("E-mailadres van de persoon").fill("niemand@example.nl")
    page.get_by_role("button", name="Filteren").click()
    expect(
        page.get_by_text("Er is geen account van jouw organisatie met dit e-mailadres.")
    ).to_be_visible()
    assert violations(page) == []


def test_the_new_pages_fit_a_phone(phone, make_app, shot):
    email = f"yara{next(_numbers)}@example.nl"
    register(phone, "Yara Mulder", email)
    _record_a_trainers_look(make_app, email, "Ruud Kramer")
    for path in ("/account/inzage", "/privacy"):
        phone.goto(path)
        assert not has_horizontal_scroll(phone), path
    shot(phone, "phone-privacy")

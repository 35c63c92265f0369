"""The privacy page: public, per organisation, and generated from the organisation's settings."""

import re

import pytest
import sqlalchemy as sa

from tests.conftest import log_in
from training.audit import service as audit
from training.extensions import db
from training.intervision import groups
from training.organisations import service as organisations
from training.organisations.models import Organisation
from training.privacy.service import describe_days


def text(response) -> str:
    """The page's main text, tags stripped and whitespace squeezed."""
    html = response.get_data(as_text=True)
    main = html.split('<main id="inhoud"', 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.fixture
def hvo():
    organisation = organisations.create_organisation("HVO-Querido", ["hvoquerido.nl"])
    db.session.commit()
    return organisation


def test_anyone_reads_the_privacy_page_without_signing_in(client):
    response = client.get("/privacy")
    assert response.status_code == 200
    page = text(response)
    assert "Privacy bij Netwerkwijs" in page
    for article in ("artikel 15", "artikel 16", "artikel 17", "artikel 20", "artikel 77"):
        assert article in page, article
    assert "Autoriteit Persoonsgegevens" in page
    assert "25 mei 2018" in page  # the date from which the AVG applies
    assert 'href="/account/gegevens"' in response.get_data(as_text=True)


def test_an_anonymous_visit_writes_nothing(client):
    """Even when the platform's own organisation is missing, a GET makes no row."""
    db.session.execute(sa.delete(Organisation))
    db.session.commit()
    assert client.get("/privacy").status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


def test_a_signed_in_person_reads_their_own_organisations_version(client, hvo, make_user):
    organisations.update_settings(hvo, privacy_contact="fg@hvoquerido.nl")
    db.session.commit()
    log_in(client, make_user(email="sanne@hvoquerido.nl").email)
    response = client.get("/privacy")
    assert "Dit is de privacyverklaring van HVO-Querido." in text(response)
    assert 'href="mailto:fg@hvoquerido.nl"' in response.get_data(as_text=True)


def test_a_named_organisations_version_and_404_for_an_unknown_one(client, hvo):
    assert "privacyverklaring van HVO-Querido" in text(client.get("/privacy/hvo-querido"))
    assert client.get("/privacy/bestaat-niet").status_code == 404


def test_changing_the_settings_changes_the_page(client, hvo):
    before = text(client.get("/privacy/hvo-querido"))
    assert "2 jaar (730 dagen) na de laatste keer dat je inlogde" in before
    assert "1 jaar (365 dagen); daarna wordt een regel verwijderd" in before
    assert "heeft geen apart contact voor privacyvragen" in before
    assert "e-mailadres heeft op @hvoquerido.nl, kan zelf een account aanmaken" in before

    organisations.update_settings(
        hvo,
        inactive_account_days=1825,
        audit_retention_days=90,
        privacy_contact="Functionaris gegevensbescherming, 020 123 4567",
        domain_registration=False,
    )
    db.session.commit()
    after = text(client.get("/privacy/hvo-querido"))
    assert "5 jaar (1825 dagen) na de laatste keer dat je inlogde" in after
    assert "3 maanden (90 dagen); daarna wordt een regel verwijderd" in after
    assert (
        "Vragen over privacy stel je aan: Functionaris gegevensbescherming, 020 123 4567." in after
    )
    assert "zelf een account aanmaken met een e-mailadres van de organisatie staat uit" in after
    assert "730" not in after and "@hvoquerido.nl" not in after


def test_the_page_lists_every_kind_of_opening_the_audit_log_notes(client):
    page = text(client.get("/privacy"))
    for label in audit.ACTIONS.values():
        assert str(label) in page


def test_a_member_sees_the_retention_of_their_own_intervision_groups(client, hvo, make_user):
    member = make_user(email="sanne@hvoquerido.nl")
    kept = groups.create_group(member, name="Regio Haarlem", purpose="", rules="")
    groups.update_group(kept, name="Regio Haarlem", purpose="", rules="", retention_days=180)
    groups.create_group(member, name="Team Noord", purpose="", rules="")
    groups.create_group(
        make_user(email="ander@hvoquerido.nl"), name="Andermans groep", purpose="", rules=""
    )
    db.session.commit()
    log_in(client, member.email)
    page = text(client.get("/privacy"))
    assert "Regio Haarlem: afgesloten casussen worden na 6 maanden (180 dagen) verwijderd" in page
    assert "Team Noord: geen bewaartermijn ingesteld" in page
    assert "Andermans groep" not in page
    assert "Regio Haarlem" not in text(client.get("/privacy/netwerkwijs"))


def test_the_footer_and_the_registration_page_link_the_privacy_page(client):
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)
    register = client.get("/register").get_data(as_text=True)
    assert register.count('href="/privacy"') == 2  # the form's introduction and the footer


@pytest.mark.parametrize(
    ("days", "said"),
    [(730, "2 jaar (730 dagen)"), (180, "6 maanden (180 dagen)"), (45, "45 dagen"), (1, "1 dag")],
)
def test_periods_read_as_people_say_them(app, days, said):
    with app.test_request_context():
        assert describe_days(days) == said

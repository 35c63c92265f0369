"""The beheerder's privacy settings: their own organisation only, and bad input changes nothing."""

import pytest

from tests.conftest import log_in, post_form
from training.extensions import db
from training.organisations import service as organisations
from training.privacy import service
from training.rules import RuleError

SETTINGS = "/beheer/organisatie"
VALID = {
    "privacy_contact": "privacy@hvoquerido.nl",
    "inactive_account_days": "365",
    "audit_retention_days": "1825",
    "domain_registration": "y",
}


@pytest.fixture
def hvo(make_user):
    organisation = organisations.create_organisation("HVO-Querido", ["hvoquerido.nl"])
    kenter = organisations.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    db.session.commit()
    people = {
        role: make_user(email=f"{role}@hvoquerido.nl", role=role)
        for role in ("beheerder", "trainer", "learner")
    }
    people["kenter"] = make_user(email="beheer@kenter.nl", role="beheerder")
    return organisation, kenter, people


def stored(organisation) -> dict:
    db.session.refresh(organisation)
    return {
        key: organisations.setting(organisation, key) for key in organisations.SETTINGS_DEFAULTS
    }


def test_the_beheerder_saves_the_settings_and_the_page_shows_them(client, hvo):
    organisation, _kenter, people = hvo
    log_in(client, people["beheerder"].email)
    response = post_form(client, SETTINGS, VALID, follow_redirects=True)
    assert "De privacy-instellingen zijn opgeslagen." in response.get_data(as_text=True)
    assert stored(organisation) == {
        "privacy_contact": "privacy@hvoquerido.nl",
        "inactive_account_days": 365,
        "audit_retention_days": 1825,
        "domain_registration": True,
    }
    form = client.get(SETTINGS).get_data(as_text=True)
    assert '<option selected value="1825">5 jaar (1825 dagen)</option>' in form


def test_an_unticked_box_turns_domain_registration_off(client, hvo):
    organisation, _kenter, people = hvo
    log_in(client, people["beheerder"].email)
    post_form(client, SETTINGS, {k: v for k, v in VALID.items() if k != "domain_registration"})
    assert stored(organisation)["domain_registration"] is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("privacy_contact", "x" * 201, "Dit is te lang (hoogstens 200 tekens)."),
        (
            "privacy_contact",
            "privacy@@hvoquerido",
            "Dit lijkt een e-mailadres, maar het klopt niet.",
        ),
        ("privacy_contact", "fg@hvoquerido.nl\r\nBcc: x@y.nl", "Schrijf het contact op één regel."),
        ("inactive_account_days", "30", "Kies een van de termijnen in de lijst."),
        ("inactive_account_days", "99999", "Kies een van de termijnen in de lijst."),
        ("audit_retention_days", "een jaar", "Kies een van de termijnen in de lijst."),
        ("audit_retention_days", "", "Dit veld is verplicht."),
    ],
)
def test_bad_input_gets_a_dutch_message_and_changes_nothing(client, hvo, field, value, message):
    organisation, _kenter, people = hvo
    before = stored(organisation)
    log_in(client, people["beheerder"].email)
    response = post_form(client, SETTINGS, {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert stored(organisation) == before


def test_a_contact_may_be_a_name_and_a_phone_number(client, hvo):
    organisation, _kenter, people = hvo
    log_in(client, people["beheerder"].email)
    contact = "Functionaris gegevensbescherming, 020 123 4567"
    post_form(client, SETTINGS, {**VALID, "privacy_contact": f"  {contact} "})
    assert stored(organisation)["privacy_contact"] == contact


def test_without_csrf_token_nothing_changes(client, hvo):
    organisation, _kenter, people = hvo
    before = stored(organisation)
    log_in(client, people["beheerder"].email)
    response = client.post(SETTINGS, data=VALID)
    assert response.status_code == 400
    assert stored(organisation) == before


@pytest.mark.parametrize("role", ["learner", "trainer"])
def test_only_a_beheerder_opens_the_settings(client, hvo, role):
    organisation, _kenter, people = hvo
    before = stored(organisation)
    log_in(client, people[role].email)
    assert client.get(SETTINGS).status_code == 403
    assert post_form(client, SETTINGS, VALID, page="/account/").status_code == 403
    assert stored(organisation) == before


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_another_organisations_beheerder_changes_only_their_own(client, hvo):
    organisation, kenter, people = hvo
    before = stored(organisation)
    log_in(client, people["kenter"].email)
    html = client.get(SETTINGS).get_data(as_text=True)
    assert "Kenter Jeugdhulp" in html and "HVO-Querido" not in html
    post_form(client, SETTINGS, {**VALID, "privacy_contact": "privacy@kenter.nl"})
    assert stored(organisation) == before
    assert stored(kenter)["privacy_contact"] == "privacy@kenter.nl"


def test_a_current_period_outside_the_usual_list_is_offered_and_kept(client, hvo):
    organisation, _kenter, people = hvo
    organisations.update_settings(organisation, audit_retention_days=400)
    db.session.commit()
    log_in(client, people["beheerder"].email)
    assert '<option selected value="400">400 dagen</option>' in client.get(SETTINGS).get_data(
        as_text=True
    )
    post_form(client, SETTINGS, {**VALID, "audit_retention_days": "400"})
    assert stored(organisation)["audit_retention_days"] == 400


@pytest.mark.parametrize("days", [0, 89, 1826])
def test_the_service_refuses_a_period_out_of_bounds(hvo, days):
    organisation = hvo[0]
    with pytest.raises(RuleError, match="tussen 90 en 1825 dagen"):
        service.save_settings(
            organisation,
            privacy_contact="",
            inactive_account_days=days,
            audit_retention_days=365,
            domain_registration=True,
        )
    assert organisation.settings == {}

"""The rules of signing in with the organisation's account, without a provider."""

from __future__ import annotations

import pytest

from training.extensions import db
from training.organisations.service import create_organisation
from training.signin import service
from training.signin.models import OrganisationSignin

ENTRA = "https://login.microsoftonline.com/0f1e2d3c/v2.0/.well-known/openid-configuration"


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "a@zorg.example", "email_verified": True},
        {"email": "a@zorg.example", "email_verified": "true"},
        {"email": "A@Zorg.example ", "xms_edov": True},
    ],
)
def test_a_vouched_for_address_is_accepted(claims):
    assert service.verified_email(claims) == "a@zorg.example"


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "a@zorg.example"},
        {"email": "a@zorg.example", "email_verified": False},
        {"email": "a@zorg.example", "email_verified": "false"},
        {"email": "a@zorg.example", "email_verified": 1},
        # email_verified says no: Entra's domain claim cannot overrule it
        {"email": "a@zorg.example", "email_verified": False, "xms_edov": True},
        {"email": "a@zorg.example", "xms_edov": False},
    ],
)
def test_an_address_not_vouched_for_is_refused(claims):
    with pytest.raises(service.UnverifiedEmail, match="niet als bevestigd doorgegeven"):
        service.verified_email(claims)


@pytest.mark.parametrize("email", [None, "", "geen-adres", 42, "a@" + "b" * 260 + ".nl"])
def test_a_missing_or_odd_address_is_refused(email):
    with pytest.raises(service.UnverifiedEmail, match="geen e-mailadres door"):
        service.verified_email({"email": email, "email_verified": True})


def test_configure_stores_and_replaces_the_settings():
    organisation = create_organisation("Zorg Zuid", ["zorgzuid.example"])
    service.configure(organisation, ENTRA, "client-1", "geheim-1")
    service.configure(organisation, ENTRA, " client-2 ", "geheim-2")
    db.session.commit()
    stored = db.session.scalars(db.select(OrganisationSignin)).all()
    assert [(s.client_id, s.client_secret) for s in stored] == [("client-2", "geheim-2")]


@pytest.mark.parametrize(
    "url",
    [
        "http://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration",
        "ftp://127.0.0.1/x",
        "login.microsoftonline.com/t",
        "https://" + "a" * 500 + ".nl/",
    ],
)
def test_configure_refuses_an_address_that_is_not_https(url):
    organisation = create_organisation("Zorg Zuid", ["zorgzuid.example"])
    with pytest.raises(service.SigninError, match="https-adres"):
        service.configure(organisation, url, "client", "geheim")


def test_configure_allows_plain_http_on_this_machine_only():
    organisation = create_organisation("Zorg Zuid", ["zorgzuid.example"])
    service.configure(organisation, "http://127.0.0.1:8080/.well-known/x", "client", "geheim")
    service.configure(organisation, "http://localhost:8080/.well-known/x", "client", "geheim")


@pytest.mark.parametrize(("client_id", "secret"), [("", "geheim"), (" ", "geheim"), ("c", "")])
def test_configure_needs_a_client_id_and_secret(client_id, secret):
    organisation = create_organisation("Zorg Zuid", ["zorgzuid.example"])
    with pytest.raises(service.SigninError):
        service.configure(organisation, ENTRA, client_id, secret)
    assert service.signin_for(organisation) is None


def test_switching_off_forgets_the_secret():
    organisation = create_organisation("Zorg Zuid", ["zorgzuid.example"])
    service.configure(organisation, ENTRA, "client", "geheim")
    assert service.switch_off(organisation) is True
    assert service.switch_off(organisation) is False
    assert db.session.scalars(db.select(OrganisationSignin)).all() == []


def test_the_work_email_domain_picks_only_an_organisation_with_sign_in():
    zorg = create_organisation("Zorg Zuid", ["zorgzuid.example", "zuid.example"])
    create_organisation("Zonder", ["zonder.example"])
    service.configure(zorg, ENTRA, "client", "geheim")
    assert service.signin_for_email("iemand@ZUID.example").organisation == zorg
    for email in ("iemand@zonder.example", "iemand@nergens.example", "geen-adres"):
        with pytest.raises(service.NotConfigured):
            service.signin_for_email(email)


def test_an_unknown_or_unconfigured_code_is_not_configured():
    create_organisation("Zonder", ["zonder.example"])
    for slug in ("zonder", "bestaat-niet"):
        with pytest.raises(service.NotConfigured):
            service.configured_organisation(slug)

"""`flask orgs oidc SLUG ...`: setting an organisation's sign-in service from the command line."""

from __future__ import annotations

import pytest

from tests.signin.provider import CLIENT_ID, closed_port_url
from training.extensions import db
from training.organisations.service import create_organisation
from training.signin import service

SECRET = "heel-geheim-uit-de-omgeving"


@pytest.fixture
def organisation():
    made = create_organisation("Zorg Zuid", ["zorgzuid.example"])
    db.session.commit()
    return made


def run(app, *args, env=None, input=None):
    return app.test_cli_runner().invoke(args=["orgs", "oidc", *args], env=env, input=input)


def test_configure_reads_the_secret_from_the_named_variable_and_checks_the_provider(
    app, organisation, oidc_provider
):
    result = run(
        app,
        "zorg-zuid",
        "--discovery-url",
        oidc_provider.discovery_url,
        "--client-id",
        CLIENT_ID,
        "--client-secret-env",
        "ZORG_ZUID_SECRET",
        env={"ZORG_ZUID_SECRET": SECRET},
    )

    assert result.exit_code == 0, result.output
    assert f"uitgever (issuer): {oidc_provider.issuer}" in result.output
    assert "staat aan voor Zorg Zuid" in result.output
    assert "/login/organisatie/zorg-zuid/terug" in result.output
    assert "zorgzuid.example" in result.output
    assert SECRET not in result.output
    db.session.expire_all()
    stored = service.signin_for(organisation)
    assert (stored.discovery_url, stored.client_id, stored.client_secret) == (
        oidc_provider.discovery_url,
        CLIENT_ID,
        SECRET,
    )


def test_without_the_variable_the_secret_is_asked_for(app, organisation):
    result = run(
        app,
        "zorg-zuid",
        "--discovery-url",
        "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration",
        "--client-id",
        "c",
        "--no-check",
        input=SECRET + "\n",
    )
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    db.session.expire_all()
    assert service.signin_for(organisation).client_secret == SECRET


def test_an_empty_secret_variable_is_refused(app, organisation):
    result = run(
        app,
        "zorg-zuid",
        "--discovery-url",
        "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration",
        "--client-id",
        "c",
        "--client-secret-env",
        "BESTAAT_NIET_123",
        "--no-check",
    )
    assert result.exit_code != 0
    assert "BESTAAT_NIET_123 is leeg of bestaat niet" in result.output
    assert service.signin_for(organisation) is None


def test_an_unreachable_discovery_url_is_refused_unless_unchecked(app, organisation):
    url = closed_port_url()
    args = ["zorg-zuid", "--discovery-url", url, "--client-id", "c"]
    result = run(app, *args, "--client-secret-env", "S", env={"S": SECRET})
    assert result.exit_code != 0
    assert "gaf geen bruikbaar antwoord" in result.output
    assert service.signin_for(organisation) is None

    result = run(app, *args, "--client-secret-env", "S", "--no-check", env={"S": SECRET})
    assert result.exit_code == 0, result.output


def test_a_page_that_is_not_a_discovery_document_is_refused(app, organisation, oidc_provider):
    result = run(
        app,
        "zorg-zuid",
        "--discovery-url",
        oidc_provider.issuer + "/jwks",
        "--client-id",
        "c",
        "--client-secret-env",
        "S",
        env={"S": SECRET},
    )
    assert result.exit_code != 0
    assert "mist: issuer, authorization_endpoint, token_endpoint, jwks_uri" in result.output


def test_show_never_prints_the_secret(app, organisation):
    service.configure(organisation, "https://idp.example/.well-known/x", "client-1", SECRET)
    db.session.commit()
    result = run(app, "zorg-zuid")
    assert result.exit_code == 0
    assert "client-id: client-1" in result.output
    assert "https://idp.example/.well-known/x" in result.output
    assert SECRET not in result.output


def test_off_forgets_the_settings(app, organisation):
    service.configure(organisation, "https://idp.example/.well-known/x", "client-1", SECRET)
    db.session.commit()
    result = run(app, "zorg-zuid", "--off")
    assert result.exit_code == 0
    assert "staat uit voor Zorg Zuid" in result.output
    db.session.expire_all()
    assert service.signin_for(organisation) is None
    assert "staat uit" in run(app, "zorg-zuid").output


def test_an_unknown_organisation_is_refused(app):
    result = run(app, "bestaat-niet", "--off")
    assert result.exit_code != 0
    assert "Onbekende organisatie: bestaat-niet" in result.output


def test_an_organisation_without_domains_gets_a_warning(app, oidc_provider):
    create_organisation("Zonder Domein")
    db.session.commit()
    result = run(
        app,
        "zonder-domein",
        "--discovery-url",
        oidc_provider.discovery_url,
        "--client-id",
        "c",
        "--client-secret-env",
        "S",
        env={"S": SECRET},
    )
    assert result.exit_code == 0
    assert "geen e-maildomeinen, dus niemand kan zo inloggen" in result.output

"""A learner signs in with their organisation's account, at a real OpenID provider."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LIVE_ENV, ROOT
from tests.browser.test_accessibility import violations
from tests.signin.provider import ACCOUNTS, CLIENT_ID, CLIENT_SECRET, start_provider


def flask(*args: str, env: dict | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env={**LIVE_ENV, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture(scope="module")
def zorg_zuid_signs_in(live_server, tmp_path_factory):
    """Zorg Zuid on the live server, its sign-in service a provider on 127.0.0.1."""
    redirect_uri = f"{live_server}/login/organisatie/zorg-zuid/terug"
    log = tmp_path_factory.mktemp("oidc-browser") / "provider.log"
    with start_provider([redirect_uri], log) as provider:
        flask("orgs", "create", "Zorg Zuid", "--domain", "zorgzuid.example")
        output = flask(
            "orgs",
            "oidc",
            "zorg-zuid",
            "--discovery-url",
            provider.discovery_url,
            "--client-id",
            CLIENT_ID,
            "--client-secret-env",
            "ZORG_ZUID_SECRET",
            env={"ZORG_ZUID_SECRET": CLIENT_SECRET},
        )
        assert "staat aan voor Zorg Zuid" in output
        yield provider


def no_font_from_the_internet(page) -> None:
    """The provider's development login page imports a web font; nothing leaves this machine."""
    page.route(
        "https://fonts.googleapis.com/**",
        lambda route: route.fulfill(status=200, content_type="text/css", body=""),
    )


def test_learner_signs_in_through_the_organisation_provider(page, zorg_zuid_signs_in, shot):
    no_font_from_the_internet(page)
    anna = ACCOUNTS["anna"]
    page.goto("/login")
    page.get_by_role("link", name="Log in met je organisatie-account").click()
    expect(page.get_by_role("heading", name="Inloggen met je organisatie-account")).to_be_visible()
    page.get_by_label("Je werkmail").fill(anna["email"])
    shot(page, "signin-start")
    page.get_by_role("button", name="Verder naar je organisatie").click()
    expect(page.get_by_role("heading", name="Inloggen bij Zorg Zuid")).to_be_visible()
    shot(page, "signin-organisation")
    page.get_by_role("link", name="Verder naar de inlogpagina van Zorg Zuid").click()

    # At the organisation's own sign-in page (oidc-provider's login form)
    page.get_by_placeholder("Enter any login").fill("anna")
    page.get_by_placeholder("and password").fill("wat dan ook")
    shot(page, "signin-provider")
    page.get_by_role("button", name="Sign-in").click()

    expect(page.get_by_role("heading", name="Welkom, Anna de Vries")).to_be_visible()
    expect(page.get_by_text("We hebben een account voor je gemaakt bij Zorg Zuid.")).to_be_visible()
    shot(page, "signin-dashboard")


def test_cancelling_at_the_provider_says_so_and_signs_nobody_in(page, zorg_zuid_signs_in, shot):
    no_font_from_the_internet(page)
    page.goto("/login/organisatie")
    assert violations(page) == []
    page.get_by_label("Je werkmail").fill(ACCOUNTS["bram"]["email"])
    page.get_by_role("button", name="Verder naar je organisatie").click()
    assert violations(page) == []
    page.get_by_role("link", name="Verder naar de inlogpagina van Zorg Zuid").click()

    page.get_by_role("link", name="[ Cancel ]").click()

    expect(page.get_by_text("Je hebt het inloggen bij je organisatie afgebroken.")).to_be_visible()
    expect(page.get_by_role("heading", name="Inloggen met je organisatie-account")).to_be_visible()
    assert violations(page) == []
    shot(page, "signin-cancelled")
    page.goto("/dashboard")
    expect(page).to_have_url(re.compile(r"/login\?next="))

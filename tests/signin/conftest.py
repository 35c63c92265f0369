"""Fixtures for signing in with the organisation's account, against a real OpenID provider."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.signin.provider import CLIENT_ID, CLIENT_SECRET, start_provider
from training.extensions import db
from training.organisations.service import create_organisation
from training.signin import service

# The test app's own address (SERVER_NAME "localhost"): the provider sends people back here.
APP_BASE = "http://localhost"
CALLBACK_PREFIX = APP_BASE + "/login/organisatie/"
ORGANISATIONS = ("zorg-zuid", "elders")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    redirect_uris = [f"{CALLBACK_PREFIX}{slug}/terug" for slug in ORGANISATIONS]
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with start_provider(redirect_uris, log) as provider:
        yield provider


@pytest.fixture
def zorg_zuid(oidc_provider):
    """An organisation whose people sign in at the test provider (domain zorgzuid.example)."""
    organisation = create_organisation("Zorg Zuid", ["zorgzuid.example"])
    service.configure(organisation, oidc_provider.discovery_url, CLIENT_ID, CLIENT_SECRET)
    db.session.commit()
    return organisation


@pytest.fixture
def elders(oidc_provider):
    """A second organisation with sign-in at the same provider (domain elders.example)."""
    organisation = create_organisation("Elders", ["elders.example"])
    service.configure(organisation, oidc_provider.discovery_url, CLIENT_ID, CLIENT_SECRET)
    db.session.commit()
    return organisation


def begin(client, slug: str, query: str = "") -> str:
    """Follow the organisation's link to its sign-in page; the provider's authorization URL."""
    response = client.get(f"/login/organisatie/{slug}/naar-inlogdienst{query}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def come_back(client, callback_url: str):
    """Arrive at the app's callback, as the browser does after the provider's redirect."""
    assert callback_url.startswith(CALLBACK_PREFIX), callback_url
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}", follow_redirects=True)

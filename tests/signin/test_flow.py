"""The whole sign-in with the organisation's account, against a real OpenID provider.

Every test drives oidc-provider (node, 127.0.0.1) over HTTP as a person's browser would:
our app redirects there, the person signs in at its login form (or cancels), and the
provider sends them back to our callback with a code that the app exchanges for a signed
ID token.
"""

from __future__ import annotations

import html
import re
import socket
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from tests.signin.conftest import CALLBACK_PREFIX, begin, come_back
from tests.signin.provider import (
    ACCOUNTS,
    cancel_at_provider,
    closed_port_url,
    sign_in_at_provider,
)
from training.accounts import service as accounts
from training.accounts.models import User
from training.accounts.passwords import verify_password
from training.extensions import db
from training.organisations.service import default_organisation
from training.signin import service

ANNA = ACCOUNTS["anna"]


def signed_in_email(client) -> str | None:
    """Whose account the client's session belongs to, asked of the app itself."""
    response = client.get("/account/")
    if response.status_code != 200:
        return None
    html = response.get_data(as_text=True)
    return next((a["email"] for a in ACCOUNTS.values() if a["email"] in html), "iemand anders")


def user_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def sign_in(client, slug: str, login: str, query: str = ""):
    authorize_url = begin(client, slug, query)
    return come_back(client, sign_in_at_provider(authorize_url, login, CALLBACK_PREFIX))


def test_existing_account_signs_in_through_the_provider(client, make_user, zorg_zuid):
    make_user(email=ANNA["email"], name="Anna", org=zorg_zuid)

    response = sign_in(client, "zorg-zuid", "anna")

    html = response.get_data(as_text=True)
    assert response.request.path == "/dashboard"
    assert "Je bent ingelogd met je account van Zorg Zuid." in html
    assert signed_in_email(client) == ANNA["email"]
    user = accounts.find_user_by_email(ANNA["email"])
    db.session.refresh(user)
    assert user.last_login_at is not None
    assert user_count() == 1


def test_first_sign_in_creates_a_learner_in_that_organisation(client, zorg_zuid):
    response = sign_in(client, "zorg-zuid", "anna")

    html = response.get_data(as_text=True)
    assert response.request.path == "/dashboard"
    assert "We hebben een account voor je gemaakt bij Zorg Zuid." in html
    user = accounts.find_user_by_email(ANNA["email"])
    assert (user.name, user.role, user.organisation_id) == (
        "Anna de Vries",
        "learner",
        zorg_zuid.id,
    )
    assert signed_in_email(client) == ANNA["email"]


def test_the_second_sign_in_finds_the_account_made_at_the_first(app, zorg_zuid):
    sign_in(app.test_client(), "zorg-zuid", "anna")
    response = sign_in(app.test_client(), "zorg-zuid", "anna")
    assert "Je bent ingelogd met je account van Zorg Zuid." in response.get_data(as_text=True)
    assert user_count() == 1


def test_entra_domain_verified_claim_counts_when_email_verified_is_absent(client, zorg_zuid):
    response = sign_in(client, "zorg-zuid", "dirk")
    assert response.request.path == "/dashboard"
    assert accounts.find_user_by_email(ACCOUNTS["dirk"]["email"]).org.slug == "zorg-zuid"


def assert_refused(client, response, message: str, users_before: int = 0) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html, html
    assert signed_in_email(client) is None
    assert user_count() == users_before


def test_unverified_email_is_refused(client, zorg_zuid):
    response = sign_in(client, "zorg-zuid", "bram")
    assert_refused(
        client,
        response,
        "Je organisatie heeft je e-mailadres bram@zorgzuid.example niet als bevestigd doorgegeven.",
    )


def test_address_outside_the_organisations_domains_is_refused(client, zorg_zuid):
    response = sign_in(client, "zorg-zuid", "carla")
    assert_refused(
        client, response, "Het e-mailadres carla@elders.example hoort niet bij Zorg Zuid."
    )


def test_account_in_another_organisation_is_refused_and_stays_there(client, make_user, zorg_zuid):
    elsewhere = make_user(email=ANNA["email"], org=default_organisation())

    response = sign_in(client, "zorg-zuid", "anna")

    assert_refused(
        client,
        response,
        "Er bestaat al een Netwerkwijs-account met anna@zorgzuid.example bij een andere "
        "organisatie dan Zorg Zuid.",
        users_before=1,
    )
    db.session.refresh(elsewhere)
    assert elsewhere.org.slug == "netwerkwijs"
    assert elsewhere.last_login_at is None


def test_platform_admin_cannot_sign_in_through_an_organisation(client, make_user, zorg_zuid):
    make_user(email=ANNA["email"], org=zorg_zuid, role="admin")
    response = sign_in(client, "zorg-zuid", "anna")
    assert_refused(
        client,
        response,
        "Een platformbeheerder logt in met e-mailadres en wachtwoord",
        users_before=1,
    )


def test_cancelling_at_the_provider_signs_nobody_in(client, zorg_zuid):
    authorize_url = begin(client, "zorg-zuid")
    callback = cancel_at_provider(authorize_url, CALLBACK_PREFIX)
    assert parse_qs(urlsplit(callback).query)["error"] == ["access_denied"]

    response = come_back(client, callback)

    assert response.request.path == "/login/organisatie"
    assert_refused(client, response, "Je hebt het inloggen bij je organisatie afgebroken.")


def test_provider_down_at_the_start_gives_a_dutch_message_quickly(client, zorg_zuid):
    service.configure(zorg_zuid, closed_port_url(), "netwerkwijs-test", "geheim")
    db.session.commit()

    started = time.monotonic()
    response = client.get("/login/organisatie/zorg-zuid/naar-inlogdienst", follow_redirects=True)

    assert time.monotonic() - started < 5
    assert_refused(client, response, "De inlogdienst van je organisatie is nu niet bereikbaar.")


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers: a sign-in service that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_provider_that_hangs_times_out_with_a_dutch_message(app, client, zorg_zuid, silent_port):
    url = f"http://127.0.0.1:{silent_port}/.well-known/openid-configuration"
    service.configure(zorg_zuid, url, "netwerkwijs-test", "geheim")
    db.session.commit()
    app.config["SIGNIN_TIMEOUT"] = (0.5, 0.5)
    try:
        started = time.monotonic()
        response = client.get(
            "/login/organisatie/zorg-zuid/naar-inlogdienst", follow_redirects=True
        )
        elapsed = time.monotonic() - started
    finally:
        del app.config["SIGNIN_TIMEOUT"]
    assert elapsed < 3
    assert_refused(client, response, "De inlogdienst van je organisatie is nu niet bereikbaar.")


def test_a_discovery_document_without_issuer_is_refused_at_the_start(client, zorg_zuid):
    jwks = zorg_zuid_issuer(zorg_zuid) + "/jwks"
    service.configure(zorg_zuid, jwks, "netwerkwijs-test", "geheim")
    db.session.commit()
    response = client.get("/login/organisatie/zorg-zuid/naar-inlogdienst", follow_redirects=True)
    assert_refused(client, response, "De inlogdienst van je organisatie is nu niet bereikbaar.")


def test_another_error_from_the_provider_gets_a_dutch_message(client, zorg_zuid):
    begin(client, "zorg-zuid")
    response = come_back(client, CALLBACK_PREFIX + "zorg-zuid/terug?error=server_error&state=x")
    assert_refused(client, response, "De inlogdienst van je organisatie kon je niet aanmelden.")


def test_provider_down_on_the_way_back_gives_a_dutch_message(client, zorg_zuid):
    authorize_url = begin(client, "zorg-zuid")
    callback = sign_in_at_provider(authorize_url, "anna", CALLBACK_PREFIX)
    # the provider goes away while the person is on their way back with the code
    service.configure(zorg_zuid, closed_port_url(), "netwerkwijs-test", "geheim")
    db.session.commit()

    response = come_back(client, callback)

    assert_refused(client, response, "De inlogdienst van je organisatie is nu niet bereikbaar.")


def _with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return parts._replace(query="&".join(f"{k}={v}" for k, v in query.items())).geturl()


FLOW_INVALID = "Deze aanmelding is verlopen of klopt niet"


def test_tampered_state_is_refused(client, zorg_zuid):
    callback = sign_in_at_provider(begin(client, "zorg-zuid"), "anna", CALLBACK_PREFIX)
    response = come_back(client, _with_query(callback, state="iets-anders"))
    assert_refused(client, response, FLOW_INVALID)


def test_a_callback_this_browser_did_not_start_is_refused(app, client, zorg_zuid):
    """Login CSRF: someone else's code, planted on this browser, logs nobody in."""
    callback = sign_in_at_provider(begin(app.test_client(), "zorg-zuid"), "anna", CALLBACK_PREFIX)
    response = come_back(client, callback)
    assert_refused(client, response, FLOW_INVALID)


def test_a_flow_started_for_one_organisation_cannot_finish_at_another(client, zorg_zuid, elders):
    callback = sign_in_at_provider(begin(client, "zorg-zuid"), "anna", CALLBACK_PREFIX)
    response = come_back(client, callback.replace("/zorg-zuid/terug", "/elders/terug"))
    assert_refused(client, response, FLOW_INVALID)


def test_a_flow_that_took_too_long_is_refused(app, client, zorg_zuid):
    callback = sign_in_at_provider(begin(client, "zorg-zuid"), "anna", CALLBACK_PREFIX)
    app.config["SIGNIN_FLOW_SECONDS"] = -1
    try:
        response = come_back(client, callback)
    finally:
        del app.config["SIGNIN_FLOW_SECONDS"]
    assert_refused(client, response, FLOW_INVALID)


def test_the_same_callback_replayed_after_logout_signs_nobody_in(client, zorg_zuid):
    authorize_url = begin(client, "zorg-zuid")
    callback = sign_in_at_provider(authorize_url, "anna", CALLBACK_PREFIX)
    come_back(client, callback)
    post_form(client, "/logout", {}, page="/account/")
    assert signed_in_email(client) is None

    response = come_back(client, callback)

    assert_refused(client, response, FLOW_INVALID, users_before=1)


def test_work_email_picks_the_organisation_and_is_passed_as_login_hint(client, zorg_zuid):
    response = post_form(client, "/login/organisatie", {"work_email": " Anna@ZorgZuid.example "})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Inloggen bij Zorg Zuid" in page
    onward = re.search(r'href="(/login/organisatie/zorg-zuid/naar-inlogdienst[^"]*)"', page)

    response = client.get(html.unescape(onward.group(1)))

    assert response.status_code == 302
    location = response.headers["Location"]
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(zorg_zuid_issuer(zorg_zuid) + "/auth?")
    assert query["login_hint"] == ["Anna@ZorgZuid.example"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["scope"] == ["openid email profile"]
    assert query["redirect_uri"] == [CALLBACK_PREFIX + "zorg-zuid/terug"]
    assert query["state"] and query["nonce"] and query["code_challenge"]


def zorg_zuid_issuer(organisation) -> str:
    return service.signin_for(organisation).discovery_url.removesuffix(
        "/.well-known/openid-configuration"
    )


def test_signing_in_by_work_email_reaches_the_page_asked_for(client, zorg_zuid):
    response = post_form(client, "/login/organisatie?next=/account/", {"work_email": ANNA["email"]})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    onward = re.search(r'href="(/login/organisatie/zorg-zuid/naar-inlogdienst[^"]*)"', page)
    authorize_url = client.get(html.unescape(onward.group(1))).headers["Location"]
    callback = sign_in_at_provider(authorize_url, "anna", CALLBACK_PREFIX)
    assert come_back(client, callback).request.path == "/account/"


def test_the_page_asked_for_before_sign_in_is_shown_after(client, zorg_zuid):
    response = sign_in(client, "zorg-zuid", "anna", query="?next=/account/")
    assert response.request.path == "/account/"


def test_a_redirect_elsewhere_after_sign_in_is_ignored(client, zorg_zuid):
    response = sign_in(client, "zorg-zuid", "anna", query="?next=https://elders.example/")
    assert response.request.path == "/dashboard"


def test_a_sign_up_waiting_for_its_link_is_confirmed_and_its_password_voided(client, zorg_zuid):
    """Someone signed up with Anna's address and a password of their choosing; when Anna signs
    in through her organisation, the address is hers and that password stops working."""
    chosen = "Iemand-anders-koos-dit-2026!"
    accounts.sign_up(ANNA["email"], "Niet Anna", chosen, org=zorg_zuid)
    db.session.commit()
    waiting = accounts.find_user_by_email(ANNA["email"])
    assert waiting.email_verified_at is None
    assert verify_password(waiting.password_hash, chosen)

    sign_in(client, "zorg-zuid", "anna")

    assert signed_in_email(client) == ANNA["email"]
    db.session.expire_all()
    user = accounts.find_user_by_email(ANNA["email"])
    assert user.email_verified_at is not None
    assert not verify_password(user.password_hash, chosen)
    assert user_count() == 1

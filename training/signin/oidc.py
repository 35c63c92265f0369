"""The OpenID Connect conversation with an organisation's sign-in service, through Authlib.

Authlib's Flask client does the protocol: the authorization redirect with `state`, `nonce`
and PKCE (S256) kept in the session, the code exchange, and the ID token's signature (keys
from the provider's JWKS), issuer, audience, expiry and nonce. One client is built per
request from the organisation's stored settings, so a changed setting takes effect at once
and nothing is cached between organisations. Every failure leaves here as a `SigninError`
with a message for the person: a sign-in service being down or odd is never a 500.
"""

from __future__ import annotations

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import current_app, request
from flask_babel import lazy_gettext as _l
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from training.signin.models import OrganisationSignin
from training.signin.service import SigninError

log = logging.getLogger(__name__)

SCOPE = "openid email profile"
# Seconds to wait for the sign-in service (connect, read): a person is waiting at the door.
DEFAULT_TIMEOUT = (3.05, 5)


class Cancelled(SigninError):
    def __init__(self):
        super().__init__(
            str(_l("Je hebt het inloggen bij je organisatie afgebroken. Je bent niet ingelogd."))
        )


class ProviderUnavailable(SigninError):
    def __init__(self):
        super().__init__(
            str(
                _l(
                    "De inlogdienst van je organisatie is nu niet bereikbaar. Probeer het over een "
                    "paar minuten opnieuw, of log in met je e-mailadres en wachtwoord."
                )
            )
        )


class ProviderRefused(SigninError):
    def __init__(self):
        super().__init__(
            str(
                _l(
                    "De inlogdienst van je organisatie kon je niet aanmelden. Probeer het opnieuw; "
                    "lukt het niet, vraag dan je beheerder om hulp."
                )
            )
        )


class FlowInvalid(SigninError):
    def __init__(self):
        super().__init__(
            str(
                _l(
                    "Deze aanmelding is verlopen of klopt niet (bijvoorbeeld omdat je een oude "
                    "link gebruikte). Begin opnieuw met inloggen."
                )
            )
        )


class TokenInvalid(SigninError):
    def __init__(self):
        super().__init__(
            str(
                _l(
                    "We konden de aanmelding van je organisatie niet controleren, bijvoorbeeld "
                    "omdat je inlogde bij de inlogdienst van een andere organisatie. Probeer het "
                    "opnieuw."
                )
            )
        )


def _timeout():
    return current_app.config.get("SIGNIN_TIMEOUT", DEFAULT_TIMEOUT)


def _client(signin: OrganisationSignin) -> FlaskOAuth2App:
    name = f"signin-{signin.organisation_id}"
    return FlaskOAuth2App(
        FlaskIntegration(name),
        name=name,
        client_id=signin.client_id,
        client_secret=signin.client_secret,
        server_metadata_url=signin.discovery_url,
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "default_timeout": _timeout(),
        },
    )


def _unreachable(signin: OrganisationSignin, exc: Exception) -> ProviderUnavailable:
    log.warning(
        "inlogdienst van organisatie %s onbruikbaar (%s): %s",
        signin.organisation_id,
        signin.discovery_url,
        exc,
    )
    return ProviderUnavailable()


def start(signin: OrganisationSignin, redirect_uri: str, login_hint: str = "") -> Response:
    """The redirect to the organisation's sign-in page; state, nonce and PKCE go in the session."""
    client = _client(signin)
    extra = {"login_hint": login_hint} if login_hint else {}
    try:
        if not client.load_server_metadata().get("issuer"):
            raise ValueError("discovery document without issuer")
        return client.authorize_redirect(redirect_uri, **extra)
    except (
        requests.RequestException,
        ValueError,
        TypeError,
        AttributeError,
        RuntimeError,
        AuthlibBaseError,
    ) as exc:
        raise _unreachable(signin, exc) from exc


def provider_error() -> None:
    """The error the sign-in service sent the person back with, if any, as a `SigninError`."""
    error = request.args.get("error")
    if error == "access_denied":
        raise Cancelled()
    if error:
        log.info("inlogdienst weigerde: %s", error[:100])
        raise ProviderRefused()


def finish(signin: OrganisationSignin) -> dict:
    """The claims of the validated ID token the sign-in service sent the person back with."""
    provider_error()
    client = _client(signin)
    try:
        token = client.authorize_access_token()
    except MismatchingStateError as exc:
        raise FlowInvalid() from exc
    except AuthlibBaseError as exc:
        # The token endpoint refused the code (used, expired, or not ours).
        log.info("code van organisatie %s geweigerd: %s", signin.organisation_id, exc)
        raise FlowInvalid() from exc
    except JoseError as exc:
        # Bad signature, wrong issuer or audience, expired, or a nonce from another flow.
        log.warning("ID-token van organisatie %s afgewezen: %s", signin.organisation_id, exc)
        raise TokenInvalid() from exc
    except (
        requests.RequestException,
        ValueError,
        TypeError,
        AttributeError,
        KeyError,
        RuntimeError,
    ) as exc:
        raise _unreachable(signin, exc) from exc
    claims = token.get("userinfo")
    issuer = client.server_metadata.get("issuer")
    if not claims or not issuer or claims.get("iss") != issuer:
        raise TokenInvalid()
    return dict(claims)


def check_discovery(url: str, timeout=DEFAULT_TIMEOUT) -> dict:
    """The provider's discovery document, when it is reachable and names what sign-in needs."""
    try:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise SigninError(
            str(_l("De discovery-URL gaf geen bruikbaar antwoord: %(error)s", error=exc))
        ) from exc
    needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    missing = [key for key in needed if not (isinstance(metadata, dict) and metadata.get(key))]
    if missing:
        raise SigninError(
            str(
                _l(
                    "Het discovery-document mist: %(missing)s. Is dit wel de OpenID-configuratie?",
                    missing=", ".join(missing),
                )
            )
        )
    return metadata

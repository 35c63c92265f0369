"""The e-mails about an account: confirming the address, and 'you already have an account'.

They are composed during the request (language, links) and delivered in a thread of their
own after it, through the platform's one mail path (`training.mail`). So the answer a visitor
gets takes as long whether or not an e-mail went out, and a slow or failing mail server
neither slows nor breaks a sign-up: the person can ask for a new link.
"""

from __future__ import annotations

import smtplib
import threading
from email.message import EmailMessage

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from training import mail
from training.accounts.models import User
from training.accounts.service import SignUp
from training.accounts.verification import make_token

_deliveries: set[threading.Thread] = set()
_lock = threading.Lock()


def _link(endpoint: str, **values) -> str:
    """An absolute link on the configured public address (never the request's Host header)."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def verification_message(user: User) -> EmailMessage:
    hours = current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 3600
    with force_locale(user.locale or "nl"):
        return mail.make_message(
            user.email,
            _("Bevestig je e-mailadres voor Netwerkwijs"),
            render_template(
                "accounts/email/verify.txt",
                user=user,
                hours=hours,
                link=_link("accounts.confirm_email", token=make_token(user)),
            ),
        )


def already_registered_message(user: User) -> EmailMessage:
    with force_locale(user.locale or "nl"):
        return mail.make_message(
            user.email,
            _("Iemand probeerde een account te maken met je e-mailadres"),
            render_template(
                "accounts/email/already_registered.txt",
                user=user,
                login=_link("accounts.login"),
            ),
        )


def sign_up_message(outcome: SignUp) -> EmailMessage:
    """The link to confirm the address, or, when it already had an account, word of the try."""
    if outcome.needs_verification:
        return verification_message(outcome.user)
    return already_registered_message(outcome.user)


def send_later(message: EmailMessage) -> None:
    """Deliver after the response, in a thread; a failure is logged, never shown."""
    app = current_app._get_current_object()

    def deliver() -> None:
        try:
            with app.app_context():
                mail.send(message)
        except (OSError, smtplib.SMTPException):
            app.logger.exception("E-mail aan %s kon niet worden verstuurd", message["To"])
        finally:
            with _lock:
                _deliveries.discard(threading.current_thread())

    thread = threading.Thread(target=deliver, name="account-mail", daemon=True)
    with _lock:
        _deliveries.add(thread)
    thread.start()


def wait_for_deliveries(timeout: float = 10.0) -> None:
    """Block until every e-mail handed to `send_later` so far is delivered (or has failed)."""
    with _lock:
        pending = list(_deliveries)
    for thread in pending:
        thread.join(timeout)

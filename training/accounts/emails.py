"""The e-mails about an account: confirming the address, and 'you already have an account'.

They are composed during the request (language, links) and delivered in a thread of their
own after it, through the platform's one mail path (`training.mail`). So the answer a visitor
gets takes as long whether or not an e-mail went out, and a slow or failing mail server
neither slows nor breaks a sign-up: the person can ask for a new link.
"""

from __future__ import annotations

from email.message import EmailMessage

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from training import mail
from training.accounts import reset
from training.accounts.models import User
from training.accounts.service import SignUp
from training.accounts.verification import make_token


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


def password_reset_message(user: User) -> EmailMessage:
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(user.locale or "nl"):
        return mail.make_message(
            user.email,
            _("Een nieuw wachtwoord voor Netwerkwijs"),
            render_template(
                "accounts/email/reset.txt",
                user=user,
                minutes=minutes,
                link=_link("accounts.reset_password", token=reset.make_token(user)),
            ),
        )


def sign_up_message(outcome: SignUp) -> EmailMessage:
    """The link to confirm the address, or, when it already had an account, word of the try."""
    if outcome.needs_verification:
        return verification_message(outcome.user)
    return already_registered_message(outcome.user)


# Delivery after the response lives in the shared mail path; these names stay for callers.
send_later = mail.send_later
wait_for_deliveries = mail.wait_for_deliveries

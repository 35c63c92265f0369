"""Sending e-mail: SMTP when MAIL_SERVER is set, otherwise the message goes to the log.

One path for every message the platform sends (digests, invitations, address verification),
so a deployment configures mail once.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def make_message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message.set_content(body)
    return message


def send(message: EmailMessage) -> None:
    """Deliver now; an SMTP failure raises (OSError / smtplib.SMTPException) for the caller."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            smtp.send_message(message)
    else:
        # Development without a mail server: the developer reads the message in the console
        # (a warning, since `flask run` shows no info messages; a sign-up's link is in it).
        current_app.logger.warning(
            "E-mail (geen MAIL_SERVER ingesteld)\nAan: %s\nOnderwerp: %s\n\n%s",
            message["To"],
            message["Subject"],
            message.get_content(),  # decoded: a long link stays one line to copy
        )


def send_mail(to: str, subject: str, body: str) -> None:
    send(make_message(to, subject, body))

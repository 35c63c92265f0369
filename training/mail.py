"""Sending e-mail: SMTP when MAIL_SERVER is set, otherwise the message goes to the log.

One path for every message the platform sends (digests, invitations, address verification),
so a deployment configures mail once.
"""

from __future__ import annotations

import smtplib
import threading
from email.message import EmailMessage

from flask import current_app


def make_message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message.set_content(body)
    return message


def send(message: EmailMessage, *, log_content: bool = True) -> None:
    """Deliver now; an SMTP failure raises (OSError / smtplib.SMTPException) for the caller.

    log_content=False: without a mail server only the fact that a message was not sent is
    logged, never its recipient, subject or body (digests name groups and threads, which can
    hold a client's name).
    """
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            smtp.send_message(message)
    elif not log_content:
        current_app.logger.info("E-mail (geen MAIL_SERVER ingesteld): 1 bericht niet verstuurd")
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


_deliveries: set[threading.Thread] = set()
_lock = threading.Lock()


def send_later(message: EmailMessage) -> None:
    """Deliver after the response, in a thread; a failure is logged, never shown.

    The answer a person gets then takes as long whether or not a message went out, so its
    timing tells nobody which addresses have an account, and a slow mail server slows no page.
    """
    app = current_app._get_current_object()

    def deliver() -> None:
        try:
            with app.app_context():
                send(message)
        except (OSError, smtplib.SMTPException):
            app.logger.exception("Een e-mail kon niet worden verstuurd (%s)", message["Subject"])
        finally:
            with _lock:
                _deliveries.discard(threading.current_thread())

    thread = threading.Thread(target=deliver, name="mail", daemon=True)
    with _lock:
        _deliveries.add(thread)
    thread.start()


def wait_for_deliveries(timeout: float = 10.0) -> None:
    """Block until every message handed to `send_later` so far is delivered (or has failed)."""
    with _lock:
        pending = list(_deliveries)
    for thread in pending:
        thread.join(timeout)

"""E-mail digests: SMTP when MAIL_SERVER is set, otherwise the message goes to the log."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from training.extensions import db
from training.intervision.notifications import (
    Digest,
    mark_digest_sent,
    notification_text,
    pending_digests,
)


def compose(digest: Digest, base_url: str) -> EmailMessage:
    with force_locale(digest.user.locale or "nl"):
        lines = [notification_text(n) for n in digest.notifications]
        message = EmailMessage()
        message["Subject"] = _(
            "Netwerkwijs: %(n)s nieuwe meldingen uit je intervisiegroepen", n=len(lines)
        )
        message["From"] = current_app.config["MAIL_FROM"]
        message["To"] = digest.user.email
        message.set_content(
            current_app.jinja_env.get_template("intervision/digest.txt").render(
                user=digest.user, lines=lines, base_url=base_url.rstrip("/")
            )
        )
    return message


def send_digests(base_url: str) -> int:
    """Send every pending digest; each is marked sent only after delivery succeeded."""
    sent = 0
    config = current_app.config
    for digest in pending_digests():
        message = compose(digest, base_url)
        if config.get("MAIL_SERVER"):
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
                smtp.send_message(message)
        else:
            current_app.logger.info("Digest (geen MAIL_SERVER ingesteld):\n%s", message.as_string())
        mark_digest_sent(digest)
        db.session.commit()
        sent += 1
    return sent

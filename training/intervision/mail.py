"""E-mail digests, sent through the platform's one mail path (training.mail)."""

from __future__ import annotations

from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from training import mail
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
        message = mail.make_message(
            digest.user.email,
            _("Netwerkwijs: %(n)s nieuwe meldingen uit je intervisiegroepen", n=len(lines)),
            current_app.jinja_env.get_template("intervision/digest.txt").render(
                user=digest.user, lines=lines, base_url=base_url.rstrip("/")
            ),
        )
    # The same digest always has the same id (person and newest notification): should a retry
    # send it again after a crash between sending and recording, a mail system can tell.
    domain = current_app.config["MAIL_FROM"].rpartition("@")[2] or "netwerkwijs"
    newest = max(n.id for n in digest.notifications)
    message["Message-ID"] = f"<overzicht-{digest.user.id}-{newest}@{domain}>"
    return message


def send_digests(base_url: str) -> int:
    """Send every pending digest; each is marked sent only after delivery succeeded."""
    sent = notifications = 0
    for digest in pending_digests():
        # group names and thread titles may hold a client's name: never in the log
        mail.send(compose(digest, base_url), log_content=False)
        mark_digest_sent(digest)
        db.session.commit()
        sent += 1
        notifications += len(digest.notifications)
    current_app.logger.info("Overzichtsmails: %d verstuurd, %d meldingen", sent, notifications)
    return sent

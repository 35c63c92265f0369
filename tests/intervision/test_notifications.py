"""In-app notifications, e-mail digests through a real SMTP server (aiosmtpd), and retention."""

from datetime import timedelta

import sqlalchemy as sa

from tests.conftest import count_queries, log_in
from tests.intervision.conftest import membership
from training.clock import utcnow
from training.extensions import db
from training.intervision import notifications, posts, threads
from training.intervision.mail import send_digests
from training.intervision.models import Notification, Post, Thread


def _kinds(user):
    return sorted(n.kind for n in notifications.notifications_of(user))


def test_new_thread_notifies_the_other_members(make_group, make_thread):
    group, (facilitator, member, other) = make_group()
    make_thread(group, member)
    assert _kinds(facilitator) == ["thread"] and _kinds(other) == ["thread"]
    assert _kinds(member) == []


def test_posts_notify_followers_and_phase_changes_notify_the_inbrenger(make_group, make_thread):
    group, (facilitator, member, other) = make_group()
    thread = make_thread(group, member)
    posts.add_post(thread, membership(group, other), body="Een feitelijke vraag")
    assert _kinds(member) == ["post"]  # the inbrenger follows their own thread
    assert _kinds(facilitator) == ["thread"]  # does not follow yet
    threads.advance_phase(thread, membership(group, facilitator))
    assert _kinds(member) == ["phase", "post"]
    assert "phase" in _kinds(other)  # follows after posting


def test_navigation_shows_the_unread_count_and_reading_clears_it(client, make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member)
    log_in(client, facilitator.email)
    html = client.get("/intervisie/meldingen").get_data(as_text=True)
    assert '1<span class="visually-hidden"> ongelezen</span>' in html
    assert "bracht een nieuwe casus in" in html
    client.get(f"/intervisie/draad/{thread.id}")
    assert notifications.unread_notification_count(facilitator) == 0


def test_daily_digest_arrives_by_smtp_once(app, smtp_server, make_group, make_thread):
    port, inbox = smtp_server
    group, (facilitator, member, other) = make_group()
    notifications.set_digest_frequency(other, "off")
    make_thread(group, member, title="Zus kan niet meer")
    db.session.commit()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        assert send_digests("https://netwerkwijs.example") == 1
        assert send_digests("https://netwerkwijs.example") == 0  # once a day, nothing new
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    [(recipients, message)] = inbox.messages
    assert recipients == [facilitator.email]
    newest = db.session.scalar(
        sa.select(sa.func.max(Notification.id)).where(Notification.user_id == facilitator.id)
    )
    assert message["Message-ID"] == f"<overzicht-{facilitator.id}-{newest}@localhost>"
    body = message.get_content()
    assert "Zus kan niet meer" in body
    assert "https://netwerkwijs.example/intervisie/meldingen" in body
    assert "Een cliënt wil zijn broer" not in body  # never the content itself


def test_digest_without_mail_server_logs_counts_only(app, make_group, make_thread, caplog):
    group, (facilitator, member) = make_group(members=1, name="Casus mevrouw Jansen")
    make_thread(group, member, title="Mevrouw Jansen wil haar zoon zien")
    db.session.commit()
    app.config.update(MAIL_SERVER=None)
    with caplog.at_level("DEBUG"):
        assert send_digests("http://127.0.0.1:5000") == 1
    assert "1 verstuurd, 1 meldingen" in caplog.text
    for private in ("Jansen", facilitator.email, facilitator.name, member.name):
        assert private not in caplog.text
    pending = sa.select(Notification).where(Notification.emailed_at.is_(None))
    assert db.session.scalars(pending).all() == []


def test_purge_deletes_closed_threads_after_the_retention_period(make_group, make_thread):
    group, (facilitator, member, other) = make_group()
    group.retention_days = 30
    old = make_thread(group, member, method="vrij", title="Oud")
    posts.add_post(old, membership(group, other), body="Reactie")
    threads.close_thread(
        old, membership(group, member), takeaway="Ik probeer het.", categories=[],
        confidence="2", to_journal=False,
    )  # fmt: skip
    still_open = make_thread(group, member, title="Loopt nog")
    db.session.commit()
    assert threads.purge_closed_threads(now=utcnow() + timedelta(days=29)) == 0
    assert threads.purge_closed_threads(now=utcnow() + timedelta(days=31)) == 1
    db.session.commit()
    titles = db.session.scalars(sa.select(Thread.title)).all()
    assert titles == [still_open.title]
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 0


def test_purge_cli_reports_and_keeps_groups_without_retention(app, make_group, make_thread):
    group, (_, member, _) = make_group()
    thread = make_thread(group, member, method="vrij")
    threads.close_thread(
        thread, membership(group, member), takeaway="Ik bel.", categories=[], confidence="1",
        to_journal=False,
    )  # fmt: skip
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["intervision", "purge"])
    assert result.exit_code == 0 and "0 afgesloten casus(sen) verwijderd" in result.output


def _notify_many(group, thread, user, actor, count: int) -> None:
    db.session.execute(
        sa.insert(Notification),
        [
            {"user_id": user.id, "kind": "post", "group_id": group.id, "thread_id": thread.id,
             "actor_id": actor.id, "created_at": utcnow()}
            for _ in range(count)
        ],
    )  # fmt: skip
    db.session.commit()


def test_notifications_come_in_pages_newest_first(client, make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member)  # the facilitator's first notification
    _notify_many(group, thread, facilitator, member, 30)
    log_in(client, facilitator.email)
    first = client.get("/intervisie/meldingen").get_data(as_text=True)
    assert first.count("Nieuw bericht van") == 25 and "bracht een nieuwe casus in" not in first
    assert 'href="/intervisie/meldingen?pagina=2" rel="next"' in first
    second = client.get("/intervisie/meldingen?pagina=2").get_data(as_text=True)
    assert second.count("Nieuw bericht van") == 5 and "bracht een nieuwe casus in" in second
    assert (
        'rel="next"' not in second and 'href="/intervisie/meldingen?pagina=1" rel="prev"' in second
    )
    beyond = client.get("/intervisie/meldingen?pagina=40")
    assert beyond.status_code == 200
    assert "Pagina 40 bestaat niet" in beyond.get_data(as_text=True)
    assert "Geen meldingen." not in beyond.get_data(as_text=True)
    assert client.get("/intervisie/meldingen?pagina=-1&pagina=x").status_code == 200


def test_the_notifications_page_runs_the_same_queries_for_3_or_120(app, make_group, make_thread):
    group, (facilitator, member, other) = make_group()
    thread = make_thread(group, member)
    counts = []
    for reader, total in ((facilitator, 3), (other, 120)):
        _notify_many(group, thread, reader, member, total - 1)
        client = app.test_client()
        log_in(client, reader.email)
        with count_queries() as statements:
            assert client.get("/intervisie/meldingen").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts

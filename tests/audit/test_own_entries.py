"""Wie bekeek mijn gegevens: a person reads who opened their data, and nobody else's entries."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import count_queries, log_in
from training.audit import service as audit
from training.audit.models import AuditEntry
from training.extensions import db
from training.organisations import service as organisations

PAGE = "/account/inzage"


def add_entries(actor, subject, count: int, start: datetime | None = None) -> None:
    """`count` entries about `subject`, one minute apart, the last one newest."""
    start = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    for n in range(count):
        entry = audit.record(actor, subject, "competence.evidence", ref=f"stap {n + 1}")
        entry.created_at = start + timedelta(minutes=n)
    db.session.commit()


def rows(html: str) -> list[str]:
    """The table rows of the page, tags stripped and whitespace squeezed."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_person_reads_who_opened_what_and_when_newest_first(client, make_user):
    learner = make_user(name="Sanne de Vries")
    trainer = make_user(role="trainer", name="Ruud Kramer")
    beheerder = make_user(role="beheerder", name="Fatima Yilmaz")
    winter = audit.record(trainer, learner, "competence.profile", ref="bewustwording")
    winter.created_at = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
    summer = audit.record(beheerder, learner, "account.export")
    summer.created_at = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    db.session.commit()

    log_in(client, learner.email)
    html = client.get(PAGE).get_data(as_text=True)
    assert rows(html) == [
        # Europe/Amsterdam: summer time is UTC+2, winter time UTC+1
        "1 juli 2026, 12:00 Fatima Yilmaz (beheerder van de organisatie) downloadde je gegevens",
        "15 januari 2026, 11:00 Ruud Kramer (trainer) bekeek je competentieprofiel · bewustwording",
    ]


def test_entries_about_someone_else_stay_out_of_sight(client, make_user):
    learner, colleague = make_user(), make_user(name="Collega Jansen")
    trainer = make_user(role="trainer", name="Ruud Kramer")
    audit.record(trainer, colleague, "journal.shared")
    db.session.commit()
    log_in(client, learner.email)
    html = client.get(PAGE).get_data(as_text=True)
    assert rows(html) == []
    assert "Ruud Kramer" not in html
    assert "Nog niemand anders heeft je gegevens bekeken." in html


def test_a_person_of_another_organisation_never_sees_the_entries(client, make_user):
    organisations.create_organisation("HVO-Querido", ["hvoquerido.nl"])
    organisations.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    learner = make_user(email="sanne@hvoquerido.nl")
    trainer = make_user(email="ruud@hvoquerido.nl", role="trainer", name="Ruud Kramer")
    audit.record(trainer, learner, "competence.profile")
    db.session.commit()
    for role in ("learner", "trainer", "beheerder"):
        outsider = make_user(email=f"{role}@kenter.nl", role=role)
        other = client.application.test_client()
        log_in(other, outsider.email)
        html = other.get(PAGE).get_data(as_text=True)
        assert rows(html) == [] and "Ruud Kramer" not in html, role


def test_an_actor_whose_account_is_gone_reads_as_a_former_account(client, make_user):
    learner = make_user()
    trainer = make_user(role="trainer", name="Ruud Kramer")
    audit.record(trainer, learner, "competence.profile")
    db.session.commit()
    db.session.delete(trainer)
    db.session.commit()
    log_in(client, learner.email)
    [row] = rows(client.get(PAGE).get_data(as_text=True))
    assert "voormalig account" in row and "Ruud Kramer" not in row


def test_own_actions_are_not_noted(make_user):
    learner = make_user()
    assert audit.record(learner, learner, "competence.profile") is None
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0


def test_fifty_entries_a_page_with_links_that_need_no_script(client, make_user):
    learner, trainer = make_user(), make_user(role="trainer")
    add_entries(trainer, learner, 120)
    log_in(client, learner.email)

    first = client.get(PAGE).get_data(as_text=True)
    assert len(rows(first)) == 50
    assert "stap 120" in rows(first)[0] and "stap 71" in rows(first)[-1]
    assert 'href="/account/inzage?pagina=2"' in first
    assert 'href="/account/inzage?pagina=3"' in first

    second = client.get(PAGE + "?pagina=2").get_data(as_text=True)
    assert "stap 70" in rows(second)[0] and "stap 21" in rows(second)[-1]
    assert 'href="/account/inzage?pagina=1"' in second

    last = client.get(PAGE + "?pagina=3").get_data(as_text=True)
    assert len(rows(last)) == 20 and "stap 1" in rows(last)[-1]
    assert 'rel="next"' not in last


@pytest.mark.parametrize(("asked", "shown"), [("0", 1), ("-4", 1), ("abc", 1), ("99", 3)])
def test_a_page_number_out_of_range_shows_the_nearest_page(client, make_user, asked, shown):
    learner, trainer = make_user(), make_user(role="trainer")
    add_entries(trainer, learner, 101)
    log_in(client, learner.email)
    response = client.get(f"{PAGE}?pagina={asked}")
    assert response.status_code == 200
    assert f'<span class="page-link" aria-current="page">{shown}</span>' in response.get_data(
        as_text=True
    )


def test_the_page_runs_the_same_queries_for_2_or_60_people_looking(client, make_user):
    learner = make_user()
    log_in(client, learner.email)
    counts = []
    for people in (2, 58):
        for _ in range(people):
            add_entries(make_user(role="trainer"), learner, 1)
        client.get(PAGE)  # warm up
        with count_queries() as statements:
            assert client.get(PAGE).status_code == 200
        counts.append(len(statements))
    assert counts == [counts[0], counts[0]]
    assert counts[0] <= 5  # the session's user, the notifications badge, a count, the rows


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_profile_page_and_user_menu_link_to_the_page(client, make_user):
    log_in(client, make_user().email)
    html = client.get("/account/").get_data(as_text=True)
    assert html.count(f'href="{PAGE}"') == 2  # the user menu and the profile page


def test_every_action_has_a_label_for_the_beheerders_log():
    assert set(audit.ACTIONS_LOGGED) == set(audit.ACTIONS)

"""A reflection shared with trainers passes the privacy guard; a private one is not checked."""

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from tests.journal.test_journal import ALACT, entries
from training.extensions import db
from training.journal import service
from training.journal.models import JournalEntry

IDENTIFYING = {**ALACT, "handelen": "Ik sprak mevrouw jansen op de kerkstraat 12.", "shared": "y"}


@pytest.fixture(autouse=True)
def _guard(guard_ready):
    return guard_ready


def test_a_shared_reflection_with_a_name_is_not_stored_without_a_choice(login_as, synced_content):
    client, _ = login_as("learner")
    html = post_form(client, "/journal/nieuw?model=alact", IDENTIFYING).get_data(as_text=True)
    assert "Mogelijk herleidbare gegevens gevonden" in html
    assert entries() == []
    post_form(
        client, "/journal/nieuw?model=alact", {**IDENTIFYING, "privacy_keuze": "pseudonimiseren"}
    )
    [entry] = entries()
    assert entry.shared_with_trainers
    assert (
        "jansen" not in entry.answers["handelen"] and "kerkstraat" not in entry.answers["handelen"]
    )
    assert "[PERSOON-1]" in entry.answers["handelen"]


def test_a_private_reflection_is_the_author_s_own_and_not_checked(login_as, synced_content):
    client, _ = login_as("learner")
    post_form(client, "/journal/nieuw?model=alact", {**IDENTIFYING, "shared": ""})
    [entry] = entries()
    assert not entry.shared_with_trainers and "jansen" in entry.answers["handelen"]


def test_sharing_an_entry_later_is_checked_too(login_as, synced_content):
    client, user = login_as("learner")
    entry = service.create_entry(user, title="Huisbezoek", framework="starr",
                                 answers={"situatie": "Een huisbezoek."})  # fmt: skip
    db.session.commit()
    url = f"/journal/{entry.id}/bewerken"
    data = {"title": "Huisbezoek", "situatie": "Bij dhr. bakker, bsn 111 222 333.",
            "category": "relatieherstel", "shared": "y"}  # fmt: skip
    html = post_form(client, url, data).get_data(as_text=True)
    assert "Mogelijk herleidbare gegevens gevonden" in html
    [stored] = entries()
    assert not stored.shared_with_trainers and "bakker" not in str(stored.answers)


def test_without_the_guard_a_shared_reflection_is_kept_private(app, login_as, synced_content,
                                                                monkeypatch):  # fmt: skip
    from training.privacyguard.process import free_port

    monkeypatch.setitem(app.config, "PRIVACY_GUARD_URL", f"http://127.0.0.1:{free_port()}")
    client, _ = login_as("learner")
    response = post_form(client, "/journal/nieuw?model=alact", IDENTIFYING)
    assert response.status_code == 302
    [entry] = entries()
    assert not entry.shared_with_trainers  # nothing unchecked reaches a trainer
    assert db_count() == 1


def db_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(JournalEntry.id)))

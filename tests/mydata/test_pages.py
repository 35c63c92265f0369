"""Deleting one's own account from the page, and a beheerder doing it on request."""

from __future__ import annotations

import io
import logging
import zipfile

import pytest
import sqlalchemy as sa

from tests.conftest import DEFAULT_PASSWORD, export_via_job, log_in, post_form
from tests.mydata.conftest import OTHER_EMAIL, OTHER_POST, SUBJECT_EMAIL, SUBJECT_NAME
from training.accounts import service as accounts
from training.accounts.models import User
from training.audit.models import AuditEntry
from training.extensions import db
from training.organisations import service as organisations

DELETE = "/account/verwijderen"


def test_the_confirmation_page_explains_the_rule_for_posts(client, world):
    log_in(client, SUBJECT_EMAIL)
    page = client.get(DELETE).get_data(as_text=True)
    assert "een oud-lid" in page and "Dit bericht is verwijderd" in page
    assert 'name="password"' in page


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("iemand@anders.nl", DEFAULT_PASSWORD, "Het e-mailadres komt niet overeen"),
        (SUBJECT_EMAIL, "fout-wachtwoord-123", "Je wachtwoord klopt niet."),
        (SUBJECT_EMAIL, "", "Je wachtwoord klopt niet."),
    ],
)
def test_a_wrong_confirmation_deletes_nothing(client, world, email, password, message):
    log_in(client, SUBJECT_EMAIL)
    response = post_form(client, DELETE, {"email": email, "password": password})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert accounts.find_user_by_email(SUBJECT_EMAIL) is not None


def test_deleting_ones_own_account_ends_the_session_and_the_login(client, world):
    log_in(client, SUBJECT_EMAIL)
    response = post_form(
        client, DELETE, {"email": SUBJECT_EMAIL.upper(), "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert "zijn verwijderd" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert accounts.find_user_by_email(SUBJECT_EMAIL) is None
    assert client.get("/account/").status_code == 302  # logged out
    again = log_in(client, SUBJECT_EMAIL)
    assert "klopt niet" in again.get_data(as_text=True)


def test_an_account_without_a_password_confirms_with_its_address(client, world):
    log_in(client, SUBJECT_EMAIL)
    world.subject.password_hash = "!"  # as an account that signs in with its organisation
    db.session.commit()
    page = client.get(DELETE).get_data(as_text=True)
    assert 'name="password"' not in page
    response = post_form(client, DELETE, {"email": SUBJECT_EMAIL})
    assert response.status_code == 302
    assert accounts.find_user_by_email(SUBJECT_EMAIL) is None


# --- a beheerder on request ----------------------------------------------------------------


@pytest.fixture
def beheerder(world, make_user):
    return make_user(role="beheerder", org=world.organisation, email="beheer@opvangnoord.nl")


def _data_url(user) -> str:
    return f"/beheer/gebruikers/{user.id}/gegevens"


def _delete_url(user) -> str:
    return f"/beheer/gebruikers/{user.id}/verwijderen"


def test_a_beheerder_downloads_a_users_data_and_it_is_audited(client, world, beheerder):
    log_in(client, beheerder.email)
    assert SUBJECT_NAME in client.get(_data_url(world.subject)).get_data(as_text=True)
    response = export_via_job(client, _data_url(world.subject), page=_data_url(world.subject))
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert SUBJECT_EMAIL in archive.read("profiel.json").decode()
    assert OTHER_POST not in archive.read("intervisie.json").decode()
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "account.export")
    ).one()
    assert (entry.actor_id, entry.subject_id) == (beheerder.id, world.subject.id)


def test_a_beheerder_deletes_an_account_after_typing_its_address(client, world, beheerder, caplog):
    log_in(client, beheerder.email)
    wrong = post_form(client, _delete_url(world.subject), {"email": OTHER_EMAIL})
    assert "precies over" in wrong.get_data(as_text=True)
    assert accounts.find_user_by_email(SUBJECT_EMAIL) is not None
    with caplog.at_level(logging.WARNING, logger="training.mydata"):
        done = post_form(client, _delete_url(world.subject), {"email": SUBJECT_EMAIL})
    assert done.status_code == 302
    assert accounts.find_user_by_email(SUBJECT_EMAIL) is None
    [line] = [r.getMessage() for r in caplog.records if "account.delete" in r.getMessage()]
    assert f"beheerder #{beheerder.id}" in line and SUBJECT_EMAIL not in line


def test_a_beheerder_cannot_delete_the_platform_admin(client, world, beheerder, make_user):
    admin = make_user(role="admin", org=world.organisation, email="admin@opvangnoord.nl")
    make_user(role="admin", email="tweede-admin@example.nl")
    log_in(client, beheerder.email)
    response = post_form(client, _delete_url(admin), {"email": admin.email})
    assert "Alleen een platformbeheerder" in response.get_data(as_text=True)
    assert db.session.get(User, admin.id) is not None


def test_a_beheerder_is_sent_to_the_own_page_for_their_own_account(client, beheerder):
    log_in(client, beheerder.email)
    response = client.get(_delete_url(beheerder))
    assert response.status_code == 302 and response.headers["Location"].endswith(DELETE)


@pytest.mark.parametrize("role", ["learner", "trainer"])
def test_learners_and_trainers_do_not_find_the_beheer_pages(client, world, make_user, role):
    person = make_user(role=role, org=world.organisation, email=f"{role}2@opvangnoord.nl")
    log_in(client, person.email)
    assert client.get(_data_url(world.subject)).status_code == 404
    assert client.get(_delete_url(world.subject)).status_code == 404


# --- another organisation ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["beheerder", "admin", "trainer", "learner"])
def test_another_organisation_gets_404_and_changes_nothing(client, world, make_user, role):
    elsewhere = organisations.create_organisation("Kenter", ["kenter.nl"])
    outsider = make_user(role=role, org=elsewhere, email=f"{role}@kenter.nl")
    log_in(client, outsider.email)
    for url in (_data_url(world.subject), _delete_url(world.subject)):
        assert client.get(url).status_code == 404
        posted = post_form(client, url, {"email": SUBJECT_EMAIL}, page="/account/")
        assert posted.status_code == 404
    assert accounts.find_user_by_email(SUBJECT_EMAIL) is not None
    assert (
        db.session.scalar(
            sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "account.export")
        )
        == 0
    )


def test_an_unknown_user_is_404(client, beheerder):
    log_in(client, beheerder.email)
    assert client.get("/beheer/gebruikers/999999/gegevens").status_code == 404


def test_another_organisations_export_never_includes_this_organisations_rows(
    client, world, make_user
):
    elsewhere = organisations.create_organisation("Kenter", ["kenter.nl"])
    outsider = make_user(org=elsewhere, email="mehmet@kenter.nl", name="Mehmet Kenter")
    log_in(client, outsider.email)
    response = export_via_job(client, "/account/gegevens/download", page="/account/gegevens")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    everything = " ".join(archive.read(n).decode() for n in archive.namelist())
    for foreign in (SUBJECT_EMAIL, SUBJECT_NAME, OTHER_EMAIL, OTHER_POST, "Opvang Noord"):
        assert foreign not in everything
    assert "mehmet@kenter.nl" in everything

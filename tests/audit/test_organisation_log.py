"""The beheerder's audit log: their own organisation's entries only, filtered by person on request."""

import pytest

from tests.audit.test_own_entries import add_entries, rows
from tests.conftest import count_queries, log_in
from training.audit import service as audit
from training.extensions import db
from training.organisations import service as organisations

LOG = "/beheer/inzage"
UNKNOWN = "Er is geen account van jouw organisatie met dit e-mailadres."


@pytest.fixture
def two_organisations(make_user):
    """HVO-Querido and Kenter, each with a beheerder, a trainer and a learner, and one entry."""
    organisations.create_organisation("HVO-Querido", ["hvoquerido.nl"])
    organisations.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    people = {}
    for domain in ("hvoquerido.nl", "kenter.nl"):
        people[domain] = {
            "beheerder": make_user(
                email=f"beheer@{domain}", role="beheerder", name=f"Beheer {domain}"
            ),
            "trainer": make_user(
                email=f"trainer@{domain}", role="trainer", name=f"Trainer {domain}"
            ),
            "learner": make_user(email=f"lerende@{domain}", name=f"Lerende {domain}"),
        }
        audit.record(people[domain]["trainer"], people[domain]["learner"], "competence.profile")
    db.session.commit()
    return people["hvoquerido.nl"], people["kenter.nl"]


def test_the_beheerder_reads_who_opened_whose_data_in_the_own_organisation(
    client, two_organisations
):
    hvo, _kenter = two_organisations
    log_in(client, hvo["beheerder"].email)
    html = client.get(LOG).get_data(as_text=True)
    [row] = rows(html)
    assert "Trainer hvoquerido.nl (trainer)" in row
    assert "Lerende hvoquerido.nl" in row and "competentieprofiel bekeken" in row
    assert "kenter.nl" not in html


def test_the_other_organisations_beheerder_sees_only_their_own(client, two_organisations):
    _hvo, kenter = two_organisations
    log_in(client, kenter["beheerder"].email)
    html = client.get(LOG).get_data(as_text=True)
    assert len(rows(html)) == 1 and "hvoquerido" not in html


def test_filtering_by_e_mail_shows_the_entries_about_and_by_that_person(
    client, two_organisations, make_user
):
    hvo, _kenter = two_organisations
    colleague = make_user(email="sanne@hvoquerido.nl", name="Sanne de Vries")
    audit.record(hvo["trainer"], colleague, "journal.shared")
    db.session.commit()
    log_in(client, hvo["beheerder"].email)

    about = rows(client.get(LOG + "?email=Sanne@HVOquerido.nl").get_data(as_text=True))
    assert len(about) == 1 and "Sanne de Vries" in about[0]
    by = rows(client.get(f"{LOG}?persoon={hvo['trainer'].id}").get_data(as_text=True))
    assert len(by) == 2


@pytest.mark.parametrize("email", ["lerende@kenter.nl", "niemand@hvoquerido.nl"])
def test_a_person_of_another_organisation_reads_as_unknown(client, two_organisations, email):
    hvo, _kenter = two_organisations
    log_in(client, hvo["beheerder"].email)
    html = client.get(f"{LOG}?email={email}").get_data(as_text=True)
    assert UNKNOWN in html
    assert rows(html) == []  # no entries at all rather than everyone's


def test_an_invalid_address_gets_a_dutch_message(client, two_organisations):
    hvo, _kenter = two_organisations
    log_in(client, hvo["beheerder"].email)
    html = client.get(f"{LOG}?email=geen-adres").get_data(as_text=True)
    assert "Vul een geldig e-mailadres in" in html and rows(html) == []


def test_a_person_id_of_another_organisation_is_404(client, two_organisations):
    hvo, kenter = two_organisations
    log_in(client, hvo["beheerder"].email)
    assert client.get(f"{LOG}?persoon={kenter['learner'].id}").status_code == 404
    assert client.get(f"{LOG}?persoon={kenter['trainer'].id}").status_code == 404
    assert client.get(f"{LOG}?persoon=999999").status_code == 404


@pytest.mark.parametrize("role", ["learner", "trainer"])
def test_only_a_beheerder_opens_the_log(client, two_organisations, role):
    hvo, _kenter = two_organisations
    log_in(client, hvo[role].email)
    assert client.get(LOG).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(LOG)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_pages_keep_the_filter(client, two_organisations):
    hvo, _kenter = two_organisations
    add_entries(hvo["trainer"], hvo["learner"], 60)
    log_in(client, hvo["beheerder"].email)
    html = client.get(f"{LOG}?email={hvo['learner'].email}").get_data(as_text=True)
    assert len(rows(html)) == 50
    assert f'href="/beheer/inzage?pagina=2&amp;persoon={hvo["learner"].id}"' in html
    second = client.get(f"{LOG}?pagina=2&persoon={hvo['learner'].id}").get_data(as_text=True)
    assert len(rows(second)) == 11


def test_the_log_runs_the_same_queries_for_few_or_many_people(client, two_organisations, make_user):
    hvo, _kenter = two_organisations
    log_in(client, hvo["beheerder"].email)
    counts = []
    for people in (1, 30):
        for n in range(people):
            subject = make_user(email=f"p{len(counts)}-{n}@hvoquerido.nl")
            add_entries(
                make_user(email=f"t{len(counts)}-{n}@hvoquerido.nl", role="trainer"), subject, 1
            )
        client.get(LOG)
        with count_queries() as statements:
            assert client.get(LOG).status_code == 200
        counts.append(len(statements))
    assert counts == [counts[0], counts[0]]


def test_the_trainer_menu_links_the_beheerders_pages(client, two_organisations):
    hvo, _kenter = two_organisations
    log_in(client, hvo["beheerder"].email)
    html = client.get("/account/").get_data(as_text=True)
    assert f'href="{LOG}"' in html and 'href="/beheer/organisatie"' in html
    trainer = client.application.test_client()
    log_in(trainer, hvo["trainer"].email)
    assert f'href="{LOG}"' not in trainer.get("/account/").get_data(as_text=True)

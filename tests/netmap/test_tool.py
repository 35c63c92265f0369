"""The practice tool over HTTP: maps, persons, bad input, versions, exports, access."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
import sqlalchemy as sa

from tests.conftest import count_queries, log_in, post_form
from training.extensions import db
from training.netmap import service
from training.netmap.models import MapPerson, MapVersion, NetworkMap
from training.privacyguard.process import free_port

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _guard(guard_ready):
    """Names and notes pass the privacy guard before anything is stored."""


def _new_map(client, label="R.") -> int:
    response = post_form(client, "/netwerkkaarten/", {"label": label})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def _add(client, map_id, data):
    return post_form(client, f"/netwerkkaarten/{map_id}/personen", data,
                     page=f"/netwerkkaarten/{map_id}")  # fmt: skip


def test_a_professional_maps_a_client_and_sees_the_persons(login_as, person_form):
    client, user = login_as("learner")
    map_id = _new_map(client, "meneer K.")
    assert _add(client, map_id, person_form()).status_code == 302
    assert _add(client, map_id, person_form(name="zus", sector="familie", ring="intimi",
                                            quality="belastend", contact="slapend",
                                            gets=["praktisch"], gives=["emotioneel"],
                                            note="Helpt soms met geld.")).status_code == 302  # fmt: skip
    page = client.get(f"/netwerkkaarten/{map_id}").get_data(as_text=True)
    assert "Netwerkkaart van meneer K." in page
    assert "Wessel" in page and "zus" in page and "Helpt soms met geld." in page
    assert "<svg" in page and 'data-place-url="/netwerkkaarten/' in page
    stored = {p.name: p for p in db.session.scalars(sa.select(MapPerson))}
    assert stored["zus"].active is False and stored["zus"].gets == ["praktisch"]
    assert stored["zus"].gives == ["emotioneel"] and stored["Wessel"].active is True


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sector": "kerk"}, "Kies een sector uit de lijst."),
        ({"ring": "heel-dichtbij"}, "Kies een ring uit de lijst"),
        ({"quality": "geweldig"}, "Kies sterk, zwak of belastend."),
        ({"gets": ["geld"]}, "Kies soorten steun uit de lijst"),
        ({"name": "Ria Jansen"}, "geen achternaam"),
        ({"name": "Jan de Vries"}, "geen achternaam"),
        ({"name": ""}, "Dit veld is verplicht."),
        ({"name": "Wessel", "note": "Zijn BSN is 111222333."}, "BSN"),
        ({"name": "Wessel", "note": "Bel hem op 06-12345678."}, "telefoonnummer"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(login_as, person_form, changes, message):
    client, _ = login_as("learner")
    map_id = _new_map(client)
    response = _add(client, map_id, person_form(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(MapPerson.id))) == 0


def test_a_full_name_and_a_bsn_in_the_note_are_both_refused(login_as, person_form):
    client, _ = login_as("learner")
    map_id = _new_map(client)
    response = _add(client, map_id, person_form(name="Petra Bakker", note="BSN 111222333"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "geen achternaam" in html
    assert db.session.scalar(sa.select(sa.func.count(MapPerson.id))) == 0


def test_a_first_name_in_the_note_is_allowed(login_as, person_form):
    client, _ = login_as("learner")
    map_id = _new_map(client)
    response = _add(client, map_id, person_form(note="Samen met Wessel naar het voetbal."))
    assert response.status_code == 302


def test_a_client_label_with_a_full_name_is_refused(login_as):
    client, _ = login_as("learner")
    response = post_form(client, "/netwerkkaarten/", {"label": "Ricardo Jansen"})
    assert response.status_code == 200
    assert "schuilnaam" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(NetworkMap.id))) == 0


def test_edit_move_and_remove_a_person(login_as, person_form):
    client, _ = login_as("learner")
    map_id = _new_map(client)
    _add(client, map_id, person_form())
    key = db.session.scalar(sa.select(MapPerson.key))
    url = f"/netwerkkaarten/{map_id}/personen/{key}"
    form_page = client.get(url).get_data(as_text=True)
    assert 'value="Wessel"' in form_page
    assert post_form(client, url, person_form(ring="intimi", quality="zwak")).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(MapPerson.ring)) == "intimi"
    moved = post_form(client, f"/netwerkkaarten/{map_id}/plaats",
                      {"key": key, "ring": "diensten", "sector": "buurt"}, page=url)  # fmt: skip
    assert moved.status_code == 302
    db.session.expire_all()
    assert db.session.execute(sa.select(MapPerson.ring, MapPerson.sector)).one() == (
        "diensten",
        "buurt",
    )
    wrong = post_form(client, f"/netwerkkaarten/{map_id}/plaats",
                      {"key": key, "ring": "maan", "sector": "buurt"}, page=url)  # fmt: skip
    assert wrong.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(MapPerson.ring)) == "diensten"
    assert post_form(client, url + "/verwijderen", {}, page=url).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(MapPerson.id))) == 0


def test_two_versions_show_what_changed(login_as, person_form):
    client, _ = login_as("learner")
    map_id = _new_map(client)
    page = f"/netwerkkaarten/{map_id}"
    _add(client, map_id, person_form(name="zus", sector="familie", ring="bekenden",
                                     quality="belastend", contact="slapend"))  # fmt: skip
    _add(client, map_id, person_form(name="buurman", sector="buurt", ring="bekenden"))
    first = post_form(client, f"{page}/versies",
                      {"conversation_on": "2026-10-01", "summary": "eerste gesprek"}, page=page)  # fmt: skip
    assert first.status_code == 302
    key = db.session.scalar(sa.select(MapPerson.key).where(MapPerson.name == "zus"))
    post_form(client, f"{page}/personen/{key}", person_form(
        name="zus", sector="familie", ring="vrienden", quality="zwak", contact="actief"))  # fmt: skip
    _add(client, map_id, person_form(name="Wessel"))
    second = post_form(client, f"{page}/versies", {"conversation_on": "2026-11-15"}, page=page)
    assert second.status_code == 302
    html = client.get(f"{page}/vergelijken").get_data(as_text=True)
    assert "Erbij gekomen (1)" in html and "Wessel" in html
    assert "Contact weer opgepakt (1)" in html
    assert "Dichterbij gekomen (1)" in html
    assert "Minder belastend of sterker geworden (1)" in html
    assert "buurman" not in html.split("Veranderingen")[1].split("In getallen")[0]


def test_a_version_needs_a_date_not_in_the_future(login_as, person_form):
    client, _ = login_as("learner")
    map_id = _new_map(client)
    page = f"/netwerkkaarten/{map_id}"
    _add(client, map_id, person_form())
    for value in ("", "morgen", "2999-01-01"):
        response = post_form(client, f"{page}/versies", {"conversation_on": value}, page=page)
        assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(MapVersion.id))) == 0


def test_svg_download_and_printable_page(login_as, person_form):
    client, _ = login_as("learner")
    map_id = _new_map(client)
    _add(client, map_id, person_form(name="Ans & <Co>"))
    response = client.get(f"/netwerkkaarten/{map_id}/kaart.svg")
    assert response.mimetype == "image/svg+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    root = ET.fromstring(response.data)  # noqa: S314 - our own SVG
    assert root.tag == f"{SVG}svg"
    assert root[0].tag == f"{SVG}title" and root[1].tag == f"{SVG}desc"
    printable = client.get(f"/netwerkkaarten/{map_id}/afdrukken").get_data(as_text=True)
    assert "Ans &amp; &lt;Co&gt;" in printable and "<svg" in printable


def test_maps_are_their_owners_alone(app, login_as, make_user, person_form):
    owner_client, owner = login_as("learner")
    map_id = _new_map(owner_client)
    _add(owner_client, map_id, person_form())
    key = db.session.scalar(sa.select(MapPerson.key))
    for other in (
        make_user(),  # a colleague of the same organisation
        make_user(role="trainer"),
        make_user(role="beheerder"),
        make_user(role="admin"),
        make_user(organisation="Opvang Noord"),
    ):
        client = app.test_client()
        log_in(client, other.email)
        for url in (
            f"/netwerkkaarten/{map_id}", f"/netwerkkaarten/{map_id}/kaart.svg",
            f"/netwerkkaarten/{map_id}/afdrukken", f"/netwerkkaarten/{map_id}/vergelijken",
            f"/netwerkkaarten/{map_id}/personen/{key}",
        ):  # fmt: skip
            assert client.get(url).status_code == 404, (other.role, url)
        for url, data in (
            (f"/netwerkkaarten/{map_id}/personen", person_form(name="indringer")),
            (f"/netwerkkaarten/{map_id}/verwijderen", {}),
            (f"/netwerkkaarten/{map_id}/personen/{key}/verwijderen", {}),
            (f"/netwerkkaarten/{map_id}/plaats", {"key": key, "ring": "intimi", "sector": "buurt"}),
            (f"/netwerkkaarten/{map_id}/versies", {"conversation_on": "2026-11-01"}),
        ):
            assert post_form(client, url, data, page="/netwerkkaarten/").status_code == 404
        listing = client.get("/netwerkkaarten/").get_data(as_text=True)
        assert f"/netwerkkaarten/{map_id}" not in listing
    db.session.expire_all()
    assert db.session.execute(sa.select(MapPerson.name, MapPerson.ring)).all() == [
        ("Wessel", "vrienden")
    ]
    assert db.session.scalar(sa.select(sa.func.count(MapVersion.id))) == 0


def _fill(network_map, count):
    for n in range(count):
        service.add_person(network_map, {
            "name": f"Persoon{chr(65 + n % 26)}{chr(97 + n // 26)}", "sector": ["familie", "vrienden", "buurt", "werk", "professionals", "medeclienten"][n % 6],
            "ring": ["intimi", "vrienden", "bekenden", "diensten"][n % 4], "quality": ["sterk", "zwak", "belastend"][n % 3],
            "active": n % 5 != 0, "gets": ["praktisch"], "gives": [], "note": "",
        })  # fmt: skip
    service.save_version(network_map, date(2026, 11, 1), "")
    db.session.commit()


def test_the_map_page_runs_the_same_queries_for_6_or_60_persons(login_as):
    client, user = login_as("learner")
    counts = []
    for size_ in (6, 60):
        network_map = service.create_map(user, f"kaart {size_}")
        _fill(network_map, size_)
        client.get(f"/netwerkkaarten/{network_map.id}")
        with count_queries() as statements:
            response = client.get(f"/netwerkkaarten/{network_map.id}")
        assert response.status_code == 200
        counts.append(len(statements))
        # a crowded map is shown wider (app.css) so that its names stay legible
        size = response.get_data(as_text=True).split('data-size="')[1].split('"')[0]
        assert size == ("normal" if size_ == 6 else "large") or (size_ == 60 and size == "huge")
    # the user, the map, its persons, its versions, the unread count in the menu
    assert counts == [5, 5]


def test_deleting_a_map_deletes_its_versions(login_as, person_form):
    client, _ = login_as("learner")
    map_id = _new_map(client)
    page = f"/netwerkkaarten/{map_id}"
    _add(client, map_id, person_form())
    post_form(client, f"{page}/versies", {"conversation_on": "2026-11-01"}, page=page)
    assert post_form(client, f"{page}/verwijderen", {}, page=page).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(MapVersion.id))) == 0
    assert client.get(page).status_code == 404


def test_without_the_guard_nothing_is_stored(app, login_as, person_form, monkeypatch):
    client, _ = login_as("learner")
    map_id = _new_map(client)
    monkeypatch.setitem(app.config, "PRIVACY_GUARD_URL", f"http://127.0.0.1:{free_port()}")
    response = _add(client, map_id, person_form())
    assert "De privacycontrole is op dit moment niet bereikbaar" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(MapPerson.id))) == 0
    refused = post_form(client, "/netwerkkaarten/", {"label": "T."})
    assert "niet bereikbaar" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(NetworkMap.id))) == 1

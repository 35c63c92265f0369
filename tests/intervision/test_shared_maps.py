"""A network map shared into a thread: a copy for the group, as it was when shared."""

import sqlalchemy as sa

from tests.conftest import log_in, post_form
from training.audit.models import AuditEntry
from training.extensions import db
from training.intervision.models import SharedMap
from training.netmap import service as netmaps


def _map_of(user, **note):
    network_map = netmaps.create_map(user, "R.")
    netmaps.add_person(network_map, {
        "name": "zus", "sector": "familie", "ring": "bekenden", "quality": "belastend",
        "active": False, "gets": [], "gives": ["praktisch"], "note": note.get("note", "Belt zelden terug."),
    })  # fmt: skip
    db.session.commit()
    return network_map


def _client(app, user):
    client = app.test_client()
    log_in(client, user.email)
    return client


def test_a_member_shares_a_map_and_the_group_sees_the_copy(app, make_group, make_thread):
    group, (facilitator, sharer, member) = make_group(members=2)
    thread = make_thread(group, sharer)
    network_map = _map_of(sharer)
    client = _client(app, sharer)
    url = f"/intervisie/netwerkkaart/{network_map.id}/delen"
    page = client.get(url).get_data(as_text=True)
    assert thread.title in page
    response = post_form(client, url, {"thread": str(thread.id), "with_notes": "nee"})
    assert (
        response.status_code == 302
        and f"/intervisie/draad/{thread.id}" in response.headers["Location"]
    )
    # Later changes to the map do not reach the copy.
    netmaps.add_person(network_map, {
        "name": "Wessel", "sector": "werk", "ring": "vrienden", "quality": "sterk", "active": True,
        "gets": [], "gives": [], "note": "",
    })  # fmt: skip
    db.session.commit()
    reader = _client(app, member)
    html = reader.get(f"/intervisie/draad/{thread.id}").get_data(as_text=True)
    assert "Netwerkkaart van R." in html and "zus" in html and "<svg" in html
    assert "Wessel" not in html
    assert "Belt zelden terug." not in html  # notes stay home unless the sharer chose otherwise
    assert db.session.scalar(sa.select(SharedMap.with_notes)) is False


def test_outsiders_get_404_and_copies_taken_by_others_are_logged(
    app, make_group, make_thread, make_user
):
    group, (facilitator, sharer, member) = make_group(members=2)
    thread = make_thread(group, sharer)
    network_map = _map_of(sharer)
    post_form(_client(app, sharer), f"/intervisie/netwerkkaart/{network_map.id}/delen",
              {"thread": str(thread.id), "with_notes": "ja"})  # fmt: skip
    shared_id = db.session.scalar(sa.select(SharedMap.id))
    for outsider in (
        make_user(),
        make_user(role="trainer"),
        make_user(organisation="Opvang Noord"),
    ):
        client = _client(app, outsider)
        assert client.get(f"/intervisie/kaart/{shared_id}/afdrukken").status_code == 404
        assert client.get(f"/intervisie/kaart/{shared_id}/kaart.svg").status_code == 404
        # Nor can anyone share someone else's map.
        assert client.get(f"/intervisie/netwerkkaart/{network_map.id}/delen").status_code == 404
    reader = _client(app, member)
    printed = reader.get(f"/intervisie/kaart/{shared_id}/afdrukken").get_data(as_text=True)
    assert "Belt zelden terug." in printed
    entries = db.session.scalars(sa.select(AuditEntry)).all()
    assert [(e.actor_id, e.subject_id, e.action) for e in entries] == [
        (member.id, sharer.id, "netmap.shared")
    ]


def test_only_open_threads_of_ones_own_groups_can_receive_a_map(app, make_group, make_thread):
    group, (facilitator, sharer) = make_group(members=1)
    other_group, (stranger, _) = make_group(members=1, name="Andere groep")
    foreign = make_thread(other_group, stranger, title="Niet van jou")
    network_map = _map_of(sharer)
    client = _client(app, sharer)
    url = f"/intervisie/netwerkkaart/{network_map.id}/delen"
    assert "Je hebt geen open casus" in client.get(url).get_data(as_text=True)
    make_thread(group, sharer)
    response = post_form(client, url, {"thread": str(foreign.id), "with_notes": "nee"})
    assert response.status_code == 200
    assert "Kies een open casus" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(SharedMap.id))) == 0

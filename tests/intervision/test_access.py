"""Groups are private: non-members get 404 for every group, thread and post URL."""

import pytest

from tests.conftest import log_in, post_form
from tests.intervision.conftest import membership
from training.extensions import db
from training.intervision import service


@pytest.fixture
def outsider_and_objects(client, make_user, make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member)
    post = service.add_post(
        thread, membership(group, facilitator), body="Welke vraag heb je precies?"
    )
    db.session.commit()
    outsider = make_user()
    log_in(client, outsider.email)
    return client, group, thread, post


def test_non_member_gets_404_for_group_thread_and_post_pages(outsider_and_objects):
    client, group, thread, post = outsider_and_objects
    for url in (
        f"/intervisie/groep/{group.id}",
        f"/intervisie/groep/{group.id}/inbrengen",
        f"/intervisie/groep/{group.id}/verlaten",
        f"/intervisie/draad/{thread.id}",
        f"/intervisie/draad/{thread.id}/afsluiten",
        f"/intervisie/bericht/{post.id}/bewerken",
        f"/intervisie/bericht/{post.id}/verwijderen",
    ):
        assert client.get(url).status_code == 404, url


def test_non_member_gets_404_for_every_action(outsider_and_objects):
    client, group, thread, post = outsider_and_objects
    for url in (
        f"/intervisie/groep/{group.id}/instellingen",
        f"/intervisie/groep/{group.id}/leden",
        f"/intervisie/groep/{group.id}/uitnodigingslink",
        f"/intervisie/draad/{thread.id}",
        f"/intervisie/draad/{thread.id}/fase",
        f"/intervisie/draad/{thread.id}/volgen",
        f"/intervisie/bericht/{post.id}/nuttig",
    ):
        response = post_form(client, url, {"body": "hallo"}, page="/intervisie/")
        assert response.status_code == 404, url
    assert thread.post_count == 1


def test_group_list_shows_only_own_groups(outsider_and_objects):
    client, group, _, _ = outsider_and_objects
    html = client.get("/intervisie/").get_data(as_text=True)
    assert group.name not in html


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/intervisie/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_member_can_read_group_and_thread(client, make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member)
    log_in(client, facilitator.email)
    assert client.get(f"/intervisie/groep/{group.id}").status_code == 200
    html = client.get(f"/intervisie/draad/{thread.id}").get_data(as_text=True)
    assert "Een broer die niet terugbelt" in html
    assert "Pseudonimiseer" in html


def test_member_cannot_change_settings_or_phase(client, make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, facilitator)
    log_in(client, member.email)
    response = post_form(
        client,
        f"/intervisie/groep/{group.id}/instellingen",
        {"name": "Gekaapt"},
        page="/intervisie/",
    )
    assert response.status_code == 403
    post_form(client, f"/intervisie/draad/{thread.id}/fase", {}, page="/intervisie/")
    db.session.refresh(thread)
    db.session.refresh(group)
    assert thread.phase == 0 and group.name != "Gekaapt"

"""Groups are private: non-members get 404 for every group, thread and post URL."""

import pytest
import sqlalchemy as sa

from tests.conftest import log_in, post_form
from tests.intervision.conftest import membership
from training.extensions import db
from training.intervision import access, posts
from training.intervision.models import Post


@pytest.fixture
def outsider_and_objects(client, make_user, make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member)
    post = posts.add_post(
        thread, membership(group, facilitator), body="Welke vraag heb je precies?"
    )
    db.session.commit()
    outsider = make_user()
    log_in(client, outsider.email)
    return client, group, thread, post


@pytest.mark.parametrize(
    "url",
    [
        "/intervisie/groep/{group}",
        "/intervisie/groep/{group}/inbrengen",
        "/intervisie/groep/{group}/verlaten",
        "/intervisie/draad/{thread}",
        "/intervisie/draad/{thread}/afsluiten",
        "/intervisie/bericht/{post}/bewerken",
        "/intervisie/bericht/{post}/verwijderen",
    ],
)
def test_non_member_gets_404_for_group_thread_and_post_pages(outsider_and_objects, url):
    client, group, thread, post = outsider_and_objects
    page = url.format(group=group.id, thread=thread.id, post=post.id)
    assert client.get(page).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/intervisie/groep/{group}/instellingen",
        "/intervisie/groep/{group}/leden",
        "/intervisie/groep/{group}/uitnodigingslink",
        "/intervisie/draad/{thread}",
        "/intervisie/draad/{thread}/fase",
        "/intervisie/draad/{thread}/volgen",
        "/intervisie/bericht/{post}/nuttig",
    ],
)
def test_non_member_gets_404_for_every_action(outsider_and_objects, url):
    client, group, thread, post = outsider_and_objects
    action = url.format(group=group.id, thread=thread.id, post=post.id)
    response = post_form(client, action, {"body": "hallo"}, page="/intervisie/")
    assert response.status_code == 404
    stored = db.session.scalar(sa.select(sa.func.count(Post.id)).where(Post.thread_id == thread.id))
    db.session.refresh(thread)
    assert stored == 1 and thread.post_count == 1 and thread.phase == 0


def test_group_list_shows_only_own_groups(outsider_and_objects):
    client, group, _, _ = outsider_and_objects
    response = client.get("/intervisie/")
    assert response.status_code == 200
    assert group.name not in response.get_data(as_text=True)


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


def test_only_the_facilitator_manages_the_group(make_group):
    group, (facilitator, member, _) = make_group()
    assert access.can_manage_group(membership(group, facilitator))
    assert not access.can_manage_group(membership(group, member))

"""Intervision across organisations: every object type works for its members and stays out of
reach of a trainer, a beheerder and a learner of another organisation.

A group may span organisations (regional intervision), but only through an invitation its
member accepts; being staff of another organisation opens nothing. The objects: the group,
its threads, posts and notifications, a join link and a personal invitation.
"""

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from tests.conftest import log_in, post_form
from tests.intervision.conftest import membership
from training.extensions import db
from training.intervision import groups, posts
from training.intervision.models import (
    HelpfulMark,
    IntervisionGroup,
    Invitation,
    Membership,
    Notification,
    Post,
    Thread,
    ThreadRead,
)
from training.organisations import service as organisations

GROUP = "Regio Haarlem"
TITLE = "Een broer die niet terugbelt"
BODY = "Welke vraag heb je precies aan hem?"
OUTSIDER_ROLES = ["trainer", "beheerder", "learner"]


@dataclass
class World:
    group: IntervisionGroup
    thread: Thread
    post: Post
    link: Invitation
    invitation: Invitation
    facilitator: object
    member: object
    invitee: object


@pytest.fixture
def world(make_user, make_thread):
    """HVO-Querido's group with a thread, a post, notifications, a join link and an invitation."""
    organisations.create_organisation("HVO-Querido", ["hvoquerido.nl"])
    organisations.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    facilitator = make_user(email="fenna@hvoquerido.nl", name="Fenna Facilitator")
    member = make_user(email="milan@hvoquerido.nl", name="Milan Lid")
    invitee = make_user(email="ilse@hvoquerido.nl", name="Ilse Genodigd")
    group = groups.create_group(
        facilitator, name=GROUP, purpose="Casuïstiek", rules="Vertrouwelijk"
    )
    groups.add_member(group, member, facilitator)
    db.session.commit()
    thread = make_thread(group, member, method="vrij", title=TITLE)
    post = posts.add_post(thread, membership(group, facilitator), body=BODY)
    groups.create_invitation(group, facilitator)
    groups.invite_by_email(group, invitee.email, facilitator)
    db.session.commit()
    link = db.session.scalar(sa.select(Invitation).where(Invitation.invitee_id.is_(None)))
    [invitation] = groups.personal_invitations(invitee)
    return World(group, thread, post, link, invitation, facilitator, member, invitee)


def outsider(client, make_user, role: str):
    user = make_user(email=f"{role}@kenter.nl", role=role, name=f"Buiten {role}")
    log_in(client, user.email)
    return user


def snapshot(world: World) -> dict:
    """Everything an outsider's request could change, read fresh from the database."""
    db.session.expire_all()
    count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
    thread = db.session.get(Thread, world.thread.id)
    post = db.session.get(Post, world.post.id)
    group = db.session.get(IntervisionGroup, world.group.id)
    return {
        "group": (group.name, group.purpose, group.rules, group.retention_days),
        "members": sorted(
            (m.user_id, m.role)
            for m in db.session.scalars(
                sa.select(Membership).where(Membership.group_id == group.id)
            )
        ),
        "thread": (thread.title, thread.phase, thread.state, thread.post_count),
        "post": (post.body, post.removed_at),
        "invitations": sorted((i.id, i.revoked) for i in db.session.scalars(sa.select(Invitation))),
        "counts": tuple(
            count(model)
            for model in (IntervisionGroup, Thread, Post, HelpfulMark, ThreadRead, Notification)
        ),
    }


GET_PAGES = [
    "/intervisie/groep/{group}",
    "/intervisie/groep/{group}/inbrengen",
    "/intervisie/groep/{group}/verlaten",
    "/intervisie/draad/{thread}",
    "/intervisie/draad/{thread}/afsluiten",
    "/intervisie/bericht/{post}/bewerken",
    "/intervisie/bericht/{post}/verwijderen",
]

# Every action, with the form a member would send.
ACTIONS = [
    ("/intervisie/groep/{group}/instellingen", {"name": "Gekaapt", "purpose": "", "rules": ""}),
    ("/intervisie/groep/{group}/leden", {"email": "buiten@kenter.nl"}),
    ("/intervisie/groep/{group}/uitnodigingslink", {}),
    ("/intervisie/groep/{group}/uitnodiging/{link}/intrekken", {}),
    ("/intervisie/groep/{group}/leden/verwijderen", {"user_id": "{member_id}"}),
    ("/intervisie/groep/{group}/facilitator", {"user_id": "{member_id}"}),
    ("/intervisie/groep/{group}/verlaten", {}),
    (
        "/intervisie/groep/{group}/inbrengen",
        {
            "title": "Ingebroken",
            "situation": "Ik werk met een cliënt.",
            "question": "Hoe kan ik helpen?",
            "method": "vrij",
        },
    ),
    ("/intervisie/draad/{thread}", {"body": "Ingebroken bericht"}),
    ("/intervisie/draad/{thread}/fase", {}),
    ("/intervisie/draad/{thread}/volgen", {"volgen": "1"}),
    ("/intervisie/draad/{thread}/afsluiten", {"takeaway": "Ingebroken", "confidence": "3"}),
    ("/intervisie/bericht/{post}/bewerken", {"body": "Overschreven"}),
    ("/intervisie/bericht/{post}/verwijderen", {}),
    ("/intervisie/bericht/{post}/nuttig", {}),
]


def fill(template: str, world: World) -> str:
    return template.format(
        group=world.group.id,
        thread=world.thread.id,
        post=world.post.id,
        link=world.link.id,
        invitation=world.invitation.id,
        member_id=world.member.id,
    )


# --- the members: every object works --------------------------------------------------------


def test_members_reach_every_page_of_their_group(client, world):
    owners = {
        "/intervisie/bericht/{post}/bewerken": world.facilitator,  # the post's author
        "/intervisie/bericht/{post}/verwijderen": world.facilitator,
    }
    for template in GET_PAGES:
        reader = client.application.test_client()
        log_in(reader, owners.get(template, world.member).email)
        assert reader.get(fill(template, world)).status_code == 200, template


def test_members_see_the_group_thread_post_and_notification_in_their_listings(client, world):
    log_in(client, world.facilitator.email)
    assert GROUP in client.get("/intervisie/").get_data(as_text=True)
    assert TITLE in client.get(f"/intervisie/groep/{world.group.id}").get_data(as_text=True)
    assert BODY in client.get(f"/intervisie/draad/{world.thread.id}").get_data(as_text=True)
    notices = client.get("/intervisie/meldingen").get_data(as_text=True)
    assert "Milan Lid bracht een nieuwe casus in" in notices
    group_page = client.get(f"/intervisie/groep/{world.group.id}").get_data(as_text=True)
    assert f"/intervisie/groep/{world.group.id}/uitnodiging/{world.link.id}/intrekken" in group_page


def test_the_invitee_sees_and_accepts_their_invitation(client, world):
    log_in(client, world.invitee.email)
    assert GROUP in client.get("/intervisie/").get_data(as_text=True)
    post_form(
        client,
        fill("/intervisie/uitnodigingen/{invitation}/accepteren", world),
        {},
        page="/intervisie/",
    )
    assert membership(world.group, world.invitee) is not None


def test_a_member_acts_on_the_thread(client, world):
    log_in(client, world.member.email)
    post_form(client, fill("/intervisie/bericht/{post}/nuttig", world), {}, page="/intervisie/")
    assert db.session.scalar(sa.select(sa.func.count(HelpfulMark.id))) == 1


# --- another organisation's trainer, beheerder and learner: nothing ---------------------------


@pytest.mark.parametrize("role", OUTSIDER_ROLES)
def test_another_organisation_gets_404_for_every_page(client, make_user, world, role):
    outsider(client, make_user, role)
    for template in GET_PAGES:
        response = client.get(fill(template, world))
        assert response.status_code == 404, template
        html = response.get_data(as_text=True)
        assert GROUP not in html and TITLE not in html and BODY not in html, template


@pytest.mark.parametrize("role", OUTSIDER_ROLES)
def test_another_organisation_gets_404_for_every_action_and_changes_nothing(
    client, make_user, world, role
):
    before = snapshot(world)
    outsider(client, make_user, role)
    for template, data in ACTIONS:
        form = {key: fill(value, world) for key, value in data.items()}
        response = post_form(client, fill(template, world), form, page="/intervisie/")
        assert response.status_code == 404, template
        assert snapshot(world) == before, template


@pytest.mark.parametrize("role", OUTSIDER_ROLES)
def test_another_organisations_listings_show_nothing_of_the_group(client, make_user, world, role):
    outsider(client, make_user, role)
    for page in ("/intervisie/", "/intervisie/meldingen", "/intervisie/deelname", "/privacy"):
        html = client.get(page).get_data(as_text=True)
        for secret in (GROUP, TITLE, BODY, "Milan Lid", "Fenna Facilitator"):
            assert secret not in html, (page, secret)


@pytest.mark.parametrize("role", OUTSIDER_ROLES)
def test_another_organisation_cannot_answer_someone_elses_invitation(
    client, make_user, world, role
):
    """The answer reads the same as for an invitation that does not exist, and nothing changes."""
    before = snapshot(world)
    outsider(client, make_user, role)
    answers = []
    for invitation_id in (world.invitation.id, 999999):
        for verb in ("accepteren", "weigeren"):
            response = post_form(
                client, f"/intervisie/uitnodigingen/{invitation_id}/{verb}", {}, page="/intervisie/",
                follow_redirects=True,
            )  # fmt: skip
            answers.append(response.get_data(as_text=True).count("verlopen of ingetrokken"))
    assert answers == [1, 1, 1, 1]
    assert snapshot(world) == before
    assert groups.personal_invitations(world.invitee) == [world.invitation]


@pytest.mark.parametrize("role", OUTSIDER_ROLES)
def test_marking_own_notifications_read_leaves_the_members_unread(client, make_user, world, role):
    unread = sa.select(sa.func.count(Notification.id)).where(Notification.read_at.is_(None))
    before = db.session.scalar(unread)
    assert before > 0
    outsider(client, make_user, role)
    post_form(client, "/intervisie/meldingen/gelezen", {}, page="/intervisie/meldingen")
    assert db.session.scalar(unread) == before

"""Groups: creation, invitations by link and e-mail, removing, handing over and leaving."""

import re
from datetime import timedelta

import pytest

from tests.conftest import log_in, post_form
from tests.intervision.conftest import membership
from training.clock import utcnow
from training.extensions import db
from training.intervision import groups, posts, threads
from training.intervision.errors import IntervisionError
from training.intervision.models import IntervisionGroup
from training.organisations import service as organisations


def test_creator_becomes_facilitator(client, make_user):
    user = make_user()
    log_in(client, user.email)
    response = post_form(
        client,
        "/intervisie/nieuw",
        {"name": "Netwerkcoaches Zuid", "purpose": "", "rules": "Vertrouwelijk"},
    )
    assert response.status_code == 302
    group = db.session.scalar(db.select(IntervisionGroup))
    assert group.name == "Netwerkcoaches Zuid" and membership(group, user).is_facilitator


def test_group_without_name_is_refused_and_nothing_is_made(client, make_user):
    log_in(client, make_user().email)
    response = post_form(client, "/intervisie/nieuw", {"name": "  ", "rules": ""})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(IntervisionGroup)) is None


def test_invitation_link_lets_a_colleague_join(client, make_group, make_user):
    group, (facilitator, *_) = make_group()
    log_in(client, facilitator.email)
    post_form(
        client,
        f"/intervisie/groep/{group.id}/uitnodigingslink",
        {},
        page=f"/intervisie/groep/{group.id}",
    )
    html = client.get(f"/intervisie/groep/{group.id}").get_data(as_text=True)
    link = re.search(r'value="http://localhost(/intervisie/uitnodiging/[^"]+)"', html).group(1)
    newcomer = make_user()
    other = client.application.test_client()
    log_in(other, newcomer.email)
    assert group.name in other.get(link).get_data(as_text=True)
    post_form(other, link, {})
    assert membership(group, newcomer) is not None
    assert other.get(f"/intervisie/groep/{group.id}").status_code == 200


def test_expired_or_revoked_link_does_not_work(make_group, make_user):
    group, (facilitator, *_) = make_group()
    token = groups.create_invitation(group, facilitator)
    later = utcnow() + timedelta(days=groups.INVITATION_DAYS, seconds=1)
    assert groups.invitation_for_token(token, now=later) is None
    groups.revoke_invitation(group, groups.invitation_for_token(token).id)
    with pytest.raises(IntervisionError, match="verlopen of ingetrokken"):
        groups.join_with_token(make_user(), token)


def test_unknown_link_gets_a_dutch_page_not_an_error(client, make_user):
    log_in(client, make_user().email)
    response = client.get("/intervisie/uitnodiging/verzonnen-token")
    assert response.status_code == 404
    assert "Deze uitnodiging werkt niet" in response.get_data(as_text=True)


INVITED = "Als er een account met dit e-mailadres is, krijgt die persoon een uitnodiging."


@pytest.mark.parametrize("email", ["Sanne@opvang.example", "niemand@opvang.example"])
def test_inviting_by_email_reads_the_same_for_known_and_unknown_addresses(
    client, make_group, make_user, email
):
    group, (facilitator, *_) = make_group()
    colleague = make_user(email="sanne@opvang.example", name="Sanne Bakker")
    log_in(client, facilitator.email)
    page = f"/intervisie/groep/{group.id}"
    response = post_form(
        client, f"{page}/leden", {"email": email}, page=page, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert INVITED in html
    assert "Sanne Bakker" not in html
    assert membership(group, colleague) is None


def test_an_invited_colleague_joins_only_after_accepting(client, make_group, make_user):
    group, (facilitator, *_) = make_group()
    colleague = make_user(email="sanne@opvang.example")
    groups.invite_by_email(group, "Sanne@Opvang.example", facilitator)
    db.session.commit()
    assert membership(group, colleague) is None
    [invitation] = groups.personal_invitations(colleague)
    assert groups.open_invitations(group) == []  # the facilitator cannot see who was invited

    log_in(client, colleague.email)
    notices = client.get("/intervisie/meldingen").get_data(as_text=True)
    assert "nodigt je uit voor de intervisiegroep" in notices
    assert group.name in client.get("/intervisie/").get_data(as_text=True)
    assert client.get(f"/intervisie/groep/{group.id}").status_code == 404
    url = f"/intervisie/uitnodigingen/{invitation.id}/accepteren"
    response = post_form(client, url, {}, page="/intervisie/")
    assert response.headers["Location"].endswith(f"/intervisie/groep/{group.id}")
    assert membership(group, colleague) is not None
    assert groups.personal_invitations(colleague) == []


def test_a_declined_invitation_makes_no_member_and_cannot_be_accepted_later(make_group, make_user):
    group, (facilitator, *_) = make_group()
    colleague = make_user()
    groups.invite_by_email(group, colleague.email, facilitator)
    [invitation] = groups.personal_invitations(colleague)
    groups.decline_invitation(colleague, invitation.id)
    with pytest.raises(IntervisionError):
        groups.accept_invitation(colleague, invitation.id)
    assert membership(group, colleague) is None


def test_nobody_else_can_accept_a_personal_invitation(client, make_group, make_user):
    group, (facilitator, *_) = make_group()
    colleague, intruder = make_user(), make_user()
    groups.invite_by_email(group, colleague.email, facilitator)
    db.session.commit()
    [invitation] = groups.personal_invitations(colleague)
    log_in(client, intruder.email)
    post_form(
        client, f"/intervisie/uitnodigingen/{invitation.id}/accepteren", {}, page="/intervisie/"
    )
    assert membership(group, intruder) is None
    assert groups.personal_invitations(colleague) == [invitation]


def test_a_member_or_a_pending_invitee_is_not_invited_twice(make_group, make_user):
    group, (facilitator, member, _) = make_group()
    colleague = make_user()
    for email in (colleague.email, colleague.email, member.email):
        groups.invite_by_email(group, email, facilitator)
    assert len(groups.personal_invitations(colleague)) == 1
    assert groups.personal_invitations(member) == []


def test_member_cannot_invite_or_remove(client, make_group, make_user):
    group, (facilitator, member, _) = make_group()
    log_in(client, member.email)
    page = f"/intervisie/groep/{group.id}"
    assert post_form(client, f"{page}/leden", {"email": "x@y.nl"}, page=page).status_code == 403
    post_form(client, f"{page}/leden/verwijderen", {"user_id": facilitator.id}, page=page)
    assert membership(group, facilitator) is not None


def test_facilitator_removes_member_and_hands_role_over(make_group):
    group, (facilitator, member, other) = make_group()
    groups.remove_member(group, membership(group, facilitator), other.id)
    assert membership(group, other) is None
    groups.hand_over(group, membership(group, facilitator), member.id)
    assert membership(group, member).is_facilitator
    assert not membership(group, facilitator).is_facilitator


def test_facilitator_must_hand_over_before_leaving(make_group):
    group, (facilitator, member, _) = make_group()
    with pytest.raises(IntervisionError, match="Draag eerst"):
        groups.leave_group(group, membership(group, facilitator))
    assert groups.leave_group(group, membership(group, member)) is False
    assert membership(group, member) is None


def test_last_member_leaving_deletes_the_group(make_group, make_thread):
    group, (facilitator,) = make_group(members=0)
    make_thread(group, facilitator)
    assert groups.leave_group(group, membership(group, facilitator)) is True
    db.session.commit()
    assert db.session.scalar(db.select(IntervisionGroup)) is None


def test_group_size_is_limited(make_group, make_user):
    group, _ = make_group(members=groups.MAX_MEMBERS - 1)
    with pytest.raises(IntervisionError, match="hoogstens"):
        groups.add_member(group, make_user(), None)


def test_participation_lists_threads_brought_in_and_contributed_to(client, make_group, make_thread):
    group, (facilitator, member, other) = make_group()
    own = make_thread(group, member, title="Mijn eigen inbreng")
    theirs = make_thread(group, other, title="Casus van een collega")
    posts.add_post(theirs, membership(group, member), body="Een open vraag")
    posts.add_post(theirs, membership(group, member), body="Nog een vraag")
    posts.add_post(own, membership(group, member), body="Aanvulling op mijn eigen casus")
    db.session.commit()
    data = threads.participation(member)
    assert [t.title for t in data.brought_in] == ["Mijn eigen inbreng"]
    assert [(t.title, n) for t, n in data.contributed] == [("Casus van een collega", 2)]
    log_in(client, member.email)
    html = client.get("/intervisie/deelname").get_data(as_text=True)
    assert "Mijn eigen inbreng" in html and "Casus van een collega" in html


@pytest.mark.parametrize("role", ["learner", "trainer", "admin"])
def test_a_personal_invitation_stays_invisible_to_another_organisation(
    client, make_group, make_user, role
):
    """Regional intervision crosses organisations, but an invitation is only its invitee's."""
    organisations.create_organisation("HVO-Querido", ["hvoquerido.nl"])
    organisations.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    group, (facilitator, *_) = make_group(name="Regio Haarlem")
    invitee = make_user(email="sanne@hvoquerido.nl")
    outsider = make_user(email=f"{role}@kenter.nl", role=role)
    groups.invite_by_email(group, invitee.email, facilitator)
    db.session.commit()
    [invitation] = groups.personal_invitations(invitee)

    log_in(client, outsider.email)
    assert "Regio Haarlem" not in client.get("/intervisie/").get_data(as_text=True)
    post_form(
        client, f"/intervisie/uitnodigingen/{invitation.id}/accepteren", {}, page="/intervisie/"
    )
    post_form(
        client, f"/intervisie/uitnodigingen/{invitation.id}/weigeren", {}, page="/intervisie/"
    )
    assert membership(group, outsider) is None
    assert groups.personal_invitations(invitee) == [invitation]
    assert groups.personal_invitations(outsider) == []

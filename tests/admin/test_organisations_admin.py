"""A beheerder manages their own organisation only; the platform admin manages organisations."""

import pytest

from tests.conftest import log_in, post_form
from training.accounts.models import User
from training.extensions import db
from training.organisations import service as organisations
from training.organisations.models import Organisation


@pytest.fixture
def two_orgs(make_user):
    """Two organisations, each with a beheerder, a trainer and a learner."""
    made = {}
    for key, name, domain in (("a", "Opvang Noord", "noord.nl"), ("b", "Kenter Zuid", "zuid.nl")):
        org = organisations.create_organisation(name, [domain])
        db.session.commit()
        made[key] = {
            role: make_user(role=role, org=org, email=f"{role}@{domain}", name=f"{role} {name}")
            for role in ("beheerder", "trainer", "learner")
        }
    return made


def test_a_beheerder_lists_only_their_own_organisation(client, two_orgs):
    log_in(client, two_orgs["a"]["beheerder"].email)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "learner Opvang Noord" in page
    assert "Kenter Zuid" not in page and "zuid.nl" not in page


@pytest.mark.parametrize("role", ["beheerder", "admin"])
def test_a_role_change_across_organisations_is_404_and_changes_nothing(
    client, two_orgs, make_user, role
):
    actor = (
        two_orgs["a"]["beheerder"]
        if role == "beheerder"
        else make_user(
            role="admin", org=db.session.get(Organisation, two_orgs["a"]["learner"].organisation_id)
        )
    )
    target = two_orgs["b"]["learner"]
    log_in(client, actor.email)
    response = post_form(
        client,
        f"/admin/users/{target.id}/role",
        {f"u{target.id}-role": "trainer"},
        page="/admin/users",
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(User, target.id).role == "learner"


def test_a_beheerder_cannot_give_the_platform_role_or_touch_a_platform_admin(
    client, two_orgs, make_user
):
    org_a = two_orgs["a"]["learner"].org
    platform = make_user(role="admin", org=org_a, name="Platform Persoon")
    target = two_orgs["a"]["learner"]
    log_in(client, two_orgs["a"]["beheerder"].email)
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'value="admin"' not in page
    assert "Platformbeheerder" in page  # shown, not editable
    post_form(
        client,
        f"/admin/users/{target.id}/role",
        {f"u{target.id}-role": "admin"},
        page="/admin/users",
    )
    response = post_form(
        client,
        f"/admin/users/{platform.id}/role",
        {f"u{platform.id}-role": "learner"},
        page="/admin/users",
        follow_redirects=True,
    )
    assert "alleen via de opdrachtregel" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, target.id).role == "learner"
    assert db.session.get(User, platform.id).role == "admin"


@pytest.mark.parametrize("role", ["learner", "trainer", "beheerder"])
def test_only_the_platform_admin_manages_organisations(client, two_orgs, role):
    log_in(client, two_orgs["a"][role].email)
    assert client.get("/admin/organisaties").status_code == 403
    assert client.get("/admin/organisaties/kenter-zuid").status_code == 403


def test_the_platform_admin_creates_an_organisation_and_refuses_a_taken_domain(
    client, two_orgs, make_user
):
    log_in(client, make_user(role="admin").email)
    overview = client.get("/admin/organisaties").get_data(as_text=True)
    assert "Opvang Noord" in overview and "Kenter Zuid" in overview
    response = post_form(
        client,
        "/admin/organisaties",
        {"name": "De Regenboog Groep", "domains": "regenboog.nl, zuid.nl"},
        follow_redirects=True,
    )
    assert "Het domein zuid.nl hoort al bij Kenter Zuid." in response.get_data(as_text=True)
    assert organisations.get_organisation("de-regenboog-groep") is None
    response = post_form(
        client, "/admin/organisaties", {"name": "De Regenboog Groep", "domains": "regenboog.nl"}
    )
    assert response.status_code == 302
    org = organisations.get_organisation("de-regenboog-groep")
    assert org.email_domains == ["regenboog.nl"]


def test_the_platform_admin_appoints_a_beheerder_with_one_reply_for_any_address(
    client, two_orgs, make_user
):
    log_in(client, make_user(role="admin").email)
    url = "/admin/organisaties/opvang-noord"
    replies = []
    for email in ("learner@noord.nl", "learner@zuid.nl", "niemand@noord.nl"):
        response = post_form(
            client, url, {"b-email": email, "b-submit": "Beheerder maken"}, follow_redirects=True
        )
        html = response.get_data(as_text=True)
        replies.append("Als dit adres bij een account van Opvang Noord hoort" in html)
    assert replies == [True, True, True]
    db.session.expire_all()
    assert db.session.get(User, two_orgs["a"]["learner"].id).role == "beheerder"
    assert db.session.get(User, two_orgs["b"]["learner"].id).role == "learner"


def test_the_platform_admin_changes_domains_and_bad_input_changes_nothing(
    client, two_orgs, make_user
):
    log_in(client, make_user(role="admin").email)
    url = "/admin/organisaties/opvang-noord"
    response = post_form(
        client, url, {"d-domains": "noord.nl\nniet een domein", "d-submit": "Domeinen opslaan"}
    )
    assert "is geen geldig e-maildomein" in response.get_data(as_text=True)
    db.session.expire_all()
    assert organisations.get_organisation("opvang-noord").email_domains == ["noord.nl"]
    post_form(
        client, url, {"d-domains": "noord.nl, Opvang-Noord.NL", "d-submit": "Domeinen opslaan"}
    )
    db.session.expire_all()
    assert organisations.get_organisation("opvang-noord").email_domains == [
        "noord.nl",
        "opvang-noord.nl",
    ]
    assert client.get("/admin/organisaties/bestaat-niet").status_code == 404


def test_the_user_list_links_the_requests_for_data_and_deletion(client, two_orgs):
    learner = two_orgs["a"]["learner"]
    log_in(client, two_orgs["a"]["beheerder"].email)
    page = client.get("/admin/users").get_data(as_text=True)
    assert f"/beheer/gebruikers/{learner.id}/gegevens" in page
    assert f"/beheer/gebruikers/{learner.id}/verwijderen" in page
    assert client.get(f"/beheer/gebruikers/{learner.id}/gegevens").status_code == 200

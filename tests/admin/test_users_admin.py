import pytest

from tests.conftest import count_queries, log_in, post_form
from training.accounts.models import User
from training.extensions import db

MEMBER_PAGES = ["/dashboard", "/account/", "/account/password", "/admin/users"]


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


@pytest.mark.parametrize("role", ["learner", "trainer"])
def test_non_admins_get_403_on_admin_pages(login_as, role):
    client, _ = login_as(role)
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)


def test_a_learner_cannot_change_a_role_by_posting(login_as, make_user):
    other = make_user()
    client, _ = login_as("learner")
    response = post_form(
        client, f"/admin/users/{other.id}/role", {f"u{other.id}-role": "admin"}, page="/dashboard"
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, other.id).role == "learner"


@pytest.mark.parametrize("role", ["beheerder", "admin"])
def test_an_admin_sees_the_users_of_their_organisation_and_changes_a_role(
    login_as, make_user, role
):
    other = make_user(name="Piet de Trainer")
    client, _ = login_as(role)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Piet de Trainer" in page
    response = post_form(
        client,
        f"/admin/users/{other.id}/role",
        {f"u{other.id}-role": "trainer"},
        page="/admin/users",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, other.id).role == "trainer"


def test_a_beheerder_cannot_demote_themselves(login_as):
    client, admin = login_as("beheerder")
    response = post_form(
        client,
        f"/admin/users/{admin.id}/role",
        {f"u{admin.id}-role": "learner"},
        page="/admin/users",
        follow_redirects=True,
    )
    assert "Je kunt je eigen beheerdersrol niet intrekken." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "beheerder"


def test_admin_role_change_refuses_an_unknown_role(login_as, make_user):
    other = make_user()
    client, _ = login_as("beheerder")
    response = post_form(
        client,
        f"/admin/users/{other.id}/role",
        {f"u{other.id}-role": "superuser"},
        page="/admin/users",
        follow_redirects=True,
    )
    assert "Kies een geldige rol." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, other.id).role == "learner"


def test_admin_role_change_of_a_missing_user_is_404(admin_client):
    response = post_form(admin_client, "/admin/users/99999/role", {}, page="/admin/users")
    assert response.status_code == 404


def test_admin_user_list_runs_the_same_queries_for_3_or_30_users(login_as, make_user):
    client, _ = login_as("beheerder")
    counts = []
    for total in (3, 30):
        while db.session.query(User).count() < total:
            make_user()
        with count_queries() as statements:
            assert client.get("/admin/users").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert counts[0] <= 5  # user, organisation, count and page of users, unread notifications


def test_admin_user_list_comes_in_pages_by_name(login_as, make_user):
    client, beheerder = login_as("beheerder", name="Aaron Beheer")
    for n in range(60):
        make_user(name=f"Zorgverlener {n:02d}")
    html = client.get("/admin/users").get_data(as_text=True)
    assert "61 accounts in je organisatie" in html
    assert "Aaron Beheer" in html and "Zorgverlener 48" in html and "Zorgverlener 49" not in html
    assert 'href="/admin/users?pagina=2" rel="next"' in html
    html = client.get("/admin/users?pagina=2").get_data(as_text=True)
    assert "Zorgverlener 49" in html and "Zorgverlener 59" in html and "Aaron" not in html
    assert "Pagina 2 van 2" in html
    assert "Pagina 2 van 2" in client.get("/admin/users?pagina=99").get_data(as_text=True)


def test_navigation_shows_admin_links_by_role(app, make_user):
    clients = {role: app.test_client() for role in ("learner", "trainer", "beheerder", "admin")}
    for role, client in clients.items():
        log_in(client, make_user(role=role).email)
    pages = {
        role: client.get("/dashboard").get_data(as_text=True) for role, client in clients.items()
    }
    assert "/admin/users" not in pages["learner"] + pages["trainer"]
    assert "/admin/users" in pages["beheerder"] and "/admin/users" in pages["admin"]
    assert "/admin/organisaties" not in pages["beheerder"]
    assert "/admin/organisaties" in pages["admin"]

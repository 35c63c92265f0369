"""Cohorts with consent: inviting, accepting, declining, leaving, and the beheerder's view."""

from __future__ import annotations

import re
import socket
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tests.competence.helpers import enrol, join
from tests.conftest import CSRF_RE, count_queries, csrf_token, export_via_job, log_in, post_form
from training import mail
from training.competence import cohorts, service
from training.competence.models import ACCEPTED, INVITED, Cohort, CohortMember
from training.curriculum import service as curriculum
from training.extensions import db
from training.journal import service as journal
from training.organisations import service as organisations

REPLY = "Als er een account van jouw organisatie met dit e-mailadres is, krijgt die persoon een uitnodiging."


@pytest.fixture
def people(make_user):
    organisations.create_organisation("HVO-Querido", ["hvoquerido.nl"])
    organisations.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    db.session.commit()
    return SimpleNamespace(
        trainer=make_user(email="karim@hvoquerido.nl", name="Karim Bouzid", role="trainer"),
        learner=make_user(email="sanne@hvoquerido.nl", name="Sanne de Vries"),
        colleague=make_user(email="lotte@hvoquerido.nl", name="Lotte Jansen"),
        beheerder=make_user(email="bea@hvoquerido.nl", name="Bea Bakker", role="beheerder"),
        other_trainer=make_user(email="tom@kenter.nl", name="Tom Visser", role="trainer"),
        other_learner=make_user(email="mehmet@kenter.nl", name="Mehmet Yilmaz"),
    )


@pytest.fixture
def category(synced_content):
    return curriculum.get_category("bewustwording")


def client_of(app, user):
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    return client


def _invite(client, cohort: Cohort, email: str):
    url = f"/competence/groepen/{cohort.id}"
    return post_form(client, url, {"email": email}, follow_redirects=True)


def _member(cohort_id: int, user_id: int) -> CohortMember | None:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(CohortMember).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id
        )
    )


def _without_tokens(html: str) -> str:
    return CSRF_RE.sub("", html)


# --- inviting -------------------------------------------------------------------------------


def test_an_invitee_stays_invisible_to_the_trainer_until_they_accept(app, people, category):
    service.record_evidence(people.learner, category, "quiz", 0.8, "toets")
    db.session.commit()
    trainer = client_of(app, people.trainer)
    response = post_form(trainer, "/competence/groepen/", {"name": "Najaar 2027"})
    cohort_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    cohort = db.session.get(Cohort, cohort_id)
    assert REPLY in _invite(trainer, cohort, "Sanne@HVOquerido.nl").get_data(as_text=True)

    member = _member(cohort_id, people.learner.id)
    assert (member.status, member.accepted_at) == (INVITED, None)
    assert member.invited_at is not None
    assert cohorts.learner_ids_for(people.trainer) == set()
    assert trainer.get(f"/competence/deelnemer/{people.learner.id}").status_code == 404
    assert "Sanne de Vries" not in trainer.get(f"/competence/groepen/{cohort_id}").get_data(
        as_text=True
    )


def test_the_invitee_sees_the_invitation_on_the_dashboard_and_the_competence_page(
    app, people, synced_content
):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    member = cohorts.invite(cohort, people.learner.email)
    db.session.commit()
    learner = client_of(app, people.learner)
    for page in ("/dashboard", "/competence/", "/competence/mijn-cohorten/"):
        html = learner.get(page).get_data(as_text=True)
        assert "Uitnodigingen voor een cohort" in html, page
        assert "Karim Bouzid nodigt je uit voor het cohort Najaar 2027." in html, page
        assert f"/competence/mijn-cohorten/uitnodiging/{member.id}" in html, page
    colleague = client_of(app, people.colleague)
    assert "Uitnodigingen voor een cohort" not in colleague.get("/dashboard").get_data(as_text=True)


def test_the_invitation_page_lists_what_the_trainer_will_see(app, people, synced_content):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    member = cohorts.invite(cohort, people.learner.email)
    db.session.commit()
    html = (
        client_of(app, people.learner)
        .get(f"/competence/mijn-cohorten/uitnodiging/{member.id}")
        .get_data(as_text=True)
    )
    assert "Uitnodiging voor het cohort Najaar 2027" in html
    assert "Trainer: Karim Bouzid" in html
    for line in (*cohorts.SHARED_WITH_TRAINER, *cohorts.NOT_SHARED_WITH_TRAINER):
        assert str(line) in html
    assert 'value="Accepteren"' in html and 'value="Weigeren"' in html


def test_accepting_opens_the_learner_to_the_trainer(app, people, category):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    member = cohorts.invite(cohort, people.learner.email)
    db.session.commit()
    learner = client_of(app, people.learner)
    url = f"/competence/mijn-cohorten/uitnodiging/{member.id}"
    response = post_form(learner, url, {"accept": "Accepteren"})
    assert response.headers["Location"].endswith("/competence/mijn-cohorten/")
    member = _member(cohort.id, people.learner.id)
    assert member.status == ACCEPTED and member.accepted_at is not None
    mine = learner.get("/competence/mijn-cohorten/").get_data(as_text=True)
    assert "Najaar 2027" in mine and "Verlaten" in mine
    trainer = client_of(app, people.trainer)
    assert trainer.get(f"/competence/deelnemer/{people.learner.id}").status_code == 200
    assert "Sanne de Vries" in trainer.get(f"/competence/groepen/{cohort.id}").get_data(
        as_text=True
    )


def test_declining_removes_the_invitation_and_the_trainer_may_ask_again(app, people, category):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    member = cohorts.invite(cohort, people.learner.email)
    db.session.commit()
    learner = client_of(app, people.learner)
    url = f"/competence/mijn-cohorten/uitnodiging/{member.id}"
    post_form(learner, url, {"decline": "Weigeren"})
    assert _member(cohort.id, people.learner.id) is None
    assert not cohorts.can_view_learner(people.trainer, people.learner)
    assert learner.get(url).status_code == 404
    cohort = db.session.get(Cohort, cohort.id)
    assert cohorts.invite(cohort, people.learner.email) is not None


def test_an_answered_invitation_cannot_be_answered_again(app, people, synced_content):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    member = cohorts.invite(cohort, people.learner.email)
    cohorts.accept(member)
    db.session.commit()
    learner = client_of(app, people.learner)
    url = f"/competence/mijn-cohorten/uitnodiging/{member.id}"
    assert learner.get(url).status_code == 404
    token = CSRF_RE.search(learner.get("/competence/mijn-cohorten/").get_data(as_text=True))
    response = learner.post(
        url, data={"csrf_token": token.group(1) or token.group(2), "decline": "x"}
    )
    assert response.status_code == 404
    assert _member(cohort.id, people.learner.id).status == ACCEPTED


def test_nobody_else_opens_or_answers_an_invitation(app, people, synced_content):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    member = cohorts.invite(cohort, people.learner.email)
    db.session.commit()
    url = f"/competence/mijn-cohorten/uitnodiging/{member.id}"
    for someone in (people.colleague, people.trainer, people.beheerder, people.other_learner):
        client = client_of(app, someone)
        assert client.get(url).status_code == 404
        assert post_form(client, url, {"accept": "x"}, page="/competence/").status_code == 404
    assert _member(cohort.id, people.learner.id).status == INVITED


def test_an_answer_without_the_csrf_token_changes_nothing(app, people, synced_content):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    member = cohorts.invite(cohort, people.learner.email)
    db.session.commit()
    learner = client_of(app, people.learner)
    url = f"/competence/mijn-cohorten/uitnodiging/{member.id}"
    assert learner.post(url, data={"accept": "Accepteren"}).status_code == 400
    assert _member(cohort.id, people.learner.id).status == INVITED


def test_the_reply_is_the_same_whoever_the_address_belongs_to(app, people, synced_content):
    cohort = enrol(people.trainer, people.colleague, name="Najaar 2027")
    trainer = client_of(app, people.trainer)
    pages = {}
    for email in (
        people.learner.email,  # an account of the organisation: invited
        people.learner.email,  # invited already
        people.colleague.email,  # a member already
        "niemand@hvoquerido.nl",  # no account
        people.other_learner.email,  # another organisation
        people.trainer.email,  # the trainer
    ):
        response = _invite(trainer, cohort, email)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert REPLY in html
        assert "Sanne de Vries" not in html and "Mehmet Yilmaz" not in html
        pages[email] = _without_tokens(html)
    assert len(set(pages.values())) == 1
    assert _member(cohort.id, people.other_learner.id) is None
    assert _member(cohort.id, people.trainer.id) is None
    assert _member(cohort.id, people.learner.id).status == INVITED


def test_a_bad_address_gets_a_dutch_message_and_changes_nothing(app, people, synced_content):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    db.session.commit()
    trainer = client_of(app, people.trainer)
    response = post_form(trainer, f"/competence/groepen/{cohort.id}", {"email": "geen adres"})
    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CohortMember.id))) == 0


def test_only_an_invitee_of_the_organisation_gets_an_email(app, people, mail_server):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    db.session.commit()
    trainer = client_of(app, people.trainer)
    for email in (people.other_learner.email, "niemand@hvoquerido.nl", people.learner.email):
        _invite(trainer, cohort, email)
    mail.wait_for_deliveries()
    [(recipients, message)] = mail_server.messages
    assert recipients == ["sanne@hvoquerido.nl"]
    assert message["Subject"] == "Uitnodiging voor het cohort Najaar 2027"
    body = message.get_content()
    member = _member(cohort.id, people.learner.id)
    assert "Karim Bouzid nodigt je uit" in body
    assert f"/competence/mijn-cohorten/uitnodiging/{member.id}" in body


def test_a_failing_mail_server_leaves_the_invitation_standing(app, people, synced_content):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
        db.session.commit()
        html = _invite(client_of(app, people.trainer), cohort, people.learner.email).get_data(
            as_text=True
        )
        mail.wait_for_deliveries()
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    assert REPLY in html
    assert _member(cohort.id, people.learner.id).status == INVITED


# --- leaving --------------------------------------------------------------------------------


@pytest.fixture
def left(app, people, category):
    """Sanne and Lotte accepted Karim's cohort, Sanne shared a reflection; then Sanne leaves."""
    cohort = enrol(people.trainer, people.learner, people.colleague, name="Najaar 2027")
    for person in (people.learner, people.colleague):
        service.record_evidence(person, category, "quiz", 0.8, "toets")
    entry = journal.create_entry(
        people.learner, title="Een lastig huisbezoek", framework="starr",
        answers={"situatie": "Een huisbezoek."}, shared=True,
    )  # fmt: skip
    db.session.commit()
    trainer = client_of(app, people.trainer)
    assert trainer.get(f"/journal/{entry.id}").status_code == 200  # before leaving
    learner = client_of(app, people.learner)
    page = learner.get(f"/competence/mijn-cohorten/{cohort.id}/verlaten").get_data(as_text=True)
    assert "Najaar 2027 verlaten?" in page and "Karim Bouzid ziet daarna niets meer" in page
    response = post_form(learner, f"/competence/mijn-cohorten/{cohort.id}/verlaten", {})
    assert response.headers["Location"].endswith("/competence/mijn-cohorten/")
    return SimpleNamespace(cohort=cohort, entry=entry, trainer=trainer, learner=learner)


def test_after_leaving_the_trainer_gets_404_on_the_learners_pages(left, people, category):
    learner_id = people.learner.id
    for path in (
        f"/competence/deelnemer/{learner_id}",
        f"/competence/deelnemer/{learner_id}/bewijs.csv",
        f"/competence/deelnemer/{learner_id}/xapi.json",
        f"/competence/deelnemer/{learner_id}/beoordelen/{category.slug}",
        f"/journal/{left.entry.id}",
    ):
        assert left.trainer.get(path).status_code == 404, path
    assert not service.may_assess(people.trainer, people.learner)
    assert _member(left.cohort.id, learner_id) is None


def test_after_leaving_the_learner_is_gone_from_heatmap_exports_and_shared_list(left, people):
    cohort_id = left.cohort.id
    heatmap = left.trainer.get(f"/competence/groepen/{cohort_id}").get_data(as_text=True)
    assert "Lotte Jansen" in heatmap and "Sanne de Vries" not in heatmap
    page = f"/competence/groepen/{cohort_id}"
    csv_text = export_via_job(
        left.trainer, f"/competence/groepen/{cohort_id}/schattingen.csv", page
    ).get_data(as_text=True)
    assert "lotte@hvoquerido.nl" in csv_text and "sanne@hvoquerido.nl" not in csv_text
    xapi = export_via_job(
        left.trainer, f"/competence/groepen/{cohort_id}/xapi.json", page
    ).get_json()
    assert {s["actor"]["account"]["name"] for s in xapi} == {str(people.colleague.id)}
    shared = left.trainer.get("/journal/gedeeld").get_data(as_text=True)
    assert "Een lastig huisbezoek" not in shared
    mine = left.learner.get("/competence/mijn-cohorten/").get_data(as_text=True)
    assert "Je hebt het cohort Najaar 2027 verlaten." in mine
    assert "Je zit (nog) in geen enkel cohort." in mine


def test_leaving_takes_a_post_with_the_csrf_token(app, people, synced_content):
    cohort = enrol(people.trainer, people.learner)
    learner = client_of(app, people.learner)
    url = f"/competence/mijn-cohorten/{cohort.id}/verlaten"
    learner.get(url)
    assert learner.post(url).status_code == 400
    assert _member(cohort.id, people.learner.id).status == ACCEPTED


def test_one_cannot_leave_a_cohort_one_is_not_in(app, people, synced_content):
    cohort = enrol(people.trainer, people.learner)
    invited = cohorts.create_cohort(people.trainer, "Voorjaar")
    cohorts.invite(invited, people.colleague.email)
    db.session.commit()
    colleague = client_of(app, people.colleague)
    for target in (cohort, invited):  # someone else's cohort; an invitation not yet accepted
        url = f"/competence/mijn-cohorten/{target.id}/verlaten"
        assert colleague.get(url).status_code == 404
        assert post_form(colleague, url, {}, page="/competence/").status_code == 404
    assert _member(cohort.id, people.learner.id).status == ACCEPTED


def test_the_trainer_takes_a_member_out_of_the_cohort(app, people, synced_content):
    cohort = enrol(people.trainer, people.learner)
    trainer = client_of(app, people.trainer)
    url = f"/competence/groepen/{cohort.id}/verwijderen/{people.learner.id}"
    post_form(trainer, url, {}, page=f"/competence/groepen/{cohort.id}")
    assert _member(cohort.id, people.learner.id) is None
    assert trainer.get(f"/competence/deelnemer/{people.learner.id}").status_code == 404


# --- the beheerder --------------------------------------------------------------------------


def test_a_beheerder_sees_every_cohort_of_the_organisation_but_no_learner_data(
    app, people, category
):
    cohort = enrol(people.trainer, people.learner, name="Najaar 2027")
    cohorts.invite(cohort, people.colleague.email)
    elsewhere = enrol(people.other_trainer, people.other_learner, name="Kenter cohort")
    db.session.commit()
    beheerder = client_of(app, people.beheerder)
    listing = beheerder.get("/competence/groepen/").get_data(as_text=True)
    assert "Najaar 2027" in listing and "trainer: Karim Bouzid" in listing
    assert "1 uitgenodigd" in listing
    assert "Kenter cohort" not in listing
    page = beheerder.get(f"/competence/groepen/{cohort.id}").get_data(as_text=True)
    assert re.search(r"Sanne de Vries</td>\s*<td>geaccepteerd", page)
    assert re.search(r"Lotte Jansen</td>\s*<td>uitgenodigd", page)
    assert "Niveaus per deelnemer en categorie" not in page  # no heatmap
    assert "Schattingen als CSV" not in page
    for path in (
        f"/competence/groepen/{cohort.id}/schattingen.csv",
        f"/competence/groepen/{cohort.id}/xapi.json",
    ):
        token = csrf_token(beheerder, f"/competence/groepen/{cohort.id}")
        assert beheerder.post(path, data={"csrf_token": token}).status_code == 404, path
    for path in (
        f"/competence/deelnemer/{people.learner.id}",
        f"/competence/deelnemer/{people.learner.id}/bewijs.csv",
        f"/competence/groepen/{elsewhere.id}",
    ):
        assert beheerder.get(path).status_code == 404, path


def test_a_trainer_does_not_see_who_is_still_invited(app, people, synced_content):
    cohort = enrol(people.trainer, people.learner, name="Najaar 2027")
    cohorts.invite(cohort, people.colleague.email)
    db.session.commit()
    page = client_of(app, people.trainer).get(f"/competence/groepen/{cohort.id}")
    html = page.get_data(as_text=True)
    assert "Sanne de Vries" in html
    assert "Lotte Jansen" not in html and "uitgenodigd" not in html


def test_a_beheerder_creates_a_cohort_for_a_trainer_of_the_organisation(
    app, people, synced_content
):
    beheerder = client_of(app, people.beheerder)
    form = beheerder.get("/competence/groepen/").get_data(as_text=True)
    assert "Karim Bouzid (karim@hvoquerido.nl)" in form and "Tom Visser" not in form
    response = post_form(
        beheerder, "/competence/groepen/", {"name": "Voorjaar", "trainer": people.trainer.id}
    )
    assert response.status_code == 302
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.name == "Voorjaar"))
    assert cohort.trainer_id == people.trainer.id
    assert cohort.organisation_id == people.beheerder.organisation_id


@pytest.mark.parametrize("who", ["other_trainer", "learner"])
def test_a_beheerder_cannot_give_a_cohort_to_someone_who_may_not_lead_it(
    app, people, synced_content, who
):
    beheerder = client_of(app, people.beheerder)
    target = getattr(people, who)
    response = post_form(
        beheerder, "/competence/groepen/", {"name": "Voorjaar", "trainer": target.id}
    )
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(Cohort.id))) == 0
    with pytest.raises(service.CompetenceError, match="trainer van jouw organisatie"):
        cohorts.create_cohort(people.beheerder, "Voorjaar", target.id)


def test_a_trainer_makes_cohorts_only_for_themselves(people, synced_content):
    colleague_trainer = cohorts.leaders_of(people.trainer.organisation_id)
    assert people.trainer in colleague_trainer and people.learner not in colleague_trainer
    with pytest.raises(service.CompetenceError, match="Alleen een beheerder"):
        cohorts.create_cohort(people.trainer, "Voorjaar", people.beheerder.id)
    with pytest.raises(service.CompetenceError, match="naam"):
        cohorts.create_cohort(people.trainer, "   ")


def test_changing_the_trainer_asks_every_member_again(app, people, make_user, mail_server):
    cohort = enrol(people.trainer, people.learner, name="Najaar 2027")
    nina = make_user(email="nina@hvoquerido.nl", name="Nina de Boer", role="trainer")
    beheerder = client_of(app, people.beheerder)
    post_form(
        beheerder, f"/competence/groepen/{cohort.id}/trainer", {"trainer": nina.id},
        page=f"/competence/groepen/{cohort.id}",
    )  # fmt: skip
    member = _member(cohort.id, people.learner.id)
    assert db.session.get(Cohort, cohort.id).trainer_id == nina.id
    assert (member.status, member.accepted_at) == (INVITED, None)
    assert not cohorts.can_view_learner(nina, people.learner)
    assert not cohorts.can_view_learner(people.trainer, people.learner)
    old = client_of(app, people.trainer)
    assert old.get(f"/competence/groepen/{cohort.id}").status_code == 404
    mail.wait_for_deliveries()
    [(recipients, message)] = mail_server.messages
    assert recipients == ["sanne@hvoquerido.nl"] and "Nina de Boer" in message.get_content()
    cohorts.accept(member)
    db.session.commit()
    assert cohorts.can_view_learner(nina, people.learner)


def test_the_trainer_cannot_be_changed_to_someone_outside_the_organisation(
    app, people, synced_content
):
    cohort = enrol(people.trainer, people.learner)
    beheerder = client_of(app, people.beheerder)
    page = f"/competence/groepen/{cohort.id}"
    url = f"{page}/trainer"
    for target in (people.other_trainer, people.learner):
        html = post_form(
            beheerder, url, {"trainer": target.id}, page=page, follow_redirects=True
        ).get_data(as_text=True)
        assert "Kies een trainer van jouw organisatie." in html
    assert db.session.get(Cohort, cohort.id).trainer_id == people.trainer.id
    assert _member(cohort.id, people.learner.id).status == ACCEPTED
    with pytest.raises(service.CompetenceError):
        cohorts.change_trainer(people.beheerder, cohort, people.other_trainer.id)


def test_only_a_beheerder_changes_the_trainer(app, people, synced_content):
    cohort = enrol(people.trainer, people.learner)
    trainer = client_of(app, people.trainer)
    url = f"/competence/groepen/{cohort.id}/trainer"
    page = f"/competence/groepen/{cohort.id}"
    assert post_form(trainer, url, {"trainer": people.beheerder.id}, page=page).status_code == 403
    assert db.session.get(Cohort, cohort.id).trainer_id == people.trainer.id


def test_a_beheerder_of_another_organisation_cannot_touch_the_cohort(
    app, people, make_user, synced_content
):
    cohort = enrol(people.trainer, people.learner)
    kees = client_of(app, make_user(email="kees@kenter.nl", role="beheerder"))
    page = f"/competence/groepen/{cohort.id}"
    assert kees.get(page).status_code == 404
    for url, data in (
        (page, {"email": people.colleague.email}),
        (f"{page}/trainer", {"trainer": people.trainer.id}),
        (f"{page}/verwijderen/{people.learner.id}", {}),
    ):
        assert post_form(kees, url, data, page="/competence/groepen/").status_code == 404, url
    assert _member(cohort.id, people.learner.id).status == ACCEPTED
    assert _member(cohort.id, people.colleague.id) is None


def test_a_beheerder_invites_and_removes_members(app, people, synced_content):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    db.session.commit()
    beheerder = client_of(app, people.beheerder)
    assert REPLY in _invite(beheerder, cohort, people.learner.email).get_data(as_text=True)
    assert _member(cohort.id, people.learner.id).status == INVITED
    url = f"/competence/groepen/{cohort.id}/verwijderen/{people.learner.id}"
    post_form(beheerder, url, {}, page=f"/competence/groepen/{cohort.id}")
    assert _member(cohort.id, people.learner.id) is None


# --- query counts ---------------------------------------------------------------------------


def test_my_cohorts_runs_constant_queries(app, people, make_user, synced_content):
    learner = client_of(app, people.learner)
    counts = []
    for size in (2, 12):
        while len(cohorts.memberships_of(people.learner)) < size:
            n = len(cohorts.memberships_of(people.learner))
            trainer = make_user(email=f"trainer{n}@hvoquerido.nl", role="trainer")
            join(cohorts.create_cohort(trainer, f"Cohort {n}"), people.learner)
            cohorts.invite(cohorts.create_cohort(trainer, f"Uitnodiging {n}"), people.learner.email)
            db.session.commit()
        for page in ("/competence/mijn-cohorten/", "/competence/", "/dashboard"):
            with count_queries() as statements:
                html = learner.get(page).get_data(as_text=True)
            assert html.count("nodigt je uit voor het cohort") == size
            counts.append((page, len(statements)))
    assert counts[:3] == counts[3:]


def test_the_beheerders_cohort_pages_run_constant_queries(app, people, make_user, synced_content):
    beheerder = client_of(app, people.beheerder)
    cohort = cohorts.create_cohort(people.trainer, "Groot")
    db.session.commit()
    counts = []
    for size in (2, 20):
        while len(cohort.members) < size:
            n = len(cohort.members)
            learner = make_user(email=f"deelnemer{n}@hvoquerido.nl")
            if n % 2:
                join(cohort, learner)
            else:
                cohorts.invite(cohort, learner.email)
            cohorts.create_cohort(people.trainer, f"Cohort {n}")
            db.session.commit()
        for page in ("/competence/groepen/", f"/competence/groepen/{cohort.id}"):
            with count_queries() as statements:
                assert beheerder.get(page).status_code == 200
            counts.append((page, len(statements)))
    assert counts[:2] == counts[2:]


def test_the_invitation_page_runs_few_queries(app, people, synced_content):
    cohort = cohorts.create_cohort(people.trainer, "Najaar 2027")
    member = cohorts.invite(cohort, people.learner.email)
    db.session.commit()
    learner = client_of(app, people.learner)
    with count_queries() as statements:
        assert learner.get(f"/competence/mijn-cohorten/uitnodiging/{member.id}").status_code == 200
    assert len(statements) <= 4  # the user, the invitation with cohort and trainer

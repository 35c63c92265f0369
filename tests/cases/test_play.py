from types import SimpleNamespace

import pytest
import sqlalchemy as sa
import yaml

from tests.cases.helpers import case_data
from tests.competence.helpers import enrol
from tests.conftest import count_queries, log_in, post_form
from training.cases import service
from training.cases.models import CaseAttempt
from training.competence.models import Evidence
from training.curriculum.service import get_category
from training.extensions import db


def attempt_of(client, case_slug="proefcasus") -> CaseAttempt:
    response = post_form(client, f"/cases/{case_slug}/start", {}, page=f"/cases/{case_slug}")
    db.session.expire_all()
    return db.session.get(CaseAttempt, int(response.headers["Location"].rsplit("/", 1)[-1]))


def step(client, attempt, **data):
    db.session.expire_all()
    attempt = db.session.get(CaseAttempt, attempt.id)
    url = f"/cases/proefcasus/spelen/{attempt.id}"
    return post_form(client, url, {"knoop": attempt.current_node, **data})


def play_to_end(client, attempt, choices=("0", "0", "0")):
    step(client, attempt)  # begin
    step(client, attempt, keuze=choices[0])
    step(client, attempt, keuze=choices[1])
    step(client, attempt, reflectie="Het lastigste is geduld houden.")
    step(client, attempt, keuze=choices[2])
    step(client, attempt)  # stand -> ending
    db.session.expire_all()
    return db.session.get(CaseAttempt, attempt.id)


def test_strong_choices_take_the_score_branch_to_the_good_ending(login_as, case):
    client, user = login_as("learner")
    attempt = play_to_end(client, attempt_of(client))
    assert (attempt.state, attempt.ending_node) == ("finished", "goed")
    debrief = client.get(f"/cases/proefcasus/debrief/{attempt.id}").get_data(as_text=True)
    assert "Koffie met zijn broer" in debrief
    assert "Eerst vertrouwen, dan samen de broer benaderen." in debrief
    assert "Het lastigste is geduld houden." in debrief


def test_weak_choices_lead_to_the_other_ending(login_as, case):
    client, _ = login_as("learner")
    attempt = play_to_end(client, attempt_of(client), choices=("1", "1", "1"))
    assert attempt.ending_node == "matig"


def test_finishing_records_evidence_per_category(login_as, case):
    client, user = login_as("learner")
    play_to_end(client, attempt_of(client), choices=("0", "1", "0"))
    rows = db.session.scalars(sa.select(Evidence).where(Evidence.user_id == user.id)).all()
    scores = {e.category_id: e.score for e in rows}

    assert scores[get_category("bewustwording").id] == 1.0
    assert scores[get_category("relatieherstel").id] == pytest.approx(0.25)
    assert {e.kind for e in rows} == {"case"}


def test_a_resumed_attempt_continues_where_it_stopped(login_as, case):
    client, _ = login_as("learner")
    attempt = attempt_of(client)
    step(client, attempt)
    step(client, attempt, keuze="0")
    again = attempt_of(client)
    assert again.id == attempt.id
    assert again.current_node == "k2"


def test_a_choice_not_offered_is_refused(login_as, case):
    client, _ = login_as("learner")
    attempt = attempt_of(client)
    step(client, attempt)
    response = step(client, attempt, keuze="7")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kies een van de keuzes die bij deze stap horen." in html
    db.session.expire_all()
    assert db.session.get(CaseAttempt, attempt.id).current_node == "k1"


def test_a_double_post_of_a_choice_is_harmless(login_as, case):
    client, _ = login_as("learner")
    attempt = attempt_of(client)
    step(client, attempt)
    url = f"/cases/proefcasus/spelen/{attempt.id}"
    first = post_form(client, url, {"knoop": "k1", "keuze": "0"})
    second = post_form(client, url, {"knoop": "k1", "keuze": "1"})
    assert first.status_code == second.status_code == 302
    db.session.expire_all()
    attempt = db.session.get(CaseAttempt, attempt.id)
    assert [s.choice_index for s in attempt.steps] == [None, 0]
    assert attempt.current_node == "k2"


def test_going_back_is_possible_only_when_the_case_allows_it(login_as, case):
    client, _ = login_as("learner")
    attempt = attempt_of(client)
    step(client, attempt)
    step(client, attempt, keuze="1")
    post_form(client, f"/cases/proefcasus/spelen/{attempt.id}", {"actie": "terug"})
    db.session.expire_all()
    assert db.session.get(CaseAttempt, attempt.id).current_node == "k1"


def test_running_attempts_keep_their_version(login_as, case, make_user):
    client, _ = login_as("learner")
    attempt = attempt_of(client)
    changed = case_data(title="Sem en zijn broer (herzien)")
    service.sync_case_files([("cases/proefcasus.yaml", changed)])
    db.session.commit()
    db.session.expire_all()
    attempt = db.session.get(CaseAttempt, attempt.id)
    assert attempt.version.number == 1
    assert service.get_case("proefcasus").published.number == 2


def test_another_learner_gets_404_on_an_attempt(app, case, make_user):
    owner = app.test_client()
    log_in(owner, make_user().email)
    attempt = attempt_of(owner)
    other = app.test_client()
    log_in(other, make_user().email)
    assert other.get(f"/cases/proefcasus/spelen/{attempt.id}").status_code == 404
    response = post_form(
        other, f"/cases/proefcasus/spelen/{attempt.id}", {"knoop": "begin"}, page="/cases/"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path", ["/cases/editor/", "/cases/editor/nieuw", "/cases/proefcasus/statistiek"]
)
def test_learners_cannot_reach_the_editor_or_statistics(learner_client, case, path):
    assert learner_client.get(path).status_code == 403


def test_trainer_sees_choice_counts_endings_and_reflections(app, case, make_user):
    learner = app.test_client()
    lies = make_user(name="Lies")
    log_in(learner, lies.email)
    play_to_end(learner, attempt_of(learner))
    other_trainer = app.test_client()
    log_in(other_trainer, make_user(role="trainer").email)
    other_html = other_trainer.get("/cases/proefcasus/statistiek").get_data(as_text=True)
    assert "Koffie met zijn broer: 1" in other_html  # counts are for every trainer
    assert "Het lastigste is geduld houden." not in other_html  # reflections only of own learners
    trainer_user = make_user(role="trainer")
    enrol(trainer_user, lies)
    trainer = app.test_client()
    log_in(trainer, trainer_user.email)
    html = trainer.get("/cases/proefcasus/statistiek").get_data(as_text=True)
    assert "1 pogingen, waarvan 1 afgerond" in html
    assert "Koffie met zijn broer: 1" in html
    assert "Het lastigste is geduld houden." in html


def test_the_player_runs_constant_queries_whatever_the_path_length(login_as, case):
    client, _ = login_as("learner")
    attempt = attempt_of(client)
    url = f"/cases/proefcasus/spelen/{attempt.id}"
    counts = []
    for data in ({}, {"keuze": "0"}, {"keuze": "0"}):
        with count_queries() as statements:
            client.get(url)
        counts.append(len(statements))
        step(client, attempt, **data)
    assert len(set(counts)) == 1


def test_yaml_export_gives_the_same_case_back(case):

    assert yaml.safe_load(service.to_yaml(case.published.data)) == case_data()


def test_the_player_shows_the_current_node_after_a_choice(login_as, case):
    client, _ = login_as("learner")
    attempt = attempt_of(client)
    step(client, attempt)
    step(client, attempt, keuze="0")
    html = client.get(f"/cases/proefcasus/spelen/{attempt.id}").get_data(as_text=True)
    assert "Sem twijfelt. Wat nu?" in html
    assert "Een bericht samen opstellen." in html
    assert "Sem voelt zich gehoord." in html  # the feedback on the choice just made


def test_choices_are_shuffled_per_attempt_but_stable_on_reload():

    node = {"id": "keuze", "choices": [{"text": str(n)} for n in range(4)]}
    orders = {tuple(service.choice_order(SimpleNamespace(id=n), node)) for n in range(1, 30)}
    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)
    assert len(orders) > 1  # not always the authored order
    first = SimpleNamespace(id=7)
    assert service.choice_order(first, node) == service.choice_order(first, node)

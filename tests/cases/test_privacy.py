"""A case reflection passes the privacy guard: trainers of the learner's cohorts read it."""

import sqlalchemy as sa

from tests.cases.test_play import attempt_of, step
from training.cases.models import CaseAttempt, CaseStep
from training.extensions import db
from training.privacyguard import guard

IDENTIFYING = "Mijn cliënt Jan de Vries, BSN 111222333, wil zijn broer terugzien."


def at_reflection(client) -> CaseAttempt:
    """A fresh attempt played up to the reflection question r1."""
    attempt = attempt_of(client)
    step(client, attempt)  # begin
    step(client, attempt, keuze="0")  # k1
    step(client, attempt, keuze="0")  # k2
    db.session.expire_all()
    attempt = db.session.get(CaseAttempt, attempt.id)
    assert attempt.current_node == "r1"
    return attempt


def reflections(attempt_id: int) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(CaseStep.reflection).where(
                CaseStep.attempt_id == attempt_id, CaseStep.reflection.is_not(None)
            )
        )
    )


def current_node(attempt_id: int) -> str:
    db.session.expire_all()
    return db.session.get(CaseAttempt, attempt_id).current_node


def test_a_reflection_with_a_name_is_not_stored_without_a_choice(login_as, case):
    client, _ = login_as("learner")
    attempt = at_reflection(client)
    response = step(client, attempt, reflectie=IDENTIFYING)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mogelijk herleidbare gegevens gevonden" in html
    # the answer stands in the form again, so nothing is lost while nothing is stored
    assert "Jan de Vries, BSN 111222333, wil zijn broer terugzien.</textarea>" in html
    assert reflections(attempt.id) == []
    assert current_node(attempt.id) == "r1"


def test_pseudonymising_stores_the_reflection_with_placeholders(login_as, case):
    client, _ = login_as("learner")
    attempt = at_reflection(client)
    response = step(client, attempt, reflectie=IDENTIFYING, privacy_keuze=guard.PSEUDONYMISE)
    assert response.status_code == 302
    [text] = reflections(attempt.id)
    assert "Jan de Vries" not in text and "111222333" not in text
    assert "[PERSOON-1]" in text
    assert current_node(attempt.id) == "k3"


def test_keeping_the_text_stores_it_as_written(login_as, case):
    client, _ = login_as("learner")
    attempt = at_reflection(client)
    response = step(client, attempt, reflectie=IDENTIFYING, privacy_keuze=guard.KEEP)
    assert response.status_code == 302
    assert reflections(attempt.id) == [IDENTIFYING]


def test_a_reflection_without_findings_is_stored_at_once(login_as, case):
    client, _ = login_as("learner")
    attempt = at_reflection(client)
    assert step(client, attempt, reflectie="Geduld houden vind ik lastig.").status_code == 302
    assert reflections(attempt.id) == ["Geduld houden vind ik lastig."]


def test_without_the_guard_a_reflection_is_not_stored(app, login_as, case, monkeypatch):
    from training.privacyguard.process import free_port

    client, _ = login_as("learner")
    attempt = at_reflection(client)
    monkeypatch.setitem(app.config, "PRIVACY_GUARD_URL", f"http://127.0.0.1:{free_port()}")
    response = step(client, attempt, reflectie=IDENTIFYING)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "De privacycontrole is op dit moment niet bereikbaar" in html
    assert "wil zijn broer terugzien.</textarea>" in html  # kept in the author's form
    assert reflections(attempt.id) == []  # nothing unchecked reaches a trainer
    assert current_node(attempt.id) == "r1"


def test_a_choice_step_never_asks_the_guard(login_as, case, monkeypatch):
    def no_guard(*args, **kwargs):
        raise AssertionError("the guard was asked")

    client, _ = login_as("learner")
    attempt = attempt_of(client)
    step(client, attempt)  # begin
    monkeypatch.setattr(guard, "guard", no_guard)
    assert step(client, attempt, keuze="0").status_code == 302
    assert current_node(attempt.id) == "k2"

"""Essay answers pass the privacy guard before they are stored: a trainer reads them when grading."""

import re

import pytest

from tests.conftest import post_form
from tests.quizzes.test_attempts import CATEGORY, category
from training.extensions import db
from training.privacyguard import guard
from training.quizzes import bank, service
from training.quizzes.models import QuizAttempt

IDENTIFYING = "Mijn cliënt Jan de Vries, BSN 111222333, wil zijn zus weer zien."


@pytest.fixture(autouse=True)
def _guard(guard_ready):
    return guard_ready


@pytest.fixture
def essay_attempt(login_as, synced_content):
    """A learner's open attempt with an essay question and a single-choice question."""
    client, user = login_as("learner")
    questions = bank.bank_questions(category())
    essay = next(q for q in questions if q.qtype == "essay")
    single = next(q for q in questions if q.qtype == "single")
    attempt = service._start(user, "practice", [essay.id, single.id], categories=[CATEGORY])
    db.session.commit()
    return client, attempt.id, essay, single


def stored(attempt_id: int) -> QuizAttempt:
    db.session.expire_all()
    return db.session.get(QuizAttempt, attempt_id)


def essay_given(attempt_id: int, essay) -> dict | None:
    return next(r for r in stored(attempt_id).responses if r.question_id == essay.id).given


def test_an_essay_with_a_name_is_not_submitted_without_a_choice(essay_attempt):
    client, attempt_id, essay, single = essay_attempt
    url = f"/quizzes/pogingen/{attempt_id}"
    answer = str(single.answers[0].id)
    data = {f"q{essay.id}": IDENTIFYING, f"q{single.id}": answer, "actie": "inleveren"}
    response = post_form(client, url, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mogelijk herleidbare gegevens gevonden" in html
    assert '<input type="hidden" name="privacy_actie" value="inleveren">' in html
    # the page shows what was typed, so nothing is lost while nothing is stored
    assert "Jan de Vries" in html.split('id="toets-formulier"')[1]
    assert re.search(rf'id="q{single.id}-{answer}" value="{answer}"\s*checked', html)
    attempt = stored(attempt_id)
    assert attempt.state == "open"
    assert all(r.given is None for r in attempt.responses)


def test_saving_an_essay_with_a_name_stores_nothing_without_a_choice(essay_attempt):
    client, attempt_id, essay, _single = essay_attempt
    url = f"/quizzes/pogingen/{attempt_id}"
    html = post_form(client, url, {f"q{essay.id}": IDENTIFYING, "actie": "opslaan"}).get_data(
        as_text=True
    )
    assert "Mogelijk herleidbare gegevens gevonden" in html
    assert essay_given(attempt_id, essay) is None


def test_pseudonymising_submits_the_essay_with_placeholders(essay_attempt):
    client, attempt_id, essay, _single = essay_attempt
    url = f"/quizzes/pogingen/{attempt_id}"
    # what the review box's button sends: privacy_keuze, and the page's action resent
    data = {
        f"q{essay.id}": IDENTIFYING,
        "privacy_keuze": guard.PSEUDONYMISE,
        "privacy_actie": "inleveren",
    }
    response = post_form(client, url, data)
    assert response.headers["Location"].endswith("/terugblik")
    text = essay_given(attempt_id, essay)["text"]
    assert "Jan de Vries" not in text and "111222333" not in text
    assert "[PERSOON-1]" in text
    assert stored(attempt_id).state == "submitted"


def test_pseudonymising_on_save_stores_the_placeholders_in_the_open_attempt(essay_attempt):
    client, attempt_id, essay, _single = essay_attempt
    url = f"/quizzes/pogingen/{attempt_id}"
    data = {
        f"q{essay.id}": IDENTIFYING,
        "privacy_keuze": guard.PSEUDONYMISE,
        "privacy_actie": "opslaan",
    }
    assert post_form(client, url, data).status_code == 302
    text = essay_given(attempt_id, essay)["text"]
    assert "Jan de Vries" not in text and "[PERSOON-1]" in text
    assert stored(attempt_id).state == "open"


def test_keeping_the_text_submits_it_as_written(essay_attempt):
    client, attempt_id, essay, _single = essay_attempt
    url = f"/quizzes/pogingen/{attempt_id}"
    data = {f"q{essay.id}": IDENTIFYING, "privacy_keuze": guard.KEEP, "privacy_actie": "inleveren"}
    response = post_form(client, url, data)
    assert response.headers["Location"].endswith("/terugblik")
    assert essay_given(attempt_id, essay) == {"text": IDENTIFYING}
    assert stored(attempt_id).state == "submitted"


def test_an_essay_without_findings_is_submitted_at_once(essay_attempt):
    client, attempt_id, essay, _single = essay_attempt
    url = f"/quizzes/pogingen/{attempt_id}"
    text = "Ik zou eerst met de cliënt bespreken wat hij zelf wil."
    response = post_form(client, url, {f"q{essay.id}": text, "actie": "inleveren"})
    assert response.headers["Location"].endswith("/terugblik")
    assert essay_given(attempt_id, essay) == {"text": text}


def test_without_the_guard_an_essay_is_kept_in_the_open_attempt(app, essay_attempt, monkeypatch):
    from training.privacyguard.process import free_port

    client, attempt_id, essay, _single = essay_attempt
    monkeypatch.setitem(app.config, "PRIVACY_GUARD_URL", f"http://127.0.0.1:{free_port()}")
    url = f"/quizzes/pogingen/{attempt_id}"
    response = post_form(client, url, {f"q{essay.id}": IDENTIFYING, "actie": "inleveren"})
    assert response.headers["Location"].endswith(url)
    attempt = stored(attempt_id)
    assert attempt.state == "open"  # not submitted: no trainer reads it
    assert essay_given(attempt_id, essay) == {"text": IDENTIFYING}  # kept for its author
    page = client.get(url).get_data(as_text=True)
    assert "De privacycontrole is op dit moment niet bereikbaar" in page
    assert "nog niet ingeleverd" in page


def test_an_attempt_without_essay_text_never_asks_the_guard(essay_attempt, monkeypatch):
    def no_guard(*args, **kwargs):
        raise AssertionError("the guard was asked")

    monkeypatch.setattr(guard, "guard", no_guard)
    client, attempt_id, _essay, single = essay_attempt
    url = f"/quizzes/pogingen/{attempt_id}"
    data = {f"q{single.id}": str(single.answers[0].id), "actie": "inleveren"}
    assert post_form(client, url, data).headers["Location"].endswith("/terugblik")
    assert stored(attempt_id).state == "submitted"

import pytest
import sqlalchemy as sa
from markupsafe import escape

from tests.competence.helpers import enrol
from tests.conftest import count_queries, log_in, post_form
from training.curriculum import service as curriculum
from training.extensions import db
from training.journal import service
from training.journal.models import JournalEntry

ALACT = {
    "title": "Gesprek met de zus van R.",
    "handelen": "Ik nodigde de zus uit voor een gesprek zonder de cliënt erbij.",
    "terugblikken": "Ik wilde horen hoe zwaar het voor haar was.",
    "bewustwording": "",
    "alternatieven": "",
    "uitproberen": "Volgende week bel ik haar terug.",
    "category": "relatieherstel",
}


def entries() -> list[JournalEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(JournalEntry)))


@pytest.fixture
def entry_of(make_user, synced_content):
    def make(user=None, shared=False, category="relatieherstel"):
        user = user or make_user()
        entry = service.create_entry(
            user,
            title="Een moeilijk huisbezoek",
            framework="starr",
            answers={"situatie": "Een huisbezoek bij een cliënt die net een woning heeft."},
            category=curriculum.get_category(category),
            shared=shared,
        )
        db.session.commit()
        return entry

    return make


def test_a_learner_writes_an_alact_reflection(login_as, synced_content):
    client, user = login_as("learner")
    response = post_form(client, "/journal/nieuw?model=alact", ALACT)
    assert response.status_code == 302
    [entry] = entries()
    assert entry.user_id == user.id
    assert entry.framework == "alact"
    assert entry.answers["handelen"].startswith("Ik nodigde")
    assert entry.category.slug == "relatieherstel"
    assert not entry.shared_with_trainers
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1. Handelen" in html and "5. Uitproberen" in html
    assert "3. Bewustwording" not in html  # empty phases are not shown


def test_an_empty_reflection_is_refused(learner_client, synced_content):
    data = {**ALACT, "handelen": "", "terugblikken": "", "uitproberen": ""}
    response = post_form(learner_client, "/journal/nieuw?model=alact", data)
    assert "Schrijf bij minstens één vraag iets op." in response.get_data(as_text=True)
    assert entries() == []


def test_an_unknown_category_is_refused(learner_client, synced_content):
    response = post_form(learner_client, "/journal/nieuw", {**ALACT, "category": "geen"})
    assert response.status_code == 200
    assert entries() == []


def test_an_unknown_model_falls_back_to_alact_with_a_message(learner_client, synced_content):
    html = learner_client.get("/journal/nieuw?model=gibbs").get_data(as_text=True)
    assert "Onbekend reflectiemodel" in html
    assert "1. Handelen" in html


def test_a_reflection_question_opens_an_entry_linked_to_its_lesson(login_as, synced_content):
    client, _ = login_as("learner")
    lesson = curriculum.get_module("bewustwording").active_lessons[-1]
    url = f"/journal/nieuw?les={lesson.id}&vraag=2"
    html = client.get(url).get_data(as_text=True)
    assert str(escape(lesson.reflection_questions[1])) in html
    assert '<option selected value="bewustwording">' in html
    post_form(client, url, {**ALACT, "category": "bewustwording"})
    [entry] = entries()
    assert entry.lesson_id == lesson.id
    assert entry.prompt == lesson.reflection_questions[1]


def test_a_broken_lesson_link_still_opens_an_unlinked_entry(learner_client, synced_content):
    html = learner_client.get("/journal/nieuw?les=999999&vraag=1").get_data(as_text=True)
    assert "Die les bestaat niet (meer)" in html


def test_the_list_filters_by_category(login_as, entry_of):
    client, user = login_as("learner")
    entry_of(user, category="relatieherstel")
    other = entry_of(user, category="randvoorwaarden")
    other.title = "Over de gespreksruimte"
    db.session.commit()
    html = client.get("/journal/?categorie=randvoorwaarden").get_data(as_text=True)
    assert "Over de gespreksruimte" in html and "Een moeilijk huisbezoek" not in html
    html = client.get("/journal/?categorie=onzin").get_data(as_text=True)
    assert "Onbekende categorie" in html and "Een moeilijk huisbezoek" in html


def test_the_owner_edits_and_deletes_an_entry(login_as, entry_of, guard_ready):
    client, user = login_as("learner")
    entry = entry_of(user)
    page = f"/journal/{entry.id}/bewerken"
    response = post_form(
        client,
        page,
        {"title": "Nieuwe titel", "situatie": "Bijgewerkt.", "category": "", "shared": "y"},
    )
    assert response.status_code == 302
    [saved] = entries()
    assert (saved.title, saved.answers["situatie"], saved.category_id) == (
        "Nieuwe titel",
        "Bijgewerkt.",
        None,
    )
    assert saved.shared_with_trainers
    post_form(client, f"/journal/{entry.id}/verwijderen", {})
    assert entries() == []


@pytest.mark.parametrize("suffix", ["", "/bewerken", "/verwijderen"])
def test_another_learner_gets_404_on_an_entry(app, make_user, entry_of, suffix):
    entry = entry_of(shared=True)
    client = app.test_client()
    log_in(client, make_user().email)
    assert client.get(f"/journal/{entry.id}{suffix}").status_code == 404


def test_another_learner_cannot_delete_by_posting(app, make_user, entry_of):
    entry = entry_of()
    client = app.test_client()
    log_in(client, make_user().email)
    response = post_form(client, f"/journal/{entry.id}/verwijderen", {}, page="/journal/")
    assert response.status_code == 404
    assert len(entries()) == 1


def test_a_trainer_reads_shared_entries_only(app, make_user, entry_of):
    learner = make_user()
    shared, private = entry_of(learner, shared=True), entry_of(learner, shared=False)
    outside = entry_of(shared=True)  # shared, but not by a learner this trainer trains
    trainer_user = make_user(role="trainer")
    enrol(trainer_user, learner)
    trainer = app.test_client()
    log_in(trainer, trainer_user.email)
    assert trainer.get(f"/journal/{shared.id}").status_code == 200
    assert trainer.get(f"/journal/{outside.id}").status_code == 404
    assert trainer.get(f"/journal/{private.id}").status_code == 404
    assert trainer.get(f"/journal/{shared.id}/bewerken").status_code == 404
    listing = trainer.get("/journal/gedeeld").get_data(as_text=True)
    assert listing.count("Een moeilijk huisbezoek") == 1


def test_a_learner_cannot_open_the_trainers_list(learner_client, synced_content):
    assert learner_client.get("/journal/gedeeld").status_code == 403


def test_markdown_in_a_reflection_is_sanitised(login_as, synced_content):
    client, _ = login_as("learner")
    data = {**ALACT, "handelen": "**Vet** <script>alert('x')</script>"}
    response = post_form(client, "/journal/nieuw", data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "<strong>Vet</strong>" in html
    assert "<script>alert" not in html


def test_journal_list_runs_constant_queries(login_as, entry_of):
    client, user = login_as("learner")
    counts = []
    for total in (2, 20):
        while len(entries()) < total:
            entry_of(user)
        with count_queries() as statements:
            client.get("/journal/")
        counts.append(len(statements))
    assert counts[0] == counts[1]

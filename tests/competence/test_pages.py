"""Lists that grow on the competence pages, in pages: a person's evidence, a cohort's heatmap
and its list of members and invitations."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.competence.helpers import enrol
from tests.conftest import count_queries, log_in
from training.audit.models import AuditEntry
from training.clock import utcnow
from training.competence import cohorts, service
from training.competence.levels import level_for
from training.competence.models import (
    ACCEPTED,
    INVITED,
    CohortMember,
    CompetenceEstimate,
    Evidence,
)
from training.curriculum import service as curriculum
from training.extensions import db
from training.organisations import service as organisations


@pytest.fixture
def categories(synced_content):
    return curriculum.list_categories()


def client_of(app, user):
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    return client


def collect(user, categories, count: int) -> None:
    """`count` rows of evidence in one INSERT, alternating two categories, "bron 0" the oldest."""
    start = utcnow() - timedelta(days=count)
    db.session.execute(
        sa.insert(Evidence),
        [
            {"user_id": user.id, "category_id": categories[n % 2].id, "kind": "quiz",
             "score": 0.5, "source": f"bron {n}", "recorded_at": start + timedelta(hours=n)}
            for n in range(count)
        ],
    )  # fmt: skip
    db.session.commit()


def sources(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"<td>bron (\d+)</td>", html)]


# --- evidence -------------------------------------------------------------------------------


def test_ones_own_evidence_comes_in_pages_newest_first(login_as, categories):
    client, user = login_as("learner")
    collect(user, categories, 60)
    html = client.get("/competence/bewijs").get_data(as_text=True)
    assert sources(html) == list(range(59, 34, -1))
    assert 'href="/competence/bewijs?pagina=2" rel="next"' in html
    slug = categories[1].slug
    html = client.get(f"/competence/bewijs?categorie={slug}&pagina=2").get_data(as_text=True)
    assert sources(html) == list(range(9, 0, -2))  # the odd ones, past the first 25
    assert f'href="/competence/bewijs?pagina=1&amp;categorie={slug}" rel="prev"' in html
    html = client.get("/competence/bewijs?pagina=4").get_data(as_text=True)
    assert "Pagina 4 bestaat niet" in html and "Nog geen bewijs" not in html
    html = client.get("/competence/bewijs?categorie=schoenmaat").get_data(as_text=True)
    assert "Onbekende categorie" in html and len(sources(html)) == 25


def test_the_competence_page_links_to_the_rest_of_a_categorys_evidence(login_as, categories):
    client, user = login_as("learner")
    for n in range(7):
        service.record_evidence(user, categories[0], "quiz", 0.5, f"bron {n}")
    db.session.commit()
    html = client.get("/competence/").get_data(as_text=True)
    link = f'href="/competence/bewijs?categorie={categories[0].slug}"'
    assert link in html and "Al het bewijs in deze categorie (7)" in html
    assert f'href="/competence/bewijs?categorie={categories[1].slug}"' not in html


def test_a_trainer_reads_a_learners_evidence_list_only_with_consent_and_it_is_logged(
    app, make_user, categories
):
    trainer, learner, stranger = make_user(role="trainer"), make_user(), make_user()
    enrol(trainer, learner)
    collect(learner, categories, 30)
    client = client_of(app, trainer)
    html = client.get(f"/competence/deelnemer/{learner.id}/bewijs").get_data(as_text=True)
    assert sources(html) == list(range(29, 4, -1))
    assert client.get(f"/competence/deelnemer/{stranger.id}/bewijs").status_code == 404
    client.get(f"/competence/deelnemer/{learner.id}/bewijs?categorie={categories[0].slug}")
    refs = db.session.scalars(
        sa.select(AuditEntry.ref)
        .where(AuditEntry.subject_id == learner.id, AuditEntry.action == "competence.evidence")
        .order_by(AuditEntry.id)
    ).all()
    assert refs == ["lijst alle", f"lijst {categories[0].slug}"]
    learner_client = client_of(app, learner)
    assert learner_client.get(f"/competence/deelnemer/{learner.id}/bewijs").status_code == 403


def test_evidence_lists_run_the_same_queries_for_3_or_120_rows(app, make_user, categories):
    counts = []
    for total in (3, 120):
        trainer, learner = make_user(role="trainer"), make_user()
        enrol(trainer, learner)
        collect(learner, categories, total)
        row = []
        for viewer, path in (
            (learner, "/competence/bewijs"),
            (learner, f"/competence/bewijs?pagina=2&categorie={categories[0].slug}"),
            (trainer, f"/competence/deelnemer/{learner.id}/bewijs"),
        ):
            client = client_of(app, viewer)
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            row.append(len(statements))
        counts.append(row)
    assert counts[0] == counts[1], counts


# --- a cohort's heatmap and members ---------------------------------------------------------


@pytest.fixture
def staff(make_user, synced_content):
    organisations.create_organisation("HVO-Querido", ["hvoquerido.nl"])
    db.session.commit()
    return (
        make_user(email="karim@hvoquerido.nl", name="Karim Bouzid", role="trainer"),
        make_user(email="bea@hvoquerido.nl", name="Bea Bakker", role="beheerder"),
    )


def fill(cohort, make_user, category, count: int, invited: int = 0) -> list[int]:
    """`count` accepted members ("Lid 000" first by name) with a current score in `category`
    that rises with their number, and `invited` people who have not answered yet."""
    users = [
        make_user(email=f"lid{cohort.id}-{n}@hvoquerido.nl", name=f"Lid {n:03d}")
        for n in range(count + invited)
    ]
    now = utcnow()
    db.session.execute(
        sa.insert(CohortMember),
        [
            {"cohort_id": cohort.id, "user_id": u.id, "status": ACCEPTED if n < count else INVITED,
             "invited_at": now, "accepted_at": now if n < count else None}
            for n, u in enumerate(users)
        ],
    )  # fmt: skip
    db.session.execute(
        sa.insert(CompetenceEstimate),
        [
            {"user_id": u.id, "category_id": category.id, "day": now.date(),
             "score": n / (count + 1), "level": level_for(n / (count + 1)).number,
             "evidence_count": 1, "is_current": True}
            for n, u in enumerate(users[:count])
        ],
    )  # fmt: skip
    db.session.commit()
    return [u.id for u in users]


def heat_names(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/competence/deelnemer/\d+">(Lid \d+)</a>', html)


def test_the_heatmap_is_sorted_over_the_whole_cohort_then_paged(app, staff, make_user, categories):
    trainer, _beheerder = staff
    cohort = cohorts.create_cohort(trainer, "Groot")
    db.session.commit()
    fill(cohort, make_user, categories[0], 60)
    client = client_of(app, trainer)
    url = f"/competence/groepen/{cohort.id}?sorteer={categories[0].slug}&richting=af"
    html = client.get(url).get_data(as_text=True)
    assert heat_names(html) == [f"Lid {n:03d}" for n in range(59, 9, -1)]
    assert "Pagina 1 van 2" in html
    assert f"pagina=2&amp;sorteer={categories[0].slug}&amp;richting=af#heatmap" in html
    html = client.get(url + "&pagina=2").get_data(as_text=True)
    assert heat_names(html) == [f"Lid {n:03d}" for n in range(9, -1, -1)]
    html = client.get(url + "&pagina=7").get_data(as_text=True)
    assert "Pagina 2 van 2" in html  # past the end: the last page
    by_name = client.get(f"/competence/groepen/{cohort.id}").get_data(as_text=True)
    assert heat_names(by_name)[:2] == ["Lid 000", "Lid 001"]


def test_the_member_list_has_pages_of_its_own(app, staff, make_user, categories):
    trainer, beheerder = staff
    cohort = cohorts.create_cohort(trainer, "Groot")
    db.session.commit()
    fill(cohort, make_user, categories[0], 40, invited=20)
    client = client_of(app, beheerder)
    html = client.get(f"/competence/groepen/{cohort.id}").get_data(as_text=True)
    assert html.count(">uit cohort<span") == 50
    assert f'href="/competence/groepen/{cohort.id}?leden=2#leden-kop"' in html
    html = client.get(f"/competence/groepen/{cohort.id}?leden=2").get_data(as_text=True)
    assert html.count(">uit cohort<span") == 10
    assert html.count("uitgenodigd") >= 10  # the last ten by name are still invited


def test_cohort_pages_run_the_same_queries_for_3_or_120_members(app, staff, make_user, categories):
    trainer, beheerder = staff
    counts = []
    for size in (3, 120):
        cohort = cohorts.create_cohort(trainer, f"Cohort van {size}")
        db.session.commit()
        fill(cohort, make_user, categories[0], size, invited=2)
        row = []
        for viewer, query in (
            (trainer, ""),
            (trainer, f"?sorteer={categories[0].slug}&richting=af&pagina=2"),
            (trainer, "?sorteer=gemiddeld"),
            (beheerder, "?leden=2"),
        ):
            client = client_of(app, viewer)
            with count_queries() as statements:
                assert client.get(f"/competence/groepen/{cohort.id}{query}").status_code == 200
            row.append(len(statements))
        counts.append(row)
    assert counts[0] == counts[1], counts

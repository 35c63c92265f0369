"""Cohorts stop at the organisation: a trainer never reaches another organisation's learners."""

import pytest

from tests.conftest import export_via_job, log_in
from training.competence import cohorts, service
from training.competence.models import ACCEPTED, CohortMember
from training.curriculum import service as curriculum
from training.extensions import db
from training.organisations import service as organisations


@pytest.fixture
def two_organisations(make_user):
    organisations.create_organisation("HVO-Querido", ["hvoquerido.nl"])
    organisations.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    trainer = make_user(email="trainer@hvoquerido.nl", role="trainer")
    colleague = make_user(email="sanne@hvoquerido.nl")
    elsewhere = make_user(email="mehmet@kenter.nl")
    return trainer, colleague, elsewhere


def test_a_trainer_invites_a_learner_of_the_own_organisation(two_organisations):
    trainer, colleague, _elsewhere = two_organisations
    cohort = cohorts.create_cohort(trainer, "Najaar")
    assert cohorts.invite(cohort, "Sanne@HVOquerido.nl").user == colleague
    assert cohort.organisation_id == trainer.organisation_id


@pytest.mark.parametrize("email", ["mehmet@kenter.nl", "niemand@kenter.nl"])
def test_another_organisations_learner_gets_no_invitation(two_organisations, email):
    trainer = two_organisations[0]
    cohort = cohorts.create_cohort(trainer, "Najaar")
    assert cohorts.invite(cohort, email) is None
    assert cohort.members == []


def test_a_membership_across_organisations_gives_the_trainer_nothing(
    client, two_organisations, synced_content
):
    """Even an accepted cohort row that crosses the boundary (made outside the rules) opens nothing."""
    trainer, _colleague, elsewhere = two_organisations
    cohort = cohorts.create_cohort(trainer, "Najaar")
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=elsewhere.id, status=ACCEPTED))
    db.session.commit()

    assert not cohorts.can_view_learner(trainer, elsewhere)
    assert cohorts.learner_for_viewer(trainer, elsewhere.id) is None
    assert elsewhere.id not in cohorts.learner_ids_for(trainer)
    assert cohorts.visible_members(cohort) == []
    category = curriculum.get_category("bewustwording")
    assert not service.may_assess(trainer, elsewhere)
    log_in(client, trainer.email)
    for path in (
        f"/competence/deelnemer/{elsewhere.id}",
        f"/competence/deelnemer/{elsewhere.id}/bewijs.csv",
        f"/competence/deelnemer/{elsewhere.id}/beoordelen/{category.slug}",
    ):
        assert client.get(path).status_code == 404, path
    assert "mehmet@kenter.nl" not in export_via_job(
        client,
        f"/competence/groepen/{cohort.id}/schattingen.csv",
        f"/competence/groepen/{cohort.id}",
    ).get_data(as_text=True)

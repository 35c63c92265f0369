"""Deleting an account leaves nothing of the person in any table; other people's work stays."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.mydata.conftest import (
    OTHER_EMAIL,
    OTHER_NAME,
    OTHER_POST,
    SUBJECT_EMAIL,
    SUBJECT_NAME,
    SUBJECT_POST,
    TRAINER_EMAIL,
    TRAINER_NAME,
    traces_of,
)
from training.accounts import service as accounts
from training.accounts.models import User
from training.competence import cohorts
from training.competence import service as competence
from training.competence.models import Cohort, Evidence, TrainerAssessment
from training.curriculum import service as curriculum
from training.demo import service as demo
from training.demo.service import DEMO_ACCOUNTS
from training.extensions import db
from training.intervision.models import IntervisionGroup, Membership, Post, Thread
from training.mydata import deletion
from training.mydata.deletion import DataRightsError, delete_account, keeps_text
from training.organisations import service as organisations


def _delete(user, actor=None):
    delete_account(user, actor if actor is not None else user)
    db.session.commit()


def test_world_holds_the_person_everywhere_before_deletion(world):
    """The check below can fail: before deletion it finds the person in many tables."""
    found = traces_of(world.subject.id, SUBJECT_EMAIL, SUBJECT_NAME)
    tables = {line.split(".")[0] for line in found}
    assert {
        "users",
        "journal_entries",
        "quiz_attempts",
        "case_attempts",
        "evidence",
        "competence_estimates",
        "competence_self_assessments",
        "competence_trainer_assessments",
        "cohort_members",
        "intervision_memberships",
        "intervision_posts",
        "intervision_threads",
        "intervision_invitations",
        "intervision_notifications",
        "intervision_helpful_marks",
        "lesson_progress",
        "audit_entries",
        "intervision_digest_settings",
        "network_maps",
        "intervision_shared_maps",
    } <= tables


def test_deleting_a_learner_leaves_no_trace_in_any_table(world):
    subject_id = world.subject.id
    _delete(world.subject)
    assert traces_of(subject_id, SUBJECT_EMAIL, SUBJECT_NAME) == []


def test_deleting_a_trainer_leaves_no_trace_and_keeps_the_learners_assessments(world):
    trainer_id = world.trainer.id
    _delete(world.trainer)
    assert traces_of(trainer_id, TRAINER_EMAIL, TRAINER_NAME) == []
    kept = db.session.scalars(sa.select(TrainerAssessment)).all()
    assert len(kept) == 2 and all(a.trainer_id is None for a in kept)
    sources = db.session.scalars(sa.select(Evidence.source).where(Evidence.kind == "trainer"))
    assert set(sources) == {"beoordeling door een oud-trainer"}
    assert db.session.scalar(sa.select(Cohort.trainer_id)) is None


def test_other_people_keep_their_rows(world):
    other_id = world.other.id
    _delete(world.subject)
    other = db.session.get(User, other_id)
    assert other is not None
    assert (
        db.session.scalar(sa.select(sa.func.count(Evidence.id)).where(Evidence.user_id == other_id))
        > 0
    )
    bodies = db.session.scalars(sa.select(Post.body).where(Post.author_id == other_id)).all()
    assert OTHER_POST in bodies
    # The other member's thank-you named the person: the name is replaced, the rest stays.
    assert f"Dank je een oud-lid, goede vraag. {OTHER_POST}" in bodies
    # Their evidence from the person's helpful mark stays, without the person's number.
    assert db.session.scalars(
        sa.select(Evidence.source).where(Evidence.user_id == other_id, Evidence.kind == "peer")
    ).all() == [f"intervisie-bericht {_post_id(OTHER_POST)} nuttig volgens een oud-lid"]


def _post_id(body_end: str) -> int:
    return db.session.scalar(
        sa.select(Post.id).where(Post.body.endswith(body_end), Post.reply_to_id.is_not(None))
    )


def test_posts_in_a_group_that_keeps_threads_forever_are_erased(world):
    assert world.group.retention_days is None
    _delete(world.subject)
    own = db.session.scalars(sa.select(Post).where(Post.author_id.is_(None))).all()
    assert own and all(p.body == "" and p.is_removed for p in own)
    thread = db.session.get(Thread, world.own_thread.id)
    assert thread.inbrenger_id is None
    assert thread.title == deletion.ERASED_TITLE
    assert "Quirijn" not in thread.situation + thread.question
    # replies keep their place: the reply still points at the (erased) post
    assert db.session.scalar(sa.select(sa.func.count()).where(Post.reply_to_id.is_not(None))) == 1


def test_posts_stay_as_an_oud_lid_in_a_group_with_a_retention_period(world):
    world.group.retention_days = 90
    db.session.commit()
    _delete(world.subject)
    bodies = db.session.scalars(sa.select(Post.body).where(Post.author_id.is_(None))).all()
    assert SUBJECT_POST in bodies
    thread = db.session.get(Thread, world.own_thread.id)
    assert thread.title == "Quirijn-casus over een broer" and thread.inbrenger_id is None


def test_the_text_rule_follows_the_retention_period():
    now = deletion.utcnow()
    open_thread = Thread(state="open")
    closed = Thread(state="closed", closed_at=now - timedelta(days=10))
    assert not keeps_text(None, open_thread, now)
    assert keeps_text(30, open_thread, now)
    assert keeps_text(30, closed, now)
    assert not keeps_text(7, closed, now)


def test_a_facilitator_role_passes_on_and_a_lonely_group_goes(world):
    alone = IntervisionGroup(name="Alleen ik", purpose="", rules="")
    alone.memberships.append(Membership(user_id=world.subject.id, role="facilitator"))
    db.session.add(alone)
    db.session.commit()
    alone_id = alone.id
    _delete(world.subject)
    assert db.session.get(IntervisionGroup, alone_id) is None
    roles = dict(
        db.session.execute(
            sa.select(Membership.user_id, Membership.role).where(
                Membership.group_id == world.group.id
            )
        ).all()
    )
    assert roles == {world.other.id: "facilitator", world.trainer.id: "member"}


def test_the_trainer_no_longer_sees_the_learner(world):
    subject_id = world.subject.id
    _delete(world.subject)
    cohort = db.session.get(Cohort, world.cohort.id)
    rows = competence.heatmap(cohort, curriculum.list_categories())
    assert [row.user.id for row in rows] == [world.other.id]
    assert subject_id not in cohorts.learner_ids_for(world.trainer)


def test_a_privacy_contact_address_of_the_person_is_cleared(world):
    organisations.update_settings(world.organisation, privacy_contact=SUBJECT_EMAIL)
    db.session.commit()
    _delete(world.subject)
    assert organisations.setting(world.organisation, "privacy_contact") == ""


def test_the_deletion_is_logged_without_personal_data(world, caplog):
    with caplog.at_level(logging.WARNING, logger="training.mydata"):
        _delete(world.subject)
    [record] = [r for r in caplog.records if "account.delete" in r.getMessage()]
    message = record.getMessage()
    assert "de persoon zelf" in message
    assert SUBJECT_EMAIL not in message and SUBJECT_NAME not in message


def test_the_last_platform_admin_cannot_be_deleted(make_user):
    admin = make_user(role="admin")
    with pytest.raises(DataRightsError):
        delete_account(admin, admin)
    second = make_user(role="admin")
    delete_account(admin, admin)
    db.session.commit()
    assert db.session.get(User, second.id) is not None


def test_a_beheerder_of_another_organisation_cannot_delete(world, make_user):
    elsewhere = organisations.create_organisation("Elders", ["elders.nl"])
    beheerder = make_user(role="beheerder", org=elsewhere, email="b@elders.nl")
    with pytest.raises(DataRightsError):
        delete_account(world.subject, beheerder)
    with pytest.raises(DataRightsError):
        delete_account(world.subject, world.other)  # a learner deletes nobody else
    assert db.session.get(User, world.subject.id) is not None


def test_other_names_stay_untouched(world):
    """Deleting the person does not erase other people's names or texts."""
    _delete(world.subject)
    found = traces_of(world.other.id, OTHER_EMAIL, OTHER_NAME, OTHER_POST)
    assert any("intervision_posts.body" in line for line in found)
    assert any("users.email" in line for line in found)


@pytest.mark.parametrize(
    ("email", "name"),
    [(email, name) for email, name, role, _org in DEMO_ACCOUNTS if role != "admin"],
)
def test_deleting_any_demo_account_leaves_no_trace(synced_content, email, name):
    demo.seed_demo_accounts()
    assert demo.seed_demo_activity() and demo.seed_demo_intervision()
    assert demo.seed_demo_competence()
    db.session.commit()
    user = accounts.find_user_by_email(email)
    user_id = user.id
    assert traces_of(user_id, email, name)
    _delete(user)
    assert traces_of(user_id, email, name) == []


def test_mentions_are_replaced_as_whole_words_only(make_user):
    jan = make_user(name="Jan", email="jan@example.nl")
    pattern = deletion._scrubber(jan)
    assert deletion._scrub(pattern, "Dank je Jan, tot januari. JAN@example.nl", "X") == (
        "Dank je X, tot januari. X"
    )

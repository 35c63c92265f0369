"""Jobs on a real RQ queue: waiting, running, following, retrying, failing, rights rechecked."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa
from rq.job import Job as RQJob
from rq.serializers import JSONSerializer

from tests.competence.helpers import enrol
from tests.conftest import csrf_token, log_in, post_form
from tests.jobs.conftest import work
from training.audit.models import AuditEntry
from training.clock import utcnow
from training.extensions import db
from training.jobs import queue as jobqueue
from training.jobs import service
from training.jobs.models import DONE, FAILED, QUEUED, RETRYING, RUNNING, Job
from training.jobs.registry import TASKS, Outcome, task
from training.organisations import service as organisations
from training.rules import RuleError

CALLS: dict[str, int] = {}


@task("tests.flaky", label="Een taak die eerst mislukt", retry=(0, 0))
def flaky(job, context) -> Outcome:
    CALLS["flaky"] = CALLS.get("flaky", 0) + 1
    if CALLS["flaky"] <= job.params.get("fail_times", 0):
        raise RuntimeError(f"storing bij poging {CALLS['flaky']}")
    return Outcome("gelukt", "uitslag.txt", "text/plain", b"klaar")


@task("tests.refusing", label="Een taak die weigert", retry=(0, 0))
def refusing(job, context) -> Outcome:
    CALLS["refusing"] = CALLS.get("refusing", 0) + 1
    raise RuleError("Dat mag je niet (meer).")


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()
    yield


def _job_id(response) -> int:
    assert response.status_code == 302, response.status_code
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def test_an_export_waits_on_the_queue_until_a_worker_has_made_it(app, client, make_user, queued):
    user = make_user(email="lotte@hvoquerido.nl")
    log_in(client, user.email)
    job_id = _job_id(post_form(client, "/account/gegevens/download", {}, page="/account/gegevens"))

    page = client.get(f"/taken/{job_id}").get_data(as_text=True)
    assert "In de wachtrij" in page and "<progress" in page and "Download" not in page
    assert client.get(f"/taken/{job_id}/status").get_json()["finished"] is False
    assert client.get(f"/taken/{job_id}/bestand").status_code == 404
    assert jobqueue.queue().count == 1

    work()

    assert client.get(f"/taken/{job_id}/status").get_json() == {
        "status": "done",
        "finished": True,
        "progress": 100,
        "text": "Klaar",
        "message": "Je gegevens staan klaar.",
    }
    page = client.get(f"/taken/{job_id}").get_data(as_text=True)
    assert "Download netwerkwijs-mijn-gegevens-" in page and "<progress" not in page
    download = client.get(f"/taken/{job_id}/bestand")
    assert download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    assert "lotte@hvoquerido.nl" in archive.read("profiel.json").decode()


def test_nobody_but_the_requester_sees_or_downloads_a_job(app, make_user, client):
    """Cross-tenant and within the organisation: the job's pages are the requester's alone."""
    owner = make_user(email="lotte@hvoquerido.nl")
    elsewhere = organisations.create_organisation("Kenter", ["kenter.nl"])
    others = [
        make_user(email="sanne@hvoquerido.nl"),
        make_user(email="trainer@hvoquerido.nl", role="trainer"),
        make_user(email="beheer@hvoquerido.nl", role="beheerder"),
        make_user(email="admin@hvoquerido.nl", role="admin"),
        make_user(org=elsewhere, email="mehmet@kenter.nl"),
    ]
    db.session.commit()
    log_in(client, owner.email)
    job_id = _job_id(post_form(client, "/account/gegevens/download", {}, page="/account/gegevens"))
    assert client.get(f"/taken/{job_id}/bestand").status_code == 200
    for other in others:
        other_client = app.test_client()
        log_in(other_client, other.email)
        for path in (f"/taken/{job_id}", f"/taken/{job_id}/status", f"/taken/{job_id}/bestand"):
            assert other_client.get(path).status_code == 404, (other.email, path)
    anonymous = app.test_client().get(f"/taken/{job_id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_a_cohort_export_checks_the_trainers_rights_again_when_it_runs(app, make_user, queued):
    trainer = make_user(email="karim@hvoquerido.nl", role="trainer")
    learner = make_user(email="lotte@hvoquerido.nl")
    cohort = enrol(trainer, learner, name="Najaar 2027")
    client = app.test_client()
    log_in(client, trainer.email)
    page = f"/competence/groepen/{cohort.id}"
    job_id = _job_id(post_form(client, f"{page}/schattingen.csv", {}, page=page))
    trainer.role = "learner"  # no longer a trainer by the time a worker takes the job
    db.session.commit()

    work()

    job = db.session.get(Job, job_id)
    assert job.status == FAILED and "geen trainer (meer)" in job.message
    assert service.output(job) is None
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0


def test_a_failing_job_is_retried_then_listed_for_the_admin_who_sends_it_again(
    app, make_user, queued
):
    job = service.submit("tests.flaky", params={"fail_times": 3})
    rq_job = RQJob.fetch(job.key, connection=jobqueue.connection(), serializer=JSONSerializer)
    assert rq_job.retries_left == 2

    work()  # the first try and both retries fail

    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert (job.status, job.attempts, CALLS["flaky"]) == (FAILED, 3, 3)
    assert "RuntimeError: storing bij poging 3" in job.error
    assert jobqueue.queue().failed_job_registry.count == 1

    admin = make_user(email="admin@hvoquerido.nl", role="admin")
    client = app.test_client()
    log_in(client, admin.email)
    listing = client.get("/beheer/taken?status=failed").get_data(as_text=True)
    assert "Een taak die eerst mislukt" in listing and "storing bij poging 3" in listing
    assert "Opnieuw proberen" in listing
    response = client.post(
        f"/beheer/taken/{job.id}/opnieuw",
        data={"csrf_token": csrf_token(client, "/beheer/taken?status=failed")},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == QUEUED

    work()  # the cause is gone: the fourth call succeeds

    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert (job.status, job.attempts, job.error) == (DONE, 4, "")
    assert service.output(job).filename == "uitslag.txt"


def test_a_learner_or_trainer_does_not_reach_the_admins_job_list(app, make_user):
    job = service.submit("tests.refusing")
    for role in ("learner", "trainer", "beheerder"):
        client = app.test_client()
        log_in(client, make_user(role=role).email)
        assert client.get("/beheer/taken").status_code == 403
        token = csrf_token(client, "/account/")
        assert (
            client.post(f"/beheer/taken/{job.id}/opnieuw", data={"csrf_token": token}).status_code
            == 403
        )


def test_real_tasks_wait_longer_before_each_retry(app, queued):
    """Backoff: a fault in a real task schedules its retry 15 s later, then 2 and 15 minutes."""
    TASKS["tests.slow_flaky"] = TASKS["tests.flaky"].__class__(
        kind="tests.slow_flaky", func=flaky, label=lambda: "x"
    )
    try:
        job = service.submit("tests.slow_flaky", params={"fail_times": 1})
        rq_job = RQJob.fetch(job.key, connection=jobqueue.connection(), serializer=JSONSerializer)
        assert rq_job.retry_intervals == [15, 120, 900]
        before = utcnow()
        work()
        registry = jobqueue.queue().scheduled_job_registry
        assert registry.get_job_ids() == [job.key]
        when = registry.get_scheduled_time(job.key)
        assert timedelta(seconds=13) < when - before < timedelta(seconds=20)
        db.session.expire_all()
        assert db.session.get(Job, job.id).status == RETRYING
    finally:
        del TASKS["tests.slow_flaky"]


def test_a_refusal_is_not_retried(app, queued):
    job = service.submit("tests.refusing")
    work()
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert (job.status, job.message, CALLS["refusing"]) == (FAILED, "Dat mag je niet (meer).", 1)


def test_a_job_delivered_twice_runs_once(app, queued):
    """Two copies of one job (a retry after a worker died, a double enqueue) do the work once."""
    job = service.submit("tests.flaky")
    jobqueue.enqueue(f"{job.key}-kopie", job.id, timeout=60, retry_intervals=())
    work()
    db.session.expire_all()
    assert (db.session.get(Job, job.id).status, CALLS["flaky"]) == (DONE, 1)


def test_a_job_left_running_by_a_dead_worker_is_taken_over_after_its_timeout(app):
    job = Job(key="job-verweesd", kind="tests.flaky", status=RUNNING, params={}, attempts=1)
    job.started_at = utcnow() - timedelta(seconds=TASKS["tests.flaky"].timeout + 61)
    db.session.add(job)
    db.session.commit()
    assert service.run_job(job.id) == DONE
    fresh = Job(key="job-bezig", kind="tests.flaky", status=RUNNING, params={}, attempts=1)
    fresh.started_at = utcnow()
    db.session.add(fresh)
    db.session.commit()
    assert service.run_job(fresh.id) == RUNNING  # still someone else's
    assert CALLS["flaky"] == 1


def test_a_job_redis_forgot_is_queued_again(app, queued):
    job = service.submit("tests.flaky")
    jobqueue.connection().flushdb()  # Redis restarted without its data
    assert service.requeue_lost(utcnow() + timedelta(minutes=10)) == 1
    work()
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == DONE


def test_a_copy_of_a_job_another_worker_runs_waits_and_then_ends_without_redoing_it(app, queued):
    job = Job(key="job-elders", kind="tests.flaky", status=RUNNING, params={}, attempts=1)
    job.started_at = utcnow()
    db.session.add(job)
    db.session.commit()
    jobqueue.enqueue("job-elders", job.id, timeout=60, retry_intervals=(1,))
    work()  # the copy finds the job running elsewhere: RQ schedules it again in a second
    assert CALLS.get("flaky") is None
    assert jobqueue.queue().scheduled_job_registry.get_job_ids() == ["job-elders"]
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == RUNNING
    db.session.get(Job, job.id).status = DONE  # the other worker finishes
    db.session.commit()
    time.sleep(1.2)
    work(due_retries=True)  # the retry of the copy ends at once
    assert CALLS.get("flaky") is None
    assert jobqueue.queue().failed_job_registry.count == 0

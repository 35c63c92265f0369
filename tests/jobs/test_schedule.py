"""Periodic jobs: the slot a cron expression names, and exactly one job per slot however many
schedulers run (two real `flask jobs scheduler` processes, one digest e-mail)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import sqlalchemy as sa

from tests.jobs.conftest import work
from training import ROOT
from training.extensions import db
from training.intervision import notifications
from training.jobs import schedule
from training.jobs.models import DONE, Job


def test_the_daily_slot_follows_amsterdam_time_in_winter_and_summer():
    winter_seven = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)  # 07:00 CET
    assert schedule.due_slot("0 7 * * *", datetime(2026, 11, 30, 6, 59, tzinfo=UTC)) == winter_seven
    assert schedule.due_slot("0 7 * * *", winter_seven) == winter_seven
    assert schedule.due_slot("0 7 * * *", datetime(2026, 11, 30, 5, 59, tzinfo=UTC)) == datetime(
        2026, 11, 29, 6, 0, tzinfo=UTC
    )
    assert schedule.due_slot("0 7 * * *", datetime(2026, 7, 1, 5, 30, tzinfo=UTC)) == datetime(
        2026,
        7,
        1,
        5,
        0,
        tzinfo=UTC,  # 07:00 CEST
    )
    assert schedule.due_slot("* * * * *", datetime(2026, 7, 1, 5, 30, 42, tzinfo=UTC)) == datetime(
        2026, 7, 1, 5, 30, tzinfo=UTC
    )


def test_every_periodic_task_is_known_with_its_schedule(app):
    assert {t.kind: t.cron for t in schedule.periodic_tasks()}.items() >= {
        "intervision.digests": "0 7 * * *",
        "intervision.purge": "15 3 * * *",
        "privacy.purge": "30 3 * * *",
        "jobs.cleanup": "45 3 * * *",
        "xapi.deliver": "* * * * *",
        "xapi.purge": "0 4 * * *",
    }.items()


def _scheduler(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "jobs", "scheduler", "--once"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_schedulers_queue_one_digest_and_it_is_sent_once(
    app,
    queued,
    mail_server,
    make_group,
    make_thread,
):
    group, (facilitator, member, other) = make_group()
    notifications.set_digest_frequency(other, "off")
    make_thread(group, member, title="Zus kan niet meer")
    db.session.commit()
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOBS_REDIS_URL": queued,
        "SECRET_KEY": "twee-planners-een-overzicht",
    }
    env.pop("REDIS_URL", None)
    first, second = _scheduler(env), _scheduler(env)  # two nodes, at the same moment
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    said = "".join(out for out, _ in outputs)
    assert said.count("ingepland: periodic-intervision_digests-") == 1, said

    work()
    assert schedule.tick() == []  # a third round in the same minute: nothing new
    work()

    digests = db.session.scalars(sa.select(Job).where(Job.kind == "intervision.digests")).all()
    assert [(job.status, job.message) for job in digests] == [
        (DONE, "1 e-mailoverzicht verstuurd.")
    ]
    assert [recipients for recipients, _ in mail_server.messages] == [[facilitator.email]]
    assert "Zus kan niet meer" in mail_server.messages[0][1].get_content()

import sqlalchemy as sa

from training.accounts.models import User
from training.competence import cohorts
from training.curriculum import service as curriculum
from training.extensions import db
from training.intervision.models import IntervisionGroup, Post, Thread
from training.journal import service as journal


def users() -> list[User]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(User)))


def test_users_create_takes_the_password_from_the_environment(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "Trainer@Example.nl", "--role", "trainer", "--name", "Noor"],
        env={"NETWERKWIJS_PASSWORD": "een veilig wachtwoord"},
    )
    assert result.exit_code == 0, result.output
    [user] = users()
    assert (user.email, user.role, user.name) == ("trainer@example.nl", "trainer", "Noor")


def test_users_create_asks_the_password_twice(app, monkeypatch):
    monkeypatch.delenv("NETWERKWIJS_PASSWORD", raising=False)
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "admin@example.nl", "--role", "admin"],
        input="een veilig wachtwoord\neen veilig wachtwoord\n",
    )
    assert result.exit_code == 0, result.output
    assert [u.role for u in users()] == ["admin"]


def test_users_create_refuses_a_weak_password_and_creates_nothing(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "a@example.nl"], env={"NETWERKWIJS_PASSWORD": "kort"}
    )
    assert result.exit_code == 1
    assert "minstens 10 tekens" in result.output
    assert users() == []


def test_users_create_refuses_an_unknown_role(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "a@example.nl", "--role", "baas"],
        env={"NETWERKWIJS_PASSWORD": "een veilig wachtwoord"},
    )
    assert result.exit_code == 2
    assert users() == []


def test_demo_seed_creates_one_account_per_role_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0
    assert first.output.count("wachtwoord: ") == 5
    second = runner.invoke(args=["demo", "seed"])
    assert second.output.count("wachtwoord: ") == 0
    assert sorted(u.role for u in users()) == [
        "admin",
        "beheerder",
        "learner",
        "learner",
        "trainer",
    ]


def test_demo_seed_gives_the_demo_learner_progress_and_a_shared_reflection(app, synced_content):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "seed"])
    runner.invoke(args=["demo", "seed"])
    db.session.expire_all()
    learner = next(u for u in users() if u.email == "leerling@netwerkwijs.test")
    assert len(curriculum.completed_lesson_ids(learner)) >= 3
    [entry] = journal.entries_of(learner)
    assert entry.shared_with_trainers and entry.lesson_id is not None


def test_demo_seed_starts_an_intervision_group_with_a_running_thread_once(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "seed"])
    runner.invoke(args=["demo", "seed"])
    [group] = db.session.scalars(sa.select(IntervisionGroup)).all()
    assert len(group.memberships) == 3
    [thread] = db.session.scalars(sa.select(Thread)).all()
    assert thread.method == "incidentmethode" and thread.phase == 3
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == thread.post_count == 6


def test_demo_seed_puts_two_organisations_in_one_intervision_group(app, synced_content):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "seed"])
    assert "HVO-Querido (demo), Kenter Jeugdhulp (demo)" in result.output
    by_email = {u.email: u for u in users()}
    learner, trainer, colleague = (
        by_email[f"{name}@netwerkwijs.test"] for name in ("leerling", "trainer", "collega")
    )
    assert learner.org is trainer.org
    assert learner.org.name == "HVO-Querido (demo)"
    assert colleague.org.name == "Kenter Jeugdhulp (demo)"
    assert cohorts.learner_ids_for(trainer) == {learner.id}
    [group] = db.session.scalars(sa.select(IntervisionGroup)).all()
    orgs = {membership.user.organisation_id for membership in group.memberships}
    assert orgs == {learner.organisation_id, colleague.organisation_id}

import pytest

from training.extensions import db
from training.intervision import access, groups, threads


@pytest.fixture
def make_group(make_user):
    """A group with a facilitator and members: make_group(members=2) -> (group, [users])."""

    def make(members: int = 2, **fields):
        facilitator = make_user()
        group = groups.create_group(
            facilitator,
            name=fields.get("name", "Intervisie Haarlem-Noord"),
            purpose="Casuïstiek rond netwerkberaden",
            rules="Wat hier gezegd wordt, blijft hier.",
        )
        users = [facilitator]
        for _ in range(members):
            user = make_user()
            groups.add_member(group, user, None)
            users.append(user)
        db.session.commit()
        return group, users

    return make


@pytest.fixture
def make_thread():
    def make(group, inbrenger, method="incidentmethode", **fields):
        thread = threads.start_thread(
            group,
            inbrenger,
            title=fields.get("title", "Een broer die niet terugbelt"),
            situation=fields.get("situation", "Een cliënt wil zijn broer weer zien."),
            question=fields.get("question", "Hoe kan ik het eerste contact voorbereiden?"),
            method=method,
        )
        db.session.commit()
        return thread

    return make


def membership(group, user):
    return access.membership_in(user, group.id)


@pytest.fixture(autouse=True)
def _guard_answers(guard_ready):
    """Every intervision test may post text: the guard service must answer first."""

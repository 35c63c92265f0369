"""Network maps shared into a thread: a copy as the map was when shared, the thread's starting point.

The copy belongs to the thread (members see it, outsiders get 404) and to the person who shared
it (deleting their account deletes it). Whether the notes go along is the sharer's choice; they
are left out unless asked for.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from training.accounts.models import User
from training.extensions import db
from training.intervision.errors import IntervisionError
from training.intervision.models import IntervisionGroup, Membership, SharedMap, Thread
from training.netmap import service as netmaps
from training.netmap.models import NetworkMap

MAX_PER_THREAD = 10


def threads_to_share_into(user: User) -> list[Thread]:
    """Open threads of the person's groups, newest first (one query)."""
    return list(
        db.session.scalars(
            sa.select(Thread)
            .join(Membership, Membership.group_id == Thread.group_id)
            .join(IntervisionGroup, IntervisionGroup.id == Thread.group_id)
            .where(Membership.user_id == user.id, Thread.state == "open")
            .order_by(Thread.created_at.desc(), Thread.id.desc())
        ).unique()
    )


def share(thread: Thread, user: User, network_map: NetworkMap, with_notes: bool) -> SharedMap:
    """Copy the map into the thread (the caller checked membership and ownership)."""
    if thread.is_closed:
        raise IntervisionError(_("Deze casus is afgesloten; deel de kaart in een open casus."))
    if not network_map.persons:
        raise IntervisionError(_("Een lege kaart kun je niet delen; zet eerst iemand op de kaart."))
    count = db.session.scalar(
        sa.select(sa.func.count(SharedMap.id)).where(SharedMap.thread_id == thread.id)
    )
    if count >= MAX_PER_THREAD:
        raise IntervisionError(
            _("In deze casus zijn al %(max)d kaarten gedeeld.", max=MAX_PER_THREAD)
        )
    persons = netmaps.persons_of(network_map)
    if not with_notes:
        persons = [{**person, "note": ""} for person in persons]
    shared = SharedMap(
        thread_id=thread.id, shared_by_id=user.id, label=network_map.label, persons=persons,
        with_notes=with_notes,
    )  # fmt: skip
    db.session.add(shared)
    db.session.flush()
    return shared


def shared_in(thread: Thread) -> list[SharedMap]:
    """The maps shared into a thread, oldest first: the first is the starting point (one query)."""
    return list(
        db.session.scalars(
            sa.select(SharedMap)
            .where(SharedMap.thread_id == thread.id)
            .order_by(SharedMap.shared_at, SharedMap.id)
        )
    )


def shared_for_member(user: User, shared_id: int) -> SharedMap | None:
    """A shared map when the person is a member of its thread's group; None otherwise."""
    return db.session.scalar(
        sa.select(SharedMap)
        .join(Thread, Thread.id == SharedMap.thread_id)
        .join(Membership, Membership.group_id == Thread.group_id)
        .where(SharedMap.id == shared_id, Membership.user_id == user.id)
    )

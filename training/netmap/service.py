"""Network maps in the database: a person's own maps, their persons, dated versions.

Every function that finds a map takes the person asking and returns only their own maps: a
map is never shown to anyone else (a copy shared into an intervision thread is the thread's).
Functions flush but never commit (views commit through `saving`).
"""

from __future__ import annotations

import secrets
from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _

from training.accounts.models import User
from training.clock import utcnow
from training.extensions import db
from training.netmap.errors import MapError
from training.netmap.models import KIND_CASE, KIND_CLIENT, MapPerson, MapVersion, NetworkMap
from training.netmap.vocabulary import MAX_PERSONS, RINGS, SECTORS

MAX_MAPS = 200
LOCAL = ZoneInfo("Europe/Amsterdam")
MAX_VERSIONS = 500


def maps_of(user: User) -> list[tuple[NetworkMap, int, date | None]]:
    """The person's client maps with their number of persons and latest version date (one query)."""
    persons = (
        sa.select(sa.func.count(MapPerson.id))
        .where(MapPerson.map_id == NetworkMap.id)
        .scalar_subquery()
    )
    latest = (
        sa.select(sa.func.max(MapVersion.conversation_on))
        .where(MapVersion.map_id == NetworkMap.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(NetworkMap, persons, latest)
        .where(NetworkMap.owner_id == user.id, NetworkMap.kind == KIND_CLIENT)
        .order_by(NetworkMap.updated_at.desc(), NetworkMap.id.desc())
    ).all()
    return [(row[0], row[1], row[2]) for row in rows]


def map_for_owner(user: User, map_id: int, kind: str = KIND_CLIENT) -> NetworkMap | None:
    """The map when it is this person's own (of this kind); None otherwise (the view says 404)."""
    return db.session.scalar(
        sa.select(NetworkMap).where(
            NetworkMap.id == map_id, NetworkMap.owner_id == user.id, NetworkMap.kind == kind
        )
    )


def create_map(user: User, label: str) -> NetworkMap:
    count = db.session.scalar(
        sa.select(sa.func.count(NetworkMap.id)).where(
            NetworkMap.owner_id == user.id, NetworkMap.kind == KIND_CLIENT
        )
    )
    if count >= MAX_MAPS:
        raise MapError(
            _("Je hebt al %(max)d netwerkkaarten; verwijder eerst een oude.", max=MAX_MAPS)
        )
    network_map = NetworkMap(owner_id=user.id, kind=KIND_CLIENT, label=label)
    db.session.add(network_map)
    db.session.flush()
    return network_map


def case_map(user: User, attempt_id: int, node_id: str, label: str) -> NetworkMap:
    """The learner's map at a case node, made the first time it is needed."""
    network_map = db.session.scalar(
        sa.select(NetworkMap).where(
            NetworkMap.case_attempt_id == attempt_id,
            NetworkMap.node_id == node_id,
            NetworkMap.owner_id == user.id,
        )  # fmt: skip
    )
    if network_map is None:
        network_map = NetworkMap(
            owner_id=user.id, kind=KIND_CASE, label=label[:60], case_attempt_id=attempt_id,
            node_id=node_id,
        )  # fmt: skip
        db.session.add(network_map)
        db.session.flush()
    return network_map


def case_maps(attempt_id: int) -> dict[str, NetworkMap]:
    """Every map of a case attempt by node id (one query, persons in a second)."""
    found = db.session.scalars(
        sa.select(NetworkMap).where(NetworkMap.case_attempt_id == attempt_id)
    ).all()
    return {m.node_id: m for m in found}


def persons_of(network_map: NetworkMap) -> list[dict]:
    return [p.as_dict() for p in network_map.persons]


def _touch(network_map: NetworkMap) -> None:
    network_map.updated_at = utcnow()


def _person(network_map: NetworkMap, key: str) -> MapPerson:
    found = find_person(network_map, key)
    if found is None:
        raise MapError(_("Deze persoon staat niet (meer) op de kaart."))
    return found


def find_person(network_map: NetworkMap, key: str) -> MapPerson | None:
    return next((p for p in network_map.persons if p.key == key), None)


def add_person(network_map: NetworkMap, person: dict) -> MapPerson:
    """`person` as `people.clean_person` made it (checked by the privacy guard)."""
    if len(network_map.persons) >= MAX_PERSONS:
        raise MapError(_("Een kaart heeft hoogstens %(max)d personen.", max=MAX_PERSONS))
    taken = {p.key for p in network_map.persons}
    key = secrets.token_hex(4)
    while key in taken:
        key = secrets.token_hex(4)
    added = MapPerson(key=key, **person)
    network_map.persons.append(added)
    _touch(network_map)
    db.session.flush()
    return added


def update_person(network_map: NetworkMap, key: str, person: dict) -> MapPerson:
    found = _person(network_map, key)
    for name, value in person.items():
        setattr(found, name, value)
    _touch(network_map)
    db.session.flush()
    return found


def remove_person(network_map: NetworkMap, key: str) -> None:
    network_map.persons.remove(_person(network_map, key))
    _touch(network_map)
    db.session.flush()


def place_person(network_map: NetworkMap, key: str, ring: str, sector: str) -> MapPerson:
    """A person moved on the drawing: another ring, another sector, or both."""
    if ring not in RINGS or sector not in SECTORS:
        raise MapError(_("Zet een persoon binnen een van de ringen en sectoren."))
    return update_person(network_map, key, {"ring": ring, "sector": sector})


def delete_map(network_map: NetworkMap) -> None:
    """The map, its persons and its versions (SQLite does not cascade by itself)."""
    db.session.execute(sa.delete(MapVersion).where(MapVersion.map_id == network_map.id))
    db.session.delete(network_map)
    db.session.flush()


# --- versions ------------------------------------------------------------------------------


def today() -> date:
    """Today in the Netherlands (a conversation's date)."""
    return utcnow().astimezone(LOCAL).date()


def versions(network_map: NetworkMap) -> list[MapVersion]:
    """Oldest first (the order of a timeline)."""
    return list(
        db.session.scalars(
            sa.select(MapVersion)
            .where(MapVersion.map_id == network_map.id)
            .order_by(MapVersion.conversation_on, MapVersion.saved_at, MapVersion.id)
        )
    )


def save_version(network_map: NetworkMap, on: date, note: str) -> MapVersion:
    if on > today():
        raise MapError(_("Een gesprek kan niet in de toekomst liggen; kies een datum tot vandaag."))
    if on.year < 2000:
        raise MapError(_("Kies een datum vanaf 2000."))
    if not network_map.persons:
        raise MapError(_("Zet eerst iemand op de kaart; een lege kaart bewaar je niet als versie."))
    count = db.session.scalar(
        sa.select(sa.func.count(MapVersion.id)).where(MapVersion.map_id == network_map.id)
    )
    if count >= MAX_VERSIONS:
        raise MapError(_("Deze kaart heeft het hoogste aantal versies bereikt."))
    version = MapVersion(
        map_id=network_map.id, conversation_on=on, note=note, persons=persons_of(network_map)
    )
    db.session.add(version)
    _touch(network_map)
    db.session.flush()
    return version


def version_of(all_versions: list[MapVersion], version_id: int | None) -> MapVersion | None:
    return next((v for v in all_versions if v.id == version_id), None)

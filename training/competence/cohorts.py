"""Cohorts with consent: who leads or manages a cohort, invitations, and whose data a viewer sees.

A trainer sees a learner's competence, evidence and shared reflections only when the learner
accepted an invitation to a cohort that trainer leads, inside their common organisation. No
role opens more: a platform admin or a beheerder sees learner data only through cohorts they
lead themselves. A beheerder manages every cohort of their organisation (name, trainer,
members and their status) without seeing the members' data.

Functions flush and never commit; e-mail goes out after the request commits (`send_invitations`).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, lazyload

from training import mail, paging
from training.accounts import service as accounts
from training.accounts.models import Role, User
from training.clock import utcnow
from training.competence.errors import CompetenceError
from training.competence.models import ACCEPTED, INVITED, Cohort, CohortMember
from training.extensions import db
from training.paging import Page

# The roles that may lead a cohort (and so be chosen as its trainer by a beheerder).
LEADER_ROLES = (Role.TRAINER.value, Role.BEHEERDER.value, Role.ADMIN.value)

# The one answer to an invitation, whatever the address: nobody learns who has an account.
INVITE_REPLY = _l(
    "Als er een account van jouw organisatie met dit e-mailadres is, krijgt die persoon een "
    "uitnodiging."
)

# What the trainer of a cohort sees of a member, as the invitation page shows it before the
# learner says yes. Keep it true: each line names a page or export that reads through
# `can_view_learner` / `consenting_learner_ids`.
SHARED_WITH_TRAINER = (
    _l("Je naam (in het overzicht van het cohort) en je e-mailadres (in de export ervan)."),
    _l(
        "Je niveau per interventiecategorie en hoe dat over de weken veranderde (grafiek en "
        "tabel), ook in het overzicht van het hele cohort."
    ),
    _l(
        "Je bewijs: per toetsvraag, casus, beoordeling en intervisie de datum, de score en waar "
        "het vandaan komt; ook als download (CSV en xAPI)."
    ),
    _l("Je eigen inschatting per categorie (het niveau, niet je toelichting)."),
    _l(
        "Beoordelingen door trainers, met hun toelichting. De trainer kan je ook zelf "
        "beoordelen; dat telt mee als bewijs."
    ),
    _l("De reflecties uit je journaal waarbij je 'Delen met trainers' hebt aangevinkt."),
    _l("Je antwoorden op de reflectievragen in casussen, met je naam erbij."),
    _l("Je antwoorden op open toetsvragen, om ze te beoordelen."),
)
NOT_SHARED_WITH_TRAINER = (
    _l("Je privé-reflecties (zonder 'Delen met trainers')."),
    _l("Je intervisiegroepen en wat daarin geschreven wordt."),
    _l(
        "Welke antwoorden je koos bij gesloten toetsvragen en welke keuzes je maakte in "
        "casussen: trainers zien die alleen opgeteld met die van iedereen, zonder namen."
    ),
    _l("Je toelichting bij je eigen inschatting."),
)


# --- who leads, who manages -----------------------------------------------------------------


def leads(viewer: User, cohort: Cohort) -> bool:
    """The viewer is the cohort's trainer, inside the cohort's organisation."""
    return (
        viewer.is_trainer
        and cohort.trainer_id == viewer.id
        and cohort.organisation_id == viewer.organisation_id
    )


def manages(viewer: User, cohort: Cohort) -> bool:
    """The viewer administers the cohort's organisation (beheerder; the admin of their own)."""
    return viewer.is_org_admin and cohort.organisation_id == viewer.organisation_id


def cohorts_for(viewer: User) -> list[Cohort]:
    """The cohorts a viewer leads; a beheerder gets every cohort of their organisation."""
    query = (
        sa.select(Cohort)
        .where(Cohort.organisation_id == viewer.organisation_id)
        .order_by(Cohort.name, Cohort.id)
    )
    if not viewer.is_org_admin:
        query = query.where(Cohort.trainer_id == viewer.id)
    return list(db.session.scalars(query).unique())


def cohort_for(viewer: User, cohort_id: int) -> Cohort | None:
    """The cohort when the viewer leads or manages it; None (404) otherwise."""
    # Its members are read a page at a time (or when a change needs them), not all at once.
    cohort = db.session.get(Cohort, cohort_id, options=[lazyload(Cohort.members)])
    if cohort is None or not (leads(viewer, cohort) or manages(viewer, cohort)):
        return None
    return cohort


def leaders_of(organisation_id: int) -> list[User]:
    """Who may lead a cohort of this organisation: its trainers, beheerders (and admin)."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.organisation_id == organisation_id, User.role.in_(LEADER_ROLES))
            .order_by(User.name, User.id)
        )
    )


def _leader(actor: User, trainer_id: int) -> User:
    trainer = accounts.get_user(trainer_id)
    if (
        trainer is None
        or trainer.organisation_id != actor.organisation_id
        or trainer.role not in LEADER_ROLES
    ):
        raise CompetenceError(_l("Kies een trainer van jouw organisatie."))
    return trainer


# --- whose data a viewer sees ---------------------------------------------------------------


def consenting_learner_ids(viewer: User) -> sa.Select:
    """Ids of the learners who accepted a cohort the viewer leads, all in the viewer's organisation.

    A subquery, so lists filter on it in the database (`.in_(consenting_learner_ids(viewer))`).
    """
    query = (
        sa.select(CohortMember.user_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .join(User, User.id == CohortMember.user_id)
        .where(
            CohortMember.status == ACCEPTED,
            Cohort.trainer_id == viewer.id,
            Cohort.organisation_id == viewer.organisation_id,
            User.organisation_id == viewer.organisation_id,
        )
    )
    return query if viewer.is_trainer else query.where(sa.false())


def can_view_learner(viewer: User, learner: User) -> bool:
    """Oneself; otherwise only a learner who accepted a cohort the viewer leads (no role bypass)."""
    if viewer.id == learner.id:
        return True
    if not viewer.is_trainer or viewer.organisation_id != learner.organisation_id:
        return False
    return bool(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(
                consenting_learner_ids(viewer).where(CohortMember.user_id == learner.id).subquery()
            )
        )
    )


def learner_for_viewer(viewer: User, user_id: int) -> User | None:
    """The learner whose data the viewer asks for; None when missing or not theirs to see."""
    learner = accounts.get_user(user_id)
    if learner is None or not can_view_learner(viewer, learner):
        return None
    return learner


def learner_ids_for(viewer: User) -> set[int]:
    """Whose shared reflections and answers a viewer may read: the consenting learners."""
    return set(db.session.scalars(consenting_learner_ids(viewer)))


def visible_members(cohort: Cohort) -> list[CohortMember]:
    """The members whose data the cohort's trainer sees: accepted, in the cohort's organisation."""
    return [
        m
        for m in cohort.members
        if m.status == ACCEPTED and m.user.organisation_id == cohort.organisation_id
    ]


def visible_members_query(cohort: Cohort) -> sa.Select:
    """`visible_members` as a select, each member with its user, for pages to order and page."""
    return (
        sa.select(CohortMember)
        .join(User, User.id == CohortMember.user_id)
        .where(
            CohortMember.cohort_id == cohort.id,
            CohortMember.status == ACCEPTED,
            User.organisation_id == cohort.organisation_id,
        )
        .options(contains_eager(CohortMember.user))
    )


# Rows per page of a cohort's heatmap and of its list of members and invitations.
MEMBERS_PER_PAGE = 50


def members_page(cohort: Cohort, number: int, per_page: int = MEMBERS_PER_PAGE) -> Page:
    """One page of everyone in the cohort or invited to it, by name (a count and the rows)."""
    query = (
        sa.select(CohortMember)
        .join(User, User.id == CohortMember.user_id)
        .where(CohortMember.cohort_id == cohort.id)
        .options(contains_eager(CohortMember.user))
        .order_by(sa.func.lower(User.name), CohortMember.id)
    )
    return paging.counted(db.session, query, number, per_page)


# --- making and changing cohorts ------------------------------------------------------------


def create_cohort(actor: User, name: str, trainer_id: int | None = None) -> Cohort:
    """A new cohort led by the actor, or by a trainer of the actor's organisation (beheerder)."""
    name = name.strip()
    if not name:
        raise CompetenceError(_l("Geef het cohort een naam."))
    trainer = actor
    if trainer_id is not None and trainer_id != actor.id:
        if not actor.is_org_admin:
            raise CompetenceError(_l("Alleen een beheerder maakt een cohort voor een ander."))
        trainer = _leader(actor, trainer_id)
    cohort = Cohort(name=name, trainer_id=trainer.id, organisation_id=actor.organisation_id)
    db.session.add(cohort)
    db.session.flush()
    return cohort


def change_trainer(actor: User, cohort: Cohort, trainer_id: int) -> list[CohortMember]:
    """A beheerder hands the cohort to another trainer of the organisation.

    The members said yes to the old trainer, not to this one: every member is invited again
    and the new trainer sees nobody until they accept. Returns the members to tell.
    """
    if not manages(actor, cohort):
        raise CompetenceError(_l("Alleen een beheerder van de organisatie kiest de trainer."))
    trainer = _leader(actor, trainer_id)
    if trainer.id == cohort.trainer_id:
        raise CompetenceError(_l("%(name)s is al de trainer van dit cohort.", name=trainer.name))
    cohort.trainer_id = trainer.id
    cohort.trainer = trainer
    now = utcnow()
    for member in list(cohort.members):
        if member.user_id == trainer.id:  # a trainer does not sit in their own cohort
            cohort.members.remove(member)
            continue
        member.status, member.invited_at, member.accepted_at = INVITED, now, None
    db.session.flush()
    return list(cohort.members)


def invite(cohort: Cohort, email: str) -> CohortMember | None:
    """Invite the account with this address when it belongs to the cohort's organisation.

    Returns the new invitation, or None when nobody is invited (no such account, another
    organisation, the trainer, already invited or a member). The page shows the same
    `INVITE_REPLY` in every case, so the form does not tell who has an account.
    """
    user = accounts.find_user_by_email(email)
    if (
        user is None
        or user.organisation_id != cohort.organisation_id
        or user.id == cohort.trainer_id
        or any(m.user_id == user.id for m in cohort.members)
    ):
        return None
    member = CohortMember(user_id=user.id, user=user, status=INVITED, invited_at=utcnow())
    cohort.members.append(member)
    db.session.flush()
    return member


def remove_member(cohort: Cohort, user_id: int) -> None:
    """The trainer or beheerder takes someone out (an invitation or a member alike)."""
    member = next((m for m in cohort.members if m.user_id == user_id), None)
    if member is None:
        raise CompetenceError(_l("Die persoon zit niet in dit cohort."))
    cohort.members.remove(member)
    db.session.flush()


# --- the learner's side ---------------------------------------------------------------------


def _own(user: User, status: str) -> sa.Select:
    """The user's member rows with this status, each with its cohort and trainer (one query)."""
    return (
        sa.select(CohortMember)
        .join(CohortMember.cohort)
        .where(
            CohortMember.user_id == user.id,
            CohortMember.status == status,
            Cohort.organisation_id == user.organisation_id,
        )
        .options(
            contains_eager(CohortMember.cohort).joinedload(Cohort.trainer),
            contains_eager(CohortMember.cohort).lazyload(Cohort.members),
            lazyload(CohortMember.user),
        )
    )


def invitations_for(user: User) -> list[CohortMember]:
    """Invitations waiting for this learner's answer, oldest first."""
    query = _own(user, INVITED).order_by(CohortMember.invited_at, CohortMember.id)
    return list(db.session.scalars(query).unique())


def memberships_of(user: User) -> list[CohortMember]:
    """The cohorts this learner accepted, by name."""
    query = _own(user, ACCEPTED).order_by(Cohort.name, CohortMember.id)
    return list(db.session.scalars(query).unique())


def invitation_for(user: User, member_id: int) -> CohortMember | None:
    """One of the learner's own open invitations; None (404) for anyone else's or a used one."""
    return db.session.scalars(_own(user, INVITED).where(CohortMember.id == member_id)).first()


def membership_for(user: User, cohort_id: int) -> CohortMember | None:
    """The learner's accepted membership of this cohort; None (404) when there is none."""
    return db.session.scalars(_own(user, ACCEPTED).where(Cohort.id == cohort_id)).first()


def accept(member: CohortMember) -> None:
    """The learner says yes: from now on the cohort's trainer sees what the page listed."""
    if member.status != INVITED:
        raise CompetenceError(_l("Deze uitnodiging is al beantwoord."))
    member.status, member.accepted_at = ACCEPTED, utcnow()
    db.session.flush()


def decline(member: CohortMember) -> None:
    """The learner says no; the invitation is gone, as if it had never been sent."""
    if member.status != INVITED:
        raise CompetenceError(_l("Deze uitnodiging is al beantwoord."))
    db.session.delete(member)
    db.session.flush()


def leave(member: CohortMember) -> None:
    """The learner leaves: the trainer sees nothing of them any more (from the next request on)."""
    db.session.delete(member)
    db.session.flush()


# --- e-mail ---------------------------------------------------------------------------------


def _invitation_mail(member: CohortMember, url: str) -> tuple[str, str, str]:
    user, cohort = member.user, member.cohort
    trainer = cohort.trainer.name if cohort.trainer else _("een trainer")
    with force_locale(user.locale or "nl"):
        subject = _("Uitnodiging voor het cohort %(name)s", name=cohort.name)
        body = "\n\n".join(
            [
                _("Beste %(name)s,", name=user.name),
                _(
                    "%(trainer)s nodigt je uit voor het cohort '%(cohort)s' op Netwerkwijs. "
                    "Als je de uitnodiging accepteert, volgt %(trainer)s je competentiegroei.",
                    trainer=trainer,
                    cohort=cohort.name,
                ),
                _(
                    "Op deze pagina zie je precies wat de trainer dan van je ziet, en kies je "
                    "of je de uitnodiging accepteert of weigert:"
                ),
                url,
                _("Je kunt een cohort later altijd weer verlaten, via 'Mijn cohorten'."),
            ]
        )
    return user.email, subject, body


def send_invitations(members: Iterable[CohortMember], url_for_member) -> int:
    """E-mail each invitee a link to their invitation; call after the commit. Returns how many.

    The mails go out after the response (`mail.send_later`): the inviter's page takes as long
    whether or not the address had an account, and a failing mail server is logged while the
    invitation stands and waits on the learner's dashboard.
    """
    sent = 0
    for member in members:
        to, subject, body = _invitation_mail(member, url_for_member(member))
        mail.send_later(mail.make_message(to, subject, body))
        sent += 1
    return sent

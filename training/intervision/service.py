"""Intervision rules: groups and membership, threads and phases, posts, notifications, digests.

Access checks (`group_for_member`, `thread_for_member`, ...) are kept apart from the actions; a
non-member gets None and the route answers 404, so not even a group's existence leaks.
Actions flush but leave the commit to the request (or the CLI command).
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from training.accounts.models import User
from training.clock import as_utc, utcnow
from training.competence.service import record_evidence, withdraw_evidence
from training.curriculum.models import Category
from training.extensions import db
from training.intervision import privacy
from training.intervision.methods import METHODS
from training.intervision.models import (
    FACILITATOR,
    MEMBER,
    DigestSetting,
    HelpfulMark,
    IntervisionGroup,
    Invitation,
    Membership,
    Notification,
    Post,
    Thread,
    ThreadRead,
)
from training.rules import RuleError

MAX_MEMBERS = 12
INVITATION_DAYS = 7
EDIT_WINDOW = timedelta(minutes=15)
CONFIDENCE_SCORES = {"1": 0.25, "2": 0.5, "3": 0.75, "4": 1.0}


class IntervisionError(RuleError):
    """A rule was broken; the message is for the user."""


# --- access -------------------------------------------------------------------------------


def membership_in(user: User, group_id: int) -> Membership | None:
    return db.session.scalar(
        sa.select(Membership).where(Membership.group_id == group_id, Membership.user_id == user.id)
    )


def group_for_member(user: User, group_id: int) -> tuple[IntervisionGroup, Membership] | None:
    membership = membership_in(user, group_id)
    return (membership.group, membership) if membership else None


def thread_for_member(user: User, thread_id: int) -> tuple[Thread, Membership] | None:
    row = db.session.execute(
        sa.select(Thread, Membership)
        .join(Membership, Membership.group_id == Thread.group_id)
        .where(Thread.id == thread_id, Membership.user_id == user.id)
    ).first()
    return (row[0], row[1]) if row else None


def post_for_member(user: User, post_id: int) -> tuple[Post, Membership] | None:
    row = db.session.execute(
        sa.select(Post, Membership)
        .join(Thread, Thread.id == Post.thread_id)
        .join(Membership, Membership.group_id == Thread.group_id)
        .where(Post.id == post_id, Membership.user_id == user.id)
    ).first()
    return (row[0], row[1]) if row else None


def method_of(thread: Thread):
    return METHODS[thread.method]


def current_phase(thread: Thread):
    return method_of(thread).phases[thread.phase]


def is_last_phase(thread: Thread) -> bool:
    return thread.phase >= len(method_of(thread).phases) - 1


def can_advance(membership: Membership, thread: Thread) -> bool:
    if thread.is_closed or is_last_phase(thread):
        return False
    if membership.is_facilitator:
        return True
    return method_of(thread).inbrenger_leads and thread.inbrenger_id == membership.user_id


def silenced(membership: Membership, thread: Thread) -> bool:
    """The inbrenger only listens in this phase."""
    return thread.inbrenger_id == membership.user_id and current_phase(thread).inbrenger_silent


def can_close(membership: Membership, thread: Thread) -> bool:
    if thread.is_closed or thread.inbrenger_id != membership.user_id:
        return False
    return method_of(thread).inbrenger_leads or is_last_phase(thread)


def can_edit(user: User, post: Post, thread: Thread, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        post.author_id == user.id
        and not post.is_removed
        and not thread.is_closed
        and now - as_utc(post.created_at) <= EDIT_WINDOW
    )


def can_remove(membership: Membership, post: Post) -> bool:
    return not post.is_removed and (
        post.author_id == membership.user_id or membership.is_facilitator
    )


# --- privacy guard ------------------------------------------------------------------------

KEEP = "bevestigen"
PSEUDONYMISE = "pseudonimiseren"


@dataclass
class GuardOutcome:
    texts: dict[str, str]
    findings: list[privacy.Finding] = field(default_factory=list)
    confirmed: dict | None = None

    @property
    def needs_decision(self) -> bool:
        return bool(self.findings)


def guard(texts: dict[str, str], decision: str | None) -> GuardOutcome:
    """Check texts before they are saved; nothing with findings is stored without a choice.

    decision: None (check), PSEUDONYMISE (deduce's placeholders) or KEEP (the author confirms;
    the kinds and number of findings are recorded with the text, not the findings themselves).
    """
    findings = privacy.find_identifiers(texts)
    if not findings:
        return GuardOutcome(texts)
    if decision == PSEUDONYMISE:
        return GuardOutcome({key: privacy.pseudonymise(value) for key, value in texts.items()})
    if decision == KEEP:
        record = {
            "tags": sorted({f.tag for f in findings}),
            "count": len(findings),
            "at": utcnow().isoformat(timespec="seconds"),
        }
        return GuardOutcome(texts, confirmed=record)
    return GuardOutcome(texts, findings=findings)


# --- groups -------------------------------------------------------------------------------


def create_group(user: User, *, name: str, purpose: str, rules: str) -> IntervisionGroup:
    group = IntervisionGroup(name=name.strip(), purpose=purpose.strip(), rules=rules.strip())
    group.memberships.append(Membership(user_id=user.id, role=FACILITATOR))
    db.session.add(group)
    db.session.flush()
    return group


def update_group(
    group: IntervisionGroup, *, name: str, purpose: str, rules: str, retention_days: int | None
) -> None:
    group.name, group.purpose, group.rules = name.strip(), purpose.strip(), rules.strip()
    group.retention_days = retention_days or None
    db.session.flush()


@dataclass
class GroupSummary:
    group: IntervisionGroup
    membership: Membership
    unread_threads: int
    open_threads: int


def _unread_condition():
    return sa.or_(
        ThreadRead.id.is_(None),
        ThreadRead.seen.is_(False),
        Thread.last_post_id > ThreadRead.last_read_post_id,
    )


def groups_of(user: User) -> list[GroupSummary]:
    """The user's groups with unread and open thread counts (two queries, any number of groups)."""
    memberships = list(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.user_id == user.id)
            .options(selectinload(Membership.group))
        )
    )
    if not memberships:
        return []
    counts = db.session.execute(
        sa.select(
            Thread.group_id,
            sa.func.count(Thread.id).filter(_unread_condition()),
            sa.func.count(Thread.id).filter(Thread.state == "open"),
        )
        .outerjoin(
            ThreadRead, sa.and_(ThreadRead.thread_id == Thread.id, ThreadRead.user_id == user.id)
        )
        .where(Thread.group_id.in_([m.group_id for m in memberships]))
        .group_by(Thread.group_id)
    ).all()
    by_group = {row[0]: (row[1], row[2]) for row in counts}
    summaries = [GroupSummary(m.group, m, *by_group.get(m.group_id, (0, 0))) for m in memberships]
    return sorted(summaries, key=lambda s: s.group.name.lower())


def _add_member(group: IntervisionGroup, user: User, actor: User | None) -> Membership:
    if any(m.user_id == user.id for m in group.memberships):
        raise IntervisionError(_l("%(name)s is al lid van deze groep.", name=user.name))
    if len(group.memberships) >= MAX_MEMBERS:
        raise IntervisionError(
            _l("Een intervisiegroep heeft hoogstens %(n)s leden.", n=MAX_MEMBERS)
        )
    membership = Membership(user_id=user.id, role=MEMBER)
    group.memberships.append(membership)
    db.session.flush()
    if actor is not None and actor.id != user.id:
        _notify([user.id], "member", group, None, actor)
    return membership


def add_member_by_email(group: IntervisionGroup, email: str, actor: User) -> Membership:
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise IntervisionError(
            _l(
                "Er is geen account met dit e-mailadres. Maak een uitnodigingslink en stuur die zelf."
            )
        )
    return _add_member(group, user, actor)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(group: IntervisionGroup, actor: User, days: int = INVITATION_DAYS) -> str:
    """A new join link's token (only its hash is stored; show it once)."""
    token = secrets.token_urlsafe(24)
    db.session.add(
        Invitation(
            group_id=group.id,
            token_hash=_hash(token),
            created_by_id=actor.id,
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    db.session.flush()
    return token


def open_invitations(group: IntervisionGroup) -> list[Invitation]:
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .where(
                Invitation.group_id == group.id,
                Invitation.revoked.is_(False),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.expires_at)
        )
    )


def revoke_invitation(group: IntervisionGroup, invitation_id: int) -> None:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.group_id != group.id:
        raise IntervisionError(_l("Die uitnodiging bestaat niet."))
    invitation.revoked = True
    db.session.flush()


def invitation_for_token(token: str, now: datetime | None = None) -> Invitation | None:
    invitation = db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == _hash(token))
    )
    if invitation is None or invitation.revoked:
        return None
    if as_utc(invitation.expires_at) <= (now or utcnow()):
        return None
    return invitation


def join_with_token(user: User, token: str) -> IntervisionGroup:
    invitation = invitation_for_token(token)
    if invitation is None:
        raise IntervisionError(_l("Deze uitnodiging is verlopen of ingetrokken."))
    _add_member(invitation.group, user, None)
    return invitation.group


def remove_member(group: IntervisionGroup, actor: Membership, user_id: int) -> None:
    if not actor.is_facilitator:
        raise IntervisionError(_l("Alleen de facilitator kan leden verwijderen."))
    target = next((m for m in group.memberships if m.user_id == user_id), None)
    if target is None:
        raise IntervisionError(_l("Die persoon is geen lid van deze groep."))
    if target.id == actor.id:
        raise IntervisionError(
            _l("Je kunt jezelf niet verwijderen; verlaat de groep of draag de rol over.")
        )
    group.memberships.remove(target)
    db.session.flush()


def hand_over(group: IntervisionGroup, actor: Membership, user_id: int) -> Membership:
    if not actor.is_facilitator:
        raise IntervisionError(_l("Alleen de facilitator kan de rol overdragen."))
    target = next((m for m in group.memberships if m.user_id == user_id), None)
    if target is None or target.id == actor.id:
        raise IntervisionError(_l("Kies een ander lid van de groep."))
    actor.role, target.role = MEMBER, FACILITATOR
    db.session.flush()
    return target


def leave_group(group: IntervisionGroup, membership: Membership) -> bool:
    """True when the group was deleted because its last member left."""
    if len(group.memberships) == 1:
        db.session.delete(group)
        db.session.flush()
        return True
    if membership.is_facilitator:
        raise IntervisionError(
            _l(
                "Draag eerst de rol van facilitator over aan een ander lid voordat je de groep verlaat."
            )
        )
    group.memberships.remove(membership)
    db.session.flush()
    return False


# --- threads ------------------------------------------------------------------------------


def _read_state(thread_id: int, user_id: int) -> ThreadRead:
    state = db.session.scalar(
        sa.select(ThreadRead).where(
            ThreadRead.thread_id == thread_id, ThreadRead.user_id == user_id
        )
    )
    if state is None:
        state = ThreadRead(thread_id=thread_id, user_id=user_id)
        db.session.add(state)
    return state


def start_thread(
    group: IntervisionGroup,
    user: User,
    *,
    title: str,
    situation: str,
    question: str,
    method: str,
    case_id: int | None = None,
    privacy_confirmed: dict | None = None,
) -> Thread:
    if method not in METHODS:
        raise IntervisionError(_l("Kies een van de methoden uit de lijst."))
    thread = Thread(
        group_id=group.id,
        inbrenger_id=user.id,
        title=title.strip(),
        situation=situation.strip(),
        question=question.strip(),
        method=method,
        case_id=case_id,
        privacy_confirmed=privacy_confirmed,
        last_post_at=utcnow(),
    )
    db.session.add(thread)
    db.session.flush()
    state = _read_state(thread.id, user.id)
    state.seen, state.following = True, True
    _notify(
        [m.user_id for m in group.memberships if m.user_id != user.id],
        "thread",
        group,
        thread,
        user,
    )
    db.session.flush()
    return thread


@dataclass
class ThreadRow:
    thread: Thread
    unread: bool
    following: bool


def threads_of(group: IntervisionGroup, user: User) -> list[ThreadRow]:
    rows = db.session.execute(
        sa.select(Thread, ThreadRead)
        .outerjoin(
            ThreadRead, sa.and_(ThreadRead.thread_id == Thread.id, ThreadRead.user_id == user.id)
        )
        .where(Thread.group_id == group.id)
        .order_by(Thread.state.desc(), Thread.last_post_at.desc(), Thread.id.desc())
    ).all()
    return [
        ThreadRow(
            thread,
            read is None or not read.seen or thread.last_post_id > read.last_read_post_id,
            bool(read and read.following),
        )
        for thread, read in rows
    ]


@dataclass
class ThreadPage:
    posts: list[Post]
    helpful: Counter
    marked_by_me: set[int]
    first_unread_id: int | None
    following: bool


def thread_page(thread: Thread, user: User) -> ThreadPage:
    """Everything the thread page shows, in a fixed number of queries, and mark it read."""
    posts = list(
        db.session.scalars(
            sa.select(Post)
            .where(Post.thread_id == thread.id)
            .options(selectinload(Post.reply_to))
            .order_by(Post.id)
        )
    )
    helpful = Counter(
        dict(
            db.session.execute(
                sa.select(HelpfulMark.post_id, sa.func.count())
                .join(Post, Post.id == HelpfulMark.post_id)
                .where(Post.thread_id == thread.id)
                .group_by(HelpfulMark.post_id)
            ).all()
        )
    )
    marked = set(
        db.session.scalars(
            sa.select(HelpfulMark.post_id)
            .join(Post, Post.id == HelpfulMark.post_id)
            .where(Post.thread_id == thread.id, HelpfulMark.user_id == user.id)
        )
    )
    state = _read_state(thread.id, user.id)
    before = state.last_read_post_id or 0
    first_unread = next((p.id for p in posts if p.id > before), None) if state.seen else None
    state.seen = True
    state.last_read_post_id = max(before, thread.last_post_id)
    db.session.execute(
        sa.update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.thread_id == thread.id,
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    db.session.flush()
    return ThreadPage(posts, helpful, marked, first_unread, state.following)


def set_following(thread: Thread, user: User, following: bool) -> None:
    state = _read_state(thread.id, user.id)
    state.following = following
    db.session.flush()


def add_post(
    thread: Thread,
    membership: Membership,
    *,
    body: str,
    categories: list[str] | None = None,
    reply_to_id: int | None = None,
    privacy_confirmed: dict | None = None,
) -> Post:
    if thread.is_closed:
        raise IntervisionError(_l("Deze casus is afgesloten; er kunnen geen berichten meer bij."))
    if silenced(membership, thread):
        raise IntervisionError(
            _l(
                "In de fase '%(phase)s' luister je als inbrenger en plaats je geen berichten.",
                phase=current_phase(thread).name,
            )
        )
    if not body.strip():
        raise IntervisionError(_l("Schrijf eerst een bericht."))
    if reply_to_id is not None:
        parent = db.session.get(Post, reply_to_id)
        if parent is None or parent.thread_id != thread.id or parent.is_removed:
            raise IntervisionError(_l("Je kunt alleen reageren op een bericht in deze casus."))
    post = Post(
        thread_id=thread.id,
        author_id=membership.user_id,
        phase=thread.phase,
        body=body.strip(),
        categories=list(categories or []),
        reply_to_id=reply_to_id,
        privacy_confirmed=privacy_confirmed,
    )
    db.session.add(post)
    db.session.flush()
    # One UPDATE: concurrent posts each count, and the thread points at the newest.
    db.session.execute(
        sa.update(Thread)
        .where(Thread.id == thread.id)
        .values(
            post_count=Thread.post_count + 1,
            last_post_at=utcnow(),
            last_post_id=sa.case(
                (Thread.last_post_id < post.id, post.id), else_=Thread.last_post_id
            ),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(thread)
    state = _read_state(thread.id, membership.user_id)
    state.seen, state.following = True, True
    state.last_read_post_id = max(state.last_read_post_id or 0, post.id)
    db.session.flush()
    _notify(
        _followers(thread, exclude=membership.user_id), "post", thread.group, thread, post.author
    )
    return post


def edit_post(
    post: Post,
    thread: Thread,
    user: User,
    *,
    body: str,
    categories: list[str],
    privacy_confirmed: dict | None = None,
    now: datetime | None = None,
) -> None:
    if not can_edit(user, post, thread, now):
        raise IntervisionError(
            _l("Je kunt een bericht alleen in het eerste kwartier na plaatsen bewerken.")
        )
    if not body.strip():
        raise IntervisionError(_l("Schrijf eerst een bericht."))
    post.body = body.strip()
    post.categories = list(categories)
    post.edited_at = now or utcnow()
    if privacy_confirmed is not None:
        post.privacy_confirmed = privacy_confirmed
    db.session.flush()


def remove_post(post: Post, membership: Membership) -> None:
    """The text is erased; a 'removed' mark stays so replies keep their place."""
    if not can_remove(membership, post):
        raise IntervisionError(
            _l("Alleen de schrijver of de facilitator kan dit bericht verwijderen.")
        )
    post.body = ""
    post.removed_at = utcnow()
    db.session.flush()


def _categories_by_slug(slugs) -> list[Category]:
    if not slugs:
        return []
    return list(db.session.scalars(sa.select(Category).where(Category.slug.in_(list(slugs)))))


def toggle_helpful(post: Post, user: User) -> bool:
    """Mark or unmark a post as helpful; a mark is peer evidence for the author per tagged category."""
    if post.author_id == user.id:
        raise IntervisionError(_l("Je kunt je eigen bericht niet als nuttig markeren."))
    if post.is_removed:
        raise IntervisionError(_l("Dit bericht is verwijderd."))
    source = f"intervisie-bericht {post.id} nuttig volgens {user.id}"
    mark = db.session.scalar(
        sa.select(HelpfulMark).where(HelpfulMark.post_id == post.id, HelpfulMark.user_id == user.id)
    )
    if mark is not None:
        db.session.delete(mark)
        withdraw_evidence(source)
        db.session.flush()
        return False
    db.session.add(HelpfulMark(post_id=post.id, user_id=user.id))
    if post.author is not None:
        for category in _categories_by_slug(post.categories):
            record_evidence(post.author, category, "peer", 1.0, source)
    db.session.flush()
    return True


def advance_phase(thread: Thread, membership: Membership) -> None:
    if thread.is_closed:
        raise IntervisionError(_l("Deze casus is afgesloten."))
    if is_last_phase(thread):
        raise IntervisionError(_l("Dit is al de laatste fase."))
    if not can_advance(membership, thread):
        raise IntervisionError(_l("Alleen de facilitator kan de volgende fase starten."))
    thread.phase += 1
    db.session.flush()
    recipients = set(_followers(thread, exclude=membership.user_id))
    if thread.inbrenger_id and thread.inbrenger_id != membership.user_id:
        recipients.add(thread.inbrenger_id)
    _notify(sorted(recipients), "phase", thread.group, thread, membership.user)


def close_thread(
    thread: Thread,
    membership: Membership,
    *,
    takeaway: str,
    categories: list[str],
    confidence: str,
    to_journal: bool,
) -> None:
    """The inbrenger's takeaway closes the thread; it is self-evidence per linked category."""
    if not can_close(membership, thread):
        if thread.is_closed:
            raise IntervisionError(_l("Deze casus is al afgesloten."))
        raise IntervisionError(
            _l("Alleen de inbrenger sluit de casus af, in de laatste fase van de methode.")
        )
    if not takeaway.strip():
        raise IntervisionError(_l("Schrijf op wat je meeneemt."))
    if confidence not in CONFIDENCE_SCORES:
        raise IntervisionError(_l("Kies hoe zeker je je voelt."))
    thread.takeaway = takeaway.strip()
    thread.takeaway_categories = list(categories)
    thread.state = "closed"
    thread.closed_at = utcnow()
    user = membership.user
    found = _categories_by_slug(categories)
    for category in found:
        record_evidence(
            user, category, "self", CONFIDENCE_SCORES[confidence], f"intervisie-casus {thread.id}"
        )
    if to_journal:
        from training.journal import service as journal

        journal.create_entry(
            user,
            title=str(_l("Intervisie: %(title)s", title=thread.title))[:200],
            framework="vrij",
            answers={"tekst": thread.takeaway},
            category=found[0] if found else None,
            prompt=thread.question,
        )
    db.session.flush()
    _notify(_followers(thread, exclude=user.id), "closed", thread.group, thread, user)


def _followers(thread: Thread, exclude: int | None = None) -> list[int]:
    member_ids = sa.select(Membership.user_id).where(Membership.group_id == thread.group_id)
    return list(
        db.session.scalars(
            sa.select(ThreadRead.user_id).where(
                ThreadRead.thread_id == thread.id,
                ThreadRead.following.is_(True),
                ThreadRead.user_id != (exclude or 0),
                ThreadRead.user_id.in_(member_ids),
            )
        )
    )


# --- notifications and digests ------------------------------------------------------------

NOTIFICATION_TEXTS = {
    "thread": _l("%(actor)s bracht een nieuwe casus in: %(thread)s"),
    "post": _l("Nieuw bericht van %(actor)s in %(thread)s"),
    "phase": _l("Volgende fase in %(thread)s"),
    "closed": _l("%(actor)s sloot %(thread)s af"),
    "member": _l("%(actor)s voegde je toe aan de groep %(group)s"),
}


def notification_text(n: Notification) -> str:
    return str(
        NOTIFICATION_TEXTS[n.kind]
        % {
            "actor": n.actor.name if n.actor else "?",
            "thread": f"'{n.thread.title}'" if n.thread else "",
            "group": n.group.name,
        }
    )


def _notify(user_ids, kind: str, group, thread, actor) -> None:
    for user_id in user_ids:
        db.session.add(
            Notification(
                user_id=user_id,
                kind=kind,
                group_id=group.id,
                thread_id=thread.id if thread else None,
                actor_id=actor.id if actor else None,
            )
        )
    db.session.flush()


def unread_notification_count(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


def notifications_of(user: User, limit: int = 50) -> list[Notification]:
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def mark_all_read(user: User) -> None:
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def digest_frequency(user: User) -> str:
    setting = db.session.get(DigestSetting, user.id)
    return setting.frequency if setting else "daily"


def set_digest_frequency(user: User, frequency: str) -> None:
    if frequency not in ("daily", "off"):
        raise IntervisionError(_l("Kies dagelijks of uit."))
    setting = db.session.get(DigestSetting, user.id)
    if setting is None:
        setting = DigestSetting(user_id=user.id)
        db.session.add(setting)
    setting.frequency = frequency
    db.session.flush()


@dataclass
class Digest:
    user: User
    notifications: list[Notification]


def pending_digests(now: datetime | None = None) -> list[Digest]:
    """Unread, un-mailed notifications per user with a daily digest, at most once a day."""
    now = now or utcnow()
    rows = db.session.execute(
        sa.select(Notification, DigestSetting)
        .outerjoin(DigestSetting, DigestSetting.user_id == Notification.user_id)
        .where(Notification.read_at.is_(None), Notification.emailed_at.is_(None))
        .order_by(Notification.user_id, Notification.id)
    ).all()
    per_user: dict[int, list[Notification]] = {}
    for notification, setting in rows:
        if setting is not None and setting.frequency == "off":
            continue
        last = as_utc(setting.last_sent_at) if setting else None
        if last is not None and now - last < timedelta(hours=23):
            continue
        per_user.setdefault(notification.user_id, []).append(notification)
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(per_user)))}
    return [Digest(users[uid], items) for uid, items in per_user.items()]


def mark_digest_sent(digest: Digest, now: datetime | None = None) -> None:
    now = now or utcnow()
    for notification in digest.notifications:
        notification.emailed_at = now
    setting = db.session.get(DigestSetting, digest.user.id)
    if setting is None:
        setting = DigestSetting(user_id=digest.user.id, frequency="daily")
        db.session.add(setting)
    setting.last_sent_at = now
    db.session.flush()


# --- retention and participation ----------------------------------------------------------


def purge_closed_threads(now: datetime | None = None) -> int:
    """Delete closed threads older than their group's retention period; returns how many."""
    now = now or utcnow()
    candidates = db.session.execute(
        sa.select(Thread, IntervisionGroup.retention_days)
        .join(IntervisionGroup, IntervisionGroup.id == Thread.group_id)
        .where(Thread.state == "closed", IntervisionGroup.retention_days.is_not(None))
    ).all()
    doomed = [
        thread.id
        for thread, days in candidates
        if thread.closed_at is not None and as_utc(thread.closed_at) + timedelta(days=days) <= now
    ]
    if not doomed:
        return 0
    post_ids = sa.select(Post.id).where(Post.thread_id.in_(doomed))
    db.session.execute(sa.delete(HelpfulMark).where(HelpfulMark.post_id.in_(post_ids)))
    db.session.execute(sa.update(Post).where(Post.thread_id.in_(doomed)).values(reply_to_id=None))
    db.session.execute(sa.delete(Post).where(Post.thread_id.in_(doomed)))
    db.session.execute(sa.delete(ThreadRead).where(ThreadRead.thread_id.in_(doomed)))
    db.session.execute(sa.delete(Notification).where(Notification.thread_id.in_(doomed)))
    db.session.execute(sa.delete(Thread).where(Thread.id.in_(doomed)))
    return len(doomed)


@dataclass
class Participation:
    brought_in: list[Thread]
    contributed: list[tuple[Thread, int]]  # thread, number of own posts


def participation(user: User) -> Participation:
    brought_in = list(
        db.session.scalars(
            sa.select(Thread).where(Thread.inbrenger_id == user.id).order_by(Thread.created_at)
        )
    )
    rows = db.session.execute(
        sa.select(Thread, sa.func.count(Post.id))
        .join(Post, Post.thread_id == Thread.id)
        .where(
            Post.author_id == user.id,
            Post.removed_at.is_(None),
            sa.or_(Thread.inbrenger_id.is_(None), Thread.inbrenger_id != user.id),
        )
        .group_by(Thread.id)
        .order_by(Thread.created_at)
    ).all()
    return Participation(brought_in, [(t, n) for t, n in rows])

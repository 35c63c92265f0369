"""Everything about one person, as a ZIP: one JSON file per area and a readable summary.

Each area is read with one or two queries that select columns, never whole objects with their
relationships, so nothing of other people is loaded by accident and the number of queries does
not grow with the amount of data. Where a row of the person's names someone else (the trainer
who assessed, the member who marked a post helpful, whoever opened their data), only that
person's role is given.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask import render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from training.accounts.models import User
from training.audit import service as audit
from training.audit.models import AuditEntry
from training.cases.models import Case, CaseAttempt, CaseStep, CaseVersion
from training.clock import as_utc, utcnow
from training.competence.models import (
    Cohort,
    CohortMember,
    CompetenceEstimate,
    Evidence,
    SelfAssessment,
    TrainerAssessment,
)
from training.curriculum.models import Category, Lesson, LessonProgress, Module
from training.extensions import db
from training.intervision.models import (
    DigestSetting,
    Draft,
    HelpfulMark,
    IntervisionGroup,
    Invitation,
    Membership,
    Notification,
    Post,
    SharedMap,
    Thread,
)
from training.journal.models import JournalEntry
from training.mydata.deletion import has_password
from training.netmap.models import KIND_CLIENT, MapPerson, MapVersion, NetworkMap
from training.organisations.models import Organisation
from training.quizzes.models import Answer, Question, QuizAttempt, Response

ROLE_NAMES = {
    "learner": _l("deelnemer"),
    "trainer": _l("trainer"),
    "beheerder": _l("beheerder van de organisatie"),
    "admin": _l("platformbeheerder"),
}

NOTIFICATION_KINDS = {
    "thread": _l("Nieuwe casus ingebracht"),
    "post": _l("Nieuw bericht"),
    "phase": _l("Volgende fase"),
    "closed": _l("Casus afgesloten"),
    "member": _l("Je bent toegevoegd aan een groep"),
    "invited": _l("Uitnodiging voor een groep"),
}

DIGESTS = {"daily": _l("dagelijks"), "off": _l("uit")}

# Sources of evidence that name someone else; the export gives their role instead.
_OTHER_PEOPLE_IN_SOURCES = (
    (re.compile(r"^beoordeling door .*$"), "beoordeling door een trainer"),
    (re.compile(r"nuttig volgens \d+$"), "nuttig volgens een groepslid"),
)


@dataclass
class Area:
    """One file of the export: its name, a Dutch title, a line about it and the data."""

    filename: str
    title: str
    about: str
    data: object
    notes: list[str] = field(default_factory=list)


def _when(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return as_utc(moment).isoformat(timespec="seconds")
    return moment.isoformat()


_ISO_MOMENT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):\d{2}\+00:00)?$")


def readable(text: str) -> str:
    """A moment as people write it (30-11-2026 10:49 UTC); any other text as it is."""
    match = _ISO_MOMENT.match(text)
    if not match:
        return text
    year, month, day, hour, minute = match.groups()
    return f"{day}-{month}-{year}" + (f" {hour}:{minute} UTC" if hour else "")


def _role(role: str | None) -> str | None:
    return str(ROLE_NAMES.get(role, role)) if role else None


def _source(text: str) -> str:
    for pattern, replacement in _OTHER_PEOPLE_IN_SOURCES:
        text = pattern.sub(replacement, text)
    return text


# --- the areas -----------------------------------------------------------------------------


def profile(user: User) -> dict:
    row = db.session.execute(
        sa.select(Organisation.name, DigestSetting.frequency)
        .select_from(User)
        .join(Organisation, Organisation.id == User.organisation_id)
        .outerjoin(DigestSetting, DigestSetting.user_id == User.id)
        .where(User.id == user.id)
    ).one()
    return {
        "naam": user.name,
        "e-mailadres": user.email,
        "organisatie": row.name,
        "organisatie_zelf_ingevuld": user.organisation,
        "rol": _role(user.role),
        "taal": user.locale,
        "account_aangemaakt": _when(user.created_at),
        "laatst_ingelogd": _when(user.last_login_at),
        "e-mailsamenvatting_intervisie": str(DIGESTS.get(row.frequency or "daily", row.frequency)),
        "inloggen_met_wachtwoord": has_password(user),
    }


def progress(user: User) -> list[dict]:
    rows = db.session.execute(
        sa.select(
            Module.title.label("module"), Lesson.title.label("les"), LessonProgress.completed_at
        )
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(LessonProgress.user_id == user.id)
        .order_by(LessonProgress.completed_at, LessonProgress.id)
    ).all()
    return [{"module": r.module, "les": r.les, "afgerond_op": _when(r.completed_at)} for r in rows]


def quiz_attempts(user: User) -> list[dict]:
    attempts = db.session.execute(
        sa.select(QuizAttempt.__table__, Module.title.label("module_title"))
        .outerjoin(Module, Module.id == QuizAttempt.module_id)
        .where(QuizAttempt.user_id == user.id)
        .order_by(QuizAttempt.started_at, QuizAttempt.id)
    ).all()
    responses = db.session.execute(
        sa.select(
            Response.attempt_id,
            Response.position,
            Response.given,
            Response.fraction,
            Response.answered_at,
            Response.grader_comment,
            Response.graded_at,
            Question.id.label("question_id"),
            Question.name,
            Question.qtype,
            Question.text,
        )
        .join(Question, Question.id == Response.question_id)
        .join(QuizAttempt, QuizAttempt.id == Response.attempt_id)
        .where(QuizAttempt.user_id == user.id)
        .order_by(Response.attempt_id, Response.position)
    ).all()
    answer_texts = dict(
        db.session.execute(
            sa.select(Answer.id, Answer.text).where(
                Answer.question_id.in_({r.question_id for r in responses})
            )
        ).all()
    )
    by_attempt: dict[int, list[dict]] = {}
    for r in responses:
        given = r.given or {}
        chosen = [answer_texts.get(i, "") for i in given.get("answer_ids", []) or []]
        by_attempt.setdefault(r.attempt_id, []).append(
            {
                "vraag": r.name,
                "soort": r.qtype,
                "vraagtekst": r.text,
                "jouw_antwoord": given.get("text") or given.get("value") or chosen or given or None,
                "score": r.fraction,
                "beantwoord_op": _when(r.answered_at),
                "feedback_van_trainer": r.grader_comment or None,
                "beoordeeld_op": _when(r.graded_at),
            }
        )
    return [
        {
            "soort": "eindtoets" if a.kind == "module" else "oefentoets",
            "module": a.module_title,
            "categorieen": a.categories,
            "status": a.state,
            "score": a.score,
            "maximale_score": a.max_score,
            "begonnen_op": _when(a.started_at),
            "ingeleverd_op": _when(a.submitted_at),
            "antwoorden": by_attempt.get(a.id, []),
        }
        for a in attempts
    ]


def case_attempts(user: User) -> list[dict]:
    attempts = db.session.execute(
        sa.select(CaseAttempt.__table__, Case.title, CaseVersion.data, CaseVersion.number)
        .join(Case, Case.id == CaseAttempt.case_id)
        .join(CaseVersion, CaseVersion.id == CaseAttempt.version_id)
        .where(CaseAttempt.user_id == user.id)
        .order_by(CaseAttempt.started_at, CaseAttempt.id)
    ).all()
    steps = db.session.execute(
        sa.select(CaseStep.__table__)
        .join(CaseAttempt, CaseAttempt.id == CaseStep.attempt_id)
        .where(CaseAttempt.user_id == user.id)
        .order_by(CaseStep.attempt_id, CaseStep.position)
    ).all()
    by_attempt: dict[int, list] = {}
    for s in steps:
        by_attempt.setdefault(s.attempt_id, []).append(s)
    result = []
    for a in attempts:
        nodes = {str(n.get("id")): n for n in (a.data or {}).get("nodes", [])}
        taken = []
        for s in by_attempt.get(a.id, []):
            node = nodes.get(s.node_id, {})
            choices = node.get("choices") or []
            choice = (
                choices[s.choice_index]
                if s.choice_index is not None and s.choice_index < len(choices)
                else None
            )
            taken.append(
                {
                    "stap": s.node_id,
                    "situatie": node.get("text"),
                    "jouw_keuze": choice.get("text") if choice else None,
                    "jouw_reflectie": s.reflection,
                    "op": _when(s.taken_at),
                }
            )
        ending = nodes.get(a.ending_node or "", {})
        result.append(
            {
                "casus": a.title,
                "versie": a.number,
                "status": a.state,
                "einde": ending.get("title"),
                "begonnen_op": _when(a.started_at),
                "afgerond_op": _when(a.finished_at),
                "stappen": taken,
            }
        )
    return result


def _map_person(person: dict) -> dict:
    return {
        "naam": person.get("name"), "sector": person.get("sector"), "ring": person.get("ring"),
        "kwaliteit": person.get("quality"),
        "contact": "actief" if person.get("active", True) else "slapend",
        "steun_die_de_client_krijgt": list(person.get("gets") or []),
        "steun_die_de_client_geeft": list(person.get("gives") or []),
        "notitie": person.get("note") or "",
    }  # fmt: skip


def network_maps(user: User) -> dict:
    """The person's own maps (practice tool and cases), their versions and what they shared."""
    maps = db.session.execute(
        sa.select(NetworkMap.__table__, Case.title.label("case_title"))
        .outerjoin(CaseAttempt, CaseAttempt.id == NetworkMap.case_attempt_id)
        .outerjoin(Case, Case.id == CaseAttempt.case_id)
        .where(NetworkMap.owner_id == user.id)
        .order_by(NetworkMap.created_at, NetworkMap.id)
    ).all()
    persons = db.session.execute(
        sa.select(MapPerson.__table__)
        .join(NetworkMap, NetworkMap.id == MapPerson.map_id)
        .where(NetworkMap.owner_id == user.id)
        .order_by(MapPerson.id)
    ).all()
    versions = db.session.execute(
        sa.select(MapVersion.__table__)
        .join(NetworkMap, NetworkMap.id == MapVersion.map_id)
        .where(NetworkMap.owner_id == user.id)
        .order_by(MapVersion.conversation_on, MapVersion.id)
    ).all()
    shared = db.session.execute(
        sa.select(SharedMap.__table__, Thread.title)
        .join(Thread, Thread.id == SharedMap.thread_id)
        .where(SharedMap.shared_by_id == user.id)
        .order_by(SharedMap.shared_at, SharedMap.id)
    ).all()
    persons_of: dict[int, list] = {}
    for p in persons:
        persons_of.setdefault(p.map_id, []).append(_map_person(p._asdict()))
    versions_of: dict[int, list] = {}
    for v in versions:
        versions_of.setdefault(v.map_id, []).append(
            {
                "gesprek_op": _when(v.conversation_on),
                "aantekening": v.note,
                "bewaard_op": _when(v.saved_at),
                "personen": [_map_person(p) for p in v.persons],
            }  # fmt: skip
        )
    own = [
        {
            "client": m.label,
            "gemaakt_op": _when(m.created_at),
            "gewijzigd_op": _when(m.updated_at),
            "personen": persons_of.get(m.id, []),
            "versies": versions_of.get(m.id, []),
        }  # fmt: skip
        for m in maps
        if m.kind == KIND_CLIENT
    ]
    in_cases = [
        {"casus": m.case_title, "client": m.label, "personen": persons_of.get(m.id, [])}
        for m in maps
        if m.kind != KIND_CLIENT
    ]
    return {
        "eigen_kaarten": own,
        "kaarten_in_casussen": in_cases,
        "gedeeld_in_intervisie": [
            {
                "casus_in_intervisie": s.title,
                "client": s.label,
                "gedeeld_op": _when(s.shared_at),
                "met_notities": s.with_notes,
                "personen": [_map_person(p) for p in s.persons],
            }  # fmt: skip
            for s in shared
        ],
    }


def journal(user: User) -> list[dict]:
    rows = db.session.execute(
        sa.select(
            JournalEntry.__table__,
            Category.name_nl.label("category_name"),
            Lesson.title.label("lesson_title"),
        )
        .outerjoin(Category, Category.id == JournalEntry.category_id)
        .outerjoin(Lesson, Lesson.id == JournalEntry.lesson_id)
        .where(JournalEntry.user_id == user.id)
        .order_by(JournalEntry.created_at, JournalEntry.id)
    ).all()
    return [
        {
            "titel": r.title,
            "model": r.framework,
            "vraag": r.prompt or None,
            "antwoorden": r.answers,
            "categorie": r.category_name,
            "les": r.lesson_title,
            "gedeeld_met_trainers": r.shared_with_trainers,
            "geschreven_op": _when(r.created_at),
            "bijgewerkt_op": _when(r.updated_at),
        }
        for r in rows
    ]


def intervision(user: User) -> dict:
    memberships = db.session.execute(
        sa.select(IntervisionGroup.name, Membership.role, Membership.joined_at)
        .join(IntervisionGroup, IntervisionGroup.id == Membership.group_id)
        .where(Membership.user_id == user.id)
        .order_by(Membership.joined_at)
    ).all()
    threads = db.session.execute(
        sa.select(Thread.__table__, IntervisionGroup.name.label("group_name"))
        .join(IntervisionGroup, IntervisionGroup.id == Thread.group_id)
        .where(Thread.inbrenger_id == user.id)
        .order_by(Thread.created_at)
    ).all()
    posts = db.session.execute(
        sa.select(
            Post.body,
            Post.phase,
            Post.categories,
            Post.created_at,
            Post.edited_at,
            Post.removed_at,
            Thread.title,
            IntervisionGroup.name.label("group_name"),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .join(IntervisionGroup, IntervisionGroup.id == Thread.group_id)
        .where(Post.author_id == user.id)
        .order_by(Post.created_at, Post.id)
    ).all()
    drafts = db.session.execute(
        sa.select(Draft.texts, Draft.created_at, IntervisionGroup.name.label("group_name"))
        .join(IntervisionGroup, IntervisionGroup.id == Draft.group_id)
        .where(Draft.user_id == user.id)
        .order_by(Draft.id)
    ).all()
    marks = db.session.execute(
        sa.select(HelpfulMark.created_at, Thread.title)
        .join(Post, Post.id == HelpfulMark.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(HelpfulMark.user_id == user.id)
        .order_by(HelpfulMark.created_at)
    ).all()
    return {
        "groepen": [
            {"groep": m.name, "rol": m.role, "lid_sinds": _when(m.joined_at)} for m in memberships
        ],
        "ingebrachte_casussen": [
            {
                "groep": t.group_name,
                "titel": t.title,
                "situatie": t.situation,
                "vraag": t.question,
                "methode": t.method,
                "status": t.state,
                "opbrengst": t.takeaway,
                "ingebracht_op": _when(t.created_at),
                "afgesloten_op": _when(t.closed_at),
            }
            for t in threads
        ],
        "jouw_berichten": [
            {
                "groep": p.group_name,
                "casus": p.title,
                "fase": p.phase + 1,
                "tekst": p.body if p.removed_at is None else None,
                "verwijderd_op": _when(p.removed_at),
                "categorieen": p.categories,
                "geschreven_op": _when(p.created_at),
                "bewerkt_op": _when(p.edited_at),
            }
            for p in posts
        ],
        "door_jou_als_nuttig_gemarkeerd": [
            {"casus": m.title, "op": _when(m.created_at)} for m in marks
        ],
        "concepten_in_afwachting_van_de_privacycontrole": [
            {"groep": d.group_name, "teksten": d.texts, "bewaard_op": _when(d.created_at)}
            for d in drafts
        ],
    }


def notifications(user: User) -> list[dict]:
    rows = db.session.execute(
        sa.select(
            Notification.kind,
            Notification.created_at,
            Notification.read_at,
            Notification.emailed_at,
            IntervisionGroup.name,
            Thread.title,
        )
        .join(IntervisionGroup, IntervisionGroup.id == Notification.group_id)
        .outerjoin(Thread, Thread.id == Notification.thread_id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at, Notification.id)
    ).all()
    return [
        {
            "melding": str(NOTIFICATION_KINDS.get(r.kind, r.kind)),
            "groep": r.name,
            "casus": r.title,
            "op": _when(r.created_at),
            "gelezen_op": _when(r.read_at),
            "gemaild_op": _when(r.emailed_at),
        }
        for r in rows
    ]


def invitations(user: User) -> list[dict]:
    rows = db.session.execute(
        sa.select(
            Invitation.created_at, Invitation.expires_at, Invitation.revoked, IntervisionGroup.name
        )
        .join(IntervisionGroup, IntervisionGroup.id == Invitation.group_id)
        .where(Invitation.invitee_id == user.id)
        .order_by(Invitation.created_at)
    ).all()
    return [
        {
            "soort": "intervisiegroep",
            "groep": r.name,
            "uitgenodigd_op": _when(r.created_at),
            "verloopt_op": _when(r.expires_at),
            "ingetrokken": r.revoked,
        }
        for r in rows
    ]


def evidence(user: User) -> list[dict]:
    rows = db.session.execute(
        sa.select(
            Evidence.kind, Evidence.score, Evidence.source, Evidence.recorded_at, Category.name_nl
        )
        .join(Category, Category.id == Evidence.category_id)
        .where(Evidence.user_id == user.id)
        .order_by(Evidence.recorded_at, Evidence.id)
    ).all()
    return [
        {
            "categorie": r.name_nl,
            "soort": r.kind,
            "score": r.score,
            "bron": _source(r.source),
            "op": _when(r.recorded_at),
        }
        for r in rows
    ]


def estimates(user: User) -> list[dict]:
    rows = db.session.execute(
        sa.select(CompetenceEstimate.__table__, Category.name_nl)
        .join(Category, Category.id == CompetenceEstimate.category_id)
        .where(CompetenceEstimate.user_id == user.id)
        .order_by(Category.number, CompetenceEstimate.day)
    ).all()
    return [
        {
            "categorie": r.name_nl,
            "dag": _when(r.day),
            "score": r.score,
            "niveau": r.level,
            "aantal_bewijzen": r.evidence_count,
            "huidig": r.is_current,
        }
        for r in rows
    ]


def self_assessments(user: User) -> list[dict]:
    rows = db.session.execute(
        sa.select(
            SelfAssessment.level, SelfAssessment.note, SelfAssessment.created_at, Category.name_nl
        )
        .join(Category, Category.id == SelfAssessment.category_id)
        .where(SelfAssessment.user_id == user.id)
        .order_by(SelfAssessment.created_at, SelfAssessment.id)
    ).all()
    return [
        {
            "categorie": r.name_nl,
            "niveau": r.level,
            "toelichting": r.note,
            "op": _when(r.created_at),
        }
        for r in rows
    ]


def trainer_assessments(user: User) -> list[dict]:
    trainer = aliased(User)
    rows = db.session.execute(
        sa.select(
            TrainerAssessment.level,
            TrainerAssessment.indicators,
            TrainerAssessment.comment,
            TrainerAssessment.created_at,
            Category.name_nl,
            trainer.role.label("trainer_role"),
        )
        .join(Category, Category.id == TrainerAssessment.category_id)
        .outerjoin(trainer, trainer.id == TrainerAssessment.trainer_id)
        .where(TrainerAssessment.learner_id == user.id)
        .order_by(TrainerAssessment.created_at, TrainerAssessment.id)
    ).all()
    return [
        {
            "categorie": r.name_nl,
            "niveau": r.level,
            "waargenomen": r.indicators,
            "toelichting": r.comment,
            "beoordeeld_door": _role(r.trainer_role) or str(_l("een oud-trainer")),
            "op": _when(r.created_at),
        }
        for r in rows
    ]


def cohorts(user: User) -> list[dict]:
    # A consent status may be added to memberships; it is shown when the column exists.
    status = CohortMember.__table__.c.get("status")
    columns = [Cohort.name, Cohort.created_at] + ([status] if status is not None else [])
    rows = db.session.execute(
        sa.select(*columns)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user.id)
        .order_by(Cohort.name)
    ).all()
    return [
        {
            "groep": r.name,
            "groep_aangemaakt_op": _when(r.created_at),
            **({"status": r.status} if status is not None else {}),
        }
        for r in rows
    ]


def audit_entries(user: User) -> list[dict]:
    actor = aliased(User)
    rows = db.session.execute(
        sa.select(AuditEntry.action, AuditEntry.ref, AuditEntry.created_at, actor.role)
        .outerjoin(actor, actor.id == AuditEntry.actor_id)
        .where(AuditEntry.subject_id == user.id)
        .order_by(AuditEntry.created_at, AuditEntry.id)
    ).all()
    return [
        {
            "wat": audit.action_label(r.action),
            "code": r.action,
            "verwijzing": r.ref or None,
            "door": _role(r.role) or str(_l("een oud-medewerker")),
            "op": _when(r.created_at),
        }
        for r in rows
    ]


def collect(user: User) -> list[Area]:
    """Every area, in the order the summary shows them (a fixed number of queries in all)."""
    return [
        Area(
            "profiel.json",
            str(_l("Profiel")),
            str(_l("Je account en je organisatie.")),
            profile(user),
        ),
        Area(
            "voortgang.json",
            str(_l("Voortgang in de modules")),
            str(_l("De lessen die je hebt afgerond.")),
            progress(user),
        ),
        Area(
            "toetsen.json",
            str(_l("Toetsen")),
            str(_l("Je pogingen met je antwoorden, ook open antwoorden, en de feedback erop.")),
            quiz_attempts(user),
        ),
        Area(
            "casussen.json",
            str(_l("Casussen")),
            str(_l("Je pogingen: je keuzes en je reflecties.")),
            case_attempts(user),
        ),
        Area("journaal.json", str(_l("Journaal")), str(_l("Je reflecties.")), journal(user)),
        Area(
            "netwerkkaarten.json",
            str(_l("Netwerkkaarten")),
            str(
                _l(
                    "De netwerkkaarten van je cliënten met hun versies, je kaarten in casussen en "
                    "de kopieën die je in intervisie deelde."
                )
            ),
            network_maps(user),
        ),
        Area(
            "intervisie.json",
            str(_l("Intervisie")),
            str(
                _l(
                    "Je groepen, de casussen die je inbracht en je eigen berichten. Berichten van "
                    "andere leden staan er niet in; de titel van de casus en de naam van de groep "
                    "wel, zodat je weet waar je bericht bij hoort."
                )
            ),
            intervision(user),
        ),
        Area(
            "meldingen.json",
            str(_l("Meldingen")),
            str(_l("Meldingen aan jou, zonder de naam van wie ze veroorzaakte.")),
            notifications(user),
        ),
        Area(
            "uitnodigingen.json",
            str(_l("Uitnodigingen")),
            str(_l("Persoonlijke uitnodigingen voor intervisiegroepen.")),
            invitations(user),
        ),
        Area(
            "bewijs.json",
            str(_l("Bewijs van competentie")),
            str(_l("Elke waarneming van je competentie, met de bron.")),
            evidence(user),
        ),
        Area(
            "schattingen.json",
            str(_l("Competentieschattingen")),
            str(_l("Je niveau per categorie door de tijd.")),
            estimates(user),
        ),
        Area(
            "zelfbeoordelingen.json",
            str(_l("Zelfbeoordelingen")),
            str(_l("Hoe je jezelf inschatte.")),
            self_assessments(user),
        ),
        Area(
            "trainerbeoordelingen.json",
            str(_l("Beoordelingen door trainers")),
            str(_l("Wat een trainer over je vastlegde; van de trainer staat alleen de rol erbij.")),
            trainer_assessments(user),
        ),
        Area(
            "opleidingsgroepen.json",
            str(_l("Opleidingsgroepen")),
            str(_l("De groepen deelnemers waar je in zit.")),
            cohorts(user),
        ),
        Area(
            "audit.json",
            str(_l("Wie je gegevens inzag")),
            str(_l("Wanneer een trainer of beheerder je gegevens opende; alleen hun rol.")),
            audit_entries(user),
        ),
    ]


def export_filename(now: datetime | None = None) -> str:
    return f"netwerkwijs-mijn-gegevens-{(now or utcnow()).date().isoformat()}.zip"


def build_zip(user: User, now: datetime | None = None) -> bytes:
    """The ZIP: one JSON file per area and index.html, a summary that needs nothing else."""
    now = now or utcnow()
    areas = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for area in areas:
            archive.writestr(
                area.filename, json.dumps(area.data, ensure_ascii=False, indent=2) + "\n"
            )
        archive.writestr(
            "index.html",
            render_template(
                "mydata/export_index.html",
                user=user,
                areas=areas,
                made_at=readable(_when(now)),
                readable=readable,
            ),
        )
    return buffer.getvalue()

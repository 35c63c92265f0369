"""Competence pages: own growth, self-assessment, cohorts and heatmap, trainer assessment, exports."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from training import paging
from training.accounts.access import role_required
from training.accounts.models import User
from training.audit import service as audit
from training.clock import utcnow
from training.competence import cohorts, service
from training.competence.chart import mastery_chart
from training.competence.exports import evidence_csv, xapi_statements
from training.competence.forms import (
    CohortForm,
    CohortMemberForm,
    InvitationAnswerForm,
    ManagedCohortForm,
    SettingsForm,
    TrainerChoiceForm,
    leader_choices,
    self_assessment_form,
    trainer_assessment_form,
)
from training.competence.levels import levels
from training.competence.models import ACCEPTED, INVITED
from training.curriculum import service as curriculum
from training.forms import ConfirmForm
from training.jobs import service as jobs
from training.saving import saving

bp = Blueprint("competence", __name__, url_prefix="/competence")

KIND_LABELS = {
    "quiz": _l("toets"),
    "case": _l("casus"),
    "trainer": _l("trainer"),
    "self": _l("eigen afsluiting intervisie"),
    "peer": _l("nuttig volgens collega"),
}
MEMBER_STATUS_LABELS = {INVITED: _l("uitgenodigd"), ACCEPTED: _l("geaccepteerd")}
# The page number of a cohort's member list, beside the heatmap's own `pagina`.
MEMBERS_ARG = "leden"


def _page_context(user: User) -> dict:
    rows = service.competence_of(user)
    today = utcnow().date()
    thresholds = [lv.min_score for lv in levels() if lv.min_score]
    charts = {
        row.category.id: mastery_chart(
            [(h.day, h.score) for h in row.history],
            thresholds,
            _(
                "Beheersing in %(category)s over de laatste 12 weken",
                category=row.category.name(current_user.locale),
            ),
            today,
        )
        for row in rows
    }
    return {
        "rows": rows,
        "charts": charts,
        # Each day formatted once, not once per category row of the tables.
        "day_labels": {
            day: format_date(day, "short") for day in {h.day for row in rows for h in row.history}
        },
        "levels": levels(),
        "subject": user,
        "kinds": KIND_LABELS,
    }


def _learner_for_viewer(user_id: int) -> User:
    """A learner who accepted one of the viewer's cohorts; anyone else is 404, whatever the role."""
    return cohorts.learner_for_viewer(current_user, user_id) or abort(404)


def _download(text: str, filename: str, mimetype: str) -> Response:
    return Response(
        text,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _base_url() -> str:
    return current_app.config.get("PUBLIC_BASE_URL") or request.host_url.rstrip("/")


@bp.route("/")
@login_required
def index():
    return render_template(
        "competence/index.html", own=True, invitations=cohorts.invitations_for(current_user),
        **_page_context(current_user),
    )  # fmt: skip


@bp.route("/zelfbeoordeling", methods=["GET", "POST"])
@login_required
def self_assessment():
    categories = curriculum.list_categories()
    form = self_assessment_form(categories, current_user.locale)
    if form.validate_on_submit():
        with saving(form=form, success=_("Je zelfbeoordeling is opgeslagen.")) as saved:
            service.assess_self(current_user, form.ratings(), form.note.data or "")
        if saved:
            return redirect(url_for(".index"))
    elif request.method == "GET":
        form.fill(service.self_levels_of(current_user))
    return render_template(
        "competence/self.html", form=form, categories=categories, levels=levels()
    )


def _evidence_list(subject: User, own: bool) -> tuple[str, str]:
    """The paged list of a person's evidence, optionally of one category (`?categorie=`),
    and the category shown (its slug, or "alle")."""
    categories = curriculum.list_categories()
    slug = request.args.get("categorie") or None
    selected = next((c for c in categories if c.slug == slug), None)
    if slug and selected is None:
        flash(_("Onbekende categorie; al het bewijs wordt getoond."), "warning")
    html = render_template(
        "competence/evidence.html", own=own, subject=subject, categories=categories,
        selected=selected, kinds=KIND_LABELS,
        page=service.evidence_page(subject, selected, paging.requested_page()),
    )  # fmt: skip
    return html, selected.slug if selected else "alle"


@bp.route("/bewijs")
@login_required
def own_evidence():
    return _evidence_list(current_user, own=True)[0]


@bp.route("/deelnemer/<int:user_id>/bewijs")
@role_required("trainer", "beheerder", "admin")
def learner_evidence(user_id: int):
    learner = _learner_for_viewer(user_id)
    html, shown = _evidence_list(learner, own=False)
    # Logged after rendering: the commit would otherwise reload every row on the page.
    audit.record_and_commit(current_user, learner, "competence.evidence", f"lijst {shown}")
    return html


@bp.route("/bewijs.csv")
@login_required
def own_evidence_csv():
    return _download("\ufeff" + evidence_csv(current_user), "mijn-bewijs.csv", "text/csv")


@bp.route("/xapi.json")
@login_required
def own_xapi():
    statements = xapi_statements([current_user], _base_url())
    return _download(
        json.dumps(statements, ensure_ascii=False, indent=1), "mijn-xapi.json", "application/json"
    )


@bp.route("/deelnemer/<int:user_id>")
@role_required("trainer", "beheerder", "admin")
def learner(user_id: int):
    learner = _learner_for_viewer(user_id)
    audit.record_and_commit(current_user, learner, "competence.profile")
    return render_template(
        "competence/index.html",
        own=False,
        assessments=service.trainer_assessments_of(learner),
        **_page_context(learner),
    )


@bp.route("/deelnemer/<int:user_id>/beoordelen/<slug>", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def assess(user_id: int, slug: str):
    learner = _learner_for_viewer(user_id)
    if not service.may_assess(current_user, learner):
        abort(403)
    category = curriculum.get_category(slug) or abort(404)
    rubric = service.rubric(category)
    form = trainer_assessment_form(rubric, current_user.locale)
    if form.validate_on_submit():
        success = _("De beoordeling is opgeslagen en telt mee als bewijs.")
        with saving(form=form, success=success) as saved:
            service.assess_as_trainer(
                current_user, learner, category, int(form.level.data),
                form.indicators.data or [], form.comment.data or "",
            )  # fmt: skip
            audit.record(current_user, learner, "competence.assess", category.slug)
        if saved:
            return redirect(url_for(".learner", user_id=learner.id))
    return render_template(
        "competence/assess.html", form=form, learner=learner, category=category, rubric=rubric,
        levels=levels(),
    )  # fmt: skip


@bp.route("/deelnemer/<int:user_id>/bewijs.csv")
@role_required("trainer", "beheerder", "admin")
def learner_evidence_csv(user_id: int):
    learner = _learner_for_viewer(user_id)
    audit.record_and_commit(current_user, learner, "competence.evidence", "csv")
    return _download("\ufeff" + evidence_csv(learner), f"bewijs-{learner.id}.csv", "text/csv")


@bp.route("/deelnemer/<int:user_id>/xapi.json")
@role_required("trainer", "beheerder", "admin")
def learner_xapi(user_id: int):
    learner = _learner_for_viewer(user_id)
    audit.record_and_commit(current_user, learner, "competence.export", "xapi")
    statements = xapi_statements([learner], _base_url())
    return _download(
        json.dumps(statements, ensure_ascii=False, indent=1),
        f"xapi-{learner.id}.json",
        "application/json",
    )


# --- cohorts: the learner's side ------------------------------------------------------------


@bp.route("/mijn-cohorten/")
@login_required
def my_cohorts():
    return render_template(
        "competence/my_cohorts.html",
        invitations=cohorts.invitations_for(current_user),
        memberships=cohorts.memberships_of(current_user),
    )


@bp.route("/mijn-cohorten/uitnodiging/<int:member_id>", methods=["GET", "POST"])
@login_required
def invitation(member_id: int):
    member = cohorts.invitation_for(current_user, member_id) or abort(404)
    form = InvitationAnswerForm()
    if form.validate_on_submit():
        cohort_name = member.cohort.name
        if form.accept.data:
            success = _("Je zit nu in het cohort %(name)s.", name=cohort_name)
            with saving(success=success):
                cohorts.accept(member)
        else:
            success = _("Je hebt de uitnodiging voor %(name)s geweigerd.", name=cohort_name)
            with saving(success=success):
                cohorts.decline(member)
        return redirect(url_for(".my_cohorts"))
    return render_template(
        "competence/invitation.html", member=member, cohort=member.cohort, form=form,
        shared=cohorts.SHARED_WITH_TRAINER, not_shared=cohorts.NOT_SHARED_WITH_TRAINER,
    )  # fmt: skip


@bp.route("/mijn-cohorten/<int:cohort_id>/verlaten", methods=["GET", "POST"])
@login_required
def leave_cohort(cohort_id: int):
    member = cohorts.membership_for(current_user, cohort_id) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        success = _("Je hebt het cohort %(name)s verlaten.", name=member.cohort.name)
        with saving(success=success) as saved:
            cohorts.leave(member)
        if saved:
            return redirect(url_for(".my_cohorts"))
    return render_template("competence/leave.html", cohort=member.cohort, form=form)


# --- cohorts: trainers and beheerders -------------------------------------------------------


def _cohort_form():
    """A trainer makes a cohort for themselves; a beheerder chooses its trainer."""
    if not current_user.is_org_admin:
        return CohortForm()
    form = ManagedCohortForm()
    form.trainer.choices = leader_choices(cohorts.leaders_of(current_user.organisation_id))
    if request.method == "GET":
        form.trainer.data = current_user.id
    return form


def _invitation_url(member) -> str:
    return _base_url() + url_for(".invitation", member_id=member.id)


@bp.route("/groepen/", methods=["GET", "POST"], endpoint="cohorts")
@role_required("trainer", "beheerder", "admin")
def cohorts_index():
    form = _cohort_form()
    if form.validate_on_submit():
        success = _("Het cohort is aangemaakt. Nodig nu deelnemers uit.")
        trainer_id = form.trainer.data if isinstance(form, ManagedCohortForm) else None
        with saving(form=form, success=success) as saved:
            cohort = cohorts.create_cohort(current_user, form.name.data, trainer_id)
        if saved:
            return redirect(url_for(".cohort", cohort_id=cohort.id))
    return render_template(
        "competence/cohorts.html", cohorts=cohorts.cohorts_for(current_user), form=form
    )


@bp.route("/groepen/<int:cohort_id>", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def cohort(cohort_id: int):
    cohort = cohorts.cohort_for(current_user, cohort_id) or abort(404)
    leads, manages = cohorts.leads(current_user, cohort), cohorts.manages(current_user, cohort)
    form = CohortMemberForm()
    if form.validate_on_submit():
        with saving(field=form.email) as saved:
            invited = cohorts.invite(cohort, form.email.data)
        if saved:
            if invited is not None:
                cohorts.send_invitations([invited], _invitation_url)
            flash(str(cohorts.INVITE_REPLY), "info")
            return redirect(url_for(".cohort", cohort_id=cohort.id))
    trainer_form = None
    if manages:
        trainer_form = TrainerChoiceForm(formdata=None)
        trainer_form.trainer.choices = leader_choices(cohorts.leaders_of(cohort.organisation_id))
        trainer_form.trainer.data = cohort.trainer_id
    heat, sort, descending, categories, members = None, "naam", False, [], None
    if leads:
        categories = curriculum.list_categories()
        descending = request.args.get("richting") == "af"
        heat, sort = service.heatmap_page(
            cohort, categories, request.args.get("sorteer", "naam"), descending,
            paging.requested_page(),
        )  # fmt: skip
    if manages:
        members = cohorts.members_page(cohort, paging.requested_page(MEMBERS_ARG))
        members.arg = MEMBERS_ARG
    return render_template(
        "competence/cohort.html", cohort=cohort, heat=heat, categories=categories, form=form,
        sort=sort, descending=descending, levels=levels(), leads=leads, manages=manages,
        members=members, trainer_form=trainer_form, statuses=MEMBER_STATUS_LABELS,
    )  # fmt: skip


@bp.route("/groepen/<int:cohort_id>/trainer", methods=["POST"])
@role_required("beheerder", "admin")
def cohort_trainer(cohort_id: int):
    cohort = cohorts.cohort_for(current_user, cohort_id) or abort(404)
    if not cohorts.manages(current_user, cohort):
        abort(404)
    form = TrainerChoiceForm()
    form.trainer.choices = leader_choices(cohorts.leaders_of(cohort.organisation_id))
    if not form.validate_on_submit():
        flash(_("Kies een trainer van jouw organisatie."), "danger")
        return redirect(url_for(".cohort", cohort_id=cohort.id))
    success = _(
        "De trainer is gewijzigd. De deelnemers krijgen opnieuw een uitnodiging; de nieuwe "
        "trainer ziet hun gegevens pas als ze die accepteren."
    )
    with saving(success=success) as saved:
        reinvited = cohorts.change_trainer(current_user, cohort, form.trainer.data)
    if saved:
        cohorts.send_invitations(reinvited, _invitation_url)
    return redirect(url_for(".cohort", cohort_id=cohort.id))


@bp.route("/groepen/<int:cohort_id>/verwijderen/<int:user_id>", methods=["POST"])
@role_required("trainer", "beheerder", "admin")
def cohort_remove(cohort_id: int, user_id: int):
    cohort = cohorts.cohort_for(current_user, cohort_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with saving(success=_("De deelnemer is uit het cohort gehaald.")):
        cohorts.remove_member(cohort, user_id)
    return redirect(url_for(".cohort", cohort_id=cohort.id))


def _led_cohort(cohort_id: int):
    """Exports are for the cohort's own trainer; a beheerder who does not lead it gets 404."""
    cohort = cohorts.cohort_for(current_user, cohort_id)
    if cohort is None or not cohorts.leads(current_user, cohort):
        abort(404)
    return cohort


@bp.route("/groepen/<int:cohort_id>/schattingen.csv", methods=["POST"])
@role_required("trainer", "beheerder", "admin")
def cohort_csv(cohort_id: int):
    return _export_job(cohort_id, "competence.cohort_csv")


@bp.route("/groepen/<int:cohort_id>/xapi.json", methods=["POST"])
@role_required("trainer", "beheerder", "admin")
def cohort_xapi(cohort_id: int):
    return _export_job(cohort_id, "competence.cohort_xapi")


def _export_job(cohort_id: int, kind: str):
    """A cohort's file is made by a background job (it re-checks that the trainer leads the
    cohort when it runs); the job's page follows it and offers the download."""
    cohort = _led_cohort(cohort_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("Het formulier was verlopen. Probeer het opnieuw."), "danger")
        return redirect(url_for(".cohort", cohort_id=cohort.id))
    job = jobs.submit(
        kind,
        user=current_user._get_current_object(),
        params={"cohort_id": cohort.id, "back": url_for(".cohort", cohort_id=cohort.id)},
    )
    return redirect(url_for("jobs.show", job_id=job.id))


# --- settings (admin) -----------------------------------------------------------------------


@bp.route("/instellingen", methods=["GET", "POST"])
@role_required("admin")
def settings():
    current = service.settings()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        with saving(form=form) as saved:
            service.save_settings(
                form.method.data, form.weight.data, form.n.data, float(form.mastery_score.data)
            )
        if saved:
            flash(
                _("Opgeslagen. De schattingen worden op de achtergrond opnieuw berekend."),
                "success",
            )
            job = jobs.submit(
                "competence.recompute",
                user=current_user._get_current_object(),
                params={"back": url_for(".settings")},
            )
            return redirect(url_for("jobs.show", job_id=job.id))
    return render_template("competence/settings.html", form=form)

"""Intervision pages. Every object is fetched through a membership check: non-members get 404."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from training import paging
from training.audit import service as audit
from training.cases import service as cases
from training.curriculum import service as curriculum
from training.extensions import db
from training.inputs import requested_id
from training.intervision import access, drafts, groups, maps, posts, privacy, threads
from training.intervision import notifications as notices
from training.intervision.forms import (
    ActionForm,
    DigestForm,
    GroupForm,
    InviteEmailForm,
    MemberForm,
    PostForm,
    SettingsForm,
    TakeawayForm,
    ThreadForm,
)
from training.intervision.methods import DEFAULT_METHOD, METHODS
from training.netmap import service as netmaps
from training.netmap import views as map_views
from training.netmap.forms import ShareForm
from training.netmap.vocabulary import WORDS
from training.saving import saving

bp = Blueprint("intervision", __name__, url_prefix="/intervisie")


def _member_group(group_id: int):
    found = access.group_for_member(current_user, group_id)
    if found is None:
        abort(404)
    return found


def _facilitated_group(group_id: int):
    """The group, for its facilitator only (other members 403, non-members 404)."""
    group, membership = _member_group(group_id)
    if not access.can_manage_group(membership):
        abort(403)
    return group, membership


def _member_thread(thread_id: int):
    found = access.thread_for_member(current_user, thread_id)
    if found is None:
        abort(404)
    return found


def _member_post(post_id: int):
    found = access.post_for_member(current_user, post_id)
    if found is None:
        abort(404)
    return found


def _post_url(thread_id: int, post_id: int, page: int) -> str:
    """The page of the thread that shows the post, scrolled to it."""
    return url_for(".thread", thread_id=thread_id, pagina=page, _anchor=f"bericht-{post_id}")


@bp.route("/")
@login_required
def index():
    return render_template(
        "intervision/index.html",
        groups=groups.groups_of(current_user),
        invitations=groups.personal_invitations(current_user),
        action=ActionForm(),
    )


@bp.route("/uitnodigingen/<int:invitation_id>/accepteren", methods=["POST"])
@login_required
def accept_invitation(invitation_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    with saving() as saved:
        group = groups.accept_invitation(current_user, invitation_id)
    if saved:
        flash(_("Welkom in %(group)s.", group=group.name), "success")
        return redirect(url_for(".group", group_id=group.id))
    return redirect(url_for(".index"))


@bp.route("/uitnodigingen/<int:invitation_id>/weigeren", methods=["POST"])
@login_required
def decline_invitation(invitation_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    with saving(success=_("Je hebt de uitnodiging afgeslagen.")):
        groups.decline_invitation(current_user, invitation_id)
    return redirect(url_for(".index"))


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new_group():
    form = GroupForm()
    if request.method == "GET":
        form.rules.data = _(
            "Wat in deze groep besproken wordt, blijft in de groep. We schrijven over cliënten en naasten "
            "zonder namen of andere herleidbare gegevens. We stellen open vragen en oordelen niet over elkaar."
        )
    findings, texts = [], {}
    if form.validate_on_submit():
        outcome = privacy.guard(_group_texts(form), request.form.get("privacy_keuze"))
        texts = outcome.texts
        if outcome.unavailable:
            _guard_unavailable()
        elif outcome.needs_decision:
            findings = outcome.findings
        else:
            with saving(
                form=form,
                success=_(
                    "De groep is aangemaakt. Jij bent de facilitator; nodig nu je collega's uit."
                ),
            ) as saved:
                group = groups.create_group(
                    current_user,
                    name=texts["name"],
                    purpose=texts["purpose"],
                    rules=form.rules.data or "",
                )
            if saved:
                return redirect(url_for(".group", group_id=group.id))
    return render_template(
        "intervision/group_form.html", form=form, findings=findings, texts=texts,
        highlight=_highlight, title=_("Nieuwe intervisiegroep"), action="",
    )  # fmt: skip


def _group_texts(form) -> dict[str, str]:
    """A group's name and purpose are read by every member and invitee: the guard checks them."""
    return {"name": form.name.data or "", "purpose": form.purpose.data or ""}


def _guard_unavailable() -> None:
    """The guard did not answer: nothing is stored; the text stays in the form."""
    flash(
        _("De privacycontrole is op dit moment niet bereikbaar. Er is niets opgeslagen; je tekst "
          "staat nog in het formulier. Probeer het over een paar minuten opnieuw."),
        "warning",
    )  # fmt: skip


@bp.route("/groep/<int:group_id>")
@login_required
def group(group_id: int):
    group, membership = _member_group(group_id)
    settings = invite = None
    invitations = []
    if access.can_manage_group(membership):
        settings = SettingsForm(obj=group)
        settings.retention_days.data = str(group.retention_days or "")
        invite = InviteEmailForm()
        invitations = groups.open_invitations(group)
    new_link = session.pop("nieuwe_uitnodiging", None)
    return render_template(
        "intervision/group.html",
        group=group,
        membership=membership,
        threads=threads.threads_of(group, current_user),
        methods=METHODS,
        settings=settings,
        invite=invite,
        invitations=invitations,
        new_link=new_link if new_link and new_link.get("group") == group.id else None,
        action=ActionForm(),
    )


@bp.route("/groep/<int:group_id>/instellingen", methods=["POST"])
@login_required
def settings(group_id: int):
    group = _facilitated_group(group_id)[0]
    form = SettingsForm()
    if form.validate_on_submit():
        outcome = privacy.guard(_group_texts(form), request.form.get("privacy_keuze"))
        if outcome.unavailable or outcome.needs_decision:
            if outcome.unavailable:
                _guard_unavailable()
            return render_template(
                "intervision/group_form.html", form=form, findings=outcome.findings,
                texts=outcome.texts, highlight=_highlight, title=_("Groep instellen"),
                action=url_for(".settings", group_id=group.id),
            )  # fmt: skip
        with saving(success=_("De instellingen zijn opgeslagen.")):
            groups.update_group(
                group,
                name=outcome.texts["name"],
                purpose=outcome.texts["purpose"],
                rules=form.rules.data or "",
                retention_days=int(form.retention_days.data) if form.retention_days.data else None,
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
    return redirect(url_for(".group", group_id=group.id))


@bp.route("/groep/<int:group_id>/leden", methods=["POST"])
@login_required
def add_member(group_id: int):
    group = _facilitated_group(group_id)[0]
    form = InviteEmailForm()
    if form.validate_on_submit():
        with saving(
            success=_(
                "Als er een account met dit e-mailadres is, krijgt die persoon een uitnodiging. "
                "Lid wordt iemand pas na het accepteren."
            )
        ):
            groups.invite_by_email(group, form.email.data, current_user)
    else:
        flash(_("Vul een geldig e-mailadres in."), "danger")
    return redirect(url_for(".group", group_id=group.id))


@bp.route("/groep/<int:group_id>/uitnodigingslink", methods=["POST"])
@login_required
def create_link(group_id: int):
    group = _facilitated_group(group_id)[0]
    if ActionForm().validate_on_submit():
        with saving() as saved:
            token = groups.create_invitation(group, current_user)
        if saved:
            session["nieuwe_uitnodiging"] = {
                "group": group.id,
                "url": url_for(".join", token=token, _external=True),
            }
    return redirect(url_for(".group", group_id=group.id))


@bp.route("/groep/<int:group_id>/uitnodiging/<int:invitation_id>/intrekken", methods=["POST"])
@login_required
def revoke_link(group_id: int, invitation_id: int):
    group = _facilitated_group(group_id)[0]
    if ActionForm().validate_on_submit():
        with saving(success=_("De uitnodigingslink werkt niet meer.")):
            groups.revoke_invitation(group, invitation_id)
    return redirect(url_for(".group", group_id=group.id))


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@login_required
def join(token: str):
    invitation = groups.invitation_for_token(token)
    if invitation is None:
        return render_template("intervision/invitation_invalid.html"), 404
    if access.membership_in(current_user, invitation.group_id):
        return redirect(url_for(".group", group_id=invitation.group_id))
    form = ActionForm()
    if form.validate_on_submit():
        with saving() as saved:
            group = groups.join_with_token(current_user, token)
        if saved:
            flash(_("Welkom in %(name)s.", name=group.name), "success")
            return redirect(url_for(".group", group_id=group.id))
    return render_template("intervision/join.html", group=invitation.group, form=form)


@bp.route("/groep/<int:group_id>/leden/verwijderen", methods=["POST"])
@login_required
def remove_member(group_id: int):
    group, membership = _member_group(group_id)
    form = MemberForm()
    if form.validate_on_submit():
        with saving(success=_("Het lid is uit de groep verwijderd.")):
            groups.remove_member(group, membership, form.user_id.data)
    return redirect(url_for(".group", group_id=group.id))


@bp.route("/groep/<int:group_id>/facilitator", methods=["POST"])
@login_required
def hand_over(group_id: int):
    group, membership = _member_group(group_id)
    form = MemberForm()
    if form.validate_on_submit():
        with saving() as saved:
            target = groups.hand_over(group, membership, form.user_id.data)
        if saved:
            flash(_("%(name)s is nu de facilitator.", name=target.user.name), "success")
    return redirect(url_for(".group", group_id=group.id))


@bp.route("/groep/<int:group_id>/verlaten", methods=["GET", "POST"])
@login_required
def leave(group_id: int):
    group, membership = _member_group(group_id)
    form = ActionForm()
    if form.validate_on_submit():
        with saving() as saved:
            deleted = groups.leave_group(group, membership)
        if not saved:
            return redirect(url_for(".group", group_id=group_id))
        flash(
            _("Je was het laatste lid; de groep en haar casussen zijn verwijderd.")
            if deleted
            else _("Je hebt de groep verlaten."),
            "success",
        )
        return redirect(url_for(".index"))
    return render_template("intervision/leave.html", group=group, membership=membership, form=form)


# --- threads ------------------------------------------------------------------------------


def _case_choices() -> list[SelectChoice]:
    return [SelectChoice("", _("Geen"))] + [
        SelectChoice(str(c.id), c.title) for c in cases.published_cases()
    ]


def _keep_draft(group_id: int, place: str, texts: dict[str, str]) -> None:
    """The guard did not answer: nothing is published; the author's text waits for them alone."""
    with saving():
        drafts.keep(current_user, group_id, place, texts)
    flash(
        _("De privacycontrole is op dit moment niet bereikbaar. Je tekst is niet geplaatst, maar "
          "bewaard als concept dat alleen jij ziet. Probeer het over een paar minuten opnieuw: je "
          "tekst staat dan hier voor je klaar."),
        "warning",
    )  # fmt: skip


def _offer_draft(place: str, form, fields: tuple[str, ...]) -> None:
    """Fill the form with the author's waiting draft, and say that it was not published yet."""
    draft = drafts.find(current_user, place)
    if draft is None:
        return
    for name in fields:
        getattr(form, name).data = draft.texts.get(name, "")
    flash(_("Je concept staat hieronder klaar. Het is nog niet geplaatst: plaats het opnieuw."),
          "info")  # fmt: skip


def _highlight(text: str, findings, field: str):
    return privacy.highlight(text, [f for f in findings if f.field == field])


@bp.route("/groep/<int:group_id>/inbrengen", methods=["GET", "POST"])
@login_required
def new_thread(group_id: int):
    group, membership = _member_group(group_id)
    form = ThreadForm()
    form.method.choices = [SelectChoice(key, m.name) for key, m in METHODS.items()]
    form.case_id.choices = _case_choices()
    place = drafts.place_of("groep", group.id)
    if request.method == "GET":
        form.method.data = request.args.get("methode", DEFAULT_METHOD)
        form.case_id.data = request.args.get("casus", "")
        _offer_draft(place, form, ("title", "situation", "question"))
    findings, texts = [], {}
    if form.validate_on_submit():
        outcome = privacy.guard(
            {
                "title": form.title.data,
                "situation": form.situation.data,
                "question": form.question.data,
            },
            request.form.get("privacy_keuze"),
        )
        texts = outcome.texts
        if outcome.unavailable:
            _keep_draft(group.id, place, texts)
        elif outcome.needs_decision:
            findings = outcome.findings
        else:
            with saving(success=_("Je casus is ingebracht. De groep krijgt een melding.")) as saved:
                drafts.discard(current_user, place)
                thread = threads.start_thread(
                    group,
                    current_user,
                    title=texts["title"],
                    situation=texts["situation"],
                    question=texts["question"],
                    method=form.method.data,
                    case_id=int(form.case_id.data) if form.case_id.data else None,
                    privacy_confirmed=outcome.confirmed,
                )
            if saved:
                return redirect(url_for(".thread", thread_id=thread.id))
    return render_template(
        "intervision/thread_form.html",
        group=group,
        form=form,
        methods=METHODS,
        findings=findings,
        texts=texts,
        highlight=_highlight,
    )


@bp.route("/draad/<int:thread_id>", methods=["GET", "POST"])
@login_required
def thread(thread_id: int):
    thread, membership = _member_thread(thread_id)
    all_categories = curriculum.list_categories()
    form = PostForm()
    form.categories.choices = curriculum.category_choices(current_user.locale, all_categories)
    findings = []
    place = drafts.place_of("draad", thread.id)
    if request.method == "GET" and requested_id("reageer"):
        form.reply_to.data = requested_id("reageer")
    if request.method == "GET":
        _offer_draft(place, form, ("body",))
    if form.validate_on_submit():
        outcome = privacy.guard({"body": form.body.data}, request.form.get("privacy_keuze"))
        if outcome.unavailable:
            _keep_draft(thread.group_id, place, outcome.texts)
        elif outcome.needs_decision:
            findings = outcome.findings
        else:
            with saving(success=_("Je bericht is geplaatst.")) as saved:
                drafts.discard(current_user, place)
                post = posts.add_post(
                    thread,
                    membership,
                    body=outcome.texts["body"],
                    categories=form.categories.data or [],
                    reply_to_id=form.reply_to.data,
                    privacy_confirmed=outcome.confirmed,
                )
            if saved:
                return redirect(_post_url(thread.id, post.id, threads.page_of_post(post)))
    # Without a page number the thread opens where the reader left off.
    number = paging.requested_page() if paging.asked_for_page() else None
    # The read marker is committed after rendering, so nothing is reloaded.
    with saving():
        page = threads.thread_page(thread, current_user, number)
        html = render_template(
            "intervision/thread.html",
            thread=thread,
            group=thread.group,
            membership=membership,
            method=access.method_of(thread),
            phase=access.current_phase(thread),
            page=page,
            form=form,
            action=ActionForm(),
            findings=findings,
            highlight=_highlight,
            silenced=access.silenced(membership, thread),
            can_advance=access.can_advance(membership, thread),
            can_close=access.can_close(membership, thread),
            can_edit=lambda post: access.can_edit(current_user, post, thread),
            can_remove=lambda post: access.can_remove(membership, post),
            categories={c.slug: c for c in all_categories},
            shared_maps=maps.shared_in(thread),
            drawing=map_views.drawing_of,
            words=WORDS,
        )
    return html


# --- network maps shared into a thread -------------------------------------------------------


@bp.route("/netwerkkaart/<int:map_id>/delen", methods=["GET", "POST"])
@login_required
def share_map(map_id: int):
    network_map = netmaps.map_for_owner(current_user, map_id) or abort(404)
    open_threads = maps.threads_to_share_into(current_user)
    form = ShareForm()
    form.thread.choices = [
        SelectChoice(str(t.id), f"{t.title} ({t.group.name})") for t in open_threads
    ]
    if form.validate_on_submit():
        chosen = next((t for t in open_threads if str(t.id) == form.thread.data), None)
        if chosen is None:
            form.thread.errors = [_("Kies een open casus uit een van je intervisiegroepen.")]
        else:
            with saving(form=form, success=_("De kaart is gedeeld in de casus.")) as saved:
                shared = maps.share(chosen, current_user, network_map, form.with_notes.data == "ja")
            if saved:
                return redirect(
                    url_for(".thread", thread_id=chosen.id, _anchor=f"kaart-{shared.id}")
                )
    return render_template(
        "intervision/share_map.html", form=form, network_map=network_map,
        has_threads=bool(open_threads),
    )  # fmt: skip


def _member_shared_map(shared_id: int):
    """A shared map for a member of its group; a copy taken by someone else is logged."""
    shared = maps.shared_for_member(current_user, shared_id) or abort(404)
    if shared.shared_by_id != current_user.id:
        audit.record(current_user, shared.shared_by, "netmap.shared", f"kaart {shared.id}")
        db.session.commit()
    return shared


@bp.route("/kaart/<int:shared_id>/afdrukken")
@login_required
def print_shared_map(shared_id: int):
    shared = _member_shared_map(shared_id)
    return map_views.printable(
        shared.persons, shared.label, _("Netwerkkaart van %(label)s", label=shared.label),
        url_for(".thread", thread_id=shared.thread_id, _anchor=f"kaart-{shared.id}"),
        shared.shared_at,
    )  # fmt: skip


@bp.route("/kaart/<int:shared_id>/kaart.svg")
@login_required
def shared_map_svg(shared_id: int):
    shared = _member_shared_map(shared_id)
    return map_views.svg_download(
        shared.persons, shared.label, _("Netwerkkaart van %(label)s", label=shared.label),
        f"netwerkkaart-gedeeld-{shared.id}.svg",
    )  # fmt: skip


@bp.route("/draad/<int:thread_id>/fase", methods=["POST"])
@login_required
def advance(thread_id: int):
    thread, membership = _member_thread(thread_id)
    if ActionForm().validate_on_submit():
        with saving() as saved:
            threads.advance_phase(thread, membership)
        if saved:
            flash(
                _("De fase '%(phase)s' is begonnen.", phase=access.current_phase(thread).name),
                "success",
            )
    return redirect(url_for(".thread", thread_id=thread.id))


@bp.route("/draad/<int:thread_id>/volgen", methods=["POST"])
@login_required
def follow(thread_id: int):
    thread, _membership = _member_thread(thread_id)
    if ActionForm().validate_on_submit():
        following = request.form.get("volgen") == "1"
        with saving(
            success=_("Je volgt deze casus.") if following else _("Je volgt deze casus niet meer.")
        ):
            threads.set_following(thread, current_user, following)
    return redirect(url_for(".thread", thread_id=thread.id))


@bp.route("/draad/<int:thread_id>/afsluiten", methods=["GET", "POST"])
@login_required
def close(thread_id: int):
    thread, membership = _member_thread(thread_id)
    if not access.can_close(membership, thread):
        flash(
            _("Alleen de inbrenger sluit de casus af, in de laatste fase van de methode."),
            "warning",
        )
        return redirect(url_for(".thread", thread_id=thread.id))
    form = TakeawayForm()
    form.categories.choices = curriculum.category_choices(current_user.locale)
    place = drafts.place_of("afsluiten", thread.id)
    if request.method == "GET":
        _offer_draft(place, form, ("takeaway",))
    findings = []
    if form.validate_on_submit():
        # the takeaway is read by the group (and copied into the journal): the guard checks it
        outcome = privacy.guard({"takeaway": form.takeaway.data}, request.form.get("privacy_keuze"))
        if outcome.unavailable:
            _keep_draft(thread.group_id, place, outcome.texts)
        elif outcome.needs_decision:
            findings = outcome.findings
        else:
            with saving(
                success=_("De casus is afgesloten. Dank je wel voor het inbrengen.")
            ) as saved:
                drafts.discard(current_user, place)
                threads.close_thread(
                    thread,
                    membership,
                    takeaway=outcome.texts["takeaway"],
                    categories=form.categories.data or [],
                    confidence=form.confidence.data,
                    to_journal=form.to_journal.data,
                    privacy_confirmed=outcome.confirmed,
                )
            if saved:
                return redirect(url_for(".thread", thread_id=thread.id))
    return render_template(
        "intervision/close.html", thread=thread, form=form, findings=findings,
        highlight=_highlight,
    )  # fmt: skip


@bp.route("/bericht/<int:post_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    post, membership = _member_post(post_id)
    thread = post.thread
    if not access.can_edit(current_user, post, thread):
        flash(
            _("Je kunt een bericht alleen in het eerste kwartier na plaatsen bewerken."), "warning"
        )
        return redirect(url_for(".thread", thread_id=thread.id))
    form = PostForm(obj=post) if request.method == "GET" else PostForm()
    form.categories.choices = curriculum.category_choices(current_user.locale)
    place = drafts.place_of("bericht", post.id)
    if request.method == "GET":
        _offer_draft(place, form, ("body",))
    findings = []
    if form.validate_on_submit():
        outcome = privacy.guard({"body": form.body.data}, request.form.get("privacy_keuze"))
        if outcome.unavailable:
            _keep_draft(thread.group_id, place, outcome.texts)
        elif outcome.needs_decision:
            findings = outcome.findings
        else:
            thread_id, post_id, number = thread.id, post.id, threads.page_of_post(post)
            with saving(success=_("Je bericht is bijgewerkt.")):
                drafts.discard(current_user, place)
                posts.edit_post(
                    post,
                    thread,
                    current_user,
                    body=outcome.texts["body"],
                    categories=form.categories.data or [],
                    privacy_confirmed=outcome.confirmed,
                )
            return redirect(_post_url(thread_id, post_id, number))
    return render_template(
        "intervision/post_edit.html", post=post, thread=thread, form=form, findings=findings,
        highlight=_highlight,
    )  # fmt: skip


@bp.route("/bericht/<int:post_id>/verwijderen", methods=["GET", "POST"])
@login_required
def remove_post(post_id: int):
    post, membership = _member_post(post_id)
    form = ActionForm()
    if form.validate_on_submit():
        thread_id, post_id, number = post.thread_id, post.id, threads.page_of_post(post)
        with saving(success=_("Het bericht is verwijderd.")):
            posts.remove_post(post, membership)
        return redirect(_post_url(thread_id, post_id, number))
    if not access.can_remove(membership, post):
        abort(403)
    return render_template("intervision/post_remove.html", post=post, form=form)


@bp.route("/bericht/<int:post_id>/nuttig", methods=["POST"])
@login_required
def helpful(post_id: int):
    post, _membership = _member_post(post_id)
    thread_id, number = post.thread_id, threads.page_of_post(post)
    if ActionForm().validate_on_submit():
        with saving() as saved:
            marked = posts.toggle_helpful(post, current_user)
        if saved:
            flash(
                _("Gemarkeerd als nuttig.") if marked else _("Markering 'nuttig' weggehaald."),
                "success",
            )
    return redirect(_post_url(thread_id, post_id, number))


@bp.route("/bericht/<int:post_id>")
@login_required
def post_link(post_id: int):
    """A link to one post: the page of its thread that shows it."""
    post, _membership = _member_post(post_id)
    return redirect(_post_url(post.thread_id, post.id, threads.page_of_post(post)))


# --- notifications and participation ------------------------------------------------------


@bp.route("/meldingen", methods=["GET", "POST"])
@login_required
def notifications():
    form = DigestForm()
    if form.validate_on_submit():
        with saving(success=_("Je keuze voor het e-mailoverzicht is opgeslagen.")):
            notices.set_digest_frequency(current_user, form.frequency.data)
        return redirect(url_for(".notifications"))
    if request.method == "GET":
        form.frequency.data = notices.digest_frequency(current_user)
    page = notices.notifications_of(current_user, paging.requested_page())
    return render_template(
        "intervision/notifications.html", page=page, form=form, action=ActionForm(),
        text=notices.notification_text,
    )  # fmt: skip


@bp.route("/meldingen/gelezen", methods=["POST"])
@login_required
def notifications_read():
    if ActionForm().validate_on_submit():
        with saving():
            notices.mark_all_read(current_user)
    return redirect(url_for(".notifications"))


@bp.route("/deelname")
@login_required
def participation():
    return render_template(
        "intervision/participation.html", data=threads.participation(current_user), methods=METHODS
    )

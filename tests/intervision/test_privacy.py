"""The privacy guard (deduce) on Dutch texts: findings, pseudonymising, confirming."""

import pytest
import sqlalchemy as sa

from tests.conftest import log_in, post_form
from tests.intervision.conftest import membership
from training.extensions import db
from training.intervision import posts, privacy
from training.intervision.models import Post, Thread

TEXT = (
    "Gisteren sprak ik Jan de Vries (45 jaar) in Haarlem, hij woont aan de Kerkstraat 12, "
    "2011 AB. Zijn BSN is 111222333. Bel hem op 06-12345678 of mail jan@voorbeeld.nl."
)


@pytest.fixture(autouse=True)
def _guard(guard_ready):
    return guard_ready


def test_guard_finds_names_places_addresses_ages_phone_email_and_bsn():
    tags = {f.tag for f in privacy.find_identifiers({"body": TEXT})}
    assert {"persoon", "locatie", "leeftijd", "telefoonnummer", "emailadres", "bsn"} <= tags


def test_guard_tells_a_valid_bsn_from_an_invalid_one():
    valid = privacy.find_identifiers({"body": "BSN van de cliënt: 111222333."})
    invalid = privacy.find_identifiers({"body": "BSN van de cliënt: 123456789."})
    assert [f.tag for f in valid] == ["bsn"]
    assert "bsn" not in {f.tag for f in invalid}  # fails the 11-proef


def test_pseudonymising_uses_deduce_placeholders():
    text = privacy.pseudonymise(TEXT)
    assert "Jan de Vries" not in text and "[PERSOON-1]" in text
    assert "111222333" not in text and "[BSN-1]" in text


def test_text_without_identifiers_passes():
    outcome = privacy.guard({"body": "Ik vraag me af hoe ik zijn zus kan betrekken."}, None)
    assert not outcome.needs_decision and outcome.confirmed is None


def test_post_with_a_name_is_not_stored_until_the_author_chooses(client, make_group, make_thread):
    group, (_, member, other) = make_group()
    thread = make_thread(group, member)
    log_in(client, other.email)
    url = f"/intervisie/draad/{thread.id}"
    response = post_form(client, url, {"body": TEXT})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mogelijk herleidbare gegevens gevonden" in html
    assert "<mark" in html and "Jan de Vries" in html
    assert "Je keuze wordt bij het bericht vastgelegd." in html  # a post keeps the choice
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 0

    post_form(client, url, {"body": TEXT, "privacy_keuze": "pseudonimiseren"})
    post = db.session.scalar(sa.select(Post))
    assert "Jan de Vries" not in post.body and "[PERSOON-1]" in post.body
    assert "[BSN-1]" in post.body and post.privacy_confirmed is None


def test_confirming_keeps_the_text_and_records_the_choice(client, make_group, make_thread):
    group, (_, member, other) = make_group()
    thread = make_thread(group, member)
    log_in(client, other.email)
    post_form(
        client, f"/intervisie/draad/{thread.id}",
        {"body": "Ik noem hem Kees Jansen, een verzonnen naam.", "privacy_keuze": "bevestigen"},
    )  # fmt: skip
    post = db.session.scalar(sa.select(Post))
    assert "Kees Jansen" in post.body
    assert "persoon" in post.privacy_confirmed["tags"]
    assert "Kees" not in str(post.privacy_confirmed)  # the record keeps kinds, not the data


def test_new_thread_is_checked_in_all_its_fields(client, make_group):
    group, (_, member, _) = make_group()
    log_in(client, member.email)
    url = f"/intervisie/groep/{group.id}/inbrengen"
    data = {
        "title": "Meneer Bakker wil niet",
        "method": "incidentmethode",
        "situation": "Hij woont in Zaandam.",
        "question": "Hoe kan ik hem beter steunen?",
        "case_id": "",
    }
    html = post_form(client, url, data).get_data(as_text=True)
    assert "Mogelijk herleidbare gegevens gevonden" in html
    assert db.session.scalar(sa.select(sa.func.count(Thread.id))) == 0
    post_form(client, url, {**data, "privacy_keuze": "pseudonimiseren"})
    thread = db.session.scalar(sa.select(Thread))
    assert "Zaandam" not in thread.situation and "[LOCATIE-1]" in thread.situation


def test_question_must_be_in_the_first_person(client, make_group):
    group, (_, member, _) = make_group()
    log_in(client, member.email)
    html = post_form(
        client, f"/intervisie/groep/{group.id}/inbrengen",
        {"title": "Zus overbelast", "method": "vrij", "situation": "Zijn zus kan niet meer.",
         "question": "Wat moet er gebeuren?", "case_id": ""},
    ).get_data(as_text=True)  # fmt: skip
    assert "Stel je vraag in de ik-vorm" in html
    assert db.session.scalar(sa.select(sa.func.count(Thread.id))) == 0


@pytest.fixture
def guard_down(app, monkeypatch):
    """The guard service does not answer (nothing listens on this port)."""
    from training.privacyguard.process import free_port

    monkeypatch.setitem(app.config, "PRIVACY_GUARD_URL", f"http://127.0.0.1:{free_port()}")


def test_without_the_guard_a_post_waits_as_a_private_draft(app, client, make_group, make_thread,
                                                           guard_down, monkeypatch):  # fmt: skip
    from training.intervision.models import Draft

    group, (_, member, other) = make_group()
    thread = make_thread(group, member)
    log_in(client, other.email)
    url = f"/intervisie/draad/{thread.id}"
    response = post_form(client, url, {"body": "Mijn vraag aan de groep over zijn zus."})
    assert response.status_code == 200
    assert "De privacycontrole is op dit moment niet bereikbaar" in response.text
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 0
    draft = db.session.scalar(sa.select(Draft))
    assert draft.user_id == other.id and draft.texts == {
        "body": "Mijn vraag aan de groep over zijn zus."
    }

    page = client.get(url).text  # the author finds the text waiting
    assert "Je concept staat hieronder klaar" in page and "over zijn zus.</textarea>" in page
    colleague = app.test_client()
    log_in(colleague, member.email)
    assert "over zijn zus" not in colleague.get(url).text  # nobody else sees it

    monkeypatch.undo()  # the guard answers again
    post_form(client, url, {"body": "Mijn vraag aan de groep over zijn zus."})
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(Draft.id))) == 0


def test_without_the_guard_a_new_case_and_an_edit_wait_too(app, client, make_group, make_thread,
                                                          guard_down):  # fmt: skip
    from training.intervision.models import Draft

    group, (_, member, _) = make_group()
    log_in(client, member.email)
    page = post_form(
        client, f"/intervisie/groep/{group.id}/inbrengen",
        {"title": "Een broer die niet terugbelt", "method": "incidentmethode", "case_id": "",
         "situation": "Een cliënt wil zijn broer weer zien, maar die belt niet terug.",
         "question": "Hoe bereid ik het eerste contact voor?"},
    )  # fmt: skip
    assert "niet bereikbaar" in page.text
    assert db.session.scalar(sa.select(sa.func.count(Thread.id))) == 0
    assert db.session.scalar(sa.select(Draft.place)) == f"groep-{group.id}"
    assert (
        "Een broer die niet terugbelt" in client.get(f"/intervisie/groep/{group.id}/inbrengen").text
    )

    thread = make_thread(group, member)
    post = posts.add_post(thread, membership(group, member), body="Eerste versie.", categories=[])
    db.session.commit()
    edit = post_form(client, f"/intervisie/bericht/{post.id}/bewerken", {"body": "Tweede versie."})
    assert "niet bereikbaar" in edit.text
    db.session.refresh(post)
    assert post.body == "Eerste versie."
    assert db.session.scalar(sa.select(Draft.texts).where(Draft.place == f"bericht-{post.id}")) == {
        "body": "Tweede versie."
    }


def test_drafts_are_in_the_authors_data_export(app, make_group, make_user):
    from training.intervision import drafts
    from training.mydata import export

    group, (_, member, other) = make_group()
    drafts.keep(member, group.id, drafts.place_of("groep", group.id), {"title": "Concepttitel"})
    db.session.commit()
    assert "Concepttitel" in str(export.intervision(member))
    assert "Concepttitel" not in str(export.intervision(other))


def test_another_organisation_never_reaches_a_draft(app, make_group, make_thread, make_user):
    from training.intervision import drafts
    from training.mydata import export
    from training.organisations import service as organisations

    group, (_, member, _) = make_group()
    thread = make_thread(group, member)
    drafts.keep(member, group.id, drafts.place_of("draad", thread.id), {"body": "Concept-4471"})
    other = organisations.create_organisation("Kenter Zuid", ["zuid.nl"])
    db.session.commit()
    for role in ("learner", "trainer", "beheerder", "admin"):
        outsider = make_user(email=f"{role}@zuid.nl", role=role, org=other)
        client = app.test_client()
        log_in(client, outsider.email)
        page = client.get(f"/intervisie/draad/{thread.id}")
        assert page.status_code == 404 and "Concept-4471" not in page.text
        assert "Concept-4471" not in str(export.intervision(outsider))


# --- every free text that other people read --------------------------------------------

HIDDEN = "Ik sprak j\u200ban de v\u200bries, bsn 111 222 333."


def test_a_disguised_name_and_bsn_in_a_post_are_found_and_removed_whole():
    findings = privacy.find_identifiers({"body": HIDDEN})
    assert {f.tag for f in findings} >= {"persoon", "bsn"}
    masked = privacy.pseudonymise(HIDDEN)
    assert "\u200b" not in masked and "ries" not in masked and "333" not in masked
    assert masked.startswith("Ik sprak [PERSOON-1], bsn [BSN-1]")


def test_a_group_name_with_a_client_is_not_stored_without_a_choice(client, make_user):
    from training.intervision.models import IntervisionGroup

    log_in(client, make_user().email)
    data = {"name": "Overleg over mevrouw Jansen", "purpose": "", "rules": "Vertrouwelijk"}
    html = post_form(client, "/intervisie/nieuw", data).get_data(as_text=True)
    assert "Mogelijk herleidbare gegevens gevonden" in html
    # a group does not keep a confirmed choice: the page must not promise that it does
    assert "vastgelegd" not in html
    assert db.session.scalar(sa.select(IntervisionGroup)) is None
    post_form(client, "/intervisie/nieuw", {**data, "privacy_keuze": "pseudonimiseren"})
    group = db.session.scalar(sa.select(IntervisionGroup))
    assert "Jansen" not in group.name and "[PERSOON-1]" in group.name


def test_a_group_purpose_changed_by_the_facilitator_is_checked(client, make_group):
    group, (facilitator, *_) = make_group()
    log_in(client, facilitator.email)
    url = f"/intervisie/groep/{group.id}/instellingen"
    data = {"name": group.name, "purpose": "Voor de casus van dhr. bakker, 06 12 34 56 78",
            "rules": group.rules, "retention_days": ""}  # fmt: skip
    html = post_form(client, url, data).get_data(as_text=True)
    assert "Mogelijk herleidbare gegevens gevonden" in html
    db.session.refresh(group)
    assert "bakker" not in group.purpose
    post_form(client, url, {**data, "privacy_keuze": "bevestigen"})
    db.session.refresh(group)
    assert "bakker" in group.purpose  # the facilitator chose to keep it


def test_the_takeaway_is_checked_before_the_thread_closes_and_the_journal_gets_it(
    client, make_group, make_thread
):
    from training.intervision import threads
    from training.journal.models import JournalEntry

    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member, method="vrij")
    while not access_can_close(thread, group, member):
        threads.advance_phase(thread, membership(group, facilitator))
    db.session.commit()
    log_in(client, member.email)
    url = f"/intervisie/draad/{thread.id}/afsluiten"
    data = {"takeaway": "Ik bel Kees Jansen op 0612345678.", "confidence": "2",
            "to_journal": "y"}  # fmt: skip
    html = post_form(client, url, data).get_data(as_text=True)
    assert "Mogelijk herleidbare gegevens gevonden" in html
    db.session.refresh(thread)
    assert thread.takeaway is None and db.session.scalar(sa.select(JournalEntry)) is None
    post_form(client, url, {**data, "privacy_keuze": "pseudonimiseren"})
    db.session.refresh(thread)
    assert thread.takeaway == "Ik bel [PERSOON-1] op [TELEFOONNUMMER-1]."
    entry = db.session.scalar(sa.select(JournalEntry))
    assert "Kees" not in str(entry.answers) and "0612345678" not in str(entry.answers)


def access_can_close(thread, group, user):
    from training.intervision import access

    return access.can_close(membership(group, user), thread)

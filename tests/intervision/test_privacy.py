"""The privacy guard (deduce) on Dutch texts: findings, pseudonymising, confirming."""

import pytest
import sqlalchemy as sa

from tests.conftest import log_in, post_form
from training.extensions import db
from training.intervision import privacy
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

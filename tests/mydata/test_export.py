"""The download holds everything about the person and nothing of anyone else."""

from __future__ import annotations

import io
import json
import zipfile

import sqlalchemy as sa

from tests.conftest import count_queries, export_via_job, log_in
from tests.mydata.conftest import (
    OTHER_EMAIL,
    OTHER_JOURNAL,
    OTHER_NAME,
    OTHER_POST,
    SUBJECT_EMAIL,
    SUBJECT_ESSAY,
    SUBJECT_POST,
    TRAINER_EMAIL,
    TRAINER_NAME,
)
from training.audit.models import AuditEntry
from training.competence import service as competence
from training.curriculum import service as curriculum
from training.extensions import db
from training.journal import service as journal
from training.mydata import export
from training.netmap import service as netmaps
from training.quizzes import service as quizzes

AREAS = {
    "profiel.json",
    "voortgang.json",
    "toetsen.json",
    "casussen.json",
    "journaal.json",
    "netwerkkaarten.json",
    "intervisie.json",
    "meldingen.json",
    "uitnodigingen.json",
    "bewijs.json",
    "schattingen.json",
    "zelfbeoordelingen.json",
    "trainerbeoordelingen.json",
    "opleidingsgroepen.json",
    "audit.json",
}


def _download(client) -> zipfile.ZipFile:
    response = export_via_job(client, "/account/gegevens/download", page="/account/gegevens")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="netwerkwijs-mijn-gegevens-')
    return zipfile.ZipFile(io.BytesIO(response.data))


def _files(archive: zipfile.ZipFile) -> dict[str, str]:
    return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_zip_has_one_json_file_per_area_and_a_summary(client, world):
    log_in(client, SUBJECT_EMAIL)
    files = _files(_download(client))
    assert set(files) == AREAS | {"index.html"}
    for name in AREAS:
        json.loads(files[name])
    summary = files["index.html"]
    assert "Mijn gegevens bij Netwerkwijs" in summary
    assert "<style>" in summary
    assert "http" not in summary  # self-contained: no stylesheet, script or image from elsewhere


def test_the_zip_holds_what_the_person_did(client, world):
    log_in(client, SUBJECT_EMAIL)
    files = _files(_download(client))
    data = {name: json.loads(text) for name, text in files.items() if name.endswith(".json")}
    assert data["profiel.json"]["e-mailadres"] == SUBJECT_EMAIL
    assert data["profiel.json"]["organisatie"] == "Opvang Noord"
    assert data["voortgang.json"][0]["module"]
    essays = [a for t in data["toetsen.json"] for a in t["antwoorden"] if a["soort"] == "essay"]
    (essay,) = [a for a in essays if a["vraag"] == "Open vraag"]
    assert essay["jouw_antwoord"] == SUBJECT_ESSAY
    assert essay["feedback_van_trainer"] == "Goed begin, werk de tweede stap uit."
    # a question left open shows as no answer, not as an empty structure
    assert all(a["jouw_antwoord"] != {} for t in data["toetsen.json"] for a in t["antwoorden"])
    steps = data["casussen.json"][0]["stappen"]
    assert any(s["jouw_keuze"] for s in steps)
    assert any(s["jouw_reflectie"] == "Quirijn-reflectie bij de casus" for s in steps)
    assert data["journaal.json"][0]["antwoorden"]["handelen"] == "Quirijn-reflectie"
    intervision = data["intervisie.json"]
    assert {p["tekst"] for p in intervision["jouw_berichten"]} == {
        SUBJECT_POST,
        SUBJECT_POST + " (inbreng)",
    }
    assert intervision["groepen"][0] == {
        "groep": "Intervisie Noord",
        "rol": "facilitator",
        "lid_sinds": intervision["groepen"][0]["lid_sinds"],
    }
    assert intervision["ingebrachte_casussen"][0]["titel"] == "Quirijn-casus over een broer"
    assert [i["groep"] for i in data["uitnodigingen.json"]] == ["Tweede groep"]
    assert {n["melding"] for n in data["meldingen.json"]} >= {"Uitnodiging voor een groep"}
    sources = {e["bron"] for e in data["bewijs.json"]}
    assert "beoordeling door een trainer" in sources
    assert data["schattingen.json"] and data["zelfbeoordelingen.json"]
    assert data["trainerbeoordelingen.json"][0]["beoordeeld_door"] == "trainer"
    assert data["opleidingsgroepen.json"][0]["groep"] == "Najaarsgroep Noord"
    assert data["audit.json"][0]["door"] == "trainer"
    assert SUBJECT_POST in files["index.html"]
    maps = data["netwerkkaarten.json"]
    (own,) = maps["eigen_kaarten"]
    assert own["client"] == "Q-cliënt" and own["personen"][0]["notitie"] == "Quirijn-notitie"
    assert own["versies"][0]["aantekening"] == "eerste gesprek"
    assert maps["gedeeld_in_intervisie"][0]["met_notities"] is False


def test_the_zip_contains_nothing_of_other_people(client, world):
    log_in(client, SUBJECT_EMAIL)
    files = _files(_download(client))
    for name, text in files.items():
        for foreign in (
            OTHER_NAME,
            OTHER_EMAIL,
            OTHER_POST,
            OTHER_JOURNAL,
            TRAINER_NAME,
            TRAINER_EMAIL,
            "Wendelien",
            "Tjitske",
        ):
            assert foreign.lower() not in text.lower(), f"{foreign!r} in {name}"
    assert f"volgens {world.other.id}" not in files["bewijs.json"]


def test_collecting_runs_a_fixed_number_of_queries(world):
    user = world.subject
    assert user.email  # loaded before counting
    with count_queries() as few:
        export.collect(user)
    category = curriculum.get_category("bewustwording")
    for n in range(4):
        journal.create_entry(user, title=f"Extra {n}", framework="alact", answers={"handelen": "x"})
        competence.record_evidence(user, category, "quiz", 0.5, f"extra {n}")
        quizzes.submit_attempt(quizzes.start_practice_quiz(user, [category], 2))
        extra_map = netmaps.create_map(user, f"K{n}")
        netmaps.add_person(extra_map, {
            "name": "oom", "sector": "familie", "ring": "intimi", "quality": "zwak",
            "active": True, "gets": [], "gives": [], "note": "",
        })  # fmt: skip
        netmaps.save_version(extra_map, netmaps.today(), "")
    db.session.commit()
    assert user.email
    with count_queries() as more:
        export.collect(user)
    assert len(more) == len(few) <= 25  # one or two per area (four for the network maps)


def test_a_download_needs_the_csrf_token(client, world):
    log_in(client, SUBJECT_EMAIL)
    assert client.post("/account/gegevens/download").status_code in (302, 400)


def test_the_persons_own_download_is_not_audited(client, world):
    log_in(client, SUBJECT_EMAIL)
    before = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    _download(client)
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == before


def test_the_page_explains_and_links(client, world):
    log_in(client, SUBJECT_EMAIL)
    page = client.get("/account/gegevens").get_data(as_text=True)
    assert "Download mijn gegevens" in page and "/account/verwijderen" in page
    assert "/account/gegevens" in client.get("/account/").get_data(as_text=True)


def test_anonymous_visitors_go_to_login(client):
    for url in (
        "/account/gegevens",
        "/account/verwijderen",
        "/beheer/gebruikers/1/gegevens",
        "/beheer/gebruikers/1/verwijderen",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]

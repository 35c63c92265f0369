"""GIFT uploads: a size and a question limit, parsed before anything is written, all or nothing."""

from __future__ import annotations

from io import BytesIO

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from training.extensions import db
from training.quizzes import bank
from training.quizzes.models import Question


def question_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Question))


def gift(count: int, padding: int = 0) -> bytes:
    text = "".join(
        f"::V{n}:: Telt een buurman mee in het netwerk?{' ' * padding}{{T}}\n\n"
        for n in range(count)
    )
    return text.encode()


def upload(client, data: bytes, name: str = "vragen.gift"):
    return post_form(
        client,
        "/quizzes/importeren",
        {"file": (BytesIO(data), name), "category": "bewustwording"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (gift(3, padding=100 * 1024), "groter dan 100 kB"),
        (gift(bank.MAX_UPLOAD_QUESTIONS + 1), "hoogstens 2000 per keer"),
        (gift(2) + b"::Nul:: Een\x00byte{T}\n", "stuurteken"),
    ],
    ids=["too-large", "too-many-questions", "nul-byte"],
)
def test_an_upload_over_a_limit_is_refused_whole(
    trainer_client, synced_content, monkeypatch, data, message
):
    # 100 kB here: Werkzeug's test client leaves a temporary file open for a body over 500 kB
    monkeypatch.setattr(bank, "MAX_UPLOAD_BYTES", 100 * 1024)
    before = question_count()
    response = upload(trainer_client, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert "er is niets veranderd" in html
    assert question_count() == before


def test_the_size_limit_is_512_kb_and_checked_before_decoding():
    assert bank.MAX_UPLOAD_BYTES == 512 * 1024
    with pytest.raises(bank.ImportRefused, match="groter dan 512 kB"):
        bank.read_upload(b"\xff" * (bank.MAX_UPLOAD_BYTES + 1), "groot.gift")
    assert len(bank.read_upload(gift(1, padding=bank.MAX_UPLOAD_BYTES - 100), "x.gift")) == 1


def test_an_upload_at_the_limit_is_imported_whole(trainer_client, synced_content):
    before = question_count()
    response = upload(trainer_client, gift(bank.MAX_UPLOAD_QUESTIONS))
    assert "2000 vragen geïmporteerd" in response.get_data(as_text=True)
    assert question_count() == before + bank.MAX_UPLOAD_QUESTIONS


def test_nothing_is_written_until_the_file_is_parsed(trainer_client, synced_content, monkeypatch):
    """The write transaction (SQLite's lock) starts after parsing, with the insert."""
    log: list[str] = []
    parse = bank.parse_file

    def parse_and_note(text, filename):
        questions = parse(text, filename)
        log.append("parsed")
        return questions

    def note(conn, cursor, statement, parameters, context, executemany):
        log.append(statement.split(None, 1)[0].upper())

    monkeypatch.setattr(bank, "parse_file", parse_and_note)
    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        token_page = trainer_client.get("/quizzes/importeren")
        assert token_page.status_code == 200
        log.clear()
        response = upload(trainer_client, gift(50))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    assert "50 vragen geïmporteerd" in response.get_data(as_text=True)
    parsed_at = log.index("parsed")
    assert not {"INSERT", "UPDATE", "DELETE"} & set(log[:parsed_at]), log[:parsed_at]
    assert "INSERT" in log[parsed_at:]


def test_an_uploaded_file_name_loses_folders_and_control_characters():
    assert bank.upload_filename("C:\\map\\vra\x01gen.gift") == "vragen.gift"
    assert bank.upload_filename("\x00") == "upload.gift"

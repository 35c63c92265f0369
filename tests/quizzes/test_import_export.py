import json
from io import BytesIO

import sqlalchemy as sa

from tests.conftest import post_form
from tests.quizzes.test_gift_parser import FIXTURES
from training.curriculum.models import Category
from training.extensions import db
from training.quizzes import bank
from training.quizzes.models import Question


def question_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Question))


def test_import_gift_json_report_for_a_moodle_file(app, synced_content):
    before = question_count()
    result = app.test_cli_runner().invoke(
        args=["quizzes", "import-gift", str(FIXTURES / "moodle-questions.gift.txt"), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["imported"] == 9
    assert report["by_type"] == {"essay": 1, "matching": 1, "multiple": 1, "numerical": 1,
                                 "shortanswer": 1, "single": 1, "truefalse": 3}  # fmt: skip
    assert report["uncategorised"] == 9
    assert question_count() == before + 9


def test_category_switch_selects_a_category_by_name_or_slug(app, synced_content, tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text(
        "$CATEGORY: $course$/top/Werk aan relatieherstel of -behoud\n\n::A::Een{T}\n\n"
        "$CATEGORY: netwerkwijs/RANDVOORWAARDEN\n\n::B::Twee{F}\n\n"
        "$CATEGORY: iets/anders\n\n::C::Drie{T}\n",
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(
        args=["quizzes", "import-gift", str(path), "--category", "bewustwording", "--json"]
    )
    assert json.loads(result.output)["by_category"] == {
        "bewustwording": 1, "randvoorwaarden": 1, "relatieherstel": 1
    }  # fmt: skip


def test_a_broken_file_is_refused_whole_with_file_and_line(app, synced_content, tmp_path):
    path = tmp_path / "kapot.gift"
    path.write_text("::A::Goed{T}\n\n::B::Kapot{=ja ~nee\n", encoding="utf-8")
    before = question_count()
    result = app.test_cli_runner().invoke(args=["quizzes", "import-gift", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3: accolades" in result.output
    assert "Niets geïmporteerd." in result.output
    assert question_count() == before


def test_a_file_that_is_not_utf8_is_refused(app, synced_content, tmp_path):
    path = tmp_path / "latin1.gift"
    path.write_bytes("::A::Caf\xe9{T}".encode("latin-1"))
    result = app.test_cli_runner().invoke(args=["quizzes", "import-gift", str(path)])
    assert result.exit_code == 1
    assert "geen UTF-8" in result.output


def test_the_whole_bank_survives_export_and_import(app, synced_content):
    exported = bank.export_gift()
    originals = {q.name: q for q in bank.bank_questions()}
    again = bank.parse_file(exported, "export.gift")
    assert len(again) == len(originals) > 0
    for gift in again:
        original = bank.to_gift(originals[gift.name])
        assert (gift.qtype, gift.text, gift.general_feedback, gift.category_segment) == (
            original.qtype, original.text, original.general_feedback, original.category_segment
        )  # fmt: skip
        assert [(a.text, a.fraction, a.feedback, a.match) for a in gift.answers] == [
            (a.text, a.fraction, a.feedback, a.match) for a in original.answers
        ]


def test_stats_json(app, synced_content):
    result = app.test_cli_runner().invoke(args=["quizzes", "stats", "--json"])
    stats = json.loads(result.output)
    assert stats["questions"] == question_count()
    assert sum(stats["by_type"].values()) == stats["questions"]


def test_export_gift_cli_limits_to_a_category(app, synced_content):
    result = app.test_cli_runner().invoke(
        args=["quizzes", "export-gift", "--category", "randvoorwaarden"]
    )
    assert result.exit_code == 0
    assert "$CATEGORY: netwerkwijs/randvoorwaarden" in result.output
    assert "netwerkwijs/relatieherstel" not in result.output


def test_trainer_uploads_a_gift_file(trainer_client, synced_content):
    data = (FIXTURES / "moodle-questions-in-category.gift.txt").read_bytes()
    before = question_count()
    response = post_form(
        trainer_client,
        "/quizzes/importeren",
        {"file": (BytesIO(data), "moodle.gift"), "category": "relatieherstel"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "4 vragen geïmporteerd uit moodle.gift." in response.get_data(as_text=True)
    assert question_count() == before + 4


def test_upload_of_a_broken_file_shows_dutch_errors_and_changes_nothing(
    trainer_client, synced_content
):
    before = question_count()
    response = post_form(
        trainer_client,
        "/quizzes/importeren",
        {"file": (BytesIO(b"::A::Een{T}\n\n::B::{=a -> b =c}"), "fout.gift"), "category": ""},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "fout.gift:3: koppelvraag" in html
    assert "er is niets veranderd" in html
    assert question_count() == before


def test_learners_cannot_import_or_export(learner_client, synced_content):
    assert learner_client.get("/quizzes/importeren").status_code == 403
    assert learner_client.get("/quizzes/export.gift").status_code == 403


def test_trainer_downloads_the_bank_as_gift(trainer_client, synced_content):
    response = trainer_client.get("/quizzes/export.gift?categorie=randvoorwaarden")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert len(bank.parse_file(response.get_data(as_text=True), "x")) == len(
        [q for q in bank.bank_questions() if q.category and q.category.slug == "randvoorwaarden"]
    )


def test_an_uploaded_file_name_loses_its_folders_and_is_cut_short():
    assert bank.upload_filename("C:/map/sub/vragen.gift") == "vragen.gift"
    assert bank.upload_filename(None) == "upload.gift"
    assert len(bank.upload_filename("x" * 300)) == 120


def test_the_export_file_is_named_after_its_category():
    assert bank.export_filename(None) == "netwerkwijs-vragenbank.gift"
    assert bank.export_filename(Category(slug="bewustwording")) == "netwerkwijs-bewustwording.gift"

"""A learner practises and takes a module quiz; a trainer imports Moodle questions."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import has_horizontal_scroll, open_menu
from tests.browser.test_accounts_journey import _numbers, register, register_as
from tests.quizzes.test_gift_parser import FIXTURES


def test_learner_practises_with_feedback_and_reviews_a_module_quiz(page, shot):
    register(page, "Noah Peters", f"noah{next(_numbers)}@example.nl")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Toetsen").click()
    page.get_by_role("link", name="Oefentoets samenstellen").click()
    page.get_by_label("8. Let op randvoorwaarden").check()
    page.get_by_label("Aantal vragen per categorie").fill("3")
    page.get_by_role("button", name="Start oefentoets").click()
    expect(page.get_by_role("heading", name="Oefentoets", level=1)).to_be_visible()
    page.get_by_role("button", name=re.compile("^Controleer vraag")).first.click()
    feedback = page.locator("#inhoud").get_by_role("status").filter(has_text="Juiste antwoord:")
    expect(feedback).to_have_count(1)
    shot(page, "practice-feedback")
    page.get_by_role("button", name="Inleveren").click()
    expect(page.get_by_text("Je poging is ingeleverd.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Score: .* van 3"))).to_be_visible()

    page.goto("/quizzes/module/randvoorwaarden")
    page.get_by_role("button", name="Start de toets").click()
    expect(page.get_by_role("heading", name=re.compile("^Eindtoets"))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Controleer"))).to_have_count(0)
    page.get_by_role("button", name="Inleveren").click()
    expect(page.get_by_role("heading", name=re.compile("^Terugblik eindtoets"))).to_be_visible()
    shot(page, "module-review")


def test_trainer_imports_moodle_questions_and_reads_the_report(page, live_server, shot):
    email = f"trainer{next(_numbers)}@example.nl"
    register_as(page, "Tessa de Groot", email, "trainer")

    menu = page.get_by_role("navigation", name="Hoofdmenu")
    open_menu(page, menu.get_by_role("button", name="Trainer"))
    menu.get_by_role("link", name="Vragenbank").click()
    page.get_by_role("link", name="GIFT importeren").click()
    page.get_by_label("GIFT-bestand").set_input_files(str(FIXTURES / "moodle-questions.gift.txt"))
    page.get_by_label("Categorie voor vragen zonder passende $CATEGORY").select_option(
        "relatieherstel"
    )
    page.get_by_role("button", name="Importeren").click()
    # checked at once, imported by a background job whose page reports the outcome
    expect(page.get_by_role("heading", name="Vragen importeren (GIFT)")).to_be_visible()
    expect(page.get_by_text("9 vragen geïmporteerd uit moodle-questions.gift.txt.")).to_be_visible(
        timeout=60_000
    )
    page.get_by_role("link", name="Terug").click()
    expect(page.get_by_role("heading", name="Itemstatistieken")).to_be_visible()
    assert not has_horizontal_scroll(page)
    shot(page, "question-report")

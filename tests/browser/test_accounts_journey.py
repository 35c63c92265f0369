"""A visitor's first journey: landing page, register, log out, log in, switch to English."""

import itertools
import re
import subprocess
import sys

from playwright.sync_api import expect

from tests.browser.conftest import LIVE_ENV, ROOT, has_horizontal_scroll, mail_to, open_menu

_numbers = itertools.count(1)
PASSWORD = "thee drinken met mijn zus"
VERIFY_SUBJECT = "Bevestig je e-mailadres voor Netwerkwijs"
LINK_RE = re.compile(r"http://\S+/account/bevestigen/\S+")


def fill_registration(page, name: str, email: str) -> None:
    page.get_by_label("Naam").fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Organisatie").fill("Inloophuis Noord")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Herhaal wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Account aanmaken").click()


def confirm_address(page, email: str) -> None:
    """Open the link from the verification e-mail and confirm with the password: logged in."""
    expect(page.get_by_role("heading", name="Kijk in je mailbox")).to_be_visible()
    message = mail_to(email, VERIFY_SUBJECT)
    page.goto(LINK_RE.search(message.get_content()).group(0))
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Bevestigen en inloggen").click()
    expect(page.get_by_text("Je e-mailadres is bevestigd.")).to_be_visible()


def register(page, name: str, email: str) -> None:
    """Sign up at /register and confirm the address: the person ends on their dashboard."""
    page.goto("/")
    page.get_by_role("link", name="Account aanmaken").click()
    fill_registration(page, name, email)
    confirm_address(page, email)


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def set_role(email: str, role: str) -> None:
    """Give an account a role through the CLI, as an administrator would."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "users", "set-role", email, role],
        cwd=ROOT, env=LIVE_ENV, check=True, capture_output=True,
    )  # fmt: skip


def register_as(page, name: str, email: str, role: str) -> None:
    """Sign up, get `role` from an administrator, and log in again: on the dashboard."""
    register(page, name, email)
    page.get_by_role("button", name="Uitloggen").click()
    set_role(email, role)
    log_in(page, email)


def test_visitor_registers_logs_out_logs_in_and_switches_to_english(page, shot):
    email = f"lotte{next(_numbers)}@example.nl"
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("netwerkondersteuning")
    shot(page, "landing")

    register(page, "Lotte Visser", email)
    expect(page.get_by_role("heading", name="Welkom, Lotte Visser")).to_be_visible()
    shot(page, "dashboard")

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()
    page.goto("/dashboard")
    expect(page).to_have_url(re.compile(r"/login\?next="))

    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Welkom, Lotte Visser")).to_be_visible()

    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Taal kiezen").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Welcome, Lotte Visser")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    shot(page, "dashboard-en")


def test_wrong_password_shows_a_dutch_message(page):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill("niemand@example.nl")
    page.get_by_label("Wachtwoord").fill("helemaal verkeerd")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Het e-mailadres of het wachtwoord klopt niet."
    )


def test_pages_fit_a_phone_without_horizontal_scrolling(phone, shot):
    for path in ("/", "/register", "/login"):
        phone.goto(path)
        assert not has_horizontal_scroll(phone), path
    shot(phone, "phone-register")
    register(phone, "Mohammed Haddou", f"mohammed{next(_numbers)}@example.nl")
    expect(phone.get_by_role("heading", name="Welkom, Mohammed Haddou")).to_be_visible()
    assert not has_horizontal_scroll(phone)
    open_menu(phone, phone.get_by_role("button", name="Menu openen"))
    expect(phone.get_by_role("link", name="Mijn account", exact=True)).to_be_visible()
    shot(phone, "phone-dashboard-menu")


def test_intervision_and_competence_fit_a_phone(phone, shot):
    register(phone, "Yara Mulder", f"yara{next(_numbers)}@example.nl")
    phone.goto("/intervisie/nieuw")
    phone.get_by_label("Naam van de groep").fill("Telefoonoverleg")
    phone.get_by_role("button", name="Opslaan").click()
    phone.get_by_role("link", name="Casus inbrengen").click()
    assert not has_horizontal_scroll(phone), "inbrengen"
    for path in ("/intervisie/", "/competence/", "/competence/zelfbeoordeling"):
        phone.goto(path)
        assert not has_horizontal_scroll(phone), path
    shot(phone, "phone-competence")

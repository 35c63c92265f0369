"""The netwerkkaart: a professional keeps a client's map and sees what changed; a learner maps
the network in a case and hears in the debrief who was missed."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import has_horizontal_scroll
from tests.browser.test_accessibility import violations
from tests.browser.test_accounts_journey import _numbers, register, register_as
from tests.browser.test_intervision_journey import colleague  # noqa: F401 - a fixture
from tests.netmap.test_case_node import map_case
from training.cases.service import to_yaml

# The screen point in the middle of a ring (index from the centre) and sector of the drawing.
DROP_POINT = """({sector, ring}) => {
  const svg = document.querySelector("svg[data-place-url]");
  const radii = svg.dataset.radii.split(",").map(Number);
  const sectors = svg.dataset.sectors.split(",");
  const angle = ((sectors.indexOf(sector) + 0.5) * 2 * Math.PI) / sectors.length;
  const r = (radii[ring] + radii[ring + 1]) / 2;
  const point = svg.createSVGPoint();
  point.x = Number(svg.dataset.cx) + r * Math.sin(angle);
  point.y = Number(svg.dataset.cy) - r * Math.cos(angle);
  const screen = point.matrixTransform(svg.getScreenCTM());
  return {x: screen.x, y: screen.y};
}"""


def add_person(page, name, sector, ring, quality="sterk", dormant=False, gets=(), note=""):
    form = page.locator("form", has=page.get_by_role("button", name="Op de kaart zetten"))
    form.get_by_label("Voornaam of rol").fill(name)
    form.get_by_label("Sector").select_option(label=sector)
    form.get_by_label("Hoe dichtbij").select_option(label=ring)
    form.get_by_role("group", name="Kwaliteit van de relatie").get_by_label(quality).check()
    contact = "slapend contact" if dormant else "actief contact"
    form.get_by_role("group", name="Contact").get_by_label(contact).check()
    for kind in gets:
        form.get_by_role("group", name="Steun die de cliënt krijgt").get_by_label(kind).check()
    form.get_by_label("Notitie (voor jezelf)").fill(note)
    form.get_by_role("button", name="Op de kaart zetten").click()


def test_a_professional_saves_two_versions_and_sees_what_changed(page, shot):
    register(page, "Noor Visser", f"noor{next(_numbers)}@example.nl")
    page.get_by_role("link", name="Naar je netwerkkaarten").click()
    page.get_by_label("Hoe noem je de cliënt?").fill("meneer K.")
    page.get_by_role("button", name="Kaart maken").click()
    expect(page.get_by_role("heading", name="Netwerkkaart van meneer K.")).to_be_visible()

    add_person(page, "Petra Bakker", "familie", "bekenden", note="Haar BSN is 111222333.")
    expect(page.get_by_text("Schrijf alleen een voornaam of een rol")).to_be_visible()
    expect(page.get_by_text("Er staat nog niemand op de kaart.")).to_be_visible()

    add_person(page, "zus", "familie", "bekenden", "belastend", dormant=True)
    add_person(page, "buurman", "buurt", "diensten", "zwak", gets=["praktisch"])
    add_person(page, "Wessel", "werk, dagbesteding of school", "vrienden", gets=["gezelschap"])
    drawing = page.get_by_role("img", name="Netwerkkaart van meneer K.")
    expect(drawing).to_be_visible()
    expect(page.get_by_role("heading", name="Wie staan erop (3)")).to_be_visible()
    assert violations(page) == []
    shot(page, "netmap-tool")

    # Drag-to-place: the buurman moves from the services ring into the acquaintances ring.
    marker = page.locator('svg[data-place-url] g.persoon[data-ring="diensten"] circle').first
    box = marker.bounding_box()
    target = page.evaluate(DROP_POINT, {"sector": "buurt", "ring": 2})
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"], target["y"], steps=8)
    page.mouse.up()
    expect(page.get_by_role("heading", name="Bekenden (2)")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Diensten"))).to_have_count(0)

    page.get_by_label("Datum van het gesprek").fill("2026-10-01")
    page.get_by_label("Korte aantekening (mag leeg)").fill("eerste gesprek")
    page.get_by_role("button", name="Versie bewaren").click()
    expect(page.get_by_text("De versie is bewaard.")).to_be_visible()

    page.get_by_role("link", name="Wijzigen: zus").click()
    page.get_by_label("Hoe dichtbij").select_option(label="vrienden")
    page.get_by_role("group", name="Kwaliteit van de relatie").get_by_label("zwak").check()
    page.get_by_role("group", name="Contact").get_by_label("actief contact").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_label("Datum van het gesprek").fill("2026-11-20")
    page.get_by_role("button", name="Versie bewaren").click()

    page.get_by_role("button", name="Vergelijken").click()
    expect(page.get_by_role("heading", name=re.compile("^Wat veranderde tussen"))).to_be_visible()
    expect(page.get_by_role("heading", name="Contact weer opgepakt (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Dichterbij gekomen (1)")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Minder belastend of sterker geworden (1)")
    ).to_be_visible()
    assert violations(page) == []
    shot(page, "netmap-compare")


def test_the_map_works_on_a_phone_and_with_the_keyboard_alone(phone, shot):
    register(phone, "Sam de Wit", f"sam{next(_numbers)}@example.nl")
    phone.goto("/netwerkkaarten/")
    phone.get_by_label("Hoe noem je de cliënt?").fill("J.")
    phone.get_by_label("Hoe noem je de cliënt?").press("Enter")
    name = phone.get_by_label("Voornaam of rol")
    name.focus()
    phone.keyboard.type("oma")
    phone.keyboard.press("Tab")  # sector
    phone.keyboard.press("ArrowDown")  # familie
    phone.keyboard.press("Tab")  # ring: vrienden stays
    phone.keyboard.press("Tab")  # quality: sterk is checked
    name.press("Enter")
    expect(phone.get_by_role("heading", name="Wie staan erop (1)")).to_be_visible()
    expect(phone.get_by_text("familie · sterk · actief contact")).to_be_visible()
    assert not has_horizontal_scroll(phone)
    assert violations(phone) == []
    shot(phone, "netmap-phone")


def test_a_learner_maps_the_network_in_a_case_and_hears_who_was_missed(page, shot):
    trainer = f"kaarttrainer{next(_numbers)}@example.nl"
    register_as(page, "Ilse Vos", trainer, "trainer")
    page.goto("/cases/editor/")
    page.get_by_role("link", name="Nieuwe casus in YAML").click()
    page.get_by_label("Casus (YAML)").fill(to_yaml({**map_case(), "slug": "kaartcasus"}))
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Versie 1 is gepubliceerd.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    register(page, "Kees Smit", f"kaartkees{next(_numbers)}@example.nl")
    page.goto("/cases/kaartcasus")
    page.get_by_role("button", name="Start de casus").click()
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", name="Iemand op de kaart zetten")).to_be_visible()
    add_person(page, "zijn broer", "familie", "intimi", "belastend", dormant=True)
    add_person(page, "Ans", "buurt", "bekenden", gets=["praktisch"])
    assert violations(page) == []
    shot(page, "netmap-case-node")
    page.get_by_role("button", name="Kaart inleveren en verder").click()
    page.get_by_label("Vragen naar zijn broer.").check()
    page.get_by_role("button", name="Kies").click()
    page.get_by_label("Een bericht samen opstellen.").check()
    page.get_by_role("button", name="Kies").click()
    page.get_by_label("Je antwoord").fill("Dat ik het niet van hem over wil nemen.")
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Samen bespreken wat het antwoord betekent.").check()
    page.get_by_role("button", name="Kies").click()
    page.get_by_role("button", name="Verder").click()
    expect(
        page.get_by_role("heading", name="Je netwerkkaart naast die van de auteur")
    ).to_be_visible()
    expect(
        page.get_by_text("Je zette 2 van de 3 personen uit het verhaal op de kaart.")
    ).to_be_visible()
    missed = page.locator("li", has_text="De pastor is een plek waar Sem")
    expect(missed).to_be_visible()
    expect(page.get_by_role("img", name="Referentiekaart van Sem")).to_be_visible()
    assert violations(page) == []
    shot(page, "netmap-debrief")


def test_a_map_shared_into_a_thread_is_the_groups_starting_point(page, colleague, shot):  # noqa: F811
    register(page, "Fleur Jansen", f"kaartfleur{next(_numbers)}@example.nl")
    page.goto("/intervisie/")
    page.get_by_role("link", name="Nieuwe groep").click()
    page.get_by_label("Naam van de groep").fill("Intervisie Zuid")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name=re.compile("Uitnodigingslink maken")).click()
    link = page.get_by_label(re.compile("Kopieer deze link")).input_value()
    bram = colleague("Bram Visser")
    bram.goto(link)
    bram.get_by_role("button", name=re.compile("Lid worden")).click()

    page.goto("/intervisie/")
    page.get_by_role("link", name="Intervisie Zuid").click()
    page.get_by_role("link", name="Casus inbrengen").click()
    page.get_by_label("Titel").fill("Een cliënt die zegt dat hij niemand heeft")
    page.get_by_label("Methode").select_option(label="Incidentmethode")
    page.get_by_label("De situatie").fill(
        "Mijn cliënt zegt dat hij niemand heeft, maar appt elke avond."
    )
    page.get_by_label("Mijn vraag").fill(
        "Hoe maak ik zijn netwerk zichtbaar zonder hem te betrappen?"
    )
    page.get_by_role("button", name="Casus inbrengen").click()
    thread_url = page.url.split("#")[0]

    page.goto("/netwerkkaarten/")
    page.get_by_label("Hoe noem je de cliënt?").fill("R.")
    page.get_by_role("button", name="Kaart maken").click()
    add_person(
        page,
        "zus",
        "familie",
        "bekenden",
        "belastend",
        dormant=True,
        note="Ruzie na de begrafenis.",
    )
    page.get_by_role("link", name="Delen in een intervisiegroep").click()
    page.get_by_label("Intervisiedraad").select_option(
        label="Een cliënt die zegt dat hij niemand heeft (Intervisie Zuid)"
    )
    page.get_by_role("button", name="Delen").click()
    expect(page.get_by_text("De kaart is gedeeld in de casus.")).to_be_visible()

    bram.goto(thread_url)
    shared = bram.get_by_role("region", name="Netwerkkaart van R.")
    expect(shared).to_be_visible()
    expect(shared.get_by_role("img", name="Netwerkkaart van R.")).to_be_visible()
    expect(bram.get_by_text("Ruzie na de begrafenis.")).to_have_count(0)  # notes stayed home
    assert violations(bram) == []
    shot(bram, "netmap-shared-in-thread")

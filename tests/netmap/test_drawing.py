import itertools
import math
import time
import xml.etree.ElementTree as ET

import pytest

from training.netmap.drawing import layout, render_svg, ring_and_sector_at
from training.netmap.vocabulary import QUALITIES, RINGS, SECTORS, SUPPORT

SVG = "{http://www.w3.org/2000/svg}"
NAMES = [
    "Moeder",
    "Vader",
    "Zus Anouk",
    "Oom Kees",
    "Buurman Piet",
    "Huisarts",
    "Wijkagent",
    "Casemanager Ilse",
    "Schuldhulpverlener",  # longer than a label: truncated
    "Bas",
    "Fatima el Amrani",
    "Jeroen",
    "Coach dagbesteding",
    "Priya",
    "Tante Ria",
    "Marco",
    "Buurvrouw Els",
    "Maatschappelijk werker",
    "Mo",
    "Ervaringsdeskundige Joyce",
]


def person(index: int, ring: str, sector: str, **overrides) -> dict:
    """A person with a name, quality, contact and support that vary with the index."""
    supports = list(SUPPORT)
    data = {
        "key": f"p{index:02d}",
        "name": NAMES[index % len(NAMES)] + ("" if index < len(NAMES) else f" {index}"),
        "sector": sector,
        "ring": ring,
        "quality": list(QUALITIES)[index % 3],
        "active": index % 4 != 3,
        "gets": supports[: index % 4],
        "gives": supports[index % 3 : index % 3 + index % 2],
        "note": "",
    }
    data.update(overrides)
    return data


def mixed(count: int) -> list[dict]:
    """count persons over every ring and sector, unevenly (some cells crowded, some empty)."""
    cells = [
        (ring, sector)
        for ring, sector in itertools.product(RINGS, SECTORS)
        if (ring, sector) != ("bekenden", "werk")
    ]
    return [person(i, *cells[(i * 7) % len(cells) if i % 5 else 0]) for i in range(count)]


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def overlapping_pairs(lay) -> list[tuple[str, str]]:
    pairs = []
    for a, b in itertools.combinations(lay.placed.values(), 2):
        ax0, ay0, ax1, ay1 = a.label_box
        bx0, by0, bx1, by1 = b.label_box
        if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
            pairs.append((a.key, b.key))
    return pairs


def misplaced(lay, persons) -> list[str]:
    """Keys whose marker is not in the ring and sector the person belongs to."""
    return [
        p["key"]
        for p in persons
        if ring_and_sector_at(lay, lay.placed[p["key"]].x, lay.placed[p["key"]].y)
        != (p["ring"], p["sector"])
    ]


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 - our own SVG, not outside input


def person_groups(root) -> dict[str, ET.Element]:
    return {g.get("data-key"): g for g in root.iter(f"{SVG}g") if g.get("class") == "persoon"}


def relation_groups(root) -> dict[str, ET.Element]:
    return {
        g.get("data-key"): g
        for g in root.iter(f"{SVG}g")
        if (g.get("class") or "").startswith("relatie ")
    }


def draw(persons, **kwargs):
    kwargs = {"title": "Netwerkkaart van Sanne", "client_label": "Sanne"} | kwargs
    return render_svg(persons, **kwargs)


# --- layout -------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", range(1, 21))
@pytest.mark.parametrize("sector", ["familie", "vrienden", "werk", "medeclienten"])
def test_persons_crowding_one_sector_of_the_innermost_ring_do_not_overlap(count, sector):
    persons = [person(i, "intimi", sector) for i in range(count)]
    lay = layout(persons)
    assert overlapping_pairs(lay) == []
    assert misplaced(lay, persons) == []


@pytest.mark.parametrize("count", range(1, 21))
@pytest.mark.parametrize("ring", list(RINGS))
def test_persons_spread_over_the_sectors_of_one_ring_do_not_overlap(count, ring):
    persons = [person(i, ring, list(SECTORS)[i % len(SECTORS)]) for i in range(count)]
    lay = layout(persons)
    assert overlapping_pairs(lay) == []
    assert misplaced(lay, persons) == []


@pytest.mark.parametrize("count", [60, 80])
def test_a_full_map_has_no_overlapping_labels_and_everyone_in_their_own_cell(count):
    persons = mixed(count)
    lay = layout(persons)
    assert len(lay.placed) == count
    assert overlapping_pairs(lay) == []
    assert misplaced(lay, persons) == []


def test_label_boxes_hold_their_marker_and_stay_between_the_client_and_the_outer_ring():
    lay = layout(mixed(60))
    for placed in lay.placed.values():
        x0, y0, x1, y1 = placed.label_box
        assert x0 < placed.x < x1 and y0 < placed.y < y1
        nearest_x = min(max(lay.cx, x0), x1)
        nearest_y = min(max(lay.cy, y0), y1)
        assert math.hypot(nearest_x - lay.cx, nearest_y - lay.cy) > lay.radii[0]
        for corner_x, corner_y in itertools.product((x0, x1), (y0, y1)):
            assert math.hypot(corner_x - lay.cx, corner_y - lay.cy) < lay.radii[-1]


def test_in_a_map_with_one_person_per_cell_no_line_runs_over_another_marker():
    persons = [
        person(i, ring, sector)
        for i, (ring, sector) in enumerate(itertools.product(RINGS, SECTORS))
    ]
    lay = layout(persons)
    markers = [(p.x - lay.cx, p.y - lay.cy) for p in lay.placed.values()]
    for (ax, ay), (bx, by) in itertools.permutations(markers, 2):
        if math.hypot(ax, ay) < math.hypot(bx, by) and ax * bx + ay * by > 0:
            # marker a lies nearer the client: the line to b passes it with room to spare
            assert abs(bx * ay - by * ax) / math.hypot(bx, by) > 2 * 7


def test_a_long_label_fits_in_the_box_that_reserves_it():
    """The box is wide enough for 16 characters at the conservative width per character."""
    lay = layout([person(0, "intimi", "familie", name="W" * 40)])
    x0, _y0, x1, _y1 = lay.placed["p00"].label_box
    assert x1 - x0 >= 16 * 0.62 * 13


def test_sixty_persons_are_placed_quickly():
    persons = mixed(60)
    started = time.perf_counter()
    layout(persons)
    assert time.perf_counter() - started < 0.5


def test_the_layout_does_not_depend_on_the_order_persons_come_in():
    persons = mixed(40)
    assert layout(persons) == layout(list(reversed(persons)))


def test_radii_grow_outwards_and_the_sectors_go_clockwise_from_the_top():
    lay = layout([])
    assert len(lay.radii) == 5
    assert list(lay.radii) == sorted(lay.radii)
    assert lay.sectors == tuple(SECTORS)
    assert lay.rings == tuple(RINGS)
    middle = (lay.radii[1] + lay.radii[2]) / 2  # the second ring
    for index, sector in enumerate(SECTORS):
        angle = math.radians(60 * index + 30)
        x, y = lay.cx + middle * math.sin(angle), lay.cy - middle * math.cos(angle)
        assert ring_and_sector_at(lay, x, y) == ("vrienden", sector)


def test_no_ring_or_sector_in_the_client_disc_or_beyond_the_outer_ring():
    lay = layout([])
    assert ring_and_sector_at(lay, lay.cx, lay.cy) is None
    assert ring_and_sector_at(lay, lay.cx + lay.radii[0] - 1, lay.cy) is None
    assert ring_and_sector_at(lay, lay.cx, lay.cy - lay.radii[-1] - 1) is None
    assert ring_and_sector_at(lay, lay.cx + 1, lay.cy - lay.radii[0] - 1) == ("intimi", "familie")
    assert ring_and_sector_at(lay, lay.cx - 1, lay.cy - lay.radii[-1] + 1) == (
        "diensten",
        "medeclienten",
    )


def test_a_crowded_ring_grows_deeper_and_pushes_the_outer_rings_out():
    empty = layout([])
    crowded = layout([person(i, "intimi", "familie") for i in range(20)])
    assert crowded.radii[1] - crowded.radii[0] > empty.radii[1] - empty.radii[0]
    assert crowded.radii[-1] > empty.radii[-1]
    assert crowded.width > empty.width


# --- SVG ----------------------------------------------------------------------------------------


def test_the_svg_is_well_formed_with_title_and_description_first():
    root = parse(draw(mixed(12), element_id="kaart-1"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 ")
    assert root.get("width") == "100%"
    first, second = list(root)[:2]
    assert (first.tag, second.tag) == (f"{SVG}title", f"{SVG}desc")
    assert first.text == "Netwerkkaart van Sanne"
    assert root.get("aria-labelledby") == f"{first.get('id')} {second.get('id')}"
    assert first.get("id").startswith("kaart-1")


def test_the_description_counts_rings_strain_and_dormant_contacts():
    persons = [
        person(0, "intimi", "familie", quality="sterk", active=True),
        person(1, "intimi", "buurt", quality="belastend", active=False),
        person(2, "diensten", "professionals", quality="zwak", active=True),
    ]
    desc = parse(draw(persons)).find(f"{SVG}desc").text
    assert desc == ("3 personen: 2 intimi, 1 diensten; 1 belastende relatie; 1 slapend contact.")


def test_a_given_description_replaces_the_summary():
    desc = parse(draw(mixed(3), description="Kaart <na> het gesprek")).find(f"{SVG}desc").text
    assert desc == "Kaart <na> het gesprek"


def test_hostile_names_and_keys_are_escaped():
    name = "<script>alert(\"x\")</script> & 'Ö' 🙂\x07"
    persons = [person(0, "intimi", "familie", name=name, key='k"><svg onload=1>')]
    markup = str(draw(persons, title="<b>Kaart</b>", client_label="A & B <i>"))
    assert "<script" not in markup and "<b>" not in markup and "<svg onload" not in markup
    root = parse(markup)
    group = person_groups(root)['k"><svg onload=1>']
    texts = [t.text for t in group.iter(f"{SVG}text")]
    assert texts[0] == '<script>alert("…'
    assert name.replace("\x07", "") in group.find(f"{SVG}title").text
    assert root.find(f"{SVG}title").text == "<b>Kaart</b>"


def test_emoji_and_long_names_are_truncated_to_sixteen_characters():
    persons = [person(0, "vrienden", "buurt", name="Ervaringsdeskundige 🙂 Joyce")]
    group = person_groups(parse(draw(persons)))["p00"]
    name = next(group.iter(f"{SVG}text")).text
    assert name == "Ervaringsdeskun…"
    assert len(name) == 16


def test_each_person_has_a_group_with_its_place_and_a_full_title():
    persons = [
        person(
            0,
            "bekenden",
            "werk",
            name="Buurvrouw Els",
            quality="belastend",
            active=False,
            gets=["praktisch"],
            gives=[],
        )
    ]
    group = person_groups(parse(draw(persons)))["p00"]
    assert group.get("data-ring") == "bekenden"
    assert group.get("data-sector") == "werk"
    title = group.find(f"{SVG}title").text
    for words in (
        "Buurvrouw Els",
        "werk, dagbesteding of school",
        "bekenden",
        "belastend",
        "slapend contact",
        "krijgt: praktisch",
        "geeft: niets",
    ):
        assert words in title


@pytest.mark.parametrize(
    ("gets", "gives", "codes"),
    [
        (["emotioneel", "praktisch"], ["gezelschap"], "P E | G"),
        (["advies"], [], "A |"),
        ([], ["praktisch", "advies"], "| P A"),
        ([], [], None),
    ],
)
def test_the_second_label_line_shows_support_received_then_given(gets, gives, codes):
    persons = [person(0, "intimi", "familie", gets=gets, gives=gives)]
    texts = [t.text for t in person_groups(parse(draw(persons)))["p00"].iter(f"{SVG}text")]
    assert texts[1:] == ([codes] if codes else [])


def deviation(d: str) -> float:
    """How far the points of a path ("M x yL x y...") stray from the line between its ends."""
    points = [tuple(map(float, part.split())) for part in d[1:].split("L")]
    (x0, y0), (x1, y1) = points[0], points[-1]
    length = math.hypot(x1 - x0, y1 - y0)
    return max(abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length for x, y in points)


def test_quality_shows_in_the_line_style_not_only_in_colour():
    persons = [
        person(0, "intimi", "familie", quality="sterk", active=True),
        person(1, "intimi", "buurt", quality="zwak", active=True),
        person(2, "intimi", "werk", quality="belastend", active=True),
    ]
    lines = {k: g.find(f"{SVG}path") for k, g in relation_groups(parse(draw(persons))).items()}
    strong, weak, straining = lines["p00"], lines["p01"], lines["p02"]
    assert strong.get("stroke-dasharray") is None
    assert weak.get("stroke-dasharray")
    assert float(strong.get("stroke-width")) > float(weak.get("stroke-width"))
    assert deviation(strong.get("d")) == 0
    assert deviation(weak.get("d")) == 0
    assert deviation(straining.get("d")) > 2  # a zigzag


def test_dormant_contact_has_a_dashed_white_marker_and_a_lighter_line():
    persons = [
        person(0, "intimi", "familie", quality="sterk", active=True),
        person(1, "intimi", "buurt", quality="sterk", active=False),
    ]
    root = parse(draw(persons))
    groups, lines = person_groups(root), relation_groups(root)
    active = groups["p00"].find(f"{SVG}circle")
    dormant = groups["p01"].find(f"{SVG}circle")
    assert active.get("stroke-dasharray") is None and active.get("fill") != "#ffffff"
    assert dormant.get("stroke-dasharray") and dormant.get("fill") == "#ffffff"
    assert lines["p00"].find(f"{SVG}path").get("stroke-opacity") is None
    assert float(lines["p01"].find(f"{SVG}path").get("stroke-opacity")) < 1


def arrow_tips(root, key: str) -> list[tuple[float, float]]:
    polygons = relation_groups(root)[key].findall(f"{SVG}polygon")
    return [tuple(map(float, p.get("points").split()[0].split(","))) for p in polygons]


@pytest.mark.parametrize(
    ("gets", "gives", "towards"),
    [
        (["praktisch"], [], ["client"]),
        ([], ["emotioneel"], ["person"]),
        (["advies"], ["gezelschap"], ["client", "person"]),
        ([], [], []),
    ],
)
def test_arrows_point_the_way_support_goes(gets, gives, towards):
    persons = [person(0, "vrienden", "vrienden", gets=gets, gives=gives)]
    markup = draw(persons)
    root = parse(markup)
    lay = layout(persons)
    marker = lay.placed["p00"]
    found = []
    for x, y in arrow_tips(root, "p00"):
        to_client = math.hypot(x - lay.cx, y - lay.cy)
        to_person = math.hypot(x - marker.x, y - marker.y)
        found.append("client" if to_client < to_person else "person")
    assert sorted(found) == towards


def test_the_legend_explains_lines_markers_arrows_and_codes():
    root = parse(draw([]))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legenda")
    texts = " ".join(t.text for t in legend.iter(f"{SVG}text"))
    for words in ("sterk", "zwak", "belastend", "actief contact", "slapend contact"):
        assert words in texts
    for code, meaning in (("P", "praktisch"), ("G", "gezelschap"), ("A", "advies")):
        assert code in texts and meaning in texts
    assert "P E | G" in texts and "krijgt" in texts and "geeft" in texts
    styles = {p.get("class"): p for p in legend.iter(f"{SVG}path") if p.get("class")}
    assert styles["legenda-zwak"].get("stroke-dasharray")
    assert deviation(styles["legenda-belastend"].get("d")) > 2
    assert deviation(styles["legenda-sterk"].get("d")) == 0
    assert any(c.get("stroke-dasharray") for c in legend.iter(f"{SVG}circle"))
    assert len(legend.findall(f"{SVG}polygon")) == 2
    # below the circle
    lay = layout([])
    assert min(float(t.get("y")) for t in legend.iter(f"{SVG}text")) > lay.cy + lay.radii[-1]


def test_an_empty_map_draws_rings_sectors_names_client_and_legend():
    root = parse(draw([]))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for label in RINGS.values():
        assert str(label) in texts
    assert "familie" in texts and "professionals" in texts
    assert "Sanne" in texts
    rings = [c for c in root.iter(f"{SVG}circle") if c.get("data-ring")]
    assert len(rings) == 4
    assert len(list(root.iter(f"{SVG}line"))) == 6
    assert person_groups(root) == {}
    assert "Nog niemand" in root.find(f"{SVG}desc").text


def test_the_root_carries_the_geometry_for_dragging():
    persons = mixed(10)
    lay = layout(persons)
    root = parse(draw(persons, place_url="/netwerkkaart/3/plaats"))
    assert [float(r) for r in root.get("data-radii").split(",")] == pytest.approx(
        lay.radii, abs=0.05
    )
    assert float(root.get("data-cx")) == pytest.approx(lay.cx, abs=0.05)
    assert float(root.get("data-cy")) == pytest.approx(lay.cy, abs=0.05)
    assert root.get("data-sectors") == ",".join(SECTORS)
    assert root.get("data-rings") == ",".join(RINGS)
    assert root.get("data-place-url") == "/netwerkkaart/3/plaats"
    assert draw(persons).find("data-place-url") == -1


def test_text_is_dark_enough_on_white():
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    root = parse(draw(mixed(20)))
    fills = {t.get("fill") for t in root.iter(f"{SVG}text")}
    assert fills
    for fill in fills:
        assert 1.05 / (luminance(fill) + 0.05) >= 4.5, fill
    sizes = {float(t.get("font-size")) for t in root.iter(f"{SVG}text")}
    assert min(sizes) >= 11


def test_the_output_is_deterministic():
    persons = mixed(30)
    assert draw(persons) == draw(persons)
    assert draw(persons) == draw(list(reversed(persons)))

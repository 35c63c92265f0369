"""The mastery chart: valid SVG, an escaped title, a point per estimate in the window."""

from datetime import date, timedelta
from xml.etree import ElementTree

from training.competence.chart import mastery_chart

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 11, 30)


def _parse(markup) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))  # noqa: S314 - our own SVG, not outside input


def test_the_chart_is_svg_with_its_title_escaped():
    svg = _parse(mastery_chart([], [0.4, 0.7], 'Beheersing in "A & <b>"', TODAY))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("aria-label") == 'Beheersing in "A & <b>"'
    assert len(svg.findall(f"{SVG}line")) == 2
    assert svg.find(f"{SVG}polyline") is None  # no estimates, no line


def test_points_in_the_window_and_the_last_one_before_it():
    points = [
        (TODAY - timedelta(weeks=20), 0.2),  # before the window: its score opens the line
        (TODAY - timedelta(weeks=20, days=1), None),
        (TODAY - timedelta(days=30), 0.5),
        (TODAY - timedelta(days=2), 1.0),
    ]
    svg = _parse(mastery_chart(points, [0.7], "t", TODAY))
    circles = svg.findall(f"{SVG}circle")
    assert len(circles) == 3  # the window's start (carried over) and the two in the window
    ys = [float(c.get("cy")) for c in circles]
    assert ys == sorted(ys, reverse=True)  # rising scores: lower on the page each time
    line = svg.find(f"{SVG}polyline").get("points").split()
    assert len(line) == 4  # the three points and today, where the last estimate still holds
    assert line[-1].split(",")[1] == line[-2].split(",")[1]

"""A network map drawn as SVG: persons placed in rings and sectors around the client.

Pure functions, no database: `layout` decides where every person goes, `render_svg` turns that
into markup, `ring_and_sector_at` reads a point back (static/js/netmap.js does the same maths
when a person is dragged). Six equal sector wedges start at 12 o'clock and go clockwise in the
order of SECTORS; the rings are bands from the client outwards in the order of RINGS.

The layout is constructive and deterministic. Rings are placed from the centre out, the cells
of a ring (sector wedge x ring band) in the order of SECTORS, the persons of a cell by name.
A person's marker always lies inside its own cell; its label box (marker and label lines) may
touch no other label box, the client's disc or a ring name. Within that, the tidiest
arrangement that fits is taken: persons spread evenly over a few arcs, the label inside the
cell and no line over a marker or through a label; else packed at the first free candidate
point. A ring in which a cell does not fit grows deeper and is placed again; the canvas grows
with it rather than the text shrinking, and the outer ring takes in labels reaching past it.
Text is drawn with SVG presentation attributes only: the site's CSP forbids inline styles.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from training.netmap.vocabulary import CONTACT, QUALITIES, RINGS, SECTORS, SUPPORT, SUPPORT_CODES

# Sizes in SVG user units. An empty map is about 1060 units wide; a full one grows instead of
# the text shrinking (60 persons: 1300 to 1600, more when one cell is crowded).
NAME_SIZE = 13
CODE_SIZE = 11
RING_NAME_SIZE = 12
SECTOR_NAME_SIZE = 14
CLIENT_SIZE = 13
LEGEND_SIZE = 12
CHAR_WIDTH = 0.62  # of the font size, per ordinary character: on the safe side for Arial/DejaVu
MAX_LABEL = 16
MAX_CLIENT_LINE = 11

MARKER_R = 7.0
LABEL_GAP = 4.0  # between marker and label text
BOX_GAP = 4.0  # between two label boxes
DIVIDER_MARGIN = 5.0  # between a label box and a sector divider
RING_MARGIN = 4.0  # between a label box and a ring edge
CLIENT_R = 58.0
# a line to the innermost ring needs room for two arrowheads and a visible zigzag between them
NEAREST_MARKER = CLIENT_R + 56.0
BASE_DEPTH = 80.0
PACKING = 0.5  # a first guess at a crowded cell's area, as a multiple of its boxes' area
GROWTH = 1.3  # a ring that does not fit grows deeper by this factor (and 4) and is placed again
BISECTIONS = 2  # then steps back towards the smallest depth that fits
MAX_ROWS = 3  # evenly spread arcs tried in a cell before packing it
SHIFTS = (0.0, 0.25, -0.25)  # of the angle between two persons on an arc, tried in turn
TIDY_DEPTHS = (1.0, 1.25)  # of the first guess: a ring tries these before packing
TIDY_PACK = 5  # most persons in a cell for which lines are kept off labels
LINE_CLEARANCE = MARKER_R + 7  # a line passes another person's marker at least this far off
CANDIDATE_STEP = 8.0  # radial and arc step between candidate points when packing
MARGIN = 16.0
LEGEND_GAP = 28.0
LEGEND_MIN_WIDTH = 720.0
LEGEND_LINE = 24.0
SAMPLE_W = {"line": 46.0, "marker": 16.0, "arrow": 64.0, "code": 0.0}  # legend samples
SECTOR_ANGLE = 2 * math.pi / len(SECTORS)

# Colours: text at least 4.5:1 on white, lines and rings at least 3:1.
INK = "#1f2328"
MUTED = "#495057"
RING_STROKE = "#767f88"
RING_FILLS = ("#f1f5fa", "#ffffff")
CLIENT_FILL = "#e3ecf7"
CLIENT_STROKE = "#1f3a5f"
QUALITY_COLOURS = {"sterk": "#1a5e2a", "zwak": "#34475e", "belastend": "#a1221b"}
DORMANT_OPACITY = "0.6"

FONT = "Arial, Helvetica, sans-serif"
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Placed:
    """A person's marker at (x, y); label_box = (x0, y0, x1, y1) covers marker and label.

    side is "start" when the label reads to the right of the marker, "end" when to the left.
    """

    key: str
    x: float
    y: float
    label_box: tuple[float, float, float, float]
    side: str = "start"


@dataclass(frozen=True)
class Layout:
    """Where everything goes on the canvas (SVG user units, y downwards)."""

    width: float
    height: float
    cx: float
    cy: float
    radii: tuple[float, ...]  # inner edge of ring 0 (the client disc) .. outer edge of ring 3
    sectors: tuple[str, ...]
    rings: tuple[str, ...]
    placed: dict[str, Placed]
    legend_y: float


@dataclass(frozen=True)
class _Label:
    name: str
    codes: str
    width: float  # of the text
    height: float  # of the text block

    @property
    def half(self) -> float:
        """Half the height of the label box (marker and text)."""
        return max(MARKER_R, self.height / 2)


# --- text ---------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    """One line of text that XML can carry: no control characters, surrogates or noncharacters."""
    text = _SPACE.sub(" ", str(text))
    return "".join(
        ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cs") and ch not in ("\ufffe", "\uffff")
    ).strip()


def _truncate(text: str, limit: int = MAX_LABEL) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "\u2026"


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate: wide (East Asian, emoji) characters count a full em and more."""
    ems = 0.0
    for ch in text:
        if ord(ch) > 0xFFFF or unicodedata.east_asian_width(ch) in ("W", "F"):
            ems += 1.1
        elif unicodedata.combining(ch) or ch in "\u200d\ufe0e\ufe0f":
            continue
        elif ch in "MWmw@%\u2026":
            ems += 0.95
        else:
            ems += CHAR_WIDTH
    return ems * size * (1.1 if bold else 1.0)


def _codes(keys: Iterable[str]) -> str:
    chosen = set(keys or ())
    return " ".join(code for key, code in SUPPORT_CODES.items() if key in chosen)


def _support_codes(person: dict) -> str:
    """'P E | G': what the client gets, a bar, what the client gives; '' when neither."""
    gets, gives = _codes(person.get("gets", ())), _codes(person.get("gives", ()))
    if not gets and not gives:
        return ""
    return f"{gets} | {gives}".strip()


def _label(person: dict) -> _Label:
    name = _truncate(_clean(person.get("name", ""))) or "?"
    codes = _support_codes(person)
    width = max(_text_width(name, NAME_SIZE), _text_width(codes, CODE_SIZE))
    height = NAME_SIZE * 1.25 + (CODE_SIZE * 1.25 if codes else 0.0)
    return _Label(name, codes, width, height)


def _wrap(text: str, limit: int, lines: int) -> list[str]:
    """Greedy word wrap into at most `lines` lines of at most `limit` characters."""
    out: list[str] = []
    for word in text.split(" "):
        if out and len(out[-1]) + 1 + len(word) <= limit:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
    return [_truncate(line, limit) for line in out]


def _sorted_for_cell(persons: list[dict]) -> list[dict]:
    return sorted(persons, key=lambda p: (_clean(p.get("name", "")).casefold(), str(p["key"])))


# --- geometry -----------------------------------------------------------------------------------


def _direction(angle: float) -> tuple[float, float]:
    """Unit vector at `angle` radians clockwise from 12 o'clock (SVG y points down)."""
    return math.sin(angle), -math.cos(angle)


def _box(x: float, y: float, label: _Label, side: str) -> tuple[float, float, float, float]:
    half = label.half
    if side == "start":
        return (x - MARKER_R, y - half, x + MARKER_R + LABEL_GAP + label.width, y + half)
    return (x - MARKER_R - LABEL_GAP - label.width, y - half, x + MARKER_R, y + half)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return (
        a[0] < b[2] + BOX_GAP
        and b[0] < a[2] + BOX_GAP
        and a[1] < b[3] + BOX_GAP
        and b[1] < a[3] + BOX_GAP
    )


class _Cell:
    """One sector wedge in one ring band, centred on the origin."""

    __slots__ = ("inner", "outer", "start", "end", "lowest", "highest", "rays")

    def __init__(self, inner: float, outer: float, start: float, end: float, nearest: float):
        self.inner, self.outer, self.start, self.end = inner, outer, start, end
        # the band where a marker's centre may go, and the two rays as unit vectors
        self.lowest = max(inner + MARKER_R + RING_MARGIN, nearest)
        self.highest = outer - MARKER_R - RING_MARGIN
        self.rays = (*_direction(start), *_direction(end))

    def _within_rays(self, x: float, y: float, margin: float) -> bool:
        """Clockwise of the start ray and anticlockwise of the end ray, by `margin`."""
        sx, sy, ex, ey = self.rays
        return sx * y - sy * x >= margin and ey * x - ex * y >= margin

    def holds_box(self, box: tuple[float, float, float, float]) -> bool:
        """The whole box inside the cell (the wedge and the band are convex but for the hole)."""
        x0, y0, x1, y1 = box
        nx, ny = min(max(0.0, x0), x1), min(max(0.0, y0), y1)
        if math.hypot(nx, ny) < self.inner + RING_MARGIN:
            return False
        outer = (self.outer - RING_MARGIN) ** 2
        return all(
            px * px + py * py <= outer and self._within_rays(px, py, DIVIDER_MARGIN)
            for px, py in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))
        )

    def holds_marker(self, x: float, y: float) -> bool:
        """The marker's circle inside the cell; its label may reach beyond."""
        return self.lowest <= math.hypot(x, y) <= self.highest and self._within_rays(
            x, y, MARKER_R + DIVIDER_MARGIN
        )


def _crosses(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
    """Whether the line from the client's disc to a marker at (x, y) runs through `box`."""
    x0, y0, x1, y1 = box
    # the line lies between the centre and the marker: most boxes are elsewhere
    if (x < x0 and x0 > 0.0) or (x > x1 and x1 < 0.0) or (y < y0 and y0 > 0.0):
        return False
    if y > y1 and y1 < 0.0:
        return False
    distance = math.hypot(x, y) or 1.0
    px, py = x * CLIENT_R / distance, y * CLIENT_R / distance
    dx, dy = x - px, y - py
    low, high = 0.0, 1.0
    # Liang-Barsky: clip the segment to the box; it crosses when something is left
    for p, q in ((-dx, px - x0), (dx, x1 - px), (-dy, py - y0), (dy, y1 - py)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            if t > low:
                low = t
        elif t < high:
            high = t
        if low > high:
            return False
    return True


class _Board:
    """What is on the map so far, centred on the origin: label boxes with their markers, and
    the ring names (kept free, but lines may cross them)."""

    def __init__(self, zones=(), boxes=(), markers=()) -> None:
        self.zones = list(zones)
        self.boxes = list(boxes)
        self.markers = list(markers)
        self.blocker: tuple | None = None

    def copy(self) -> _Board:
        return _Board(self.zones, self.boxes, self.markers)

    def add(self, x: float, y: float, box: tuple[float, float, float, float]) -> None:
        self.boxes.append(box)
        self.markers.append((x, y, math.hypot(x, y)))

    def near(self, region: tuple[float, float, float, float]) -> _Board:
        """Only what lies in `region`: a cell's search need not look at the whole map."""
        kept = [i for i, box in enumerate(self.boxes) if _overlaps(box, region)]
        return _Board(
            [zone for zone in self.zones if _overlaps(zone, region)],
            [self.boxes[i] for i in kept],
            [self.markers[i] for i in kept],
        )

    def free(self, box: tuple[float, float, float, float]) -> bool:
        """Clear of the client's disc, of every label box and of the ring names."""
        x0, y0, x1, y1 = box
        nx = x0 if x0 > 0.0 else (x1 if x1 < 0.0 else 0.0)
        ny = y0 if y0 > 0.0 else (y1 if y1 < 0.0 else 0.0)
        if nx * nx + ny * ny < (CLIENT_R + RING_MARGIN) ** 2:
            return False
        x0, y0, x1, y1 = x0 - BOX_GAP, y0 - BOX_GAP, x1 + BOX_GAP, y1 + BOX_GAP
        # the box that was in the way last time is likely in the way of the next candidate too
        other = self.blocker
        if other and x0 < other[2] and other[0] < x1 and y0 < other[3] and other[1] < y1:
            return False
        for other in itertools.chain(self.boxes, self.zones):
            if x0 < other[2] and other[0] < x1 and y0 < other[3] and other[1] < y1:
                self.blocker = other
                return False
        return True

    def tidy(self, x: float, y: float, box: tuple, lines: bool) -> bool:
        """No line runs over another person's marker; with `lines`, nor through a label."""
        distance = math.hypot(x, y)
        for mx, my, m_distance in self.markers:
            # the nearer of the two markers keeps clear of the line to the farther one
            across = abs(mx * y - my * x) / (distance if distance > m_distance else m_distance)
            if across < LINE_CLEARANCE and mx * x + my * y > 0:
                return False
        if lines:
            for (mx, my, _d), other in zip(self.markers, self.boxes, strict=True):
                if _crosses(x, y, other) or _crosses(mx, my, box):
                    return False
        return True


def _side(sector_index: int) -> str:
    """Labels read away from the centre: rightwards on the right half, leftwards on the left."""
    mid = (sector_index + 0.5) * SECTOR_ANGLE
    return "start" if math.sin(mid) >= 0 else "end"


def _marker_for(bx: float, by: float, label: _Label, side: str) -> tuple[float, float]:
    """The marker point whose label box is centred on (bx, by)."""
    shift = (LABEL_GAP + label.width) / 2
    return (bx - shift, by) if side == "start" else (bx + shift, by)


def _try_rows(
    cell: _Cell, labels: list[_Label], side: str, board: _Board, rows: int, shift: float, level: int
):
    """Spread evenly: `rows` arcs, each with its share by length, at even angles moved by
    `shift` of a step. Level 3: each label inside the cell; 2: only each marker. Both keep
    every line off markers and labels.
    """
    n = len(labels)
    depth = cell.highest - cell.lowest
    radii = [cell.lowest + depth * (j + 0.5) / rows for j in range(rows)]
    total = sum(radii)
    shares = [n * r / total for r in radii]
    counts = [int(s) for s in shares]
    # largest remainder, ties to the outer row (more room there)
    order = sorted(range(rows), key=lambda j: (-(shares[j] - counts[j]), -j))
    for j in order[: n - sum(counts)]:
        counts[j] += 1
    if 0 in counts:
        return None
    placed: list[tuple[float, float, tuple]] = []
    board = board.copy()
    index = 0
    for radius, count in zip(radii, counts, strict=True):
        for i in range(count):
            dx, dy = _direction(cell.start + SECTOR_ANGLE * (i + 0.5 + shift) / count)
            label = labels[index]
            if level == 3:
                x, y = _marker_for(radius * dx, radius * dy, label, side)
            else:
                x, y = radius * dx, radius * dy
            box = _box(x, y, label, side)
            if not (
                cell.holds_marker(x, y)
                and (level < 3 or cell.holds_box(box))
                and board.free(box)
                and board.tidy(x, y, box, lines=level >= 2)
            ):
                return None
            placed.append((x, y, box))
            board.add(x, y, box)
            index += 1
    return placed


class _Candidates:
    """Marker points in a cell, arc by arc from the inside, made as the search gets to them.

    Along each arc from the ray that points most the way the labels read: the next person
    then sits further round, so the line to it passes the labels already there on their
    marker's side, not through them.
    """

    def __init__(self, cell: _Cell, side: str) -> None:
        reading = 1.0 if side == "start" else -1.0
        self.backwards = math.sin(cell.end) * reading > math.sin(cell.start) * reading + 1e-9
        self.cell = cell
        self.radius = cell.lowest
        self.points: list[tuple[float, float]] = []

    def get(self, index: int) -> tuple[float, float] | None:
        cell, clear = self.cell, MARKER_R + DIVIDER_MARGIN
        while index >= len(self.points):
            radius = self.radius
            if radius > cell.highest:
                return None
            self.radius += CANDIDATE_STEP
            if clear >= radius * math.sin(SECTOR_ANGLE / 2):
                continue
            # the arc between the two rays, each kept `clear` away
            first = cell.start + math.asin(clear / radius) + 1e-9
            span = cell.end - cell.start - 2 * (first - cell.start)
            steps = max(1, int(span * radius / CANDIDATE_STEP))
            for step in range(steps + 1):
                angle = first + span * ((steps - step) if self.backwards else step) / steps
                self.points.append((radius * math.sin(angle), -radius * math.cos(angle)))
        return self.points[index]


def _pack(candidates: _Candidates, labels: list[_Label], side: str, board: _Board, tidy: int):
    """Each person at the next free candidate point; tidy 2: no line runs over a marker or
    through a label, 1: over no marker, 0: anywhere.

    The search goes on from where the previous person went, so a cell costs one sweep.
    """
    placed: list[tuple[float, float, tuple]] = []
    board = board.copy()
    index = 0
    for label in labels:
        x0, y0, x1, y1 = _box(0.0, 0.0, label, side)
        while True:
            point = candidates.get(index)
            if point is None:
                return None
            x, y = point
            index += 1
            box = (x + x0, y + y0, x + x1, y + y1)
            if board.free(box) and (not tidy or board.tidy(x, y, box, lines=tidy == 2)):
                placed.append((x, y, box))
                board.add(x, y, box)
                break
    return placed


def _reach(cell: _Cell, labels: list[_Label]) -> tuple[float, float, float, float]:
    """Where a cell's lines, markers and labels can be: its wedge from the centre out, widened
    by the longest label box."""
    points = [(0.0, 0.0)]
    for angle in (cell.start, cell.end, *(k * math.pi / 2 for k in range(5))):
        if cell.start <= angle <= cell.end:
            dx, dy = _direction(angle)
            points.append((cell.outer * dx, cell.outer * dy))
    widest = max(b[2] - b[0] for b in (_box(0.0, 0.0, label, "start") for label in labels))
    grow = widest + LINE_CLEARANCE + BOX_GAP
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return (min(xs) - grow, min(ys) - grow, max(xs) + grow, max(ys) + grow)


def _place_cell(cell: _Cell, labels: list[_Label], side: str, board: _Board, pack: bool):
    """Evenly spread if that fits, else packed: tidily, or with `pack` as tight as it takes;
    None when nothing fits."""
    if not labels:
        return []
    board = board.near(_reach(cell, labels))
    for level in (3, 2):
        for rows in range(1, min(len(labels), MAX_ROWS) + 1):
            for shift in SHIFTS:
                placed = _try_rows(cell, labels, side, board, rows, shift, level)
                if placed is not None:
                    return placed
    if not pack and len(labels) > TIDY_PACK:
        return None  # a crowded cell is not going to be tidy: pack it straight away
    candidates = _Candidates(cell, side)
    for tidy in (2,) if not pack else (1, 0):
        placed = _pack(candidates, labels, side, board, tidy)
        if placed is not None:
            return placed
    return None


def _needed_depth(inner: float, labels: list[_Label]) -> float:
    """A first guess at the band depth: room for the area the boxes take up."""
    area = 0.0
    for label in labels:
        x0, y0, x1, y1 = _box(0.0, 0.0, label, "start")
        area += (x1 - x0 + BOX_GAP) * (y1 - y0 + BOX_GAP)
    return math.sqrt(inner * inner + 2 * area * PACKING / SECTOR_ANGLE) - inner


def _ring_name_baseline(edge: float) -> float:
    """A ring's name sits on the top divider just outside the ring's inner edge."""
    return -(edge + 5)


def _ring_name_box(key: str, edge: float) -> tuple[float, float, float, float]:
    half = _text_width(_clean(str(RINGS[key])), RING_NAME_SIZE) / 2 + 3
    baseline = _ring_name_baseline(edge)
    return (-half, baseline - RING_NAME_SIZE, half, baseline + 3)


def _place_rings(persons: list[dict]):
    """Radii and (marker x, y, box, side) per person key, centred on the origin.

    Ring by ring from the centre: a ring whose cells do not all fit grows deeper and is placed
    again; the rings inside it stay as they are.
    """
    sectors, rings = list(SECTORS), list(RINGS)
    cells: dict[tuple[int, int], list[dict]] = {}
    for person in persons:
        cell = (rings.index(person["ring"]), sectors.index(person["sector"]))
        cells.setdefault(cell, []).append(person)
    radii = [CLIENT_R]
    board = _Board()
    placed: dict[str, tuple[float, float, tuple, str]] = {}
    for ring in range(len(rings)):
        inner = radii[-1]
        members = {s: _sorted_for_cell(cells.get((ring, s), [])) for s in range(len(sectors))}
        labels = {s: [_label(p) for p in members[s]] for s in members}
        base = max(BASE_DEPTH, NEAREST_MARKER + MARKER_R + RING_MARGIN + 24 - inner)
        guess = max([base] + [_needed_depth(inner, labels[s]) for s in labels])

        def attempt(depth: float, pack: bool, ring=ring, inner=inner, labels=labels):
            """Every cell of this ring placed at `depth`, or None."""
            names = [_ring_name_box(rings[j], radii[j]) for j in range(ring + 1)]
            if ring + 1 < len(rings):
                names.append(_ring_name_box(rings[ring + 1], inner + depth))
            trial = _Board(names, board.boxes, board.markers)
            result = {}
            for s in range(len(sectors)):
                cell = _Cell(
                    inner, inner + depth, s * SECTOR_ANGLE, (s + 1) * SECTOR_ANGLE, NEAREST_MARKER
                )
                spots = _place_cell(cell, labels[s], _side(s), trial, pack)
                if spots is None:
                    return None
                result[s] = spots
                for x, y, box in spots:
                    trial.add(x, y, box)
            return result

        # tidy persons in a slightly deeper ring look better than tightly packed ones
        for factor in TIDY_DEPTHS:
            depth, result = guess * factor, attempt(guess * factor, pack=False)
            if result is not None:
                break
        else:
            # grow until it fits, then halve the step back a few times towards the smallest fit
            depth, result, too_small = guess, attempt(guess, pack=True), None
            while result is None:
                too_small, depth = depth, depth * GROWTH + 4
                result = attempt(depth, pack=True)
            for _round in range(BISECTIONS if too_small is not None else 0):
                middle = (too_small + depth) / 2
                smaller = attempt(middle, pack=True)
                if smaller is None:
                    too_small = middle
                else:
                    depth, result = middle, smaller
        for s, spots in result.items():
            for person, (x, y, box) in zip(members[s], spots, strict=True):
                placed[str(person["key"])] = (x, y, box, _side(s))
                board.add(x, y, box)
        radii.append(inner + depth)
    # labels may reach beyond the outer ring; the outer ring then takes them in
    for x0, y0, x1, y1 in board.boxes:
        farthest = max(math.hypot(px, py) for px in (x0, x1) for py in (y0, y1))
        radii[-1] = max(radii[-1], farthest + RING_MARGIN)
    return radii, placed


def _sector_name_lines(key: str) -> list[str]:
    return _wrap(_clean(str(SECTORS[key])), 18, 2)


def _sector_names(radius: float) -> list[tuple[str, float, float, str, float, float]]:
    """Per sector: (text, x, baseline y, anchor, width, top) around the origin."""
    out = []
    line_h = SECTOR_NAME_SIZE * 1.25
    for index, key in enumerate(SECTORS):
        lines = _sector_name_lines(key)
        mid = (index + 0.5) * SECTOR_ANGLE
        dx, dy = _direction(mid)
        x, y = (radius + 12) * dx, (radius + 12) * dy
        anchor = "start" if dx > 0.1 else "end" if dx < -0.1 else "middle"
        block = line_h * len(lines)
        if dy < -0.3:  # upper half: the block ends at the point
            top = y - block
        elif dy > 0.3:  # lower half: the block starts at the point
            top = y
        else:
            top = y - block / 2
        for i, line in enumerate(lines):
            baseline = top + line_h * i + SECTOR_NAME_SIZE
            out.append((line, x, baseline, anchor, _text_width(line, SECTOR_NAME_SIZE, True), top))
    return out


def _text_extent(x: float, anchor: str, width: float) -> tuple[float, float]:
    if anchor == "start":
        return x, x + width
    if anchor == "end":
        return x - width, x
    return x - width / 2, x + width / 2


# --- legend -------------------------------------------------------------------------------------


def _legend_rows() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(heading, [(sample kind, sample detail, text)]) per row."""
    codes = [("code", SUPPORT_CODES[key], _clean(str(label))) for key, label in SUPPORT.items()]
    return [
        (_("Relatie:"), [("line", q, _clean(str(label))) for q, label in QUALITIES.items()]),
        (
            _("Contact:"),
            [
                ("marker", "active", _clean(str(CONTACT[True]))),
                ("marker", "dormant", _clean(str(CONTACT[False]))),
            ],
        ),
        (
            _("Pijlen:"),
            [
                ("arrow", "in", _("naar het midden: de cliënt krijgt steun")),
                ("arrow", "out", _("naar de persoon: de cliënt geeft steun")),
            ],
        ),
        (_("Steun:"), codes),
        (
            "P E | G:",
            [
                (
                    "text",
                    "",
                    _("links van de streep wat de cliënt krijgt, rechts wat hij of zij geeft"),
                )
            ],
        ),
    ]


def _legend_item_width(kind: str, detail: str, text: str) -> float:
    if kind == "code":
        return _text_width(detail, LEGEND_SIZE, True) + 4 + _text_width(text, LEGEND_SIZE)
    sample = SAMPLE_W.get(kind, 0.0)
    return sample + (6 if sample else 0) + _text_width(text, LEGEND_SIZE)


def _legend_positions(width: float):
    """Items flowed into lines that fit `width`: [(kind, detail, text, x, line)], line count."""
    heading_w = max(_text_width(h, LEGEND_SIZE, True) for h, _items in _legend_rows()) + 10
    out = []
    line = 1  # line 0 holds the word "Legenda"
    for heading, items in _legend_rows():
        out.append(("heading", "", heading, 0.0, line))
        x = heading_w
        for kind, detail, text in items:
            item_w = _legend_item_width(kind, detail, text)
            if x > heading_w and x + item_w > width:
                line += 1
                x = heading_w
            out.append((kind, detail, text, x, line))
            x += item_w + 20
        line += 1
    return out, line


def _legend_width() -> float:
    heading_w = max(_text_width(h, LEGEND_SIZE, True) for h, _items in _legend_rows()) + 10
    widest = max(_legend_item_width(*item) for _h, items in _legend_rows() for item in items)
    return heading_w + widest


# --- layout -------------------------------------------------------------------------------------


def layout(persons: list[dict]) -> Layout:
    """Where the rings, sectors and every person go; no two label boxes overlap."""
    radii, placed = _place_rings(persons)
    outer = radii[-1]
    left, right, top, bottom = -outer, outer, -outer, outer
    for _line, x, baseline, anchor, width, block_top in _sector_names(outer):
        x0, x1 = _text_extent(x, anchor, width)
        left, right = min(left, x0), max(right, x1)
        top = min(top, block_top, baseline - SECTOR_NAME_SIZE)
        bottom = max(bottom, baseline + SECTOR_NAME_SIZE * 0.3)
    drawing_w = right - left
    width = max(drawing_w, LEGEND_MIN_WIDTH, _legend_width()) + 2 * MARGIN
    cx = MARGIN + (width - 2 * MARGIN - drawing_w) / 2 - left
    cy = MARGIN - top
    legend_y = cy + bottom + LEGEND_GAP
    _items, lines = _legend_positions(width - 2 * MARGIN)
    height = legend_y + LEGEND_LINE * lines + MARGIN
    moved = {
        key: Placed(
            key,
            round(cx + x, 2),
            round(cy + y, 2),
            (
                round(cx + box[0], 2),
                round(cy + box[1], 2),
                round(cx + box[2], 2),
                round(cy + box[3], 2),
            ),
            side,
        )
        for key, (x, y, box, side) in placed.items()
    }
    return Layout(
        width=round(width, 2),
        height=round(height, 2),
        cx=round(cx, 2),
        cy=round(cy, 2),
        radii=tuple(round(r, 2) for r in radii),
        sectors=tuple(SECTORS),
        rings=tuple(RINGS),
        placed=moved,
        legend_y=round(legend_y, 2),
    )


def ring_and_sector_at(layout: Layout, x: float, y: float) -> tuple[str, str] | None:
    """The (ring, sector) under a point, None in the client disc or outside the rings."""
    dx, dy = x - layout.cx, y - layout.cy
    distance = math.hypot(dx, dy)
    if distance < layout.radii[0] or distance > layout.radii[-1]:
        return None
    ring = 0
    while ring < len(layout.rings) - 1 and distance >= layout.radii[ring + 1]:
        ring += 1
    angle = math.degrees(math.atan2(dx, -dy)) % 360
    sector = int(angle // (360 / len(layout.sectors))) % len(layout.sectors)
    return layout.rings[ring], layout.sectors[sector]


# --- SVG ----------------------------------------------------------------------------------------


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _e(text: object) -> str:
    return str(escape(_clean(str(text))))


def _text(x, y, text, *, size, anchor="start", fill=INK, bold=False, halo=False, extra=""):
    attrs = f'x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if bold:
        attrs += ' font-weight="bold"'
    if halo:
        attrs += ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
    return f"<text {attrs}{extra}>{_e(text)}</text>"


def _line_style(quality: str, active: bool) -> str:
    colour = QUALITY_COLOURS[quality]
    style = f'stroke="{colour}" fill="none"'
    if quality == "sterk":
        style += ' stroke-width="3.5"'
    elif quality == "zwak":
        style += ' stroke-width="1.6" stroke-dasharray="7 5"'
    else:
        style += ' stroke-width="1.8" stroke-linejoin="round"'
    if not active:
        style += f' stroke-opacity="{DORMANT_OPACITY}"'
    return style


def _path(quality: str, x0: float, y0: float, x1: float, y1: float) -> str:
    """A straight path, or for 'belastend' a zigzag between short straight ends."""
    length = math.hypot(x1 - x0, y1 - y0)
    if quality != "belastend" or length < 30:
        return f"M{_n(x0)} {_n(y0)}L{_n(x1)} {_n(y1)}"
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    nx, ny = -uy, ux
    points = [(x0, y0)]
    zigs = int((length - 16) // 5)
    start = (length - zigs * 5) / 2
    for i in range(zigs + 1):
        along = start + i * 5
        offset = 4.0 * (1 if i % 2 else -1) if 0 < i < zigs else 0.0
        points.append((x0 + ux * along + nx * offset, y0 + uy * along + ny * offset))
    points.append((x1, y1))
    return "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in points)


def _arrowhead(tip_x: float, tip_y: float, ux: float, uy: float, colour: str, active: bool) -> str:
    """A filled triangle with its tip at (tip_x, tip_y) pointing along (ux, uy)."""
    length, half = 11.0, 5.5
    bx, by = tip_x - ux * length, tip_y - uy * length
    points = (
        f"{_n(tip_x)},{_n(tip_y)} {_n(bx - uy * half)},{_n(by + ux * half)} "
        f"{_n(bx + uy * half)},{_n(by - ux * half)}"
    )
    opacity = "" if active else f' fill-opacity="{DORMANT_OPACITY}"'
    return f'<polygon points="{points}" fill="{colour}"{opacity}/>'


def _relation(sx: float, sy: float, tx: float, ty: float, person: dict, client_r: float) -> str:
    """The line from the client's disc (centre sx, sy) to a marker, with arrows for support."""
    quality, active = person["quality"], person.get("active", True) is not False
    colour = QUALITY_COLOURS[quality]
    distance = math.hypot(tx - sx, ty - sy) or 1.0
    ux, uy = (tx - sx) / distance, (ty - sy) / distance
    x0, y0 = sx + ux * (client_r + 2), sy + uy * (client_r + 2)
    x1, y1 = tx - ux * (MARKER_R + 2), ty - uy * (MARKER_R + 2)
    gets, gives = bool(person.get("gets")), bool(person.get("gives"))
    # the line stops inside each arrowhead so that its end does not poke through the tip
    a0 = (x0 + ux * 6, y0 + uy * 6) if gets else (x0, y0)
    a1 = (x1 - ux * 6, y1 - uy * 6) if gives else (x1, y1)
    parts = [f'<path d="{_path(quality, *a0, *a1)}" {_line_style(quality, active)}/>']
    if gets:
        parts.append(_arrowhead(x0, y0, -ux, -uy, colour, active))
    if gives:
        parts.append(_arrowhead(x1, y1, ux, uy, colour, active))
    return "".join(parts)


def _marker(x: float, y: float, quality: str, active: bool, extra: str = "") -> str:
    colour = QUALITY_COLOURS[quality]
    if active:
        return (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{MARKER_R}" fill="{colour}" '
            f'stroke="{colour}" stroke-width="2"{extra}/>'
        )
    return (
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{MARKER_R}" fill="#ffffff" stroke="{colour}" '
        f'stroke-width="2" stroke-dasharray="3 2"{extra}/>'
    )


def _support_words(keys: Iterable[str]) -> str:
    chosen = set(keys or ())
    words = [_clean(str(label)) for key, label in SUPPORT.items() if key in chosen]
    return ", ".join(words) if words else _("niets")


def _person_title(person: dict) -> str:
    active = person.get("active", True) is not False
    return " ".join(
        [
            _(
                "%(name)s: %(sector)s, ring %(ring)s, relatie %(quality)s, %(contact)s.",
                name=_clean(person.get("name", "")),
                sector=SECTORS[person["sector"]],
                ring=RINGS[person["ring"]],
                quality=QUALITIES[person["quality"]],
                contact=CONTACT[active],
            ),
            _("De cliënt krijgt: %(support)s.", support=_support_words(person.get("gets"))),
            _("De cliënt geeft: %(support)s.", support=_support_words(person.get("gives"))),
        ]
    )


def summary(persons: list[dict]) -> str:
    """The map in one sentence, for the SVG's <desc> and anyone who cannot see the drawing."""
    if not persons:
        return _("Nog niemand op de netwerkkaart; de cliënt staat alleen in het midden.")
    counts = {ring: 0 for ring in RINGS}
    for person in persons:
        counts[person["ring"]] += 1
    per_ring = ", ".join(
        _("%(num)d %(ring)s", num=count, ring=RINGS[ring])
        for ring, count in counts.items()
        if count
    )
    parts = [ngettext("%(num)d persoon", "%(num)d personen", len(persons)) + ": " + per_ring]
    straining = sum(1 for p in persons if p["quality"] == "belastend")
    if straining:
        parts.append(
            ngettext("%(num)d belastende relatie", "%(num)d belastende relaties", straining)
        )
    dormant = sum(1 for p in persons if p.get("active", True) is False)
    if dormant:
        parts.append(ngettext("%(num)d slapend contact", "%(num)d slapende contacten", dormant))
    return "; ".join(parts) + "."


def _legend(lay: Layout) -> str:
    left = MARGIN
    top = lay.legend_y
    items, _lines = _legend_positions(lay.width - 2 * MARGIN)
    parts = [
        '<g class="legenda">',
        _text(left, top + LEGEND_SIZE, _("Legenda"), size=LEGEND_SIZE + 1, bold=True),
    ]
    for kind, detail, text, x, line in items:
        baseline = top + LEGEND_LINE * line + LEGEND_SIZE
        mid = baseline - LEGEND_SIZE * 0.35
        x0 = left + x
        if kind == "heading":
            parts.append(_text(x0, baseline, text, size=LEGEND_SIZE, bold=True))
            continue
        if kind == "code":
            parts.append(_text(x0, baseline, detail, size=LEGEND_SIZE, bold=True))
            code_w = _text_width(detail, LEGEND_SIZE, True) + 4
            parts.append(_text(x0 + code_w, baseline, text, size=LEGEND_SIZE))
            continue
        sample = SAMPLE_W.get(kind, 0.0)
        if kind == "line":
            path = _path(detail, x0, mid, x0 + sample, mid)
            parts.append(f'<path class="legenda-{detail}" d="{path}" {_line_style(detail, True)}/>')
        elif kind == "marker":
            parts.append(_marker(x0 + sample / 2, mid, "sterk", detail == "active"))
        elif kind == "arrow":
            disc_x = x0 + 8
            person_x = x0 + sample - MARKER_R
            parts.append(
                f'<circle cx="{_n(disc_x)}" cy="{_n(mid)}" r="8" fill="{CLIENT_FILL}" '
                f'stroke="{CLIENT_STROKE}" stroke-width="1.5"/>'
            )
            parts.append(_marker(person_x, mid, "zwak", True))
            start, end = disc_x + 8 + 2, person_x - MARKER_R - 2
            colour = QUALITY_COLOURS["zwak"]
            if detail == "in":
                line, head = (start + 6, end), _arrowhead(start, mid, -1.0, 0.0, colour, True)
            else:
                line, head = (start, end - 6), _arrowhead(end, mid, 1.0, 0.0, colour, True)
            parts.append(
                f'<path d="M{_n(line[0])} {_n(mid)}L{_n(line[1])} {_n(mid)}" '
                f'stroke="{colour}" stroke-width="1.6" fill="none"/>{head}'
            )
        text_x = x0 + sample + (6 if sample else 0)
        parts.append(_text(text_x, baseline, text, size=LEGEND_SIZE))
    parts.append("</g>")
    return "".join(parts)


def _person(person: dict, placed: Placed) -> str:
    label = _label(person)
    active = person.get("active", True) is not False
    x, y = placed.x, placed.y
    top = y - label.height / 2
    if placed.side == "start":
        text_x, anchor = x + MARKER_R + LABEL_GAP, "start"
    else:
        text_x, anchor = x - MARKER_R - LABEL_GAP, "end"
    parts = [
        f'<g class="persoon" data-key="{_e(person["key"])}" data-ring="{_e(person["ring"])}" '
        f'data-sector="{_e(person["sector"])}" data-quality="{_e(person["quality"])}" '
        f'data-active="{"1" if active else "0"}" data-x="{_n(x)}" data-y="{_n(y)}">',
        f"<title>{_e(_person_title(person))}</title>",
        _marker(x, y, person["quality"], active, ' class="merkteken"'),
        _text(text_x, top + NAME_SIZE, label.name, size=NAME_SIZE, anchor=anchor, halo=True),
    ]
    if label.codes:
        parts.append(
            _text(
                text_x,
                top + NAME_SIZE * 1.25 + CODE_SIZE,
                label.codes,
                size=CODE_SIZE,
                anchor=anchor,
                fill=MUTED,
                halo=True,
            )
        )
    parts.append("</g>")
    return "".join(parts)


def _size(lay: Layout) -> str:
    """How wide the page shows the drawing at least (app.css), so that names stay legible
    when a crowded map makes the canvas grow: 'normal', 'large' or 'huge'."""
    if lay.width > 1450:
        return "huge"
    return "large" if lay.width > 1150 else "normal"


def render_svg(
    persons: list[dict],
    *,
    title: str,
    client_label: str,
    description: str | None = None,
    element_id: str = "netwerkkaart",
    place_url: str | None = None,
) -> Markup:
    """The whole map as one <svg> element; place_url turns on dragging (static/js/netmap.js)."""
    lay = layout(persons)
    cx, cy, radii = lay.cx, lay.cy, lay.radii
    ident = _e(element_id)
    title_id, desc_id = f"{ident}-titel", f"{ident}-beschrijving"
    root = (
        f'<svg xmlns="{SVG_NS}" id="{ident}" class="netwerkkaart" '
        f'viewBox="0 0 {_n(lay.width)} {_n(lay.height)}" width="100%" data-size="{_size(lay)}" '
        f'role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{FONT}" '
        f'data-cx="{_n(cx)}" data-cy="{_n(cy)}" data-radii="{",".join(_n(r) for r in radii)}" '
        f'data-sectors="{",".join(lay.sectors)}" data-rings="{",".join(lay.rings)}"'
    )
    if place_url:
        root += f' data-place-url="{escape(place_url)}"'
    parts = [
        root + ">",
        f'<title id="{title_id}">{_e(title)}</title>',
        f'<desc id="{desc_id}">{_e(summary(persons) if description is None else description)}'
        "</desc>",
        f'<rect width="{_n(lay.width)}" height="{_n(lay.height)}" fill="#ffffff"/>',
    ]
    # rings, outermost first so that each inner disc paints over the one around it
    parts.append('<g class="ringen">')
    for index in range(len(radii) - 1, 0, -1):
        fill = RING_FILLS[(index - 1) % 2]
        parts.append(
            f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(radii[index])}" fill="{fill}" '
            f'stroke="{RING_STROKE}" stroke-width="1.2" data-ring="{lay.rings[index - 1]}"/>'
        )
    parts.append("</g>")
    parts.append('<g class="sectoren">')
    for index in range(len(lay.sectors)):
        dx, dy = _direction(index * SECTOR_ANGLE)
        parts.append(
            f'<line x1="{_n(cx + dx * radii[0])}" y1="{_n(cy + dy * radii[0])}" '
            f'x2="{_n(cx + dx * radii[-1])}" y2="{_n(cy + dy * radii[-1])}" '
            f'stroke="{RING_STROKE}" stroke-width="1.2"/>'
        )
    for text, x, baseline, anchor, _w, _top in _sector_names(radii[-1]):
        parts.append(
            _text(cx + x, cy + baseline, text, size=SECTOR_NAME_SIZE, anchor=anchor, bold=True)
        )
    parts.append("</g>")
    by_key = {str(p["key"]): p for p in persons}
    keys = sorted(lay.placed)
    parts.append('<g class="relaties">')
    for key in keys:
        person, placed = by_key[key], lay.placed[key]
        parts.append(
            f'<g class="relatie {_e(person["quality"])}" data-key="{_e(key)}">'
            f"{_relation(cx, cy, placed.x, placed.y, person, radii[0])}</g>"
        )
    parts.append("</g>")
    # the ring names go over the lines, which would otherwise hide the innermost
    parts.append('<g class="ringnamen">')
    for index, key in enumerate(lay.rings):
        parts.append(
            _text(
                cx,
                cy + _ring_name_baseline(radii[index]),
                RINGS[key],
                size=RING_NAME_SIZE,
                anchor="middle",
                fill=MUTED,
                halo=True,
            )
        )
    parts.append("</g>")
    parts.append(
        f'<circle class="client" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(radii[0])}" '
        f'fill="{CLIENT_FILL}" stroke="{CLIENT_STROKE}" stroke-width="2"/>'
    )
    client_lines = _wrap(_clean(client_label) or "?", MAX_CLIENT_LINE, 2)
    line_h = CLIENT_SIZE * 1.2
    first = cy - line_h * (len(client_lines) - 1) / 2 + CLIENT_SIZE * 0.35
    for i, line in enumerate(client_lines):
        parts.append(
            _text(cx, first + i * line_h, line, size=CLIENT_SIZE, anchor="middle", bold=True)
        )
    parts.append('<g class="personen">')
    parts.extend(_person(by_key[key], lay.placed[key]) for key in keys)
    parts.append("</g>")
    parts.append(_legend(lay))
    parts.append("</svg>")
    # every text and attribute value above went through _e/escape; numbers are made here
    return Markup("".join(parts))  # noqa: S704

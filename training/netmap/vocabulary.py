"""The words of a network map: sectors, rings of closeness, kinds of support, qualities.

After the ecogram (Hartman) and the netwerkcirkel (Lensink): the client in the centre, persons
in rings from close (intimi) to far (diensten), in sectors of life. The keys are stored; the
labels are what people read. The order of each tuple is the order on the map and in forms.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SECTORS = {
    "familie": _l("familie"),
    "vrienden": _l("vrienden en kennissen"),
    "buurt": _l("buurt"),
    "werk": _l("werk, dagbesteding of school"),
    "professionals": _l("professionals"),
    "medeclienten": _l("medecliënten"),
}

# From the centre outwards.
RINGS = {
    "intimi": _l("intimi"),
    "vrienden": _l("vrienden"),
    "bekenden": _l("bekenden"),
    "diensten": _l("diensten"),
}

# The codes used on ecograms in the Netherlands: P, G, A, E.
SUPPORT = {
    "praktisch": _l("praktisch"),
    "gezelschap": _l("gezelschap"),
    "advies": _l("advies of informatie"),
    "emotioneel": _l("emotioneel"),
}
SUPPORT_CODES = {"praktisch": "P", "gezelschap": "G", "advies": "A", "emotioneel": "E"}

QUALITIES = {
    "sterk": _l("sterk"),
    "zwak": _l("zwak"),
    "belastend": _l("belastend"),
}

CONTACT = {True: _l("actief contact"), False: _l("slapend contact")}

# Every word list at once, for templates.
WORDS = {
    "sectors": SECTORS, "rings": RINGS, "qualities": QUALITIES, "support": SUPPORT,
    "codes": SUPPORT_CODES,
}  # fmt: skip

# A person on a map as every part of the code passes it around (stored as JSON in versions,
# snapshots and case reference maps):
#   {"key": "k3f9", "name": "Marco", "sector": "familie", "ring": "vrienden",
#    "quality": "belastend", "active": False, "gets": ["praktisch"], "gives": [],
#    "note": "..."}
# gets: what the client receives from the person; gives: what the client gives the person.

MAX_NAME = 40
MAX_NOTE = 500
MAX_PERSONS = 80


def ring_index(ring: str) -> int:
    """0 for intimi (closest) up to 3 for diensten."""
    return list(RINGS).index(ring)

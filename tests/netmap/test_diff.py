"""How a network changed between two saved versions."""

from training.netmap.diff import diff


def person(key, name, ring="bekenden", quality="zwak", active=True, **extra):
    return {"key": key, "name": name, "sector": "familie", "ring": ring, "quality": quality,
            "active": active, "gets": [], "gives": [], "note": "", **extra}  # fmt: skip


BEFORE = [
    person("a", "zus", quality="belastend", active=False),
    person("b", "buurman", ring="diensten"),
    person("c", "oom", ring="vrienden", quality="sterk"),
    person("d", "Wessel"),
    person("e", "Kees", gets=["praktisch"]),
]


def test_every_kind_of_change_is_found():
    after = [
        person(
            "a", "zus", ring="vrienden", quality="zwak", active=True
        ),  # closer, less belastend, active
        person("b", "buurman", ring="bekenden"),  # closer
        person("c", "oom", ring="bekenden", quality="belastend", active=False),  # further, worse
        person("e", "Kees", gets=["praktisch", "gezelschap"]),  # support only
        person("f", "pastor"),  # new
    ]
    changes = diff(BEFORE, after)
    assert [p["name"] for p in changes.added] == ["pastor"]
    assert [p["name"] for p in changes.removed] == ["Wessel"]
    assert [c.name for c in changes.reactivated] == ["zus"]
    assert [c.name for c in changes.went_dormant] == ["oom"]
    assert [c.name for c in changes.closer] == ["buurman", "zus"]
    assert [c.name for c in changes.further] == ["oom"]
    assert [c.name for c in changes.less_burdening] == ["zus"]
    assert [c.name for c in changes.more_burdening] == ["oom"]
    assert [c.name for c in changes.other] == ["Kees"]
    assert changes.other[0].support_added == {"gets": ["gezelschap"], "gives": []}
    assert (changes.before.dormant, changes.after.dormant) == (1, 1)
    assert changes.before.by_quality["belastend"] == 1 and changes.after.by_ring["bekenden"] == 4


def test_a_person_removed_and_added_again_under_the_same_name_is_the_same_person():
    after = [p for p in BEFORE if p["key"] != "d"] + [person("z", "wessel", ring="vrienden")]
    changes = diff(BEFORE, after)
    assert not changes.added and not changes.removed
    assert [c.name for c in changes.closer] == ["wessel"]


def test_no_change_is_empty():
    assert diff(BEFORE, [dict(p) for p in BEFORE]).empty

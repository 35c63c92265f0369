"""A person as typed: names, choices, and what the privacy guard refuses."""

import pytest

from training.netmap.people import clean_person, identifying, looks_like_full_name


@pytest.mark.parametrize(
    "name", ["Wessel", "zus", "de buurvrouw", "Tante Ria", "oud-collega Wessel", "Jan-Willem",
             "meneer K.", "broer Daan", "pastor"],
)  # fmt: skip
def test_first_names_and_roles_pass(name):
    assert not looks_like_full_name(name)


@pytest.mark.parametrize(
    "name",
    ["Ria Jansen", "Jan de Vries", "mevrouw Bakker", "J. Smit", "Mo El Amrani", "Wessel van Dam"],
)
def test_full_names_are_recognised(name):
    assert looks_like_full_name(name)


def test_clean_person_checks_every_choice(app):
    with app.test_request_context():
        person, errors = clean_person({
            "name": "  Wessel  ", "sector": "werk", "ring": "vrienden", "quality": "sterk",
            "active": True, "gets": ["gezelschap", "praktisch", "praktisch"], "gives": [],
        })  # fmt: skip
        assert errors == {}
        assert person["name"] == "Wessel" and person["gets"] == ["praktisch", "gezelschap"]
        _, errors = clean_person({"name": "Tante 2", "sector": "kerk", "ring": "x", "quality": "y",
                                  "gets": ["geld"], "contact": "soms"})  # fmt: skip
        assert set(errors) == {"name", "sector", "ring", "quality", "gets", "contact"}


def test_the_guard_refuses_identifiers_but_lets_a_first_name_pass(app, guard_ready):
    with app.test_request_context():
        assert identifying({"note": "Gaat met Wessel naar het voetbal."}) == {}
        found = identifying({"name": "zus", "note": "BSN 111222333, mail petra@example.nl"})
        assert set(found) == {"note"}
        assert "BSN" in found["note"] and "e-mailadres" in found["note"]
        assert "naam" in identifying({"note": "Haar vriend Jan de Vries helpt."})["note"]

import pytest


@pytest.fixture
def person_form():
    """The add-person form as a browser posts it; override fields with keyword arguments."""

    def make(**changes) -> dict:
        data = {
            "name": "Wessel", "sector": "werk", "ring": "vrienden", "quality": "sterk",
            "contact": "actief", "gets": ["gezelschap"], "gives": [], "note": "",
        }  # fmt: skip
        data.update(changes)
        return data

    return make

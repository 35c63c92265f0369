"""A learner's map against the reference map: matching names, differences, scores."""

import pytest

from training.netmap.compare import compare, words


def person(name, ring="vrienden", quality="sterk", active=True, sector="familie", **extra):
    return {"key": name, "name": name, "sector": sector, "ring": ring, "quality": quality,
            "active": active, "gets": [], "gives": [], "note": "", **extra}  # fmt: skip


REFERENCE = [
    person(
        "zus", aliases=["Petra", "zijn zus"], ring="bekenden", quality="belastend", active=False
    ),
    person("buurvrouw", aliases=["Ans"], sector="buurt", ring="bekenden"),
    person("pastor", aliases=["priester"], sector="professionals", ring="diensten", quality="zwak"),
]


def test_words_ignore_case_accents_punctuation_and_small_words():
    assert words("De Buurvrouw!") == words("buurvrouw")
    assert words("Zijn zus (Petra)") == {"zus", "petra"}
    assert words("Medecliënt") == words("medeclient")


def test_names_match_by_alias_and_by_containing_words():
    learner = [person("Petra"), person("de buurvrouw Ans"), person("Kees")]
    result = compare(learner, REFERENCE)
    assert [(m.reference["name"], m.learner["name"]) for m in result.matches] == [
        ("zus", "Petra"), ("buurvrouw", "de buurvrouw Ans"),
    ]  # fmt: skip
    assert [p["name"] for p in result.missed] == ["pastor"]
    assert [p["name"] for p in result.extra] == ["Kees"]


def test_each_learner_person_matches_one_reference_person_and_exact_names_win():
    reference = [person("broer", aliases=["Daan"]), person("Daan")]
    learner = [person("broer Daan"), person("Daan")]
    result = compare(learner, reference)
    pairs = {m.reference["name"]: m.learner["name"] for m in result.matches}
    assert pairs == {"Daan": "Daan", "broer": "broer Daan"}


def test_differences_in_ring_quality_and_contact_are_reported():
    learner = [person("zus", ring="intimi", quality="sterk", active=True)]
    (match,) = compare(learner, REFERENCE).matches
    assert match.ring_shift == -2  # placed two rings closer than the story
    assert match.quality_differs and match.contact_differs and match.differs
    assert match.score == pytest.approx(0.6)


def test_scores_reward_who_was_seen_and_how():
    perfect = compare([dict(p, key=p["name"]) for p in REFERENCE], REFERENCE)
    assert perfect.score == pytest.approx(1.0) and perfect.dormant_score == pytest.approx(1.0)
    nothing = compare([], REFERENCE)
    assert nothing.score == 0 and nothing.dormant_score == 0
    # the dormant sister found but seen as active: found counts, the contact does not
    seen_active = compare([person("zus", ring="bekenden", quality="belastend")], REFERENCE)
    assert seen_active.dormant_score == pytest.approx(0.7)
    assert compare([], [person("buurman")]).dormant_score is None

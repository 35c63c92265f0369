"""The guard's own detectors (no deduce needed): numbers, IBANs, streets."""

from training.privacyguard import detect


def _tags(found, text):
    return [(tag, text[a:b]) for tag, a, b in found]


def test_a_bsn_is_found_across_spaces_dots_and_dashes_only_when_it_passes_the_11_proef():
    for text in ("111 222 333", "111.222.333", "111-22-2333", "1 1 1 2 2 2 3 3 3"):
        assert _tags(detect.numbers(f"bsn {text}."), f"bsn {text}.") == [("bsn", text)]
    assert detect.numbers("bsn 123 456 789") == []  # fails the 11-proef


def test_a_phone_number_is_found_in_its_groups_next_to_a_date():
    text = "geboren 01-02-1980 06 12 34 56 78"
    assert _tags(detect.numbers(text), text) == [("telefoonnummer", "06 12 34 56 78")]
    assert _tags(detect.numbers("+31 6 1234 5678"), "+31 6 1234 5678") == [
        ("telefoonnummer", "+31 6 1234 5678")
    ]


def test_ordinary_numbers_are_not_findings():
    assert detect.numbers("In 2023 hadden we 12 gesprekken, 3 - 4 keer per week.") == []


def test_ibans_need_a_valid_check_number():
    assert _tags(detect.ibans("nl91 abna 0417 1643 00"), "nl91 abna 0417 1643 00") == [
        ("iban", "nl91 abna 0417 1643 00")
    ]
    assert detect.ibans("NL92ABNA0417164300") == []


def test_streets_with_a_house_number_in_any_case():
    text = "hij woont op de kerkstraat 12 en zij op de Lindelaan 7a."
    assert [t for _, t in _tags(detect.addresses(text), text)] == ["kerkstraat 12", "Lindelaan 7a"]

"""Normalising: what hides an identifier is undone, and every letter maps back to the original."""

import time

from training.privacyguard.normalise import normalise

ZW = "\u200b"


def _back(text: str, found: str) -> str:
    """The original text behind the first occurrence of `found` in the normalised text."""
    norm = normalise(text)
    start = norm.text.index(found)
    a, b = norm.span(start, start + len(found))
    return text[a:b]


def test_zero_width_and_bidi_characters_are_removed_and_mapped_back():
    text = f"BSN 1112{ZW}22\u200e333 en J\u200dan"
    norm = normalise(text)
    assert norm.text == "BSN 111222333 en Jan"
    assert _back(text, "111222333") == f"1112{ZW}22\u200e333"
    assert _back(text, "Jan") == "J\u200dan"


def test_look_alike_letters_are_folded_to_latin():
    assert normalise("Јаn dе Vrіеs, Ρetra, Κees").text == "Jan de Vries, Petra, Kees"


def test_nfkc_folds_full_width_forms():
    text = "ＪＡＮ ０６１２"
    assert normalise(text).text == "JAN 0612"
    assert _back(text, "0612") == "０６１２"


def test_markdown_emphasis_and_links_are_stripped():
    assert normalise("**Jan** de _Vries_").text == "Jan de Vries"
    assert normalise("J**an**").text == "Jan"
    text = "[Kees Jansen](https://voorbeeld.nl/x) belde"
    assert normalise(text).text == "Kees Jansen https://voorbeeld.nl/x belde"
    assert _back(text, "Kees Jansen") == "Kees Jansen"


def test_obfuscated_e_mail_addresses_are_rewritten():
    for written in ("anouk [at] voorbeeld [dot] com", "anouk (at) voorbeeld punt com",
                    "anouk at voorbeeld dot com", "anouk[at]voorbeeld[punt]com"):  # fmt: skip
        assert normalise(written).text == "anouk@voorbeeld.com", written
    text = "mail anouk [at] voorbeeld [dot] com!"
    assert _back(text, "anouk@voorbeeld.com") == "anouk [at] voorbeeld [dot] com"


def test_at_as_a_dutch_verb_is_left_alone():
    sentence = "Hij at brood. Daarna ging hij slapen."
    assert normalise(sentence).text == sentence


def test_spelled_out_digits_become_digits():
    text = "bel nul zes een twee drie vier"
    assert normalise(text).text == "bel 0 6 1 2 3 4"
    assert _back(text, "0 6 1") == "nul zes een"
    assert normalise("een of twee keer").text == "een of twee keer"  # not a run of digits


def test_normalising_stays_linear():
    post = ("Gisteren sprak ik **Jan** de Vries op 06 12 34 56 78. " * 40)[:2000]
    started = time.perf_counter()
    normalise(post * 10)
    assert time.perf_counter() - started < 1.0

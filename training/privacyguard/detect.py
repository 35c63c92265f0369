"""The guard's own detectors, for what deduce misses on normalised text.

deduce finds names only when they are capitalised, and numbers only when their digits are
written together. These detectors run on the normalised text (see `normalise.py`) next to
deduce: numbers whose digits are spread over spaces, dots and dashes (BSN with the 11-proef,
Dutch phone numbers), IBANs (mod 97), e-mail addresses, street names with a house number,
postcodes, and names in lower case or after a title ("mevrouw", "dhr.", "cliënt"). Each
returns (tag, start, end) in the normalised text; every pass is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Found = tuple[str, int, int]

# A run of digit groups with at most three separators between them ("06 - 12 34 56 78").
_DIGIT_RUN = re.compile(r"(?:\+|\b00)?\d+(?:[ ,.\-/\u2010-\u2015]{1,3}\d+)*")
_GROUP = re.compile(r"\d+")
_MAX_DIGITS = 13


def _eleven_test(digits: str) -> bool:
    """The BSN's 11-proef (the last digit counts -1)."""
    if len(digits) != 9 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def _number_tag(digits: str, international: bool) -> str | None:
    if international and digits.startswith("31") and len(digits) == 11:
        return "telefoonnummer"
    if digits.startswith("0031") and len(digits) == 13:
        return "telefoonnummer"
    if len(digits) == 10 and digits[0] == "0" and digits[1] != "0":
        return "telefoonnummer"
    if _eleven_test(digits):
        return "bsn"
    return None


# A date with a four-digit year is a date (deduce finds it), never part of a longer number.
_DATE = re.compile(r"\b(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d\b")


def numbers(text: str) -> list[Found]:
    """BSNs and phone numbers, also when their digits are spread over separators."""
    found: list[Found] = []
    for run in _DIGIT_RUN.finditer(_DATE.sub(lambda m: "#" * len(m.group()), text)):
        groups = list(_GROUP.finditer(run.group()))
        international = run.group().startswith("+")
        i = 0
        while i < len(groups):
            best = None
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j].group()
                if len(digits) > _MAX_DIGITS:
                    break
                tag = _number_tag(digits, international and i == 0)
                if tag:
                    best = (tag, j)
            if best is None:
                i += 1
                continue
            tag, j = best
            start = run.start() + groups[i].start()
            if i == 0 and international:
                start = run.start()
            found.append((tag, start, run.start() + groups[j].end()))
            i = j + 1
    return found


_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?\b")


def _iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return len(compact) >= 15 and int(digits) % 97 == 1


def ibans(text: str) -> list[Found]:
    return [("iban", m.start(), m.end()) for m in _IBAN.finditer(text) if _iban_valid(m.group())]


_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}")


def emails(text: str) -> list[Found]:
    return [("emailadres", m.start(), m.end()) for m in _EMAIL.finditer(text)]


_STREET = re.compile(
    r"\b[^\W\d_][\w'-]{0,40}?(?:straat|weg|laan|plein|gracht|kade|singel|dijk|steeg|dreef|"
    r"hof|markt|pad|plantsoen|kanaal|park|ring|baan|erf|veld|wal|burgwal|haven)"
    r"\s{1,3}\d{1,4}(?:\s?-?\s?[a-zA-Z](?![\w]))?(?:\s?(?:hs|bis|huis|[A-Za-z]))?\b",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b|\b[1-9]\d{3}[a-z]{2}\b")


def addresses(text: str) -> list[Found]:
    found = [("locatie", m.start(), m.end()) for m in _STREET.finditer(text)]
    return found + [("locatie", m.start(), m.end()) for m in _POSTCODE.finditer(text)]


# --- names --------------------------------------------------------------------------------

TITLES = {
    "mevrouw", "meneer", "mevr", "mw", "dhr", "heer", "mr", "cliënt", "client", "cliënte",
    "cliente", "juffrouw", "mevrouwtje", "meneertje",
}  # fmt: skip
RELATIVES = {
    "broer", "zus", "zuster", "zoon", "dochter", "moeder", "vader", "oom", "tante", "neef",
    "nicht", "buurman", "buurvrouw", "vriend", "vriendin", "partner", "ex", "opa", "oma",
    "stiefvader", "stiefmoeder", "schoonzus", "zwager", "kleinzoon", "kleindochter", "man",
    "vrouw", "echtgenoot", "echtgenote", "vriendje", "vriendinnetje", "kind", "baby",
}  # fmt: skip
INTERFIXES = {
    "de", "van", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t", "la", "le", "du",
    "el", "al", "von", "da", "dos", "del",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Lexicon:
    """Name and place lookups (deduce's lists), given as plain predicates on one word."""

    first_name: Callable[[str], bool]
    surname: Callable[[str], bool]
    place: Callable[[str], bool]
    ordinary: Callable[[str], bool]  # a common Dutch word, not to be taken for a name
    interfix_surname: Callable[[str], bool]  # "Jong" after "de", "Amrani" after "el"


def _name_after(words: list[re.Match], k: int, lexicon: Lexicon, strict: bool) -> int | None:
    """Index of the last word of a name starting at words[k] (interfixes allowed), or None."""
    found = _past_interfixes(words, k)
    if found is None:
        return None
    j, word, title = found
    if j > k and (lexicon.surname(title) or lexicon.interfix_surname(title)):
        return j  # "mw. de jong": after an interfix, a surname
    if lexicon.ordinary(word.lower()):
        return None
    known = lexicon.first_name(title) or lexicon.surname(title)
    if strict and not known:
        return None
    if not known and not (word[:1].isupper() and len(word) > 1):
        return None
    # a surname after a first name belongs to the same name
    if j + 1 < len(words) and lexicon.first_name(title):
        rest = _surname_after(words, j + 1, lexicon)
        if rest is not None:
            return rest
    return j


def _past_interfixes(words: list[re.Match], k: int) -> tuple[int, str, str] | None:
    """The first word from words[k] after at most three interfixes ("van", "de", "el"): its
    index, the word and the word title-cased; None when the text ends before it."""
    j = k
    while j < len(words) and words[j].group().lower() in INTERFIXES and j - k < 3:
        j += 1
    if j >= len(words):
        return None
    word = words[j].group()
    return j, word, word[:1].upper() + word[1:].lower()


def _surname_after(words: list[re.Match], k: int, lexicon: Lexicon) -> int | None:
    found = _past_interfixes(words, k)
    if found is None:
        return None
    j, word, title = found
    if j > k and lexicon.interfix_surname(title):
        return j
    if lexicon.ordinary(word.lower()) or not lexicon.surname(title):
        return None
    return j


def _adjacent(text: str, a: re.Match, b: re.Match) -> bool:
    """Two words separated by spaces only (a name does not run over a comma or a full stop)."""
    between = text[a.end() : b.start()]
    return len(between) <= 3 and between.strip(" .") == ""


def names(text: str, lexicon: Lexicon) -> list[Found]:
    """Names after a title or a relation, and first name + surname pairs, in any case."""
    words = list(_WORD.finditer(text))
    found: list[Found] = []
    k = 0
    while k < len(words):
        lower = words[k].group().lower()
        end = None
        if lower in TITLES or lower in RELATIVES:
            nxt = k + 1
            if lower == "heer" and (k == 0 or words[k - 1].group().lower() != "de"):
                nxt = None
            if nxt is not None and nxt < len(words) and _adjacent(text, words[k], words[nxt]):
                end = _name_after(words, nxt, lexicon, strict=lower in RELATIVES)
                if end is not None and all(
                    _adjacent(text, words[i], words[i + 1]) for i in range(nxt, end)
                ):
                    found.append(("persoon", words[nxt].start(), words[end].end()))
                    k = end + 1
                    continue
        word = words[k].group()
        title = word[:1].upper() + word[1:].lower()
        written_as_name = word[:1].isupper() and word[1:].islower()  # deduce finds those
        if not written_as_name and lexicon.first_name(title) and not lexicon.ordinary(lower):
            end = _surname_after(words, k + 1, lexicon)
            if end is not None and all(
                _adjacent(text, words[i], words[i + 1]) for i in range(k, end)
            ):
                found.append(("persoon", words[k].start(), words[end].end()))
                k = end + 1
                continue
        k += 1
    return found


_PLACE_CONTEXT = {"in", "te", "uit", "naar", "woonplaats", "woont", "wonend"}


def places(text: str, lexicon: Lexicon) -> list[Found]:
    """Place names in lower case after "in", "te", "uit", "naar" (deduce finds capitalised ones)."""
    words = list(_WORD.finditer(text))
    found: list[Found] = []
    for k in range(1, len(words)):
        word = words[k].group()
        if word[:1].isupper() or words[k - 1].group().lower() not in _PLACE_CONTEXT:
            continue
        if lexicon.ordinary(word.lower()):
            continue
        if lexicon.place(word[:1].upper() + word[1:]):
            found.append(("locatie", words[k].start(), words[k].end()))
    return found

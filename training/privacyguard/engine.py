"""deduce and the guard's own detectors: used inside the guard service only (the web app never imports deduce).

Every text is normalised first (`normalise.py`: NFKC, hidden characters out, look-alike
letters folded, Markdown stripped, obfuscated e-mail addresses and spelled-out digits
undone); deduce and the detectors in `detect.py` run on the normalised text, and every
finding is mapped back to the ORIGINAL text. Pseudonymising replaces those original spans
(hidden characters and markup inside a name included) with placeholders such as [PERSOON-1].
"""

from __future__ import annotations

import threading

from training.privacyguard import detect
from training.privacyguard.normalise import Normalised, normalise

_lock = threading.Lock()
_instance = None
_lexicon = None

# Characters that normalising drops: a span that hides some of them takes its neighbours too.
_MARKUP = set("*_~`")


def deidentifier():
    """The process's one deduce instance (loaded on first call; thread-safe)."""
    global _instance, _lexicon
    if _instance is None:
        with _lock:
            if _instance is None:
                from deduce import Deduce

                model = Deduce()
                _lexicon = _make_lexicon(model)
                _instance = model
    return _instance


def _make_lexicon(model) -> detect.Lexicon:
    structs = model.lookup_structs
    first, surname, place = structs["first_name"], structs["surname"], structs["placename"]
    whitelist, common, stop = structs["whitelist"], structs["common_word"], structs["stop_word"]
    after_interfix = structs["interfix_surname"]
    return detect.Lexicon(
        first_name=lambda word: first.longest_matching_prefix([word]) is not None,
        surname=lambda word: surname.longest_matching_prefix([word]) is not None,
        place=lambda word: place.longest_matching_prefix([word]) is not None,
        ordinary=lambda word: word in whitelist or word in common or word in stop,
        interfix_surname=lambda word: word in after_interfix,
    )


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in the hidden characters and markup around a span whose inside hides some."""
    inside = text[start:end]
    if not any(c in _MARKUP or not c.isprintable() for c in inside):
        while start > 0 and not text[start - 1].isprintable() and text[start - 1] not in "\n\t":
            start -= 1
        while end < len(text) and not text[end].isprintable() and text[end] not in "\n\t":
            end += 1
        return start, end
    while (
        start > 0
        and (text[start - 1] in _MARKUP or not text[start - 1].isprintable())
        and text[start - 1] not in "\n\t"
    ):
        start -= 1
    while (
        end < len(text)
        and (text[end] in _MARKUP or not text[end].isprintable())
        and text[end] not in "\n\t"
    ):
        end += 1
    return start, end


def _merge(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Overlapping findings become one, with the tag of the longest."""
    merged: list[list] = []
    # deduce calls any long number "id"; a detector that knows it is a phone number wins a tie
    for tag, start, end in sorted(spans, key=lambda s: (s[1], -s[2], s[0] == "id")):
        if merged and start < merged[-1][2]:
            last = merged[-1]
            if end - start > last[3]:
                last[0], last[3] = tag, end - start
            last[2] = max(last[2], end)
            continue
        merged.append([tag, start, end, end - start])
    return [(tag, start, end) for tag, start, end, _ in merged]


def _find_in(text: str) -> list[tuple[str, int, int]]:
    """Findings in one text, as (tag, start, end) in the original text."""
    model = deidentifier()
    norm: Normalised = normalise(text)
    if not norm.text.strip():
        return []
    spans = [
        (a.tag, a.start_char, a.end_char)
        for a in model.deidentify(norm.text).annotations
    ]  # fmt: skip
    spans += detect.numbers(norm.text) + detect.ibans(norm.text) + detect.emails(norm.text)
    spans += detect.addresses(norm.text)
    spans += detect.names(norm.text, _lexicon) + detect.places(norm.text, _lexicon)
    original = []
    for tag, start, end in spans:
        if end <= start:
            continue
        start, end = _widen(text, *norm.span(start, end))
        original.append((tag, start, end))
    return _merge(original)


def find(texts: dict[str, str]) -> list[dict]:
    """Everything found in each named text, in reading order, with spans in the original text."""
    findings = []
    for field, text in texts.items():
        if not text or not text.strip():
            continue
        for tag, start, end in _find_in(text):
            findings.append(
                {"field": field, "tag": tag, "start": start, "end": end, "text": text[start:end]}
            )
    return findings


def _key(tag: str, found: str) -> tuple[str, str]:
    """The same person or number is the same placeholder, however it was written."""
    return tag, "".join(ch for ch in normalise(found).text.lower() if ch.isalnum())


def pseudonymise(texts: dict[str, str]) -> dict[str, str]:
    """Each finding's whole original span replaced by a placeholder such as [PERSOON-1]."""
    numbers: dict[tuple[str, str], int] = {}
    counts: dict[str, int] = {}
    result = {}
    for field, text in texts.items():
        if not text or not text.strip():
            result[field] = text
            continue
        parts, position = [], 0
        for tag, start, end in _find_in(text):
            key = _key(tag, text[start:end])
            if key not in numbers:
                counts[tag] = counts.get(tag, 0) + 1
                numbers[key] = counts[tag]
            parts.append(text[position:start])
            parts.append(f"[{tag.upper()}-{numbers[key]}]")
            position = end
        parts.append(text[position:])
        result[field] = "".join(parts)
    return result


if __name__ == "__main__":  # `make install` builds deduce's lookup structures once
    deidentifier()
    print("deduce is klaar voor gebruik.")

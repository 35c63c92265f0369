"""Undo the tricks that hide an identifier from a detector, and remember where every letter came from.

An author (or a careless paste) can hide "Jan" as "J\u200ban", "Јаn" (Cyrillic), "**J**an",
a BSN as "123 45 67 82" and an e-mail address as "jan [at] voorbeeld [dot] nl". The guard
detects on the normalised text and maps every finding back to the ORIGINAL text through
`Normalised.span`, so pseudonymising removes the whole original span, hidden characters too.

Every step is one pass over the text (regular expressions without nested repetition): a
2,000-character post is normalised in well under a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Letters from other scripts that look like Latin ones (a small table from Unicode's
# confusables.txt: Cyrillic, Greek, and a few Latin look-alikes). NFKC already folds
# full-width, mathematical and ligature forms.
CONFUSABLES = str.maketrans(
    {
        # Cyrillic lower case
        "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j",
        "к": "k", "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "г": "r",
        "ѕ": "s", "т": "t", "ц": "u", "ѵ": "v", "ԝ": "w", "х": "x", "у": "y", "ё": "e",
        "ї": "i", "ӧ": "o", "ӱ": "y", "п": "n", "ь": "b", "ɡ": "g",
        # Cyrillic upper case
        "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K",
        "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "Ү": "Y", "Ԛ": "Q",
        "Ԝ": "W", "Ӏ": "I", "Ё": "E", "Ї": "I", "З": "3", "Ь": "b",
        # Greek lower case
        "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
        "ί": "i", "ό": "o", "ύ": "u", "έ": "e", "ά": "a",
        # Greek upper case
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
        # Latin look-alikes outside ASCII
        "ı": "i", "ȷ": "j", "ɑ": "a", "ɩ": "i", "ʏ": "y", "ᴀ": "A", "ᴄ": "c", "ᴏ": "o",
    }
)  # fmt: skip

# Markdown emphasis and code markers, and simple HTML tags, are dropped: they split words.
_MARKUP = re.compile(r"[*_~`]+|</?[A-Za-z][A-Za-z0-9]{0,9}\s*/?>")
# [text](url) -> text url
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(([^()\s]{0,500})\)")

_AT = r"(?:\s*[\[({<]\s*(?:at|@|apenstaartje)\s*[\])}>]\s*|\s+(?:at|apenstaartje)\s+|\s*@\s*)"
_DOT = r"(?:\s*[\[({<]\s*(?:dot|punt)\s*[\])}>]\s*|\s+(?:dot|punt)\s+|\s*\.\s*)"
_TLD = "nl|com|org|net|be|eu|info|nu|de|fr|uk|io|me|email|online"
_OBFUSCATED_EMAIL = re.compile(
    rf"[\w.+-]{{1,64}}{_AT}[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,4}}{_DOT}(?:{_TLD})\b",
    re.IGNORECASE,
)
_EMAIL_PARTS = re.compile(rf"({_AT})|({_DOT})", re.IGNORECASE)

DUTCH_DIGITS = {
    "nul": "0", "een": "1", "één": "1", "eén": "1", "twee": "2", "drie": "3", "vier": "4",
    "vijf": "5", "zes": "6", "zeven": "7", "acht": "8", "negen": "9",
}  # fmt: skip
_DIGIT_WORD = "|".join(sorted(DUTCH_DIGITS, key=len, reverse=True))
# At least four digits in a row, spelled out or not, of which at least two spelled out.
_SPELLED_RUN = re.compile(
    rf"\b(?:{_DIGIT_WORD}|\d+)(?:[\s,.\-/]{{1,3}}(?:{_DIGIT_WORD}|\d+)\b){{3,}}", re.IGNORECASE
)
_SPELLED_WORD = re.compile(rf"\b(?:{_DIGIT_WORD})\b", re.IGNORECASE)


@dataclass
class Normalised:
    """The normalised text, and for each of its characters the original span it stands for."""

    text: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span behind normalised text[start:end]."""
        if end <= start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]


def _is_hidden(char: str) -> bool:
    # Cf: zero-width space/joiners, bidi controls, soft hyphen, word joiner; variation selectors
    category = unicodedata.category(char)
    if category == "Cc":
        return char not in "\n\t\r"
    return category == "Cf" or "\ufe00" <= char <= "\ufe0f"


def _characters(text: str) -> Normalised:
    """NFKC per character (with its combining marks), hidden characters out, look-alikes folded."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if _is_hidden(char):
            i += 1
            continue
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        folded = unicodedata.normalize("NFKC", text[i:j]).translate(CONFUSABLES)
        for c in folded:
            if unicodedata.combining(c) and not out:
                continue
            out.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    return Normalised("".join(out), starts, ends)


Piece = tuple[str, int, int]  # replacement text, and the part of the match it stands for


def rewrite(norm: Normalised, pattern: re.Pattern, pieces: Callable[[re.Match], list[Piece]]):
    """Replace each match by pieces; a piece as long as what it replaces maps letter by letter."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in pattern.finditer(norm.text):
        out.append(norm.text[position : match.start()])
        starts.extend(norm.starts[position : match.start()])
        ends.extend(norm.ends[position : match.start()])
        for text, a, b in pieces(match):
            a, b = match.start() + a, match.start() + b
            if len(text) == b - a:
                out.append(text)
                starts.extend(norm.starts[a:b])
                ends.extend(norm.ends[a:b])
            elif text:
                out.append(text)
                starts.extend([norm.starts[a]] * len(text))
                ends.extend([norm.ends[max(a, b - 1)]] * len(text))
        position = match.end()
    out.append(norm.text[position:])
    starts.extend(norm.starts[position:])
    ends.extend(norm.ends[position:])
    return Normalised("".join(out), starts, ends)


def _link(match: re.Match) -> list[Piece]:
    label, url = match.span(1), match.span(2)
    base = match.start()
    return [
        (match.group(1), label[0] - base, label[1] - base),
        (" ", label[1] - base, label[1] - base + 2),
        (match.group(2), url[0] - base, url[1] - base),
    ]


def _email(match: re.Match) -> list[Piece]:
    pieces: list[Piece] = []
    position = 0
    for part in _EMAIL_PARTS.finditer(match.group()):
        pieces.append((match.group()[position : part.start()], position, part.start()))
        pieces.append(("@" if part.group(1) else ".", part.start(), part.end()))
        position = part.end()
    pieces.append((match.group()[position:], position, len(match.group())))
    return pieces


def _spelled(match: re.Match) -> list[Piece]:
    if len(_SPELLED_WORD.findall(match.group())) < 2:
        return [(match.group(), 0, len(match.group()))]
    pieces: list[Piece] = []
    position = 0
    for word in _SPELLED_WORD.finditer(match.group()):
        pieces.append((match.group()[position : word.start()], position, word.start()))
        pieces.append((DUTCH_DIGITS[word.group().lower()], word.start(), word.end()))
        position = word.end()
    pieces.append((match.group()[position:], position, len(match.group())))
    return pieces


def normalise(text: str) -> Normalised:
    norm = _characters(text)
    norm = rewrite(norm, _OBFUSCATED_EMAIL, _email)
    norm = rewrite(norm, _LINK, _link)
    norm = rewrite(norm, _MARKUP, lambda m: [])
    return rewrite(norm, _SPELLED_RUN, _spelled)

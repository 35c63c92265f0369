"""A learner's map beside the case author's reference map: who was missed, what differs, a score.

Pure functions over person dicts (see vocabulary.py); reference persons also carry `aliases`,
`if_missed` and `if_different` (cases/README.md). Matching is by name or alias, forgiving of
case, accents, punctuation and small words: "de buurvrouw" finds "buurvrouw", "zus Petra" finds
"zus".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from training.netmap.vocabulary import ring_index

SMALL_WORDS = {"de", "het", "een", "zijn", "haar", "mijn", "hun", "z'n", "d'r", "van", "en"}

# Evidence per reference person: found, ring, quality, contact (adds up to 1).
FOUND, RING_SAME, RING_NEAR, QUALITY_SAME, CONTACT_SAME = 0.6, 0.2, 0.1, 0.1, 0.1


def words(text: str) -> frozenset[str]:
    """The meaningful words of a name, lowercased and without accents."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    tokens = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", plain)
    meaningful = [t for t in tokens if t not in SMALL_WORDS]
    return frozenset(meaningful or tokens)


def _names_of(reference_person: dict, which: str) -> list[frozenset[str]]:
    """The words of the person's name ('name'), aliases ('aliases') or both ('all')."""
    names = []
    if which in ("name", "all"):
        names.append(reference_person["name"])
    if which in ("aliases", "all"):
        names += list(reference_person.get("aliases") or [])
    return [w for w in (words(str(n)) for n in names) if w]


@dataclass
class Match:
    reference: dict
    learner: dict

    @property
    def ring_shift(self) -> int:
        """Negative: the learner placed the person closer than the reference; positive: further."""
        return ring_index(self.learner["ring"]) - ring_index(self.reference["ring"])

    @property
    def quality_differs(self) -> bool:
        return self.learner["quality"] != self.reference["quality"]

    @property
    def contact_differs(self) -> bool:
        return bool(self.learner["active"]) != bool(self.reference.get("active", True))

    @property
    def sector_differs(self) -> bool:
        return self.learner["sector"] != self.reference["sector"]

    @property
    def differs(self) -> bool:
        return bool(self.ring_shift or self.quality_differs or self.contact_differs)

    @property
    def score(self) -> float:
        ring = RING_SAME if self.ring_shift == 0 else RING_NEAR if abs(self.ring_shift) == 1 else 0
        quality = 0 if self.quality_differs else QUALITY_SAME
        contact = 0 if self.contact_differs else CONTACT_SAME
        return FOUND + ring + quality + contact


@dataclass
class Comparison:
    matches: list[Match] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)  # reference persons not on the learner's map
    extra: list[dict] = field(default_factory=list)  # learner persons the reference does not have

    @property
    def reference_count(self) -> int:
        return len(self.matches) + len(self.missed)

    @property
    def score(self) -> float:
        """0..1 for bewustwording: who was seen, and how close and how good the relation is."""
        if not self.reference_count:
            return 0.0
        return sum(m.score for m in self.matches) / self.reference_count

    @property
    def dormant_reference(self) -> list[dict]:
        return [m.reference for m in self.matches if not m.reference.get("active", True)] + [
            p for p in self.missed if not p.get("active", True)
        ]

    @property
    def dormant_found(self) -> list[Match]:
        return [m for m in self.matches if not m.reference.get("active", True)]

    @property
    def dormant_score(self) -> float | None:
        """0..1 for netwerk-vergroten: the dormant contacts found (None when the story has none).

        Finding a dormant contact counts most; seeing that it is dormant counts the rest.
        """
        dormant = self.dormant_reference
        if not dormant:
            return None
        found = self.dormant_found
        return sum(0.7 + (0.0 if m.contact_differs else 0.3) for m in found) / len(dormant)


def compare(learner: list[dict], reference: list[dict]) -> Comparison:
    """Pair each reference person with at most one learner person: exact names first, then
    exact aliases, then a learner name that contains all words of a reference name or alias."""
    learner_words = [words(p["name"]) for p in learner]
    taken: set[int] = set()
    pairs: dict[int, int] = {}
    for which, exact in (("name", True), ("aliases", True), ("all", False)):
        for r_index, person in enumerate(reference):
            if r_index in pairs:
                continue
            for candidate in _names_of(person, which):
                found = next(
                    (
                        l_index
                        for l_index, name in enumerate(learner_words)
                        if l_index not in taken
                        and (name == candidate if exact else candidate <= name)
                    ),
                    None,
                )
                if found is not None:
                    pairs[r_index] = found
                    taken.add(found)
                    break
    result = Comparison()
    for r_index, person in enumerate(reference):
        if r_index in pairs:
            result.matches.append(Match(person, learner[pairs[r_index]]))
        else:
            result.missed.append(person)
    result.extra = [p for i, p in enumerate(learner) if i not in taken]
    return result

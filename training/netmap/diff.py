"""How a client's network changed between two saved versions of the map.

Persons are followed by their key; a person removed and added again under the same name is the
same person. The changes are the ones network support aims at: people added, contact picked up
again, moved closer or further, a relation that became less (or more) of a burden.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from training.netmap.compare import words
from training.netmap.vocabulary import QUALITIES, RINGS, ring_index

# From a burden to support: belastend < zwak < sterk.
QUALITY_ORDER = {"belastend": 0, "zwak": 1, "sterk": 2}


@dataclass
class Change:
    before: dict
    after: dict

    @property
    def name(self) -> str:
        return self.after["name"]

    @property
    def ring_shift(self) -> int:
        return ring_index(self.after["ring"]) - ring_index(self.before["ring"])

    @property
    def quality_shift(self) -> int:
        return QUALITY_ORDER[self.after["quality"]] - QUALITY_ORDER[self.before["quality"]]

    @property
    def reactivated(self) -> bool:
        return not self.before["active"] and self.after["active"]

    @property
    def went_dormant(self) -> bool:
        return self.before["active"] and not self.after["active"]

    @property
    def support_added(self) -> dict[str, list[str]]:
        return {
            side: [k for k in self.after.get(side, []) if k not in self.before.get(side, [])]
            for side in ("gets", "gives")
        }

    @property
    def support_dropped(self) -> dict[str, list[str]]:
        return {
            side: [k for k in self.before.get(side, []) if k not in self.after.get(side, [])]
            for side in ("gets", "gives")
        }

    @property
    def sector_changed(self) -> bool:
        return self.before["sector"] != self.after["sector"]

    @property
    def any(self) -> bool:
        return bool(
            self.ring_shift or self.quality_shift or self.reactivated or self.went_dormant
            or self.sector_changed or any(self.support_added.values())
            or any(self.support_dropped.values())
        )  # fmt: skip


@dataclass
class Totals:
    persons: int
    active: int
    dormant: int
    by_ring: dict[str, int]
    by_quality: dict[str, int]


def totals(persons: list[dict]) -> Totals:
    rings = Counter(p["ring"] for p in persons)
    qualities = Counter(p["quality"] for p in persons)
    active = sum(1 for p in persons if p["active"])
    return Totals(
        len(persons), active, len(persons) - active,
        {r: rings.get(r, 0) for r in RINGS}, {q: qualities.get(q, 0) for q in QUALITIES},
    )  # fmt: skip


@dataclass
class MapDiff:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    before: Totals | None = None
    after: Totals | None = None

    def _where(self, test) -> list[Change]:
        return [c for c in self.changed if test(c)]

    @property
    def reactivated(self) -> list[Change]:
        return self._where(lambda c: c.reactivated)

    @property
    def went_dormant(self) -> list[Change]:
        return self._where(lambda c: c.went_dormant)

    @property
    def closer(self) -> list[Change]:
        return self._where(lambda c: c.ring_shift < 0)

    @property
    def further(self) -> list[Change]:
        return self._where(lambda c: c.ring_shift > 0)

    @property
    def less_burdening(self) -> list[Change]:
        """Relations that were a burden and no longer are, or became stronger."""
        return self._where(lambda c: c.quality_shift > 0)

    @property
    def more_burdening(self) -> list[Change]:
        return self._where(lambda c: c.quality_shift < 0)

    @property
    def other(self) -> list[Change]:
        """Changes in sector or support only."""
        return self._where(
            lambda c: not (c.ring_shift or c.quality_shift or c.reactivated or c.went_dormant)
        )

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff(before: list[dict], after: list[dict]) -> MapDiff:
    old = {p["key"]: p for p in before}
    new = {p["key"]: p for p in after}
    added = [p for k, p in new.items() if k not in old]
    removed = [p for k, p in old.items() if k not in new]
    pairs = [(old[k], new[k]) for k in new if k in old]
    # Removed and added again under the same name: the same person.
    for person in list(added):
        same = next((r for r in removed if words(r["name"]) == words(person["name"])), None)
        if same is not None:
            added.remove(person)
            removed.remove(same)
            pairs.append((same, person))
    changes = [Change(b, a) for b, a in pairs]
    result = MapDiff(
        added=sorted(added, key=lambda p: p["name"].casefold()),
        removed=sorted(removed, key=lambda p: p["name"].casefold()),
        changed=sorted((c for c in changes if c.any), key=lambda c: c.name.casefold()),
        before=totals(before),
        after=totals(after),
    )
    return result

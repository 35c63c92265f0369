"""The competence levels and their thresholds, from content/categories.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from flask import current_app


@dataclass(frozen=True)
class Level:
    number: int
    slug: str
    name_nl: str
    name_en: str
    min_score: float | None

    def name(self, locale: str = "nl") -> str:
        return self.name_en if str(locale) == "en" else self.name_nl


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[Level, ...]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    levels = tuple(
        Level(row["level"], row["slug"], row["name_nl"], row["name_en"], row.get("min_score"))
        for row in data["levels"]
    )
    return tuple(sorted(levels, key=lambda level: level.number))


def levels() -> tuple[Level, ...]:
    return _load(str(Path(current_app.config["CONTENT_DIR"]) / "categories.yaml"))


def level_for(score: float | None) -> Level:
    """The highest level whose threshold the score reaches; level 0 without evidence."""
    all_levels = levels()
    if score is None:
        return all_levels[0]
    reached = [lv for lv in all_levels if lv.min_score is not None and score >= lv.min_score]
    return reached[-1] if reached else all_levels[0]


def score_for_level(number: int) -> float:
    """The score a trainer's level judgement counts as: the middle of the level's range."""
    all_levels = [lv for lv in levels() if lv.min_score is not None]
    for index, level in enumerate(all_levels):
        if level.number == number:
            upper = all_levels[index + 1].min_score if index + 1 < len(all_levels) else 1.0
            return round((level.min_score + upper) / 2, 4)
    raise ValueError(f"unknown level {number}")

"""Mastery from a time-ordered list of scores, with Canvas' calculation methods.

Pure functions: they know nothing of the database, so each method can be checked against
Canvas' worked example (scores 1..5: decaying average 65 gives 4.47, weighted average 65 4.13).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

METHODS = ("decaying_average", "weighted_average", "n_mastery", "latest", "highest", "average")
DEFAULT_METHOD = "decaying_average"
DEFAULT_WEIGHT = 65
DEFAULT_N = 3


def round2(value: float | None) -> float | None:
    """Round half up to 2 decimals (Python's round() rounds half to even: 4.125 -> 4.12)."""
    if value is None:
        return None
    return float(Decimal(repr(round(value, 10))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def decaying_average(scores: list[float], weight: int = DEFAULT_WEIGHT) -> float | None:
    """d1 = s1; dk = d(k-1) * (1 - w) + sk * w."""
    if not scores:
        return None
    w = weight / 100
    result = scores[0]
    for score in scores[1:]:
        result = result * (1 - w) + score * w
    return round2(result)


def weighted_average(scores: list[float], weight: int = DEFAULT_WEIGHT) -> float | None:
    """w * latest + (1 - w) * mean of the earlier scores (just the score when there is one)."""
    if not scores:
        return None
    if len(scores) == 1:
        return round2(scores[0])
    w = weight / 100
    earlier = scores[:-1]
    return round2(w * scores[-1] + (1 - w) * sum(earlier) / len(earlier))


def n_mastery(scores: list[float], n: int = DEFAULT_N, mastery: float = 0.7) -> float | None:
    """Mean of the scores at or above mastery; None until there are n of them."""
    good = [s for s in scores if s >= mastery]
    if n < 1 or len(good) < n:
        return None
    return round2(sum(good) / len(good))


def mastery(
    scores: list[float],
    method: str = DEFAULT_METHOD,
    weight: int = DEFAULT_WEIGHT,
    n: int = DEFAULT_N,
    mastery_score: float = 0.7,
) -> float | None:
    if method == "decaying_average":
        return decaying_average(scores, weight)
    if method == "weighted_average":
        return weighted_average(scores, weight)
    if method == "n_mastery":
        return n_mastery(scores, n, mastery_score)
    if not scores:
        return None
    if method == "latest":
        return round2(scores[-1])
    if method == "highest":
        return round2(max(scores))
    if method == "average":
        return round2(sum(scores) / len(scores))
    raise ValueError(f"unknown calculation method {method!r}")

"""The guard on a corpus: detection and false-alarm rates, and pseudonymising that leaves nothing.

Run with -s to see the figures:
PYTHONPATH=$PWD .venv/bin/pytest -s -q tests/privacyguard/test_corpus.py
"""

import requests

from tests.privacyguard.corpus import IDENTIFYING, ORDINARY
from training.privacyguard.normalise import normalise


def _ask(url: str, path: str, texts: dict[str, str]) -> dict:
    reply = requests.post(f"{url}{path}", json={"texts": texts}, timeout=120)
    assert reply.status_code == 200
    return reply.json()


def _covered(text: str, part: str, findings: list[dict]) -> bool:
    """Every letter and digit of the identifying part lies inside some finding."""
    start = text.index(part)
    return all(
        any(f["start"] <= i < f["end"] for f in findings)
        for i in range(start, start + len(part))
        if text[i].isalnum()
    )


def _folded(text: str) -> str:
    return "".join(c for c in normalise(text).text.lower() if c.isalnum())


def test_the_corpus_is_big_enough_and_honest():
    assert len(IDENTIFYING) >= 100 and len(ORDINARY) >= 100
    assert all(part and part in text for text, part in IDENTIFYING)
    assert len({text for text, _ in IDENTIFYING}) == len(IDENTIFYING)


def test_at_least_95_percent_caught_and_at_most_5_percent_false_alarms(guard_ready):
    texts = {f"id{i}": text for i, (text, _) in enumerate(IDENTIFYING)}
    texts |= {f"ok{i}": text for i, text in enumerate(ORDINARY)}
    findings = _ask(guard_ready, "/check", texts)["findings"]
    per_field: dict[str, list[dict]] = {}
    for found in findings:
        per_field.setdefault(found["field"], []).append(found)
    missed = [
        text for i, (text, part) in enumerate(IDENTIFYING)
        if not _covered(text, part, per_field.get(f"id{i}", []))
    ]  # fmt: skip
    alarms = [text for i, text in enumerate(ORDINARY) if per_field.get(f"ok{i}")]
    caught = 1 - len(missed) / len(IDENTIFYING)
    false_alarms = len(alarms) / len(ORDINARY)
    print(
        f"\nprivacy guard corpus: {len(IDENTIFYING) - len(missed)}/{len(IDENTIFYING)} identifying "
        f"texts caught ({caught:.1%}); {len(alarms)}/{len(ORDINARY)} ordinary sentences flagged "
        f"({false_alarms:.1%})"
    )
    for text in missed:
        print("  missed:", repr(text))
    for text in alarms:
        print("  false alarm:", repr(text))
    assert caught >= 0.95, missed
    assert false_alarms <= 0.05, alarms


def test_pseudonymised_texts_no_longer_hold_the_identifying_part(guard_ready):
    texts = {f"id{i}": text for i, (text, _) in enumerate(IDENTIFYING)}
    result = _ask(guard_ready, "/pseudonymise", texts)["texts"]
    left = [
        (text, result[f"id{i}"]) for i, (text, part) in enumerate(IDENTIFYING)
        if _folded(part) in _folded(result[f"id{i}"])
    ]  # fmt: skip
    print(f"\npseudonymised: {len(IDENTIFYING) - len(left)}/{len(IDENTIFYING)} without the part")
    # the same rate as detection: what is found is removed whole, hidden characters included
    assert len(left) / len(IDENTIFYING) <= 0.05, left


def test_ordinary_sentences_come_back_unchanged(guard_ready):
    texts = {f"ok{i}": text for i, text in enumerate(ORDINARY)}
    result = _ask(guard_ready, "/pseudonymise", texts)["texts"]
    assert sum(result[key] != text for key, text in texts.items()) <= 0.05 * len(ORDINARY)

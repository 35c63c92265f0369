"""deduce itself: used inside the guard service only (the web app never imports deduce)."""

from __future__ import annotations

import threading

_lock = threading.Lock()
_instance = None


def deidentifier():
    """The process's one deduce instance (loaded on first call; thread-safe)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                from deduce import Deduce

                _instance = Deduce()
    return _instance


def find(texts: dict[str, str]) -> list[dict]:
    """Everything deduce finds in each named text, in reading order."""
    model = deidentifier()
    findings = []
    for field, text in texts.items():
        if not text or not text.strip():
            continue
        document = model.deidentify(text)
        for a in document.annotations.sorted(by=("start_char",)):
            findings.append(
                {"field": field, "tag": a.tag, "start": a.start_char, "end": a.end_char,
                 "text": a.text}
            )  # fmt: skip
    return findings


def pseudonymise(texts: dict[str, str]) -> dict[str, str]:
    """deduce's own output: each finding replaced by a placeholder such as [PERSOON-1]."""
    model = deidentifier()
    return {
        key: value if not value or not value.strip() else model.deidentify(value).deidentified_text
        for key, value in texts.items()
    }


if __name__ == "__main__":  # `make install` builds deduce's lookup structures once
    deidentifier()
    print("deduce is klaar voor gebruik.")

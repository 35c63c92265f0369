"""Password hashing (argon2id) and the strength rules."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
# Django's list of 20,000 common passwords (BSD licence), compiled by Royce Williams.
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt.gz"
# Dutch passwords and the words people build them from, written for Netwerkwijs (CC0).
DUTCH_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords-nl.txt"
# What people add to a common word to pass a rule: digits, punctuation and spaces at either end
# ("Wachtwoord1", "welkom12345", "!zomer2024"), digits for look-alike letters ("w4chtw00rd")
# and the word twice ("welkomwelkom").
_EDGES = re.compile(r"^[\d\W_]+|[\d\W_]+$")
_REPEATED = re.compile(r"(.+?)\1+")
_LOOK_ALIKES = str.maketrans("0134578@$!", "oieastbasi")

# argon2-cffi's defaults (RFC 9106, low-memory profile): time 3, 64 MiB, 4 lanes.
PRODUCTION_COST = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}


@cache
def _hasher_for(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def _hasher() -> PasswordHasher:
    """The hasher of the running app: the test configuration asks for a cheap one.

    ``ARGON2_COST`` is only honoured in a testing app (``create_app`` refuses it otherwise),
    so production always hashes at full cost. Hashes made at another cost still verify;
    ``needs_rehash`` upgrades them at the next login.
    """
    cost = PRODUCTION_COST
    if has_app_context():
        cost = current_app.config.get("ARGON2_COST") or PRODUCTION_COST
    return _hasher_for(cost["time_cost"], cost["memory_cost"], cost["parallelism"])


def check_cost_setting(config) -> None:
    """Refuse a cheap password hash outside tests: it would make stolen hashes easy to crack."""
    if config.get("ARGON2_COST") and not config.get("TESTING"):
        raise RuntimeError("ARGON2_COST is for tests only; production hashes at full cost.")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@cache
def _dummy_hash_for(hasher: PasswordHasher) -> str:
    return hasher.hash("netwerkwijs-dummy-password")


def dummy_hash() -> str:
    """A real hash to verify against when the e-mail is unknown, so both paths take as long."""
    return _dummy_hash_for(_hasher())


@cache
def common_passwords() -> frozenset[str]:
    """Django's international list and our Dutch one, lower-cased."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as fh:
        words = {line.strip().lower() for line in fh}
    with DUTCH_PASSWORDS_FILE.open(encoding="utf-8") as fh:
        words |= {line.strip().lower() for line in fh if not line.startswith("#")}
    words.discard("")
    return frozenset(words)


def _variants(password: str) -> Iterator[str]:
    lowered = password.strip().lower()
    stripped = _EDGES.sub("", lowered)
    yield lowered
    yield stripped
    yield stripped.translate(_LOOK_ALIKES)
    yield _EDGES.sub("", lowered.translate(_LOOK_ALIKES))
    repeated = _REPEATED.fullmatch(lowered)  # "ajax1900ajax1900"
    if repeated:
        yield from _variants(repeated.group(1))


def is_common(password: str) -> bool:
    """The password is on a list, or is a listed word with digits or punctuation around it."""
    words = common_passwords()
    return any(variant in words for variant in _variants(password) if variant)


def password_problems(password: str, email: str = "", name: str = "") -> list[str]:
    """Why a new password is refused, in the user's language; empty when it is fine."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(str(_l("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_LENGTH)))
    if is_common(password):
        problems.append(
            str(
                _l(
                    "Dit wachtwoord staat in de lijst van veelgebruikte wachtwoorden. Kies een ander."
                )
            )
        )
    lowered = password.lower()
    if email and lowered == email.lower():
        problems.append(str(_l("Je wachtwoord mag niet gelijk zijn aan je e-mailadres.")))
    if name and lowered == name.lower():
        problems.append(str(_l("Je wachtwoord mag niet gelijk zijn aan je naam.")))
    return problems

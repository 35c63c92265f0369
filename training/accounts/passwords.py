"""Password hashing (argon2id) and the strength rules."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
# Django's list of 20,000 common passwords (BSD licence), compiled by Royce Williams.
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt.gz"

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# A real hash to verify against when the e-mail is unknown, so both paths take as long.
@cache
def dummy_hash() -> str:
    return _hasher.hash("netwerkwijs-dummy-password")


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def password_problems(password: str, email: str = "", name: str = "") -> list[str]:
    """Why a new password is refused, in the user's language; empty when it is fine."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(str(_l("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_LENGTH)))
    if password.lower().strip() in common_passwords():
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

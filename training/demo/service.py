"""Demo accounts: one per role, created once, passwords shown once."""

from __future__ import annotations

import secrets

from training.accounts import service as accounts

DEMO_ACCOUNTS = (
    ("leerling@netwerkwijs.test", "Sanne de Vries", "learner", "HVO-Querido (demo)"),
    ("trainer@netwerkwijs.test", "Karim Bouzid", "trainer", "Leger des Heils (demo)"),
    ("beheer@netwerkwijs.test", "Beheerder Netwerkwijs", "admin", "Netwerkwijs"),
)


def _demo_password() -> str:
    # Four random words would need a word list; 16 URL-safe characters are strong enough here.
    return secrets.token_urlsafe(12)


def seed_demo_accounts(reset_passwords: bool = False) -> list[tuple[str, str, str | None]]:
    """Create the missing demo accounts; returns (email, role, new password or None)."""
    result = []
    for email, name, role, organisation in DEMO_ACCOUNTS:
        user = accounts.find_user_by_email(email)
        if user is None:
            password = _demo_password()
            accounts.register_user(email, name, password, organisation=organisation, role=role)
            result.append((email, role, password))
        elif reset_passwords:
            password = _demo_password()
            accounts.set_password(user, password)
            result.append((email, role, password))
        else:
            result.append((email, role, None))
    return result

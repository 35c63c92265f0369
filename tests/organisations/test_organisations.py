"""Organisations: creating them, their e-mail domains, and who belongs where."""

import pytest
import sqlalchemy as sa

from training.accounts import service as accounts
from training.extensions import db
from training.organisations import service
from training.organisations.models import Organisation


def organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.id)))


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Leger des Heils", "leger-des-heils"),
        ("HVO-Querido", "hvo-querido"),
        ("  Stichting   Één & Ander ", "stichting-een-ander"),
    ],
)
def test_the_slug_is_the_name_in_lower_case_with_dashes(name, slug):
    assert service.slug_for(name) == slug


def test_an_organisation_keeps_its_name_slug_and_domains(app):
    created = service.create_organisation("Leger des Heils", ["LegerDesHeils.nl", "@ldh.nl"])
    assert (created.name, created.slug) == ("Leger des Heils", "leger-des-heils")
    assert created.email_domains == ["legerdesheils.nl", "ldh.nl"]
    assert service.get_organisation("leger-des-heils") is created


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (("Kenter", []), ("kenter", []), "Er bestaat al een organisatie met de code 'kenter'."),
        (("Kenter", ["kenter.nl"]), ("Anders", ["kenter.nl"]), "hoort al bij Kenter"),
    ],
)
def test_a_second_organisation_with_the_same_slug_or_domain_is_refused(first, second, message):
    service.create_organisation(*first)
    with pytest.raises(service.OrganisationError, match=message):
        service.create_organisation(*second)
    assert [o.name for o in organisations()] == ["Kenter"]


@pytest.mark.parametrize("domain", ["zorg", "zorg..nl", "naam@zorg.nl", "-zorg.nl", ""])
def test_a_malformed_domain_is_refused_and_nothing_is_made(domain):
    with pytest.raises(service.OrganisationError, match="geen geldig e-maildomein"):
        service.create_organisation("Regenboog Groep", [domain])
    assert organisations() == []


@pytest.mark.parametrize("name", ["", "   ", "&&&", "x" * 161])
def test_an_organisation_needs_a_usable_name(name):
    with pytest.raises(service.OrganisationError):
        service.create_organisation(name)


def test_a_new_account_joins_the_organisation_of_its_email_domain(make_user):
    kenter = service.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    user = make_user(email="fatima@Kenter.nl")
    assert user.org is kenter


def test_an_account_no_domain_claims_joins_the_default_organisation(make_user):
    service.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    user = make_user(email="ruud@example.nl")
    assert user.org.slug == service.DEFAULT_SLUG
    assert make_user(email="els@example.nl").org is user.org


def test_an_explicit_organisation_wins_over_the_domain(make_user):
    service.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    hvo = service.create_organisation("HVO-Querido")
    user = accounts.register_user("sam@kenter.nl", "Sam", "Netwerk-oefen-2026!", org=hvo)
    assert user.org is hvo


def test_orgs_create_and_list_on_the_command_line(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["orgs", "create", "Leger des Heils", "--domain", "ldh.nl"])
    assert result.exit_code == 0, result.output
    assert "code leger-des-heils" in result.output
    listed = runner.invoke(args=["orgs", "list"])
    assert "leger-des-heils\tLeger des Heils\tldh.nl" in listed.output


def test_orgs_create_refuses_a_taken_name_with_a_dutch_message(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["orgs", "create", "Kenter"])
    result = runner.invoke(args=["orgs", "create", "KENTER"])
    assert result.exit_code == 1
    assert "Er bestaat al een organisatie met de code 'kenter'." in result.output


def test_users_create_puts_the_account_in_the_named_organisation(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["orgs", "create", "HVO-Querido"])
    result = runner.invoke(
        args=["users", "create", "noor@example.nl", "--role", "trainer", "--org", "hvo-querido"],
        env={"NETWERKWIJS_PASSWORD": "een veilig wachtwoord"},
    )
    assert result.exit_code == 0, result.output
    assert accounts.find_user_by_email("noor@example.nl").org.slug == "hvo-querido"


def test_users_create_with_an_unknown_organisation_changes_nothing(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "noor@example.nl", "--org", "bestaat-niet"],
        env={"NETWERKWIJS_PASSWORD": "een veilig wachtwoord"},
    )
    assert result.exit_code == 1
    assert "Onbekende organisatie: bestaat-niet" in result.output
    assert accounts.find_user_by_email("noor@example.nl") is None

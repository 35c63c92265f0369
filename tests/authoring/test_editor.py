import yaml

from tests.cases.helpers import case_data
from tests.conftest import post_form
from training.cases import service
from training.extensions import db


def test_trainer_sees_a_dead_end_then_publishes_the_fixed_case(trainer_client, synced_content):
    data = case_data(slug="editorcasus")
    broken = service.to_yaml(data).replace("next: stand", "next: nergens", 1)
    response = post_form(
        trainer_client, "/cases/editor/nieuw", {"yaml_text": broken, "publish": "Publiceren"}
    )
    html = response.get_data(as_text=True)
    assert "Niet gepubliceerd" in html
    assert "knoop &#39;k3&#39;: verwijst naar &#39;nergens&#39;" in html
    case = service.get_case("editorcasus")
    assert case is not None and case.published is None and case.draft_yaml == broken

    fixed = service.to_yaml(data)
    response = post_form(
        trainer_client, "/cases/editor/editorcasus", {"yaml_text": fixed, "publish": "Publiceren"}
    )
    assert response.status_code == 302

    db.session.expire_all()
    case = service.get_case("editorcasus")
    assert case.published.number == 1 and case.draft_yaml is None
    assert case.published.data == data


def test_editor_refuses_invalid_yaml_with_a_line(trainer_client, synced_content):
    response = post_form(
        trainer_client,
        "/cases/editor/nieuw",
        {"yaml_text": "slug: kapot\ntitle: [oeps\n", "save": "x"},
    )
    html = response.get_data(as_text=True)
    assert "ongeldige YAML" in html
    assert response.status_code == 200


def test_editor_refuses_a_taken_slug(trainer_client, synced_content):
    text = service.to_yaml(case_data(slug="dubbel"))
    post_form(trainer_client, "/cases/editor/nieuw", {"yaml_text": text, "save": "x"})
    response = post_form(trainer_client, "/cases/editor/nieuw", {"yaml_text": text, "save": "x"})
    assert "Er bestaat al een casus met deze slug." in response.get_data(as_text=True)


def test_trainer_downloads_a_published_case_as_yaml(trainer_client, synced_content):

    service.sync_case_files([("cases/proefcasus.yaml", case_data())])

    db.session.commit()
    response = trainer_client.get("/cases/editor/proefcasus/export.yaml")
    assert yaml.safe_load(response.get_data(as_text=True)) == case_data()


def test_trainer_previews_a_draft_as_a_learner(trainer_client, synced_content):
    text = service.to_yaml(case_data(slug="voorbeeldcasus"))
    post_form(trainer_client, "/cases/editor/nieuw", {"yaml_text": text, "save": "x"})
    html = trainer_client.get("/cases/editor/voorbeeldcasus/voorbeeld").get_data(as_text=True)
    assert "Sem twijfelt. Wat nu?" in html
    assert "Een kleine stap." in html

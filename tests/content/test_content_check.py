from tests.conftest import CONTENT_DIR
from tests.curriculum.helpers import make_content, module_text


def check(app, root):
    return app.test_cli_runner().invoke(args=["content", "check", "--path", str(root)])


def test_the_real_content_passes_the_check(app):
    result = check(app, CONTENT_DIR)
    assert result.exit_code == 0, result.output
    assert "8 categorieën, 9 modules" in result.output


def test_a_missing_front_matter_field_is_reported_with_file_and_line(app, tmp_path):
    text = module_text().replace('title: "Proefmodule"\n', "")
    result = check(app, make_content(tmp_path, {"proef.md": text}))
    assert result.exit_code == 1
    assert "content/modules/proef.md:1: verplicht veld 'title' ontbreekt" in result.output


def test_an_unknown_category_is_reported_on_its_line(app, tmp_path):
    result = check(app, make_content(tmp_path, {"proef.md": module_text(category="daklozen")}))
    assert result.exit_code == 1
    assert "content/modules/proef.md:3: onbekende categorie 'daklozen'" in result.output


def test_a_duplicate_slug_is_reported_in_the_second_file(app, tmp_path):
    root = make_content(tmp_path, {"a.md": module_text(), "b.md": module_text(title="Ander")})
    result = check(app, root)
    assert result.exit_code == 1
    assert (
        "content/modules/b.md:2: slug 'proefmodule' wordt al gebruikt in content/modules/a.md"
        in (result.output)
    )


def test_broken_yaml_is_reported_on_its_line(app, tmp_path):
    text = module_text().replace("minutes: 20", "minutes: [20")
    result = check(app, make_content(tmp_path, {"proef.md": text}))
    assert result.exit_code == 1
    assert "content/modules/proef.md:" in result.output and "ongeldige YAML" in result.output


def test_a_module_without_lessons_is_refused(app, tmp_path):
    result = check(app, make_content(tmp_path, {"proef.md": module_text(lessons=0)}))
    assert result.exit_code == 1
    assert "geen lessen" in result.output


def test_every_problem_is_listed_not_only_the_first(app, tmp_path):
    root = make_content(
        tmp_path,
        {"a.md": module_text(slug="a", category="onbekend"), "b.md": module_text(slug="B C")},
    )
    lines = [line for line in check(app, root).output.splitlines() if line.startswith("content/")]
    assert len(lines) == 2


def test_a_missing_category_in_categories_yaml_is_reported(app, tmp_path):
    root = make_content(tmp_path, {"a.md": module_text()})
    path = root / "categories.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - slug: randvoorwaarden")
    path.write_text(text[:start], encoding="utf-8")
    result = check(app, root)
    assert result.exit_code == 1
    assert "categorieën ontbreken: randvoorwaarden" in result.output

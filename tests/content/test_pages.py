"""Dated explainers and kit pages: checked, synced and served."""

import sqlalchemy as sa

from tests.curriculum.helpers import make_content, module_text
from training.content import service
from training.curriculum.models import ContentPage
from training.extensions import db

EXPLAINER = """---
title: "De kostendelersnorm in de bijstand"
peildatum: 2026-11-30
summary: "Wie meetelt en wat dat betekent voor naasten."
---
## Wie telt mee

Volwassenen van 27 jaar en ouder met hun hoofdverblijf in dezelfde woning.
"""

PLAN_HEADINGS = (
    "Doel van de bijeenkomst", "Tijdschema", "Opening", "Casus samen spelen", "Nabespreking",
    "Rollenspel", "Observatieschema",
)  # fmt: skip


def plan(module="proefmodule", case="bestaat-niet", headings=PLAN_HEADINGS, minutes=120):
    body = "".join(f"## {h}\n\nTekst bij {h.lower()}.\n\n" for h in headings)
    return (
        f'---\nmodule: {module}\ntitle: "Bijeenkomst: proef"\nminutes: {minutes}\n'
        f"case: {case}\n---\n{body}"
    )


def content(tmp_path, modules=None, uitleg=None, kit=None):
    root = make_content(tmp_path, modules or {"proef.md": module_text()})
    for folder, files in (("uitleg", uitleg or {}), ("kit", kit or {})):
        (root / folder).mkdir(exist_ok=True)
        for name, text in files.items():
            (root / folder / name).write_text(text, encoding="utf-8")
    return root


def check(app, root):
    with app.app_context():
        _content, parsed, problems = service.check_content(root)
    return [str(p) for p in problems], [str(w) for w in parsed["warnings"]]


def test_an_explainer_needs_a_peildatum(app, tmp_path):
    root = content(tmp_path, uitleg={"norm.md": EXPLAINER.replace("peildatum: 2026-11-30\n", "")})
    problems, _ = check(app, root)
    assert problems == ["content/uitleg/norm.md:2: een uitleg heeft een 'peildatum' (JJJJ-MM-DD)"]


def test_a_session_plan_has_the_sections_in_order_and_known_references(app, tmp_path):
    root = content(tmp_path, kit={"proefmodule.md": plan(headings=PLAN_HEADINGS[::-1], minutes=5)})
    problems, _ = check(app, root)
    assert any("precies deze kopjes" in p for p in problems)
    assert any("'minutes'" in p for p in problems)
    root = content(tmp_path / "b", kit={"proefmodule.md": plan(module="onbekend")})
    problems, _ = check(app, root)
    assert "content/kit/proefmodule.md:2: fout: onbekende module 'onbekend'" in problems
    assert "content/kit/proefmodule.md:2: fout: onbekende casus 'bestaat-niet'" in problems


def test_a_module_without_a_session_plan_is_a_warning(app, tmp_path):
    problems, warnings = check(app, content(tmp_path))
    assert problems == []
    assert any("heeft geen sessieplan" in w for w in warnings)


def test_a_lesson_that_names_a_rule_points_to_its_explainer(app, tmp_path):
    named = module_text(extra_body="## Dilemma\n\nDe kostendelersnorm speelt hier.\n")
    linked = module_text(
        slug="tweede", title="Tweede",
        extra_body="## Dilemma\n\nZie de [kostendelersnorm](/uitleg/kostendelersnorm).\n",
    )  # fmt: skip
    root = content(
        tmp_path, {"a.md": named, "b.md": linked}, uitleg={"kostendelersnorm.md": EXPLAINER}
    )
    problems, warnings = check(app, root)
    assert problems == []
    pointers = [w for w in warnings if "zonder te verwijzen" in w]
    assert len(pointers) == 1 and "content/modules/a.md" in pointers[0]


def test_a_link_to_a_missing_explainer_is_an_error(app, tmp_path):
    broken = module_text(extra_body="## Meer\n\nLees [dit](/uitleg/bestaat-niet).\n")
    problems, _ = check(app, content(tmp_path, {"a.md": broken}))
    assert any("/uitleg/bestaat-niet' bestaat niet" in p for p in problems)


def test_pages_are_synced_updated_and_retired(app, tmp_path):
    root = content(
        tmp_path,
        uitleg={"kostendelersnorm.md": EXPLAINER},
        kit={"bronnen.md": '---\ntitle: "Bronnen"\n---\nHet onderzoek.\n'},
    )
    with app.app_context():
        report = service.sync_content(root)
        db.session.commit()
        assert report.pages == {"nieuw": 2}
        assert service.sync_content(root).pages == {"ongewijzigd": 2}
        (root / "kit" / "bronnen.md").unlink()
        (root / "uitleg" / "kostendelersnorm.md").write_text(
            EXPLAINER.replace("27 jaar", "27"), encoding="utf-8"
        )
        assert service.sync_content(root).pages == {"bijgewerkt": 1, "teruggetrokken": 1}
        db.session.commit()
        pages = {p.slug: p for p in db.session.scalars(sa.select(ContentPage))}
        assert pages["bronnen"].retired and not pages["kostendelersnorm"].retired
        assert pages["kostendelersnorm"].peildatum.isoformat() == "2026-11-30"


def test_an_explainer_is_served_with_its_peildatum(app, tmp_path, learner_client):
    root = content(tmp_path, uitleg={"kostendelersnorm.md": EXPLAINER})
    service.sync_content(root)
    db.session.commit()
    page = learner_client.get("/uitleg/kostendelersnorm")
    assert page.status_code == 200
    assert "Peildatum: 30 november 2026" in page.text
    assert "<h2" in page.text and "hoofdverblijf" in page.text
    assert learner_client.get("/uitleg/bestaat-niet").status_code == 404
    assert app.test_client().get("/uitleg/kostendelersnorm").status_code == 302  # log in first

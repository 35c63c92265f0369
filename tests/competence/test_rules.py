"""Competence rules called directly: self-assessment, who may assess, heatmap order, forms."""

import pytest

from tests.competence.helpers import enrol
from training.clock import utcnow
from training.competence import cohorts, service
from training.competence.forms import self_assessment_form, trainer_assessment_form
from training.competence.levels import level_for
from training.competence.models import CompetenceEstimate
from training.curriculum import service as curriculum
from training.curriculum.models import Category
from training.extensions import db


@pytest.fixture
def categories(synced_content):
    return curriculum.list_categories()


def _trainer_with_learner(make_user):
    trainer, learner = make_user(role="trainer"), make_user()
    enrol(trainer, learner)
    return trainer, learner


# --- self-assessment ------------------------------------------------------------------------


def test_a_self_assessment_without_any_level_is_refused(make_user, categories):
    user = make_user()
    with pytest.raises(service.CompetenceError, match="minstens één categorie"):
        service.assess_self(user, {categories[0].id: None, categories[1].id: None})


def test_a_self_assessment_of_nothing_at_all_is_refused(make_user, categories):
    with pytest.raises(service.CompetenceError, match="minstens één categorie"):
        service.assess_self(make_user(), {})


def test_a_self_assessment_stores_only_the_categories_given_a_level(make_user, categories):
    user = make_user()
    count = service.assess_self(user, {categories[0].id: 2, categories[1].id: None})
    assert count == 1
    assert service.self_levels_of(user) == {categories[0].id: 2}


def test_self_levels_are_the_latest_rating_per_category(make_user, categories):
    user = make_user()
    service.assess_self(user, {categories[0].id: 1, categories[1].id: 2})
    service.assess_self(user, {categories[0].id: 4})
    assert service.self_levels_of(user) == {categories[0].id: 4, categories[1].id: 2}


def test_self_levels_of_someone_who_never_rated_themselves_are_empty(make_user, categories):
    assert service.self_levels_of(make_user()) == {}


# --- trainer assessment ---------------------------------------------------------------------


def test_a_trainer_may_assess_a_learner_in_their_cohort(make_user, categories):
    trainer, learner = _trainer_with_learner(make_user)
    assert service.may_assess(trainer, learner)


def test_a_trainer_may_not_assess_themselves(make_user, categories):
    trainer, _learner = _trainer_with_learner(make_user)
    assert not service.may_assess(trainer, trainer)


def test_an_admin_may_not_assess_themselves(make_user, categories):
    admin = make_user(role="admin")
    assert not service.may_assess(admin, admin)


def test_a_trainer_may_not_assess_a_learner_outside_their_cohorts(make_user, categories):
    trainer, _learner = _trainer_with_learner(make_user)
    assert not service.may_assess(trainer, make_user())


def test_assessing_oneself_as_trainer_is_refused(make_user, categories):
    trainer, _learner = _trainer_with_learner(make_user)
    with pytest.raises(service.CompetenceError):
        service.assess_as_trainer(trainer, trainer, categories[0], 3, [], "")


def test_the_rubric_lists_every_indicator_with_its_level():
    category = Category(indicators={"startbekwaam": ["a", "b"], "bekwaam": ["c"]})
    assert service.rubric(category) == [
        ("startbekwaam", "a"),
        ("startbekwaam", "b"),
        ("bekwaam", "c"),
    ]


def test_a_category_without_indicators_has_an_empty_rubric():
    assert service.rubric(Category(indicators=None)) == []


# --- whose page a viewer may open -----------------------------------------------------------


def test_a_trainer_finds_a_learner_in_their_cohort(make_user, categories):
    trainer, learner = _trainer_with_learner(make_user)
    assert cohorts.learner_for_viewer(trainer, learner.id) == learner


def test_a_trainer_does_not_find_a_learner_outside_their_cohorts(make_user, categories):
    trainer, _learner = _trainer_with_learner(make_user)
    assert cohorts.learner_for_viewer(trainer, make_user().id) is None


def test_nobody_finds_a_learner_that_does_not_exist(make_user, categories):
    assert cohorts.learner_for_viewer(make_user(role="admin"), 999_999) is None


# --- heatmap order --------------------------------------------------------------------------


@pytest.fixture
def heat_cohort(make_user, categories):
    """Three learners with current scores in the first two categories (None: no estimate)."""
    first, second = categories[0].id, categories[1].id
    learners = {
        "carla": {first: 0.9, second: 0.1},
        "Bram": {first: None, second: 0.2},
        "anna": {first: 0.3, second: 0.9},
    }
    users = {name: make_user(name=name) for name in learners}
    cohort = enrol(make_user(role="trainer"), *users.values())
    today = utcnow().date()
    for name, scores in learners.items():
        for category_id, score in scores.items():
            if score is not None:
                db.session.add(
                    CompetenceEstimate(
                        user_id=users[name].id,
                        category_id=category_id,
                        day=today,
                        score=score,
                        level=level_for(score).number,
                        is_current=True,
                    )  # fmt: skip
                )
    db.session.commit()
    return cohort


def _names(cohort, categories, sort, descending=False, per_page=50) -> tuple[list[str], str]:
    page, used = service.heatmap_page(cohort, categories, sort, descending, per_page=per_page)
    return [row.user.name for row in page.items], used


def test_heatmap_sorts_by_a_category_score_with_unscored_learners_last(heat_cohort, categories):
    assert _names(heat_cohort, categories, categories[0].slug) == (
        ["anna", "carla", "Bram"],
        categories[0].slug,
    )


def test_heatmap_sorts_descending_when_asked(heat_cohort, categories):
    names, _sort = _names(heat_cohort, categories, categories[0].slug, descending=True)
    assert names == ["Bram", "carla", "anna"]


def test_heatmap_sorts_by_mean_score(heat_cohort, categories):
    # 0.2, 0.5, 0.6
    assert _names(heat_cohort, categories, "gemiddeld") == (["Bram", "carla", "anna"], "gemiddeld")


def test_heatmap_sorts_by_name_ignoring_case(heat_cohort, categories):
    assert _names(heat_cohort, categories, "naam") == (["anna", "Bram", "carla"], "naam")


def test_an_unknown_heatmap_sort_falls_back_to_name(heat_cohort, categories):
    assert _names(heat_cohort, categories, "schoenmaat") == (["anna", "Bram", "carla"], "naam")


def test_the_heatmap_is_sorted_before_it_is_paged(heat_cohort, categories):
    slug = categories[1].slug  # 0.9 anna, 0.2 Bram, 0.1 carla
    first, _ = _names(heat_cohort, categories, slug, descending=True, per_page=2)
    page, _ = service.heatmap_page(heat_cohort, categories, slug, True, number=2, per_page=2)
    assert first == ["anna", "Bram"]
    assert [row.user.name for row in page.items] == ["carla"]
    assert (page.total, page.pages, page.has_next) == (3, 2, False)
    assert page.items[0].cells[categories[1].id].score == 0.1


# --- forms ----------------------------------------------------------------------------------


def test_the_self_assessment_form_has_one_level_select_per_category(app, categories):
    with app.test_request_context("/competence/zelfbeoordeling"):
        form = self_assessment_form(categories, "nl")
        names = {field.name for field in form if field.name.startswith("level_")}
    assert names == {f"level_{c.id}" for c in categories}


def test_the_self_assessment_form_reads_only_chosen_levels(app, categories):
    data = {f"level_{categories[0].id}": "3", f"level_{categories[1].id}": ""}
    with app.test_request_context("/competence/zelfbeoordeling", method="POST", data=data):
        form = self_assessment_form(categories, "nl")
        assert form.ratings() == {categories[0].id: 3}


def test_the_self_assessment_form_preselects_current_levels(app, categories):
    with app.test_request_context("/competence/zelfbeoordeling"):
        form = self_assessment_form(categories, "nl")
        form.fill({categories[1].id: 2})
        assert form[f"level_{categories[1].id}"].data == "2"
        assert not form[f"level_{categories[0].id}"].data


def test_the_trainer_form_offers_the_rubric_and_levels_one_to_four(app):
    rubric = [("startbekwaam", "Vraagt door"), ("bekwaam", "Vat samen")]
    with app.test_request_context("/"):
        form = trainer_assessment_form(rubric, "nl")
        indicators = [choice.value for choice in form.indicators.choices]
        levels = [choice.value for choice in form.level.choices]
    assert indicators == ["Vraagt door", "Vat samen"]
    assert levels == ["", "1", "2", "3", "4"]

import pytest
from wagtail.models import Page

from cms.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    PlanIndexPage,
    PlanPage,
    StandardPage,
)
from courses.models import CourseCatalogPage
from learning_centers.models import LearningCenterIndexPage
from tests.factories.cms import make_news_index, make_plan, make_plan_index, make_standard

pytestmark = pytest.mark.django_db


def test_only_one_home_page_can_exist(home):
    assert not HomePage.can_create_at(Page.get_first_root_node())


@pytest.mark.parametrize(
    "model",
    [StandardPage, NewsIndexPage, PlanIndexPage, LearningCenterIndexPage, CourseCatalogPage],
)
def test_sections_can_be_created_under_home(home, model):
    assert model.can_create_at(home)


@pytest.mark.parametrize("model", [NewsPage, PlanPage])
def test_leaf_pages_cannot_be_created_under_home(home, model):
    assert not model.can_create_at(home)


def test_news_only_under_news_index(home):
    news_index = make_news_index()
    assert NewsPage.can_create_at(news_index)
    assert not NewsPage.can_create_at(make_plan_index())
    assert not StandardPage.can_create_at(news_index)
    assert not PlanPage.can_create_at(news_index)


def test_plans_only_under_plan_index_and_have_no_children(home):
    plan = make_plan()
    assert PlanPage.can_create_at(plan.get_parent().specific)
    assert not NewsPage.can_create_at(plan)
    assert not StandardPage.can_create_at(plan)
    assert not PlanPage.can_create_at(plan)


def test_standard_pages_nest_but_hold_no_news(home):
    page = make_standard()
    assert StandardPage.can_create_at(page)
    assert not NewsPage.can_create_at(page)
    assert not NewsIndexPage.can_create_at(page)

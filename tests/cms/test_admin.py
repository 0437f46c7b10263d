"""Editors can reach every cms editing screen (pages, menus, footer settings)."""

import pytest
from django.urls import reverse

from cms.models import MAIN_MENU, Menu, MenuItem
from tests.factories.cms import make_news_index, make_plan, make_plan_index
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model,parent",
    [
        ("standardpage", "home"),
        ("newsindexpage", "home"),
        ("planindexpage", "home"),
        ("newspage", "news"),
        ("planpage", "plans"),
    ],
)
def test_create_forms_load(editor_client, home, model, parent):
    parents = {"home": home, "news": make_news_index(), "plans": make_plan_index()}
    url = reverse("wagtailadmin_pages:add", args=("cms", model, parents[parent].pk))
    assert editor_client.get(url).status_code == 200


def test_plan_edit_form_shows_target_rows(editor_client, home):
    plan = make_plan(targets=2)
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=(plan.pk,)))
    assert response.status_code == 200
    assert "targets-TOTAL_FORMS" in response.content.decode()


def test_menu_and_footer_are_editable(editor_client, home):
    menu = Menu.objects.create(title="Chính", slug=MAIN_MENU)
    MenuItem.objects.create(menu=menu, label="Tin", link_url="/tin-tuc/")
    assert editor_client.get("/admin/snippets/cms/menu/").status_code == 200
    assert editor_client.get(f"/admin/snippets/cms/menu/edit/{menu.pk}/").status_code == 200
    response = editor_client.get("/admin/settings/cms/footersettings/", follow=True)
    assert response.status_code == 200

"""The admin speaks Vietnamese and its workflow actions say what they do; the moderator
is told that approving worked (issue 13, finding 6)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import WorkflowState

from learning_centers.models import CenterMaterialPage
from tests.learning_centers.test_permissions import material_form

pytestmark = pytest.mark.django_db


def test_manager_sends_for_approval_with_a_plain_vietnamese_button(client, two_centres):
    client.force_login(two_centres.manager_b)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[two_centres.material_b.pk])
    ).content.decode()
    assert "Gửi kiểm duyệt" in html
    assert "Thực hiện Kiểm duyệt" not in html


def _submitted(client, w):
    client.force_login(w.manager_b)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[w.material_b.pk]),
        material_form(w.material_b, title="Học liệu B mới", action="action-submit"),
    )
    state = WorkflowState.objects.get(object_id=str(w.material_b.pk), status="in_progress")
    return state.current_task_state


def test_moderator_sees_vietnamese_actions_and_a_confirmation_after_approving(client, two_centres):
    w = two_centres
    task_state = _submitted(client, w)
    client.force_login(w.moderator)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[w.material_b.pk])).content.decode()
    assert "Yêu cầu sửa" in html and "Request changes" not in html
    assert "Duyệt và đăng" in html
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[w.material_b.pk, "approve", task_state.pk]
        ),
        {"comment": ""},
    )
    assert response.status_code == 302
    shown = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert shown == ["Đã duyệt và đăng “Học liệu B mới”."]
    assert CenterMaterialPage.objects.get(pk=w.material_b.pk).title == "Học liệu B mới"


@pytest.mark.parametrize("url_name", ["wagtailadmin_home", "wagtailadmin_explore_root"])
def test_admin_screens_show_no_untranslated_wagtail_labels(client, two_centres, url_name):
    client.force_login(two_centres.moderator)
    html = client.get(reverse(url_name)).content.decode()
    # Text nodes and the sidebar's JSON labels.
    for english in ("Dashboard", "Pages", "Reports", "Help", "Documents", "Images"):
        assert f">{english}<" not in html and f'"{english}"' not in html, english

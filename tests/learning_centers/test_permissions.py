"""Centre-scoped publishing, through the real admin URLs: manager of centre A vs manager of
centre B vs city moderator vs anonymous, on centre B's page, course, material, document and
image."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, WorkflowState

from courses.models import CoursePage
from learning_centers.models import CenterMaterialPage, LearningCenterPage
from tests.factories.centres import make_center, make_manager, make_material

pytestmark = pytest.mark.django_db

ALLOWED, REFUSED, LOGIN = "allowed", "refused", "login"


def _url(name, w):
    b, cb = w.b, w.course_b
    return {
        "explore centre": reverse("wagtailadmin_explore", args=[b.pk]),
        "edit centre": reverse("wagtailadmin_pages:edit", args=[b.pk]),
        "course history": reverse("wagtailadmin_pages:history", args=[cb.pk]),
        "view material draft": reverse("wagtailadmin_pages:view_draft", args=[w.material_b.pk]),
        "delete centre": reverse("wagtailadmin_pages:delete", args=[b.pk]),
        "edit course": reverse("wagtailadmin_pages:edit", args=[cb.pk]),
        "copy course": reverse("wagtailadmin_pages:copy", args=[cb.pk]),
        "move course": reverse("wagtailadmin_pages:move", args=[cb.pk]),
        "delete course": reverse("wagtailadmin_pages:delete", args=[cb.pk]),
        "unpublish course": reverse("wagtailadmin_pages:unpublish", args=[cb.pk]),
        "add course": reverse("wagtailadmin_pages:add", args=["courses", "coursepage", b.pk]),
        "add material": reverse(
            "wagtailadmin_pages:add", args=["learning_centers", "centermaterialpage", b.pk]
        ),
        "edit material": reverse("wagtailadmin_pages:edit", args=[w.material_b.pk]),
        "edit document": reverse("wagtaildocs:edit", args=[w.doc_b.pk]),
        "delete document": reverse("wagtaildocs:delete", args=[w.doc_b.pk]),
        "edit image": reverse("wagtailimages:edit", args=[w.image_b.pk]),
        "delete image": reverse("wagtailimages:delete", args=[w.image_b.pk]),
    }[name]


# Expected outcome for each actor opening an admin view on centre B's content. Centre B is not
# trusted, so its own manager may not move, delete or unpublish its live pages (that would
# publish or unpublish without moderation); the moderator may do everything.
MATRIX = {
    #                  manager_a, manager_b, moderator
    "explore centre": (REFUSED, ALLOWED, ALLOWED),
    "edit centre": (REFUSED, ALLOWED, ALLOWED),
    "course history": (REFUSED, ALLOWED, ALLOWED),
    "view material draft": (REFUSED, ALLOWED, ALLOWED),
    "delete centre": (REFUSED, REFUSED, ALLOWED),
    "edit course": (REFUSED, ALLOWED, ALLOWED),
    "copy course": (REFUSED, ALLOWED, ALLOWED),
    "move course": (REFUSED, REFUSED, ALLOWED),
    "delete course": (REFUSED, REFUSED, ALLOWED),
    "unpublish course": (REFUSED, REFUSED, ALLOWED),
    "add course": (REFUSED, ALLOWED, ALLOWED),
    "add material": (REFUSED, ALLOWED, ALLOWED),
    "edit material": (REFUSED, ALLOWED, ALLOWED),
    "edit document": (REFUSED, ALLOWED, ALLOWED),
    "delete document": (REFUSED, ALLOWED, ALLOWED),
    "edit image": (REFUSED, ALLOWED, ALLOWED),
    "delete image": (REFUSED, ALLOWED, ALLOWED),
}
ACTORS = ("manager_a", "manager_b", "moderator")


def outcome(response) -> str:
    if response.status_code == 200:
        return ALLOWED
    if response.status_code == 302 and "/login/" in response["Location"]:
        return LOGIN
    # Wagtail answers a refusal with 403, a redirect to the dashboard carrying "Sorry, you do
    # not have permission", or (explorer) a redirect to the user's own part of the tree.
    if response.status_code in (403, 404) or response.status_code == 302:
        return REFUSED
    return f"unexpected {response.status_code}"


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_admin_view_permission_matrix(client, two_centres, action, actor):
    client.force_login(getattr(two_centres, actor))
    response = client.get(_url(action, two_centres))
    assert outcome(response) == MATRIX[action][ACTORS.index(actor)]


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_anonymous_is_sent_to_login_for_every_admin_view(client, two_centres, action):
    assert outcome(client.get(_url(action, two_centres))) == LOGIN


def test_manager_of_a_can_open_own_centre_course_and_document(client, two_centres):
    w = two_centres
    client.force_login(w.manager_a)
    for url in (
        reverse("wagtailadmin_pages:edit", args=[w.a.pk]),
        reverse("wagtailadmin_pages:edit", args=[w.course_a.pk]),
        reverse("wagtailadmin_pages:add", args=["courses", "coursepage", w.a.pk]),
        reverse("wagtaildocs:edit", args=[w.doc_a.pk]),
        reverse("wagtailimages:edit", args=[w.image_a.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_manager_cannot_add_a_page_to_the_centres_index(client, two_centres):
    client.force_login(two_centres.manager_a)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["learning_centers", "learningcenterpage", two_centres.a.get_parent().pk],
    )
    assert outcome(client.get(url)) == REFUSED


# --- state-changing requests: a refused POST changes nothing -------------------------------


def test_manager_a_cannot_delete_course_of_b(client, two_centres):
    client.force_login(two_centres.manager_a)
    client.post(reverse("wagtailadmin_pages:delete", args=[two_centres.course_b.pk]))
    assert CoursePage.objects.filter(pk=two_centres.course_b.pk).exists()


def test_manager_a_cannot_move_course_of_b_into_a(client, two_centres):
    w = two_centres
    client.force_login(w.manager_a)
    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=[w.course_b.pk, w.a.pk]))
    assert outcome(response) == REFUSED
    assert Page.objects.get(pk=w.course_b.pk).get_parent().pk == w.b.pk


def test_moderator_can_move_course_between_centres(client, two_centres):
    w = two_centres
    client.force_login(w.moderator)
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[w.course_b.pk, w.a.pk]))
    assert Page.objects.get(pk=w.course_b.pk).get_parent().pk == w.a.pk


def test_manager_a_cannot_copy_course_of_b(client, two_centres):
    w = two_centres
    client.force_login(w.manager_a)
    before = CoursePage.objects.count()
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[w.course_b.pk]),
        {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": w.a.pk},
    )
    assert outcome(response) == REFUSED
    assert CoursePage.objects.count() == before


def test_manager_a_cannot_copy_own_course_into_centre_b(client, two_centres):
    w = two_centres
    client.force_login(w.manager_a)
    before = CoursePage.objects.child_of(w.b).count()
    client.post(
        reverse("wagtailadmin_pages:copy", args=[w.course_a.pk]),
        {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": w.b.pk},
    )
    assert CoursePage.objects.child_of(w.b).count() == before


def test_manager_a_cannot_publish_or_edit_material_of_b(client, two_centres):
    w = two_centres
    client.force_login(w.manager_a)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[w.material_b.pk]),
        material_form(w.material_b, title="Đã bị sửa", action="action-publish"),
    )
    assert outcome(response) == REFUSED
    material = CenterMaterialPage.objects.get(pk=w.material_b.pk)
    assert material.title == "Học liệu B"
    assert material.latest_revision is None


def test_manager_a_cannot_unpublish_course_of_b(client, two_centres):
    client.force_login(two_centres.manager_a)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[two_centres.course_b.pk]))
    assert CoursePage.objects.get(pk=two_centres.course_b.pk).live


def test_moderator_can_unpublish_course(client, two_centres):
    client.force_login(two_centres.moderator)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[two_centres.course_b.pk]))
    assert not CoursePage.objects.get(pk=two_centres.course_b.pk).live


def test_manager_a_cannot_edit_or_delete_document_of_b(client, two_centres):
    w = two_centres
    client.force_login(w.manager_a)
    client.post(reverse("wagtaildocs:edit", args=[w.doc_b.pk]), {"title": "Sửa trộm"})
    client.post(reverse("wagtaildocs:delete", args=[w.doc_b.pk]))
    document = get_document_model().objects.get(pk=w.doc_b.pk)
    assert document.title == "Tài liệu B"


def test_manager_b_can_delete_own_document(client, two_centres):
    w = two_centres
    client.force_login(w.manager_b)
    client.post(reverse("wagtaildocs:delete", args=[w.doc_b.pk]))
    assert not get_document_model().objects.filter(pk=w.doc_b.pk).exists()


def test_manager_a_cannot_edit_or_delete_image_of_b(client, two_centres):
    w = two_centres
    client.force_login(w.manager_a)
    client.post(reverse("wagtailimages:edit", args=[w.image_b.pk]), {"title": "Sửa trộm"})
    client.post(reverse("wagtailimages:delete", args=[w.image_b.pk]))
    assert get_image_model().objects.get(pk=w.image_b.pk).title == "Ảnh B"


def test_manager_sees_only_own_collection_in_document_listing(client, two_centres):
    w = two_centres
    client.force_login(w.manager_a)
    content = client.get(reverse("wagtaildocs:index")).content.decode()
    assert "Tài liệu A" in content
    assert "Tài liệu B" not in content


# --- publishing: untrusted centres go through the moderators' workflow ---------------------


def material_form(material, *, title, action):
    return {
        "title": title,
        "slug": material.slug,
        "kind": material.kind,
        "link_url": material.link_url,
        "video_url": "",
        "description": "",
        "tags": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        action: "1",
    }


def test_untrusted_manager_publish_request_only_saves_a_draft(client, two_centres):
    w = two_centres
    client.force_login(w.manager_b)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[w.material_b.pk]),
        material_form(w.material_b, title="Học liệu B mới", action="action-publish"),
    )
    material = CenterMaterialPage.objects.get(pk=w.material_b.pk)
    assert material.title == "Học liệu B"  # live version unchanged
    assert material.has_unpublished_changes


def test_untrusted_manager_submits_to_city_moderators_who_approve(client, two_centres):
    w = two_centres
    client.force_login(w.manager_b)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[w.material_b.pk]),
        material_form(w.material_b, title="Học liệu B mới", action="action-submit"),
    )
    material = CenterMaterialPage.objects.get(pk=w.material_b.pk)
    state = WorkflowState.objects.get(object_id=str(material.pk), status="in_progress")
    assert state.workflow.name == "Kiểm duyệt nội dung trung tâm"
    task_state = state.current_task_state

    client.force_login(w.moderator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[material.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    material.refresh_from_db()
    assert material.title == "Học liệu B mới"


def test_manager_of_a_adds_and_submits_a_material_in_own_centre(client, two_centres):
    w = two_centres
    client.force_login(w.manager_a)
    url = reverse("wagtailadmin_pages:add", args=["learning_centers", "centermaterialpage", w.a.pk])
    data = material_form(w.material_a, title="Sổ tay kỹ năng số", action="action-submit")
    data["slug"] = "so-tay-ky-nang-so"
    client.post(url, data)
    material = CenterMaterialPage.objects.get(slug="so-tay-ky-nang-so")
    assert material.get_parent().pk == w.a.pk
    assert not material.live
    assert material.workflow_in_progress


def test_trusted_centre_manager_publishes_directly(client, db):
    center = make_center(title="Trung tâm tin cậy", trusted=True)
    material = make_material(center, title="Cũ")
    client.force_login(make_manager(center))
    client.post(
        reverse("wagtailadmin_pages:edit", args=[material.pk]),
        material_form(material, title="Mới", action="action-publish"),
    )
    material.refresh_from_db()
    assert material.title == "Mới"
    assert material.live and not material.has_unpublished_changes


def test_trusted_centre_manager_still_cannot_delete_own_centre_page(client, db):
    center = make_center(title="Trung tâm tin cậy", trusted=True)
    client.force_login(make_manager(center))
    response = client.post(reverse("wagtailadmin_pages:delete", args=[center.pk]))
    assert outcome(response) == REFUSED
    assert LearningCenterPage.objects.filter(pk=center.pk).exists()


def test_manager_cannot_mark_own_centre_trusted(client, two_centres):
    w = two_centres
    client.force_login(w.manager_a)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[w.a.pk])).content.decode()
    assert 'name="trusted"' not in content
    assert 'name="ward"' not in content


def test_moderator_sees_trusted_flag_on_centre_form(client, two_centres):
    client.force_login(two_centres.moderator)
    content = client.get(
        reverse("wagtailadmin_pages:edit", args=[two_centres.a.pk])
    ).content.decode()
    assert 'name="trusted"' in content


def test_copying_a_centre_is_refused_with_a_message_even_for_moderators(client, two_centres):
    client.force_login(two_centres.moderator)
    url = reverse("wagtailadmin_pages:copy", args=[two_centres.a.pk])
    response = client.post(
        url,
        {
            "new_title": "Bản sao",
            "new_slug": "ban-sao",
            "new_parent_page": two_centres.a.get_parent().pk,
        },
        follow=True,
    )
    assert "Không thể sao chép trung tâm" in response.content.decode()
    assert LearningCenterPage.objects.count() == 2

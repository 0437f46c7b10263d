"""Admin wiring for learning_centers: the geography menu, centre provisioning when a centre
page is created or (re)published, and guards that keep centre pages themselves in the city
moderators' hands."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from learning_centers import search_hooks  # noqa: F401 (registers the search hooks)
from learning_centers.models import LearningCenterPage
from learning_centers.services import center_provision_logged
from learning_centers.viewsets import GeographyViewSetGroup


@hooks.register("register_admin_viewset")
def register_geography_viewsets():
    return GeographyViewSetGroup()


@hooks.register("register_permissions")
def register_centre_permissions():
    # So administrators can grant them in Settings → Groups, not only through provisioning.
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="learning_centers",
        codename__in=["set_center_trusted", "manage_all_wards"],
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "learning_centers.provision",
        _("Cấp quyền cho trung tâm"),
        _("Đã tạo hoặc sửa nhóm biên tập và bộ sưu tập của trung tâm"),
    )


@hooks.register("after_create_page")
def provision_new_center(request, page):
    # A centre created and published at once was provisioned by the page_published signal
    # (learning_centers/apps.py) before this hook runs; a draft centre is provisioned here.
    specific = page.specific
    if isinstance(specific, LearningCenterPage) and not specific.live:
        center_provision_logged(center=specific, user=request.user)


def _can_manage_centres(user, center) -> bool:
    parent = center.get_parent()
    return parent.permissions_for_user(user).can_publish()


@hooks.register("before_delete_page")
def guard_center_delete(request, page):
    if isinstance(page.specific, LearningCenterPage) and not _can_manage_centres(
        request.user, page
    ):
        raise PermissionDenied


@hooks.register("before_move_page")
def guard_center_move(request, page, destination):
    if isinstance(page.specific, LearningCenterPage) and not _can_manage_centres(
        request.user, page
    ):
        raise PermissionDenied


@hooks.register("before_copy_page")
def refuse_center_copy(request, page):
    # One centre per ward (a one-to-one field): a copy could only fail on save.
    if isinstance(page.specific, LearningCenterPage):
        messages.error(
            request,
            _(
                "Không thể sao chép trung tâm: mỗi phường/xã chỉ có một trung tâm. "
                "Hãy tạo trung tâm mới cho phường/xã khác."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None

"""Centre staff's screens live inside the Wagtail admin (DESIGN.md: one place, one menu,
one language, one permission system).

`staff_view` wraps each staff view as Wagtail wraps its own: anonymous visitors go to the
admin sign-in; the view runs in the user's admin language and time zone and its actions are
attributed in the audit log. Unlike Wagtail's `require_admin_access`, a refusal stays a
403 (the views refuse other centres' courses with PermissionDenied), so nothing about who
may do what changes. The old /quan-ly/ addresses redirect to the admin ones."""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import reject_request
from wagtail.admin.localization import get_localized_response
from wagtail.log_actions import LogContext


def staff_view(view_func):
    @never_cache  # as every Wagtail admin view: staff screens hold personal data
    @functools.wraps(view_func)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_anonymous:
            return reject_request(request)
        if not user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        with LogContext(user=user):
            return get_localized_response(view_func, request, *args, **kwargs)

    return wrapped


class _TemporaryRedirectKeepingMethod(HttpResponseRedirect):
    status_code = 307  # a form posted to an old address is posted again, not turned into a GET


def legacy_staff_redirect(request, rest: str):
    """/quan-ly/<rest> → /admin/dang-ky-hoc/<rest> (the same sub-paths); /quan-ly/ and the
    old upload form → the admin's "Đăng ký học" screens."""
    if rest in ("", "nhap-diem-danh/"):
        target = reverse("dang_ky_hoc:index" if not rest else "dang_ky_hoc:import")
    else:
        target = reverse("dang_ky_hoc:index") + rest
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    if request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(target)
    return _TemporaryRedirectKeepingMethod(target)

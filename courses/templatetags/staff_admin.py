"""The Wagtail admin header (breadcrumbs, screen-reader title) for centre staff's screens,
which are plain Django views rendered inside the admin's chrome."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.inclusion_tag("wagtailadmin/shared/headers/slim_header.html")
def staff_header(title, course=None):
    """Home › Đăng ký học › <course> › <title>, as Wagtail's own views show them."""
    items = [
        {"url": reverse("wagtailadmin_home"), "label": _("Trang tổng quan")},
        {"url": reverse("dang_ky_hoc:index"), "label": _("Đăng ký học")},
    ]
    if course is not None:
        items.append(
            {"url": reverse("courses:course_manage", args=[course.pk]), "label": course.title}
        )
    if str(title) != (course.title if course is not None else ""):
        items.append({"url": "", "label": title})
    return {"breadcrumbs_items": items, "title": title, "icon_name": "group"}

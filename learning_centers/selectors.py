"""Reads for the centre pages and the admin: each returns what a template or view needs in a
constant number of queries."""

import re
from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import QuerySet
from wagtail import hooks

from learning_centers.models import (
    CenterMaterialPage,
    LearningCenterIndexPage,
    LearningCenterPage,
    Ward,
)
from search.text import fold, nfc

CENTRES_PER_PAGE = 60
MAX_QUERY_LENGTH = 100
# Residents often type the centre's name rather than the ward's: drop that prefix.
_CENTRE_PREFIX = re.compile(r"^(?:trung tam hoc tap cong dong|tthtcd|trung tam)\b\s*")


def centers_for_listing(*, index: LearningCenterIndexPage, q: str = "", kind: str = "") -> QuerySet:
    """Live centres under the index, ordered by kind then ward name; `q` matches the ward's
    name without diacritics ("dong da" finds "Phường Đống Đa")."""
    centers = (
        LearningCenterPage.objects.child_of(index)
        .live()
        .select_related("ward")
        .order_by("ward__kind", "ward__name_folded")
    )
    folded = _CENTRE_PREFIX.sub("", fold(q))
    if folded:
        centers = centers.filter(ward__name_folded__contains=folded)
    if kind:
        centers = centers.filter(ward__kind=kind)
    return centers


def center_listing(*, index: LearningCenterIndexPage, params) -> dict:
    """Context for `/trung-tam/`: filters from the query string (bad values are ignored),
    one page of centres grouped by kind (phường / xã / đặc khu)."""
    q = nfc(params.get("q", "")).strip()[:MAX_QUERY_LENGTH]
    kind = params.get("loai", "")
    if kind not in Ward.Kind.values:
        kind = ""
    paginator = Paginator(centers_for_listing(index=index, q=q, kind=kind), CENTRES_PER_PAGE)
    # get_page() turns "abc" into page 1 and 99999 into the last page instead of raising.
    page_obj = paginator.get_page(params.get("page"))
    labels = dict(Ward.Kind.choices)
    groups = [
        {"kind": key, "label": labels.get(key, key), "centers": list(items)}
        for key, items in groupby(page_obj.object_list, key=lambda center: center.ward.kind)
    ]
    querystring = params.copy()
    querystring.pop("page", None)
    return {
        "q": q,
        "kind": kind,
        "kinds": Ward.Kind.choices,
        "groups": groups,
        "page_obj": page_obj,
        "paginator": paginator,
        "result_count": paginator.count,
        "filter_querystring": querystring.urlencode(),
    }


def center_materials(*, center: LearningCenterPage) -> list[CenterMaterialPage]:
    return list(
        CenterMaterialPage.objects.child_of(center)
        .live()
        .select_related("document")
        .prefetch_related("tagged_items__tag")
        .order_by("title")
    )


def center_detail(*, center: LearningCenterPage) -> dict:
    """Context for one centre page: opening hours and materials."""
    return {
        "index_page": center.get_parent(),
        "opening_hours": list(center.opening_hours.all()),
        "materials": center_materials(center=center),
    }


def center_panels(*, center: LearningCenterPage, request) -> list[dict]:
    """Panels other apps add to the centre page through the `learning_center_page_panels`
    hook (e.g. the courses app lists the centre's courses). Each hook returns
    `{"template": ..., "context": {...}, "order": int}` or None."""
    panels = []
    for fn in hooks.get_hooks("learning_center_page_panels"):
        panel = fn(center, request)
        if panel:
            panels.append(panel)
    return sorted(panels, key=lambda panel: panel.get("order", 100))


def wards_managed_by(user) -> QuerySet:
    """Wards whose centre's editors group the user belongs to."""
    if not user.is_authenticated:
        return Ward.objects.none()
    return Ward.objects.filter(learning_center__access__group__user=user).distinct()


def user_manages_all_wards(user) -> bool:
    return user.is_active and user.has_perm("learning_centers.manage_all_wards")

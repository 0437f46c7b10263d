"""Who reads the association's dashboard, and for which wards.

The permission `citizen_statistics.view_dashboard` opens the dashboard; its holders see the
whole city when they see every ward (superusers, city-level association staff), otherwise
only the wards they work for (centre managers and ward-level association staff see their own
ward in detail). Aggregates of the whole city carry no personal data and are shown to all of
them, as on the public page."""

from __future__ import annotations

from citizen_profiles import permissions as people_permissions

DASHBOARD_PERMISSION = "citizen_statistics.view_dashboard"


def can_view_dashboard(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(DASHBOARD_PERMISSION))
    )


def dashboard_ward_ids(user) -> set[int] | None:
    """None when the user sees every ward in detail, else the ids of their wards."""
    if people_permissions.sees_all_wards(user):
        return None
    return set(people_permissions.staff_ward_ids(user))

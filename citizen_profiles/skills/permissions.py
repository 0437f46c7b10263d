"""Who may see and record residents' digital-skill attainments in the admin: the same ward
scoping as the residents themselves (citizen_profiles.permissions). Centre managers view the
attainments of their wards' residents, add staff assessments and withdraw them; only staff
assessments can be withdrawn in the admin (the other sources follow their course or
declaration)."""

from citizen_profiles.permissions import WardScopedPermissionPolicy


def register_policies() -> None:
    from wagtail.permissions import register_permission_policy

    from .models import Attainment

    register_permission_policy(
        Attainment,
        WardScopedPermissionPolicy(
            Attainment, ward_path="citizen__ward_id", manager_actions={"view", "add", "delete"}
        ),
        exact_class=True,
    )

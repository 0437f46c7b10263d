"""Who may act on title evaluations, and on which wards.

Each workflow step has its own model permission (Evaluation.Meta.permissions); staff act
only on the wards in their scope: `staff_ward_ids` (centre managers' wards plus association
evaluators' wards), read in one function, `title_ward_ids`."""

from citizen_profiles.permissions import sees_all_wards, staff_ward_ids

APP = "citizen_titles"


def title_ward_ids(user) -> list[int]:
    """Wards whose evaluations `user` may act on (ignored when `title_sees_all`)."""
    return list(staff_ward_ids(user))


def title_sees_all(user) -> bool:
    return sees_all_wards(user)


def has_step_permission(user, codename: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(f"{APP}.{codename}"))


def in_scope(user, ward_id) -> bool:
    return title_sees_all(user) or ward_id in title_ward_ids(user)


def can_act(user, codename: str, evaluation) -> bool:
    """`user` holds the step's permission and the evaluation's ward is in their scope."""
    return has_step_permission(user, codename) and in_scope(user, evaluation.ward_id)


def scope_evaluations(user, queryset):
    if title_sees_all(user):
        return queryset
    return queryset.filter(ward_id__in=title_ward_ids(user))


def is_subject_representative(user, evaluation) -> bool:
    """The resident themself, the household's current head, or the clan's / unit's
    representative: who may submit the self-assessment without staff permissions."""
    if not (user and user.is_authenticated):
        return False
    from citizen_profiles.groups.models import HouseholdMembership

    kind = evaluation.kind
    if kind == "citizen":
        return evaluation.citizen.user_id == user.pk
    if kind == "household":
        return (
            HouseholdMembership.objects.current()
            .filter(
                household_id=evaluation.household_id,
                relation=HouseholdMembership.Relation.HEAD,
                citizen__user=user,
            )
            .exists()
        )
    if kind in ("clan", "unit"):
        rep = getattr(evaluation, kind).representative
        return rep is not None and rep.user_id == user.pk
    return False

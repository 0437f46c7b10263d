"""Reads of declarations: who may see or review one, the resident's list, the staff queue
and its count, and the "My learning" panel. Ward scoping comes from
`citizen_profiles.permissions` (centre managers of the ward; superusers and holders of
`view_all_wards` everywhere). Association evaluators are added there by the roles work."""

from django.db.models import Count

from ..models import Citizen, Declaration
from ..permissions import managed_ward_ids, sees_all_wards, staff_ward_ids


def _active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_review_declaration(user, declaration: Declaration) -> bool:
    """Staff of the resident's ward (or city-wide staff) may verify or reject."""
    if not _active_user(user):
        return False
    if sees_all_wards(user):
        return True
    ward_id = declaration.citizen.ward_id
    return ward_id is not None and ward_id in managed_ward_ids(user)


def can_view_evidence(user, declaration: Declaration) -> bool:
    """The owner, whoever may review it, and the association evaluators of the resident's
    ward, who read the records they evaluate. Everyone else is told the file does not exist."""
    if not _active_user(user):
        return False
    if declaration.citizen.user_id is not None and declaration.citizen.user_id == user.pk:
        return True
    if can_review_declaration(user, declaration):
        return True
    ward_id = declaration.citizen.ward_id
    return ward_id is not None and ward_id in staff_ward_ids(user)


def declarations_for_citizen(*, citizen: Citizen):
    """The resident's declarations, newest activity first (for their list and export)."""
    return Declaration.objects.filter(citizen=citizen).order_by("-date", "-id")


def declaration_for_owner(*, user, pk: int) -> Declaration | None:
    return (
        Declaration.objects.select_related("citizen").filter(pk=pk, citizen__user=user).first()
        if _active_user(user)
        else None
    )


def reviewable_declarations(user):
    """The declarations `user` may review: their wards' residents, or all for city staff."""
    queryset = Declaration.objects.all()
    if sees_all_wards(user):
        return queryset
    return queryset.in_wards(managed_ward_ids(user))


def waiting_count(user) -> int:
    """How many declarations wait for `user` (one COUNT on the status index)."""
    if not _active_user(user):
        return 0
    if not sees_all_wards(user) and not managed_ward_ids(user):
        return 0
    return reviewable_declarations(user).waiting().count()


def status_counts(*, citizen: Citizen, year: int | None = None) -> dict[str, int]:
    """{status: number} for the resident (declarations dated in `year` when given), in one
    query."""
    counts = dict.fromkeys(Declaration.Status.values, 0)
    declarations = Declaration.objects.filter(citizen=citizen)
    if year:
        declarations = declarations.filter(date__year=year)
    rows = declarations.values("status").annotate(n=Count("id")).order_by()
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


PANEL_SIZE = 5


def learning_panel(*, citizen: Citizen, year: int | None = None) -> dict:
    """Context of the declarations panel: counts by status and the latest few declarations
    (dated in `year` when given, as on "My learning"; all on the profile page). Two queries
    whatever the number of rows."""
    recent = declarations_for_citizen(citizen=citizen)
    if year:
        recent = recent.filter(date__year=year)
    counts = status_counts(citizen=citizen, year=year)
    return {
        "declarations": list(recent[:PANEL_SIZE]),
        "counts": counts,
        "total": sum(counts.values()),
        "year": year,
    }


def citizen_export(*, citizen: Citizen) -> list[dict]:
    """The resident's declarations for their personal-data export (no file contents)."""
    return [
        {
            "kind": d.kind,
            "title": d.title,
            "date": d.date.isoformat(),
            "hours": str(d.hours),
            "provider": d.provider,
            "evidence_url": d.evidence_url,
            "has_evidence_file": bool(d.evidence_file),
            "status": d.status,
            "rejection_reason": d.rejection_reason,
            "created_at": d.created_at.isoformat(),
        }
        for d in declarations_for_citizen(citizen=citizen)
    ]

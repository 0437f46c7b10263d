"""Duplicate residents: finding likely duplicates and merging two records into one.

A resident enrolled by staff at two centres, or once by staff and once by themselves, ends
up with two records. Merging moves every row that points at the duplicate (enrollments,
attendance, participation records, consents, household and unit memberships, attainments,
declarations, and whatever later apps add) to the record that is kept, without importing
those apps: the move is generic over `Citizen`'s reverse relations.

Where a moved row would break a unique constraint (the same course enrolled twice, the same
session attended twice, the same activity logged twice, two current households), the two
rows are one fact: one is kept, the other's own dependents move to it (attendance of a
dropped enrollment follows to the kept one) and it is deleted. Which one is kept: the row
of higher `merge_rank()` when its model defines one (an enrollment completed over one only
confirmed, "present" over "absent"), otherwise the kept resident's row. Nothing is doubled
and nothing is lost but the duplicate copy of the same fact."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, OuterRef, Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import Citizen, ParticipationRecord

# Fields the kept record takes from the duplicate when its own are empty.
FILLABLE_FIELDS = (
    "birth_year",
    "ward",
    "residential_group",
    "phone",
    "gender",
    "occupation",
)


# --- finding duplicates -------------------------------------------------------------------


def duplicate_keys(citizens):
    """(folded name, birth year) pairs shared by more than one of `citizens`, with their
    count as `n`, ordered by name: a queryset of dicts, to paginate."""
    return (
        citizens.filter(birth_year__isnull=False)
        .exclude(normalized="")
        .order_by()
        .values("normalized", "birth_year")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("normalized", "birth_year")
    )


def duplicate_groups(citizens, keys) -> list[list[Citizen]]:
    """The residents of `citizens` sharing each of `keys` (from `duplicate_keys`), one list
    per key, oldest record first; each annotated `record_count` (two queries at most)."""
    keys = list(keys)
    if not keys:
        return []
    match = Q()
    for key in keys:
        match |= Q(normalized=key["normalized"], birth_year=key["birth_year"])
    records = ParticipationRecord.objects.filter(citizen_id=OuterRef("pk"))
    rows = (
        citizens.filter(match)
        .select_related("ward", "residential_group")
        .annotate(
            record_count=models.Subquery(
                records.order_by().values("citizen_id").annotate(n=Count("id")).values("n"),
                output_field=models.IntegerField(),
            ),
        )
        .order_by("normalized", "birth_year", "created_at", "id")
    )
    groups: dict[tuple, list[Citizen]] = defaultdict(list)
    for citizen in rows:
        citizen.record_count = citizen.record_count or 0
        groups[(citizen.normalized, citizen.birth_year)].append(citizen)
    found = [groups.get((k["normalized"], k["birth_year"])) for k in keys]
    return [group for group in found if group]


def related_counts(citizen: Citizen) -> dict[str, int]:
    """How many rows of each kind point at `citizen` ({model verbose name: count}, only
    non-zero), to show staff what a merge will move. One count per relation."""
    counts = {}
    for rel in _reverse_relations(Citizen):
        n = rel.related_model._base_manager.filter(**{rel.field.name: citizen}).count()
        if n:
            counts[str(rel.related_model._meta.verbose_name_plural)] = n
    return counts


# --- merging ------------------------------------------------------------------------------


def _reverse_relations(model):
    """Foreign keys and one-to-one fields of other models (and of many-to-many tables)
    pointing at `model`."""
    for rel in model._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            yield rel


def _unique_keys(model, field) -> list[tuple[tuple[str, ...], Q | None]]:
    """The unique field sets of `model` that include `field`, each with its condition."""
    opts = model._meta
    keys: list[tuple[tuple[str, ...], Q | None]] = []
    if field.unique:
        keys.append(((field.name,), None))
    for together in opts.unique_together:
        if field.name in together:
            keys.append((tuple(together), None))
    for constraint in opts.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field.name in (
            constraint.fields or ()
        ):
            keys.append((tuple(constraint.fields), constraint.condition))
    return keys


def _clash(row, *, keys, field_name: str, target):
    """The row of `target` that `row` would duplicate under one of `keys`, if any."""
    model = type(row)
    manager = model._base_manager
    for fields, condition in keys:
        if condition is not None and not manager.filter(condition, pk=row.pk).exists():
            continue
        lookup = {field_name: target}
        for name in fields:
            if name == field_name:
                continue
            attname = model._meta.get_field(name).attname
            value = getattr(row, attname)
            if value is None:  # NULLs never clash in a unique index
                break
            lookup[attname] = value
        else:
            others = manager.filter(**lookup).exclude(pk=row.pk)
            if condition is not None:
                others = others.filter(condition)
            other = others.first()
            if other is not None:
                return other
    return None


def _prefer(source_row, target_row):
    """(keep, drop): the higher `merge_rank()`, the target's row on a tie."""
    rank = getattr(type(source_row), "merge_rank", None)
    if rank is not None and rank(source_row) > rank(target_row):
        return source_row, target_row
    return target_row, source_row


def _bump(stats, model, what: str, n: int = 1) -> None:
    if n:
        entry = stats.setdefault(model._meta.label, {"moved": 0, "dropped": 0})
        entry[what] += n


def merge_rows(*, source, target, stats: dict | None = None) -> dict:
    """Point every row that references `source` at `target` (two rows of one model),
    resolving unique clashes as the module docstring says; recursive, so the dependents
    of a dropped duplicate row follow to the row kept. Returns
    {model label: {"moved": n, "dropped": n}}. Call inside a transaction."""
    stats = {} if stats is None else stats
    for rel in _reverse_relations(type(source)):
        model = rel.related_model
        field = rel.field
        manager = model._base_manager
        rows = manager.filter(**{field.name: source})
        keys = _unique_keys(model, field)
        if not keys:
            _bump(stats, model, "moved", rows.update(**{field.name: target}))
            continue
        for row in rows.order_by("pk"):
            other = _clash(row, keys=keys, field_name=field.name, target=target)
            if other is None:
                manager.filter(pk=row.pk).update(**{field.name: target})
                _bump(stats, model, "moved")
                continue
            keep, drop = _prefer(row, other)
            merge_rows(source=drop, target=keep, stats=stats)
            manager.filter(pk=drop.pk).delete()
            if keep is row:
                manager.filter(pk=row.pk).update(**{field.name: target})
            _bump(stats, model, "dropped")
    return stats


@transaction.atomic
def citizen_merge(*, source: Citizen, target: Citizen, by=None) -> dict:
    """Merge resident `source` into `target` and delete `source`.

    Every row pointing at `source` moves to `target` (see `merge_rows`); `target` keeps its
    own details and takes the duplicate's where its own are empty, and the duplicate's
    account when it has none. Refused (ValidationError, nothing changed) for the same record
    twice or when both have an account: two people may have signed up, or one person twice,
    and only they can say which account to keep. Audit-logged on `target`. Returns
    {model label: {"moved", "dropped"}}."""
    if source.pk == target.pk:
        raise ValidationError(_("Hãy chọn hai hồ sơ khác nhau để gộp."))
    # Lock both in id order, so two staff merging the same pair cannot deadlock or interleave.
    locked = {
        c.pk: c
        for c in Citizen.objects.select_for_update()
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError(_("Một trong hai hồ sơ không còn tồn tại (có thể vừa được gộp)."))
    source, target = locked[source.pk], locked[target.pk]
    if source.user_id and target.user_id:
        raise ValidationError(
            _(
                "Cả hai hồ sơ đều đã có tài khoản đăng nhập nên không thể gộp tự động. Hãy liên "
                "hệ người dân để xác nhận tài khoản sẽ dùng; người dân có thể yêu cầu xóa tài "
                "khoản thừa."
            )
        )
    user = source.user if source.user_id else None
    source_pk = source.pk
    try:
        with transaction.atomic():
            if user is not None:
                # One-to-one: free the account before handing it to the kept record.
                source.user = None
                source.save(update_fields=["user"])
            stats = merge_rows(source=source, target=target)
            for name in FILLABLE_FIELDS:
                attname = Citizen._meta.get_field(name).attname
                if not getattr(target, attname) and getattr(source, attname):
                    setattr(target, attname, getattr(source, attname))
            if target.residential_group_id and (target.residential_group.ward_id != target.ward_id):
                target.residential_group = None
            if user is not None:
                target.user = user
                target.claimed_at = source.claimed_at or target.claimed_at
            target.save()
            source.delete()
    except IntegrityError:
        raise ValidationError(
            _(
                "Không thể gộp tự động hai hồ sơ này (có dữ liệu trùng không tự xử lý được). "
                "Không có gì bị thay đổi."
            )
        ) from None
    log(
        instance=target,
        action="citizen_profiles.merge",
        user=by,
        title=f"Người học #{target.pk}",
        data={"merged_record": source_pk, "rows": stats, "account_moved": user is not None},
    )
    return stats

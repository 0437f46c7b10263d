"""Writes to households, clans and units.

Every function is keyword-only, runs in one transaction, locks the rows two staff members
could change at the same moment (the person for household moves, the group for heads and
members) and writes one audit-log entry on the group, so the group's history is one
timeline. Log titles name the group by id only: a household's name is its head's name.

Dates are inclusive: a membership ending on D means the person belonged on D. A person is
in one household on any day, so a new household membership must start after the previous
one ended; a move ends the old membership the day before the new one starts."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from citizen_profiles.models import Citizen
from citizen_profiles.services import citizen_create_assisted

from .models import Clan, ClanMembership, Household, HouseholdMembership, Unit, UnitMembership

ONE_DAY = datetime.timedelta(days=1)


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _title(instance) -> str:
    labels = {Household: "Hộ gia đình", Clan: "Dòng họ", Unit: "Đơn vị"}
    return f"{labels[type(instance)]} #{instance.pk}"


def _log(instance, action: str, by, **data) -> None:
    staff = by if getattr(by, "pk", None) else None
    log(
        instance=instance,
        action=f"citizen_groups.{action}",
        user=staff,
        title=_title(instance),
        data={k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()},
    )


def _start(day: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise ValidationError({"start_date": _("Ngày bắt đầu không được ở tương lai.")})
    return day


def _end(membership, day: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    day = day or today
    if membership.end_date is not None:
        raise ValidationError(
            _("Thành viên này đã rời nhóm từ %(date)s.") % {"date": _d(membership.end_date)}
        )
    if day > today:
        raise ValidationError({"end_date": _("Ngày kết thúc không được ở tương lai.")})
    if day < membership.start_date:
        raise ValidationError(
            {
                "end_date": _("Ngày kết thúc phải từ ngày bắt đầu (%(date)s) trở đi.")
                % {"date": _d(membership.start_date)}
            }
        )
    return day


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def _staff(by):
    return by if getattr(by, "pk", None) else None


# --- households ---------------------------------------------------------------------------


@transaction.atomic
def household_create(
    *,
    ward,
    name: str,
    residential_group=None,
    address: str = "",
    head: Citizen | None = None,
    start_date: datetime.date | None = None,
    by=None,
) -> Household:
    """Create a household, with its head when given (added as a member from `start_date`)."""
    household = Household(
        ward=ward,
        name=name,
        residential_group=residential_group,
        address=address,
        created_by=_staff(by),
    )
    household.full_clean(exclude=["created_by"])
    household.save()
    _log(household, "household_create", by, ward=ward.pk)
    if head is not None:
        household_add_member(
            household=household,
            citizen=head,
            relation=HouseholdMembership.Relation.HEAD,
            start_date=start_date,
            by=by,
        )
    return household


@transaction.atomic
def household_update(
    *, household: Household, name: str, address: str = "", residential_group=None, by=None
) -> Household:
    """Rename a household or change its address; its ward does not change (it is the scope
    of the staff who manage it)."""
    household = _lock(Household, household.pk)
    household.name, household.address = name, address
    household.residential_group = residential_group
    household.full_clean(exclude=["created_by"])
    household.save()
    _log(household, "household_update", by)
    return household


def _check_no_overlap(*, citizen: Citizen, start: datetime.date, household: Household) -> None:
    current = (
        HouseholdMembership.objects.filter(citizen=citizen, end_date__isnull=True)
        .select_related("household")
        .first()
    )
    if current is not None:
        if current.household_id == household.pk:
            raise ValidationError(_("Người này đã là thành viên của hộ này."))
        raise ValidationError(
            _(
                "Người này đang là thành viên của một hộ gia đình khác (từ %(date)s). Mỗi người "
                "chỉ thuộc một hộ tại một thời điểm: nếu họ đã chuyển sang hộ này, hãy dùng "
                "“Chuyển sang hộ này”."
            )
            % {"date": _d(current.start_date)}
        )
    last_end = (
        HouseholdMembership.objects.filter(citizen=citizen, end_date__gte=start)
        .order_by("-end_date")
        .values_list("end_date", flat=True)
        .first()
    )
    if last_end is not None:
        raise ValidationError(
            {
                "start_date": _(
                    "Người này thuộc một hộ khác đến hết ngày %(date)s: ngày vào hộ phải sau "
                    "ngày đó."
                )
                % {"date": _d(last_end)}
            }
        )


def _check_head_free(household: Household, relation: str) -> None:
    if relation != HouseholdMembership.Relation.HEAD:
        return
    if household.memberships.current().filter(relation=HouseholdMembership.Relation.HEAD).exists():
        raise ValidationError(
            {"relation": _("Hộ đã có chủ hộ. Hãy dùng “Đổi chủ hộ” để thay chủ hộ.")}
        )


@transaction.atomic
def household_add_member(
    *,
    household: Household,
    citizen: Citizen,
    relation: str = HouseholdMembership.Relation.OTHER,
    start_date: datetime.date | None = None,
    by=None,
) -> HouseholdMembership:
    """Add `citizen` to `household` from `start_date` (today by default). Refused when the
    person is in another household (moving is `household_move_member`), when the household
    already has a head and `relation` is head, or when the start overlaps an earlier
    membership."""
    start = _start(start_date)
    if relation not in HouseholdMembership.Relation.values:
        raise ValidationError({"relation": _("Quan hệ với chủ hộ không hợp lệ.")})
    # Lock the person (two staff adding them to two households) and the household (two
    # staff naming two heads); the partial unique indexes are the last line.
    citizen = _lock(Citizen, citizen.pk)
    household = _lock(Household, household.pk)
    _check_no_overlap(citizen=citizen, start=start, household=household)
    _check_head_free(household, relation)
    membership = _create(
        HouseholdMembership,
        household=household,
        citizen=citizen,
        relation=relation,
        start_date=start,
    )
    _log(
        household,
        "household_member_add",
        by,
        membership=membership.pk,
        citizen=citizen.pk,
        relation=relation,
        start_date=start,
    )
    return membership


def _create(model, **values):
    try:
        with transaction.atomic():
            return model.objects.create(**values)
    except IntegrityError as exc:  # a concurrent write slipped past the checks above
        raise ValidationError(
            _("Dữ liệu vừa được người khác thay đổi, vui lòng tải lại trang và thử lại.")
        ) from exc


@transaction.atomic
def household_add_new_member(
    *,
    household: Household,
    full_name: str,
    birth_year: int | None = None,
    relation: str = HouseholdMembership.Relation.OTHER,
    start_date: datetime.date | None = None,
    paper_consent: bool = False,
    by=None,
) -> HouseholdMembership:
    """Assisted creation: a person without an account becomes a resident record (with a
    claim code, and the paper consent when given) in the household's ward and residential
    group, and a member of the household, in one transaction."""
    _start(start_date)
    _check_head_free(household, relation)
    citizen = citizen_create_assisted(
        full_name=full_name,
        birth_year=birth_year,
        ward=household.ward,
        residential_group=household.residential_group,
        created_by=by,
        paper_consent=paper_consent,
    )
    return household_add_member(
        household=household, citizen=citizen, relation=relation, start_date=start_date, by=by
    )


@transaction.atomic
def household_move_member(
    *,
    citizen: Citizen,
    to_household: Household,
    relation: str = HouseholdMembership.Relation.OTHER,
    date: datetime.date | None = None,
    by=None,
) -> HouseholdMembership:
    """Move a person to `to_household` on `date`: their current membership ends the day
    before and a new one starts on `date`, so the history keeps both."""
    start = _start(date)
    citizen = _lock(Citizen, citizen.pk)
    current = (
        HouseholdMembership.objects.select_for_update()
        .filter(citizen=citizen, end_date__isnull=True)
        .first()
    )
    if current is None:
        raise ValidationError(
            _("Người này chưa thuộc hộ nào: hãy dùng “Thêm thành viên” thay vì chuyển hộ.")
        )
    if current.household_id == to_household.pk:
        raise ValidationError(_("Người này đã là thành viên của hộ này."))
    if start - ONE_DAY < current.start_date:
        raise ValidationError(
            {
                "start_date": _("Ngày chuyển hộ phải sau ngày vào hộ cũ (%(date)s).")
                % {"date": _d(current.start_date)}
            }
        )
    current.end_date = start - ONE_DAY
    current.save(update_fields=["end_date"])
    _log(
        current.household,
        "household_member_move_out",
        by,
        membership=current.pk,
        citizen=citizen.pk,
        end_date=current.end_date,
        to_household=to_household.pk,
    )
    return household_add_member(
        household=to_household, citizen=citizen, relation=relation, start_date=start, by=by
    )


@transaction.atomic
def household_end_membership(
    *, membership: HouseholdMembership, end_date: datetime.date | None = None, by=None
) -> HouseholdMembership:
    """The person left the household (moved away without a new household here, or died):
    the membership ends on `end_date` (today by default) and stays in the history."""
    membership = HouseholdMembership.objects.select_for_update().get(pk=membership.pk)
    membership.end_date = _end(membership, end_date)
    membership.save(update_fields=["end_date"])
    _log(
        membership.household,
        "household_member_end",
        by,
        membership=membership.pk,
        citizen=membership.citizen_id,
        end_date=membership.end_date,
    )
    return membership


def _reopen(membership: HouseholdMembership, relation: str, day: datetime.date):
    """Give a current member a new relation from `day`, keeping the old one in the history
    (or correcting it in place when the membership itself starts that day)."""
    if membership.start_date >= day:
        membership.relation = relation
        membership.save(update_fields=["relation"])
        return membership
    membership.end_date = day - ONE_DAY
    membership.save(update_fields=["end_date"])
    return HouseholdMembership.objects.create(
        household_id=membership.household_id,
        citizen_id=membership.citizen_id,
        relation=relation,
        start_date=day,
    )


@transaction.atomic
def household_change_head(
    *,
    household: Household,
    new_head: Citizen,
    former_head_relation: str = HouseholdMembership.Relation.OTHER,
    date: datetime.date | None = None,
    by=None,
) -> HouseholdMembership:
    """Make a current member the head from `date`; the former head (if any) stays a member
    with `former_head_relation`. Both changes keep the previous rows in the history."""
    day = _start(date)
    household = _lock(Household, household.pk)
    current = {
        m.citizen_id: m
        for m in HouseholdMembership.objects.select_for_update().filter(
            household=household, end_date__isnull=True
        )
    }
    target = current.get(new_head.pk)
    if target is None:
        raise ValidationError(_("Chủ hộ mới phải là thành viên hiện tại của hộ."))
    if target.relation == HouseholdMembership.Relation.HEAD:
        raise ValidationError(_("Người này đã là chủ hộ."))
    if former_head_relation == HouseholdMembership.Relation.HEAD or (
        former_head_relation not in HouseholdMembership.Relation.values
    ):
        raise ValidationError({"former_head_relation": _("Quan hệ với chủ hộ không hợp lệ.")})
    old_head = next(
        (m for m in current.values() if m.relation == HouseholdMembership.Relation.HEAD), None
    )
    for m in (old_head, target):
        if m is not None and day - ONE_DAY < m.start_date and m.start_date != day:
            raise ValidationError(
                {"date": _("Ngày đổi chủ hộ không được trước ngày vào hộ của thành viên.")}
            )
    if old_head is not None:
        _reopen(old_head, former_head_relation, day)
    membership = _reopen(target, HouseholdMembership.Relation.HEAD, day)
    _log(
        household,
        "household_head_change",
        by,
        citizen=new_head.pk,
        former_head=old_head.citizen_id if old_head else None,
        date=day,
    )
    return membership


# --- clans --------------------------------------------------------------------------------


def _clan_wards(clan: Clan) -> set[int]:
    return {clan.ward_id, *clan.other_wards.values_list("pk", flat=True)}


@transaction.atomic
def clan_create(
    *,
    name: str,
    ward,
    other_wards=(),
    representative: Citizen | None = None,
    representative_title: str = "",
    by=None,
) -> Clan:
    clan = Clan(
        name=name,
        ward=ward,
        representative=representative,
        representative_title=representative_title,
        created_by=_staff(by),
    )
    clan.full_clean(exclude=["created_by", "other_wards"])
    clan.save()
    clan.other_wards.set([w for w in other_wards if w.pk != ward.pk])
    _log(clan, "clan_create", by, ward=ward.pk)
    return clan


@transaction.atomic
def clan_update(
    *,
    clan: Clan,
    name: str,
    other_wards=None,
    representative: Citizen | None = None,
    representative_title: str = "",
    by=None,
) -> Clan:
    """Rename the clan, set its branch wards and its representative."""
    clan = _lock(Clan, clan.pk)
    changed_rep = clan.representative_id != (representative.pk if representative else None)
    clan.name = name
    clan.representative = representative
    clan.representative_title = representative_title
    clan.full_clean(exclude=["created_by", "other_wards"])
    clan.save()
    if other_wards is not None:
        clan.other_wards.set([w for w in other_wards if w.pk != clan.ward_id])
    _log(
        clan,
        "clan_update",
        by,
        representative=representative.pk if (representative and changed_rep) else None,
    )
    return clan


@transaction.atomic
def clan_set_representative(
    *, clan: Clan, representative: Citizen | None, title: str = "", by=None
) -> Clan:
    """Name the clan's representative (head of the clan or of its study-promotion board)."""
    clan = _lock(Clan, clan.pk)
    return clan_update(
        clan=clan,
        name=clan.name,
        representative=representative,
        representative_title=title,
        by=by,
    )


@transaction.atomic
def clan_add_household(
    *, clan: Clan, household: Household, start_date: datetime.date | None = None, by=None
) -> ClanMembership:
    """A household joins the clan. It must live in the clan's ward or in one of its branch
    wards; it cannot be in the clan twice at once."""
    start = _start(start_date)
    clan = _lock(Clan, clan.pk)
    if household.ward_id not in _clan_wards(clan):
        raise ValidationError(
            {"household": _("Hộ phải ở phường/xã của dòng họ hoặc nơi dòng họ có chi họ.")}
        )
    earlier = ClanMembership.objects.filter(clan=clan, household=household)
    if earlier.filter(end_date__isnull=True).exists():
        raise ValidationError({"household": _("Hộ này đã thuộc dòng họ.")})
    if earlier.filter(end_date__gte=start).exists():
        raise ValidationError(
            {"start_date": _("Ngày vào dòng họ phải sau ngày hộ rời dòng họ lần trước.")}
        )
    membership = _create(ClanMembership, clan=clan, household=household, start_date=start)
    _log(clan, "clan_household_add", by, membership=membership.pk, household=household.pk)
    return membership


@transaction.atomic
def clan_remove_household(
    *, membership: ClanMembership, end_date: datetime.date | None = None, by=None
) -> ClanMembership:
    membership = ClanMembership.objects.select_for_update().get(pk=membership.pk)
    membership.end_date = _end(membership, end_date)
    membership.save(update_fields=["end_date"])
    _log(
        membership.clan,
        "clan_household_remove",
        by,
        membership=membership.pk,
        household=membership.household_id,
        end_date=membership.end_date,
    )
    return membership


# --- units --------------------------------------------------------------------------------


@transaction.atomic
def unit_create(
    *,
    name: str,
    kind: str,
    ward,
    level: str = Unit.Level.WARD,
    address: str = "",
    representative: Citizen | None = None,
    by=None,
) -> Unit:
    unit = Unit(
        name=name,
        kind=kind,
        level=level,
        ward=ward,
        address=address,
        representative=representative,
        created_by=_staff(by),
    )
    unit.full_clean(exclude=["created_by"])
    unit.save()
    _log(unit, "unit_create", by, ward=ward.pk, kind=kind, level=level)
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: Unit,
    name: str,
    kind: str,
    level: str,
    address: str = "",
    representative: Citizen | None = None,
    by=None,
) -> Unit:
    unit = _lock(Unit, unit.pk)
    unit.name, unit.kind, unit.level, unit.address = name, kind, level, address
    unit.representative = representative
    unit.full_clean(exclude=["created_by"])
    unit.save()
    _log(unit, "unit_update", by, kind=kind, level=level)
    return unit


@transaction.atomic
def unit_add_member(
    *,
    unit: Unit,
    citizen: Citizen,
    role: str = UnitMembership.Role.STAFF,
    start_date: datetime.date | None = None,
    by=None,
) -> UnitMembership:
    """A person joins a unit with a role. A person may belong to several units, but to one
    unit only once at a time."""
    start = _start(start_date)
    if role not in UnitMembership.Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    unit = _lock(Unit, unit.pk)
    earlier = UnitMembership.objects.filter(unit=unit, citizen=citizen)
    if earlier.filter(end_date__isnull=True).exists():
        raise ValidationError(_("Người này đã là thành viên của đơn vị."))
    if earlier.filter(end_date__gte=start).exists():
        raise ValidationError(
            {"start_date": _("Ngày vào đơn vị phải sau ngày người này rời đơn vị lần trước.")}
        )
    membership = _create(UnitMembership, unit=unit, citizen=citizen, role=role, start_date=start)
    _log(
        unit,
        "unit_member_add",
        by,
        membership=membership.pk,
        citizen=citizen.pk,
        role=role,
        start_date=start,
    )
    return membership


@transaction.atomic
def unit_add_new_member(
    *,
    unit: Unit,
    full_name: str,
    birth_year: int | None = None,
    role: str = UnitMembership.Role.STAFF,
    start_date: datetime.date | None = None,
    paper_consent: bool = False,
    by=None,
) -> UnitMembership:
    """Assisted creation for a unit member without an account (filed under the unit's
    ward), in one transaction with the membership."""
    _start(start_date)
    citizen = citizen_create_assisted(
        full_name=full_name,
        birth_year=birth_year,
        ward=unit.ward,
        created_by=by,
        paper_consent=paper_consent,
    )
    return unit_add_member(unit=unit, citizen=citizen, role=role, start_date=start_date, by=by)


@transaction.atomic
def unit_end_membership(
    *, membership: UnitMembership, end_date: datetime.date | None = None, by=None
) -> UnitMembership:
    membership = UnitMembership.objects.select_for_update().get(pk=membership.pk)
    membership.end_date = _end(membership, end_date)
    membership.save(update_fields=["end_date"])
    _log(
        membership.unit,
        "unit_member_end",
        by,
        membership=membership.pk,
        citizen=membership.citizen_id,
        end_date=membership.end_date,
    )
    return membership


@transaction.atomic
def group_delete(*, group: Household | Clan | Unit, by=None) -> None:
    """Delete a household, clan or unit with its memberships (superusers only in the admin:
    the history goes with it, so staff end memberships instead). Logged by id, not name."""
    group = _lock(type(group), group.pk)
    kind = {Household: "household", Clan: "clan", Unit: "unit"}[type(group)]
    _log(group, f"{kind}_delete", by, ward=group.ward_id)
    group.delete()

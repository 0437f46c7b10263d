"""Households, clans and units with their members over time.

Memberships carry from / to dates so that moves keep their history and a title evaluated for
a past year reads who belonged then. "Current" means no end date. The database enforces the
rules that races could break: one current household per person, one current head per
household, one current membership per (group, member)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from search.text import fold, nfc


def _clean_text(value: str) -> str:
    return " ".join(nfc(value or "").split())


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)

    def on(self, day: datetime.date):
        """Memberships in force on `day` (from its start to its end, both inclusive)."""
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def during_year(self, year: int):
        """Memberships in force at any time during `year`."""
        return self.filter(start_date__lte=datetime.date(year, 12, 31)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))
        )


class Membership(models.Model):
    start_date = models.DateField(_("từ ngày"), default=timezone.localdate)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu.")})

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class GroupBase(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("cán bộ tạo"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


# --- households ---------------------------------------------------------------------------


class Household(GroupBase):
    """A household (hộ gia đình) at an address in a ward and residential group. Its name is
    the head's, kept here so listings need no join and the audit log needs no person."""

    ward = models.ForeignKey(
        "learning_centers.Ward",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("phường/xã"),
    )
    residential_group = models.ForeignKey(
        "learning_centers.ResidentialGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("tổ dân phố/thôn"),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    name = models.CharField(
        _("tên hộ"),
        max_length=150,
        help_text=_("Thường theo tên chủ hộ, ví dụ “Hộ ông Nguyễn Văn An”."),
    )
    name_folded = models.CharField(max_length=150, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["ward", "name_folded", "id"]
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = _clean_text(self.name)
        self.address = _clean_text(self.address)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.residential_group_id and self.residential_group.ward_id != self.ward_id:
            raise ValidationError(
                {"residential_group": _("Tổ dân phố/thôn phải thuộc phường/xã đã chọn.")}
            )


class HouseholdMembership(Membership):
    class Relation(models.TextChoices):
        HEAD = "head", _("Chủ hộ")
        SPOUSE = "spouse", _("Vợ/chồng")
        CHILD = "child", _("Con")
        PARENT = "parent", _("Bố/mẹ")
        GRANDCHILD = "grandchild", _("Cháu")
        GRANDPARENT = "grandparent", _("Ông/bà")
        SIBLING = "sibling", _("Anh/chị/em")
        OTHER = "other", _("Khác")

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("hộ")
    )
    citizen = models.ForeignKey(
        "citizen_profiles.Citizen",
        on_delete=models.PROTECT,
        related_name="household_memberships",
        verbose_name=_("người học"),
    )
    relation = models.CharField(
        _("quan hệ với chủ hộ"), max_length=12, choices=Relation.choices, default=Relation.OTHER
    )

    class Meta:
        ordering = ["household", "end_date", "start_date", "id"]
        verbose_name = _("thành viên hộ")
        verbose_name_plural = _("thành viên hộ")
        constraints = [
            # A person is in one household at a time.
            models.UniqueConstraint(
                fields=["citizen"],
                condition=Q(end_date__isnull=True),
                name="one_current_household_per_citizen",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(end_date__isnull=True, relation="head"),
                name="one_current_head_per_household",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="household_membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} – {self.get_relation_display()} #{self.citizen_id}"


# --- clans --------------------------------------------------------------------------------


class Clan(GroupBase):
    """A clan (dòng họ) registered in its home ward, possibly with branches in other wards.
    Its members are households; its representative is the head of the clan or of its
    study-promotion board."""

    name = models.CharField(_("tên dòng họ"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, db_index=True, default="")
    ward = models.ForeignKey(
        "learning_centers.Ward",
        on_delete=models.PROTECT,
        related_name="clans",
        verbose_name=_("phường/xã nơi đăng ký"),
    )
    other_wards = models.ManyToManyField(
        "learning_centers.Ward",
        blank=True,
        related_name="+",
        verbose_name=_("các phường/xã khác có chi họ"),
    )
    representative = models.ForeignKey(
        "citizen_profiles.Citizen",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represented_clans",
        verbose_name=_("người đại diện"),
    )
    representative_title = models.CharField(
        _("chức danh người đại diện"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: Trưởng họ, Trưởng ban khuyến học dòng họ."),
    )

    class Meta:
        ordering = ["ward", "name_folded", "id"]
        verbose_name = _("dòng họ")
        verbose_name_plural = _("dòng họ")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = _clean_text(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class ClanMembership(Membership):
    clan = models.ForeignKey(
        Clan, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("dòng họ")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="clan_memberships",
        verbose_name=_("hộ gia đình"),
    )

    class Meta:
        ordering = ["clan", "end_date", "start_date", "id"]
        verbose_name = _("hộ thuộc dòng họ")
        verbose_name_plural = _("hộ thuộc dòng họ")
        constraints = [
            models.UniqueConstraint(
                fields=["clan", "household"],
                condition=Q(end_date__isnull=True),
                name="one_current_clan_membership_per_household",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="clan_membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clan} – {self.household}"


# --- units --------------------------------------------------------------------------------


class Unit(GroupBase):
    """A unit (đơn vị): an agency, school, enterprise, cooperative, the ward's people's
    committee… evaluated as a Learning Unit at ward or city level."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Cơ quan nhà nước")
        WARD_COMMITTEE = "ward-committee", _("UBND phường/xã")
        SCHOOL = "school", _("Trường học, cơ sở giáo dục")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        COOPERATIVE = "cooperative", _("Hợp tác xã")
        ORGANISATION = "organisation", _("Tổ chức chính trị - xã hội, hội, đoàn thể")
        OTHER = "other", _("Khác")

    class Level(models.TextChoices):
        WARD = "ward", _("Cấp phường/xã")
        CITY = "city", _("Cấp thành phố")

    name = models.CharField(_("tên đơn vị"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True, default="")
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, default=Level.WARD)
    ward = models.ForeignKey(
        "learning_centers.Ward",
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("phường/xã"),
        help_text=_("Nơi đơn vị đóng trụ sở; đơn vị cấp phường/xã do phường/xã này quản lý."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    representative = models.ForeignKey(
        "citizen_profiles.Citizen",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represented_units",
        verbose_name=_("người đại diện"),
    )

    class Meta:
        ordering = ["ward", "name_folded", "id"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = _clean_text(self.name)
        self.address = _clean_text(self.address)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class UnitMembership(Membership):
    class Role(models.TextChoices):
        LEADER = "leader", _("Lãnh đạo, quản lý")
        STAFF = "staff", _("Cán bộ, công chức, viên chức, nhân viên")
        WORKER = "worker", _("Người lao động")
        LEARNER = "learner", _("Học sinh, sinh viên, học viên")
        OTHER = "other", _("Khác")

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị")
    )
    citizen = models.ForeignKey(
        "citizen_profiles.Citizen",
        on_delete=models.PROTECT,
        related_name="unit_memberships",
        verbose_name=_("người học"),
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        ordering = ["unit", "end_date", "start_date", "id"]
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "citizen"],
                condition=Q(end_date__isnull=True),
                name="one_current_unit_membership_per_citizen",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="unit_membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – #{self.citizen_id}"


# --- roles --------------------------------------------------------------------------------


class AssociationEvaluator(models.Model):
    """A member of the study-promotion association (Hội Khuyến học) who evaluates learning
    titles: for some wards, or for the whole city. The row is the scope; the Wagtail group it
    puts the user in (kept in step by `roles.evaluator_assign`) holds the read permissions.
    Evaluators read residents' records and groups; they edit nothing."""

    class Scope(models.TextChoices):
        WARD = "ward", _("Phường/xã")
        CITY = "city", _("Toàn thành phố")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="association_evaluator",
        verbose_name=_("tài khoản"),
    )
    scope = models.CharField(_("phạm vi"), max_length=4, choices=Scope.choices, default=Scope.WARD)
    wards = models.ManyToManyField(
        "learning_centers.Ward",
        blank=True,
        related_name="+",
        verbose_name=_("các phường/xã đánh giá"),
        help_text=_("Chỉ dùng khi phạm vi là phường/xã."),
    )
    organisation = models.CharField(
        _("tổ chức"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Hội Khuyến học phường Ba Đình."),
    )
    active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["scope", "id"]
        verbose_name = _("người đánh giá của Hội Khuyến học")
        verbose_name_plural = _("người đánh giá của Hội Khuyến học")

    def __str__(self) -> str:
        return f"{self.get_scope_display()} #{self.user_id}"

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .citizen import Citizen


class ParticipationQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(date__year=year)

    def total_hours(self) -> Decimal:
        """Learning hours of these records, each counted once (the one definition lives in
        `citizen_profiles.record.hours`; a plain Sum of `hours` would count a course twice)."""
        from ..record.hours import credited_hours_total

        return credited_hours_total(self)


class ParticipationRecord(models.Model):
    """One learning activity in a resident's record. Titles and statistics read only this
    log, so it stores what they need and knows nothing of courses (`source_*` points back)."""

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", _("Tham dự buổi học")
        COMPLETION = "completion", _("Hoàn thành khóa học")
        DECLARED = "declared", _("Tự khai báo")

    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="participation_records"
    )
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    topics = models.CharField(_("chủ đề"), max_length=255, blank=True)
    hours = models.DecimalField(_("số giờ"), max_digits=6, decimal_places=1, default=Decimal("0"))
    date = models.DateField(_("ngày"))
    source_type = models.CharField(_("nguồn"), max_length=50)
    source_id = models.CharField(_("mã nguồn"), max_length=64)
    # What the record is part of, as "<type>:<id>" (a session's attendance and the course's
    # completion both name the course, "courses.course:42"). The hours rule reads it: a
    # completion adds nothing where attendance of the same activity was recorded.
    activity = models.CharField(_("hoạt động gốc"), max_length=120, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("hoạt động học tập")
        verbose_name_plural = _("hoạt động học tập")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "kind", "source_type", "source_id"],
                name="unique_participation_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="participation_hours_not_negative"
            ),
        ]
        indexes = [
            # The hours rule's EXISTS (same activity and person) and a centre's xAPI export
            # (records of its courses) both look records up by activity.
            models.Index(fields=["activity", "citizen"], name="participation_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

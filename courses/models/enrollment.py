"""Enrollments: one row per (citizen, course) attempt; cancelled/removed rows stay as history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrollmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Enrollment.ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=Enrollment.Status.CONFIRMED)

    def waitlisted(self):
        # FIFO: ids come from the database sequence and are assigned while the course row is
        # locked (see services.enrollment_create), so id order is arrival order.
        return self.filter(status=Enrollment.Status.WAITLISTED).order_by("id")

    def attending(self):
        """Enrollments that hold a seat (confirmed, or completed after the course)."""
        return self.filter(status__in=Enrollment.SEAT_HOLDING_STATUSES)


class Enrollment(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Đã xác nhận")
        WAITLISTED = "waitlisted", _("Danh sách chờ")
        CANCELLED = "cancelled", _("Đã hủy")
        REMOVED = "removed", _("Bị cán bộ rút tên")
        COMPLETED = "completed", _("Đã hoàn thành")

    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.COMPLETED)
    SEAT_HOLDING_STATUSES = (Status.CONFIRMED, Status.COMPLETED)

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("khóa học"),
    )
    citizen = models.ForeignKey(
        "citizen_profiles.Citizen",
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("người học"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cán bộ ghi danh hộ"),
    )
    created_at = models.DateTimeField(_("thời điểm đăng ký"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(_("thời điểm nhận chỗ"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("thời điểm hủy"), null=True, blank=True)
    removal_reason = models.CharField(_("lý do rút tên"), max_length=255, blank=True)
    # Staff override of the completion rule: None follows the rule, True/False forces it.
    completion_override = models.BooleanField(_("ghi đè hoàn thành"), null=True, blank=True)
    completion_override_reason = models.CharField(_("lý do ghi đè"), max_length=255, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["course", "id"]
        verbose_name = _("đăng ký học")
        verbose_name_plural = _("đăng ký học")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "citizen"],
                condition=models.Q(status__in=["confirmed", "waitlisted", "completed"]),
                name="one_active_enrollment_per_citizen_course",
            )
        ]
        indexes = [models.Index(fields=["course", "status", "id"], name="enrollment_course_status")]

    def __str__(self) -> str:
        return f"{self.citizen} – {self.course} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    _MERGE_RANK = {"completed": 4, "confirmed": 3, "waitlisted": 2, "removed": 1, "cancelled": 0}

    def merge_rank(self) -> int:
        """Which of two enrollments of one course to keep when duplicate residents are
        merged (citizen_profiles.merge): the one further along."""
        return self._MERGE_RANK.get(self.status, 0)

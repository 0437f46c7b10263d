"""Attendance: one row per (session, citizen); its unique constraint also makes a QR
check-in single-use per resident and session."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Có mặt")
        ABSENT = "absent", _("Vắng")
        EXCUSED = "excused", _("Vắng có phép")

    class Source(models.TextChoices):
        ROSTER = "roster", _("Điểm danh của cán bộ")
        QR = "qr", _("Tự điểm danh bằng mã QR")
        IMPORT = "import", _("Nhập từ danh sách giấy")
        ADMIN = "admin", _("Trang quản trị")

    session = models.ForeignKey(
        "courses.CourseSession",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("buổi học"),
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("đăng ký"),
    )
    citizen = models.ForeignKey(
        "citizen_profiles.Citizen",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("người học"),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now=True)

    class Meta:
        ordering = ["session", "citizen"]
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "citizen"], name="one_attendance_per_session_citizen"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen} – {self.session}: {self.get_status_display()}"

    def merge_rank(self) -> int:
        """Which of two marks of one session to keep when duplicate residents are merged
        (citizen_profiles.merge): present over excused over absent."""
        return {"present": 2, "excused": 1}.get(self.status, 0)

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeedKey(models.Model):
    """Which address of a resident's private calendar feed is valid. The feed token signs
    (citizen, version); replacing the address bumps the version, so every older address
    stops working (for a link that was shared or leaked). No row means version 0, the
    address every resident had before this existed, so old subscriptions keep working."""

    citizen = models.OneToOneField(
        "citizen_profiles.Citizen",
        on_delete=models.CASCADE,
        related_name="calendar_feed_key",
        verbose_name=_("người học"),
    )
    version = models.PositiveIntegerField(_("phiên bản địa chỉ"), default=0)
    rotated_at = models.DateTimeField(_("lần đổi gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("địa chỉ lịch riêng")
        verbose_name_plural = _("địa chỉ lịch riêng")

    def __str__(self) -> str:
        return f"{self.citizen_id} v{self.version}"

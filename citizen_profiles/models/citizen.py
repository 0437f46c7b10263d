from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Citizen(models.Model):
    """A resident. Linked to a user account when they have one; staff can create one for a
    resident without an account or phone (assisted enrollment), to be claimed later."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizen",
        verbose_name=_("tài khoản"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    ward = models.ForeignKey(
        "learning_centers.Ward",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citizens",
        verbose_name=_("phường/xã"),
    )
    phone = models.CharField(_("số điện thoại"), max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người học")
        verbose_name_plural = _("người học")

    def __str__(self) -> str:
        return self.full_name

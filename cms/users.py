"""The custom user model. It lives in `cms`, the bottom layer, so every app can point at
it without import cycles. Residents sign in with an e-mail address or a mobile number."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .phone import normalize_vn_mobile


class PortalUserManager(UserManager):
    def get_by_login(self, login: str):
        """Find a user by e-mail (case-insensitive) or by mobile number in any usual form."""
        login = (login or "").strip()
        phone = normalize_vn_mobile(login)
        if phone:
            return self.get(phone=phone)
        return self.get(email__iexact=login)


class User(AbstractUser):
    email = models.EmailField(_("email"), blank=True, null=True)
    phone = models.CharField(
        _("số điện thoại di động"),
        max_length=10,
        blank=True,
        null=True,
        help_text=_("Số di động Việt Nam, ví dụ 0912345678."),
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="cms_user_email_ci_unique", condition=models.Q(email__gt="")
            ),
            models.UniqueConstraint(
                fields=["phone"], name="cms_user_phone_unique", condition=models.Q(phone__gt="")
            ),
        ]

    def clean(self):
        super().clean()
        if self.email:
            self.email = self.__class__.objects.normalize_email(self.email).lower()
        if self.phone:
            normalized = normalize_vn_mobile(self.phone)
            if not normalized:
                raise ValidationError(
                    {"phone": _("Số điện thoại di động không hợp lệ (ví dụ 0912345678).")}
                )
            self.phone = normalized

    def save(self, *args, **kwargs):
        # Empty strings would collide in the unique constraints; store NULL instead.
        self.email = (self.email or "").strip().lower() or None
        self.phone = normalize_vn_mobile(self.phone or "") or None
        if not self.username:
            self.username = self.phone or self.email or ""
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[-1] if self.full_name else self.username

    def __str__(self) -> str:
        return self.get_full_name()

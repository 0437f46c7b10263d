"""Which Django group and which Wagtail collection belong to which centre. Kept outside the
page so it never enters page revisions and a centre manager cannot change it by editing."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from .pages import LearningCenterPage


class CenterAccess(models.Model):
    center = models.OneToOneField(
        LearningCenterPage,
        on_delete=models.CASCADE,
        related_name="access",
        verbose_name=_("trung tâm"),
    )
    group = models.OneToOneField(
        Group,
        on_delete=models.CASCADE,
        related_name="learning_center_access",
        verbose_name=_("nhóm biên tập"),
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.PROTECT,
        related_name="learning_center_access",
        verbose_name=_("bộ sưu tập"),
    )

    class Meta:
        verbose_name = _("quyền của trung tâm")
        verbose_name_plural = _("quyền của trung tâm")

    def __str__(self) -> str:
        return self.group.name

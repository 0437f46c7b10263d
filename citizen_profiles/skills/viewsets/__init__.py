"""Wagtail admin, menu "Kỹ năng số": framework versions, their groups and skills (with
provenance), the Citizen Learner indicators, and residents' attainments.

A framework that attainments already use is locked: its edit, group and skill forms refuse
changes with a message, and staff use "Tạo phiên bản mới" (a copy to edit) then "Áp dụng"
(make it current). Attainments are ward-scoped like residents: a centre manager lists the
attainments of their wards' residents, records a staff assessment for them, and withdraws
assessments; course and declaration attainments follow their source and are not deleted
here."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from .attainments import AttainmentViewSet
from .framework import (
    FrameworkViewSet,
    LearnerIndicatorViewSet,
    SkillGroupViewSet,
    SkillViewSet,
)


class DigitalSkillsViewSetGroup(ViewSetGroup):
    menu_label = _("Kỹ năng số")
    menu_icon = "pick"
    menu_order = 260
    items = (
        AttainmentViewSet,
        FrameworkViewSet,
        SkillGroupViewSet,
        SkillViewSet,
        LearnerIndicatorViewSet,
    )

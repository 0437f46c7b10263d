"""Small reference tables a course is tagged with: the basic digital-skill areas it builds and
the Citizen Learner (Công dân học tập) indicators it supports.

They are rows (not a JSON list) so that "courses building area X" is a plain join that filters
and tests the same way on SQLite and PostgreSQL, and so the admin shows them as checkboxes.
Both tables are filled by migration 0003 and kept in step by `courses.topics.sync_reference_data`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DigitalSkillArea(models.Model):
    class Area(models.TextChoices):
        """Areas of the basic digital knowledge and skills framework of QĐ 757/QĐ-BKHCN
        (29/4/2025, "Bình dân học vụ số").

        DESIGN CHOICE, TO BE CONFIRMED against the decision's text: criteria.yaml
        (`digital_skills.reference_frameworks`) records that the framework exists
        (provenance: read) but not its list of areas; these seven follow the structure of the
        national digital-competence frameworks (DigComp-style areas plus AI and online
        public services). Change the list here and in a data migration once confirmed.
        """

        DEVICES = "thiet-bi-so", _("Sử dụng thiết bị số và phần mềm cơ bản")
        INFORMATION = "thong-tin-du-lieu", _("Khai thác thông tin và dữ liệu")
        COMMUNICATION = "giao-tiep-hop-tac", _("Giao tiếp và hợp tác trên môi trường số")
        CONTENT = "sang-tao-noi-dung", _("Sáng tạo nội dung số")
        SAFETY = "an-toan-so", _("An toàn, bảo vệ thông tin cá nhân trên môi trường số")
        PUBLIC_SERVICES = "dich-vu-so", _("Sử dụng dịch vụ công trực tuyến và dịch vụ số thiết yếu")
        AI = "tri-tue-nhan-tao", _("Ứng dụng trí tuệ nhân tạo")

    code = models.CharField(_("mã"), max_length=30, unique=True, choices=Area.choices)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("lĩnh vực kỹ năng số cơ bản")
        verbose_name_plural = _("lĩnh vực kỹ năng số cơ bản")

    def __str__(self) -> str:
        return str(self.Area(self.code).label) if self.code in self.Area.values else self.code


class LearnerIndicator(models.Model):
    """One indicator (chỉ số, CS1..CS10) of the Citizen Learner criteria, copied from
    `citizen_profiles/data/criteria.yaml` with its provenance so staff can see which wording
    is official and which is a draft."""

    code = models.CharField(_("mã chỉ số"), max_length=10, unique=True)
    criterion_code = models.CharField(_("mã tiêu chí"), max_length=10)
    criterion_name = models.CharField(_("tiêu chí"), max_length=255)
    text = models.TextField(_("nội dung chỉ số"))
    provenance = models.CharField(_("nguồn gốc"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("chỉ số Công dân học tập")
        verbose_name_plural = _("chỉ số Công dân học tập")

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

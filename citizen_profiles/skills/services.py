"""Writes of the digital-skills record: attainments (one row per citizen, skill and source,
so every write is idempotent) and framework versions.

Sources and their `source_type`:
- a completed course: "courses.course" (the course calls `course_attainments_record` /
  `course_attainments_withdraw` from its completion services);
- a verified declaration: "citizen_profiles.declaration" (the
  `citizen_declaration_status_changed` hook in wagtail_hooks.py);
- a staff assessment: "citizen_skills.assessment" with the assessor's user id.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from citizen_profiles.models import Citizen

from .models import Attainment, Framework, Skill, SkillGroup

COURSE_SOURCE_TYPE = "courses.course"
DECLARATION_SOURCE_TYPE = "citizen_profiles.declaration"
ASSESSMENT_SOURCE_TYPE = "citizen_skills.assessment"
NATIONAL_PLATFORM_KIND = "binh-dan-hoc-vu-so"

_SOURCE_BY_TYPE = {
    COURSE_SOURCE_TYPE: Attainment.Source.COURSE,
    DECLARATION_SOURCE_TYPE: Attainment.Source.DECLARATION,
    ASSESSMENT_SOURCE_TYPE: Attainment.Source.ASSESSMENT,
}


def _check_date(date: datetime.date) -> None:
    if date is None:
        raise ValidationError({"date": _("Cần ngày đạt kỹ năng.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("Ngày đạt không được ở tương lai.")})


@transaction.atomic
def attainment_record(
    *,
    citizen: Citizen,
    skill: Skill,
    date: datetime.date,
    source_type: str,
    source_id: str,
    by=None,
    source: str | None = None,
    note: str = "",
) -> Attainment:
    """Record that `citizen` has `skill` from `date` because of one source; idempotent per
    (citizen, skill, source_type, source_id): recording again updates the date and note.
    `source` (an `Attainment.Source`) defaults from `source_type`. A future date raises
    ValidationError and writes nothing."""
    _check_date(date)
    source = source or _SOURCE_BY_TYPE.get(source_type)
    if source not in Attainment.Source.values:
        raise ValidationError({"source": _("Nguồn ghi nhận kỹ năng không hợp lệ.")})
    attainment, created = Attainment.objects.get_or_create(
        citizen=citizen,
        skill=skill,
        source_type=source_type,
        source_id=str(source_id),
        defaults={
            "attained_on": date,
            "source": source,
            "recorded_by": by,
            "note": (note or "")[:255],
        },
    )
    if not created:
        changed = attainment.attained_on != date or (note and attainment.note != note)
        if changed:
            attainment.attained_on = date
            attainment.note = (note or attainment.note)[:255]
            attainment.save(update_fields=["attained_on", "note"])
        return attainment
    log(
        instance=attainment,
        action="citizen_skills.attain",
        user=by,
        data={"citizen": citizen.pk, "skill": skill.code, "source": source},
    )
    return attainment


@transaction.atomic
def attainment_withdraw(
    *,
    citizen: Citizen,
    source_type: str,
    source_id: str,
    skill: Skill | None = None,
    by=None,
) -> int:
    """Remove what one source gave `citizen` (one skill, or every skill when `skill` is None);
    idempotent, returns how many attainments were removed. Other sources of the same skill
    stay."""
    rows = Attainment.objects.filter(
        citizen=citizen, source_type=source_type, source_id=str(source_id)
    ).select_related("skill")
    if skill is not None:
        rows = rows.filter(skill=skill)
    removed = list(rows)
    for attainment in removed:
        log(
            instance=attainment,
            action="citizen_skills.withdraw",
            user=by,
            data={"citizen": citizen.pk, "skill": attainment.skill.code, "source": source_type},
        )
    Attainment.objects.filter(pk__in=[a.pk for a in removed]).delete()
    return len(removed)


def current_skills_for(codes: Iterable[str]) -> list[Skill]:
    """The current framework's skills with these codes (a course tag or an older version's
    skill maps to the current version by code)."""
    codes = set(codes)
    if not codes:
        return []
    return list(Skill.objects.current().filter(code__in=codes))


@transaction.atomic
def course_attainments_record(
    *, citizens: list[Citizen], skill_codes: Iterable[str], date: datetime.date, course_id, by=None
) -> int:
    """A course that builds these skills was completed by `citizens` on `date`: record the
    skills (of the current framework), in bulk so a whole class completes with a constant
    number of queries. Returns how many attainments were created."""
    skills = current_skills_for(skill_codes)
    if not skills or not citizens:
        return 0
    date = min(date, timezone.localdate())
    source_id = str(course_id)
    existing = set(
        Attainment.objects.filter(
            citizen__in=citizens,
            skill__in=skills,
            source_type=COURSE_SOURCE_TYPE,
            source_id=source_id,
        ).values_list("citizen_id", "skill_id")
    )
    new = [
        Attainment(
            citizen=citizen,
            skill=skill,
            attained_on=date,
            source=Attainment.Source.COURSE,
            source_type=COURSE_SOURCE_TYPE,
            source_id=source_id,
            recorded_by=by,
        )
        for citizen in citizens
        for skill in skills
        if (citizen.pk, skill.pk) not in existing
    ]
    # ignore_conflicts: a concurrent completion of the same course wrote them first. Not
    # logged one by one: the completion itself is in the audit log ("courses.complete").
    Attainment.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def course_attainments_withdraw(*, citizen: Citizen, course_id, by=None) -> int:
    """The course is no longer completed: remove what it gave (other sources stay)."""
    return attainment_withdraw(
        citizen=citizen, source_type=COURSE_SOURCE_TYPE, source_id=str(course_id), by=by
    )


@transaction.atomic
def declaration_attainments_sync(*, declaration, by=None) -> int:
    """Keep attainments in step with one declaration (called after each status change).

    A verified national-platform declaration ("Bình dân học vụ số" certificate) evidences
    the whole basic framework: every skill of the current framework is recorded from the
    declaration's date. Any other status (pending, rejected, withdrawn) removes what the
    declaration gave. Other kinds of declaration give no skill by themselves (staff assess
    them). Returns the number of attainments the declaration now gives."""
    citizen = declaration.citizen
    source_id = str(declaration.pk)
    verified = str(declaration.status) == "verified"
    if str(declaration.kind) != NATIONAL_PLATFORM_KIND or not verified:
        attainment_withdraw(
            citizen=citizen, source_type=DECLARATION_SOURCE_TYPE, source_id=source_id, by=by
        )
        return 0
    skills = list(Skill.objects.current())
    date = min(declaration.date or timezone.localdate(), timezone.localdate())
    for skill in skills:
        attainment_record(
            citizen=citizen,
            skill=skill,
            date=date,
            source_type=DECLARATION_SOURCE_TYPE,
            source_id=source_id,
            source=Attainment.Source.NATIONAL_PLATFORM,
            by=by,
        )
    return len(skills)


@transaction.atomic
def assessment_record(
    *, citizen: Citizen, skill: Skill, date: datetime.date, by, note: str = ""
) -> Attainment:
    """A staff member assessed `citizen` as having `skill` (one assessment per assessor and
    skill: assessing again updates the date and note)."""
    if by is None or not getattr(by, "pk", None):
        raise ValidationError(_("Cần cán bộ đánh giá."))
    return attainment_record(
        citizen=citizen,
        skill=skill,
        date=date,
        source_type=ASSESSMENT_SOURCE_TYPE,
        source_id=str(by.pk),
        source=Attainment.Source.ASSESSMENT,
        by=by,
        note=note,
    )


# -- framework versions ---------------------------------------------------------------------


class FrameworkLocked(ValidationError):
    pass


def check_framework_editable(framework: Framework) -> None:
    """Refuse to change a framework that attainments already use (it would rewrite who had
    which skill): staff make a new version instead."""
    if framework.pk and framework.is_in_use():
        raise FrameworkLocked(
            _(
                "Khung này đã được dùng để ghi nhận kỹ năng của người học nên không sửa được. "
                "Hãy tạo phiên bản mới rồi sửa phiên bản đó."
            )
        )


@transaction.atomic
def framework_new_version(*, framework: Framework, version: str, by=None) -> Framework:
    """Copy `framework` with its groups, skills and rule into a new draft version (not yet
    current); skills keep their codes, so attainments carry over by code."""
    version = (version or "").strip()
    if not version:
        raise ValidationError({"version": _("Cần ghi số hiệu phiên bản mới.")})
    if Framework.objects.filter(name=framework.name, version=version).exists():
        raise ValidationError({"version": _("Phiên bản này đã có.")})
    source = Framework.objects.get(pk=framework.pk)
    copy = Framework.objects.get(pk=framework.pk)
    copy.pk = None
    copy.version = version
    copy.is_current = False
    copy.status = Framework.Status.DRAFT
    copy.previous = source
    copy.save(force_insert=True)
    for group in SkillGroup.objects.filter(framework=source).prefetch_related("skills"):
        skills = list(group.skills.all())
        group.pk = None
        group.framework = copy
        group.save(force_insert=True)
        Skill.objects.bulk_create(
            [
                Skill(
                    framework=copy,
                    group=group,
                    code=s.code,
                    name=s.name,
                    description=s.description,
                    provenance=s.provenance,
                    source=s.source,
                    sort_order=s.sort_order,
                )
                for s in skills
            ]
        )
    log(
        instance=copy,
        action="citizen_skills.framework_version",
        user=by,
        data={"from": source.pk, "version": version},
    )
    return copy


@transaction.atomic
def framework_make_current(*, framework: Framework, by=None) -> Framework:
    """Make `framework` the one new attainments and the statistics use. Calls the hook
    `citizen_skills_framework_changed` fn(old, new) so higher layers (course tags) can move
    to the new version's skills."""
    from wagtail import hooks

    frameworks = list(Framework.objects.select_for_update().order_by("pk"))
    old = next((f for f in frameworks if f.is_current), None)
    if old is not None and old.pk == framework.pk:
        return old
    if not Skill.objects.filter(framework=framework).exists():
        raise ValidationError(_("Khung chưa có kỹ năng nào nên chưa áp dụng được."))
    Framework.objects.filter(is_current=True).update(is_current=False)
    Framework.objects.filter(pk=framework.pk).update(is_current=True)
    framework.is_current = True
    for fn in hooks.get_hooks("citizen_skills_framework_changed"):
        fn(old, framework)
    log(instance=framework, action="citizen_skills.framework_current", user=by)
    return framework

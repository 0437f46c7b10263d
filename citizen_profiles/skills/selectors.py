"""Reads of the digital-skills record, and THE definition of "has basic digital skills".

The rule is data stored with the framework version: each group's `min_skills` (a group with
0 is not required) and `certificate_counts_for_all` (a verified certificate of the national
"Bình dân học vụ số" platform counts as the whole framework). A person meets it on a day
when, counting only attainments dated on or before that day,
- they hold a national-platform attainment and the framework accepts it, or
- the framework has at least one required group and, in every required group, they hold at
  least `min_skills` distinct skills (matched by code, so attainments recorded against an
  earlier version count).
A framework without required groups is met only through the certificate (never vacuously).
`with_basic_digital_skills` is the SQL form used by statistics (Plan 290: 70 % of Citizen
Learners in 2025, 90 % in 2030); `has_basic_digital_skills` asks it for one person.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from citizen_profiles.models import Citizen

from .models import Attainment, Framework, SkillGroup


def current_framework() -> Framework | None:
    return Framework.objects.current().first()


def _rule_groups(framework: Framework) -> list[tuple[SkillGroup, list[str]]]:
    groups = SkillGroup.objects.filter(framework=framework, min_skills__gt=0).prefetch_related(
        "skills"
    )
    return [(g, [s.code for s in g.skills.all()]) for g in groups]


def with_basic_digital_skills(
    queryset: QuerySet[Citizen],
    *,
    on: datetime.date | None = None,
    framework: Framework | None = None,
) -> QuerySet[Citizen]:
    """The citizens of `queryset` who meet the framework's rule on `on` (default today;
    framework: the current one). One SQL query with one subquery per required group; no
    Python loop over people."""
    framework = framework or current_framework()
    if framework is None:
        return queryset.none()
    on = on or timezone.localdate()
    counted = Attainment.objects.filter(citizen=OuterRef("pk"), attained_on__lte=on)
    by_groups = None
    aliases = {}
    rule_groups = _rule_groups(framework)
    if rule_groups and all(len(codes) >= g.min_skills for g, codes in rule_groups):
        by_groups = Q()
        for group, codes in rule_groups:
            name = f"_skills_group_{group.pk}"
            per_citizen = (
                counted.filter(skill__code__in=codes)
                .order_by()
                .values("citizen")
                .annotate(n=Count("skill__code", distinct=True))
                .values("n")
            )
            aliases[name] = Coalesce(Subquery(per_citizen, output_field=IntegerField()), Value(0))
            by_groups &= Q(**{f"{name}__gte": group.min_skills})
    certificate = None
    if framework.certificate_counts_for_all:
        certificate = Q(Exists(counted.filter(source=Attainment.Source.NATIONAL_PLATFORM)))
    if by_groups is None and certificate is None:
        return queryset.none()
    condition = (
        by_groups | certificate
        if by_groups is not None and certificate is not None
        else by_groups or certificate
    )
    return queryset.alias(**aliases).filter(condition)


def has_basic_digital_skills(
    *, citizen: Citizen, on: datetime.date | None = None, framework: Framework | None = None
) -> bool:
    """Does `citizen` meet the rule on `on`? (The same SQL as the queryset form.)"""
    return with_basic_digital_skills(
        Citizen.objects.filter(pk=citizen.pk), on=on, framework=framework
    ).exists()


def skills_overview(
    *, citizen: Citizen, on: datetime.date | None = None, framework: Framework | None = None
) -> dict | None:
    """Attained and still missing skills of the framework (current by default) for "My
    learning": each group with its skills, each skill with the attainments that give it
    (source and date). A constant number of queries whatever the record's size. None when
    no framework exists."""
    framework = framework or current_framework()
    if framework is None:
        return None
    on = on or timezone.localdate()
    groups = list(SkillGroup.objects.filter(framework=framework).prefetch_related("skills"))
    codes = [s.code for g in groups for s in g.skills.all()]
    by_code: dict[str, list[Attainment]] = {}
    for attainment in (
        Attainment.objects.filter(citizen=citizen, attained_on__lte=on, skill__code__in=codes)
        .select_related("skill")
        .order_by("attained_on", "pk")
    ):
        by_code.setdefault(attainment.skill.code, []).append(attainment)
    rows, attained, missing = [], [], []
    for group in groups:
        skills = []
        for skill in group.skills.all():
            item = {"skill": skill, "attainments": by_code.get(skill.code, [])}
            skills.append(item)
            (attained if item["attainments"] else missing).append(item)
        count = sum(1 for item in skills if item["attainments"])
        rows.append(
            {
                "group": group,
                "skills": skills,
                "attained_count": count,
                "met": group.min_skills == 0 or count >= group.min_skills,
            }
        )
    return {
        "framework": framework,
        "groups": rows,
        "attained": attained,
        "missing": missing,
        "has_basic": has_basic_digital_skills(citizen=citizen, on=on, framework=framework),
        "on": on,
    }

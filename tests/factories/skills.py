"""Hand-built digital-skills frameworks for tests: `make_framework` takes the groups as
(code, min_skills, [skill codes]) so each rule test states its data in one line."""

import datetime
import itertools

from citizen_profiles.skills.models import Attainment, Framework, Skill, SkillGroup

_n = itertools.count(1)


def make_framework(
    groups=(("G1", 2, ("a", "b", "c")), ("G2", 1, ("d", "e")), ("G3", 0, ("f",))),
    *,
    current=True,
    certificate=True,
    version=None,
) -> Framework:
    if current:
        Framework.objects.filter(is_current=True).update(is_current=False)
    framework = Framework.objects.create(
        name="Khung thử nghiệm",
        version=version or f"t{next(_n)}",
        is_current=current,
        certificate_counts_for_all=certificate,
    )
    order = 0
    for g_order, (code, min_skills, skill_codes) in enumerate(groups):
        group = SkillGroup.objects.create(
            framework=framework,
            code=code,
            name=f"Nhóm {code}",
            min_skills=min_skills,
            sort_order=g_order,
        )
        for skill_code in skill_codes:
            Skill.objects.create(
                group=group, code=skill_code, name=f"Kỹ năng {skill_code}", sort_order=order
            )
            order += 1
    return framework


def attain(citizen, framework, code, *, day=None, source="assessment", source_id="1"):
    """An attainment written directly (the rule tests check reads, not the services)."""
    return Attainment.objects.create(
        citizen=citizen,
        skill=Skill.objects.get(framework=framework, code=code),
        attained_on=day or datetime.date(2025, 1, 1),
        source=source,
        source_type=f"test.{source}",
        source_id=source_id,
    )

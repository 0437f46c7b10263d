"""Demo digital skills (called by `seed_demo` after citizen_profiles and before courses):
the draft framework (already created by the migration; re-created if missing) and staff
assessments for the demo residents, so "My learning" shows skills attained and missing.
Skills from courses arrive later through the completion hook when the courses demo
completes a course; a verified national-platform certificate arrives through the
declaration hook. Idempotent: assessments are one per resident, skill and assessor."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from citizen_profiles.demo import ASSISTED_NAME, DEMO_PHONE
from citizen_profiles.models import Citizen

from .models import Attainment, Framework, Skill, SkillGroup
from .reference import seed_draft_framework
from .services import assessment_record

# (who, skill codes, days ago): the demo resident has some skills and misses others; the
# elderly resident assessed at the centre meets the draft rule.
ASSESSMENTS = (
    ("demo", ("thiet-bi-so", "an-toan-so"), 40),
    ("assisted", ("thiet-bi-so", "thong-tin-du-lieu", "dich-vu-so", "an-toan-so"), 20),
)


def seed(*, small: bool = False) -> str:
    seed_draft_framework(framework_model=Framework, group_model=SkillGroup, skill_model=Skill)
    staff = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if staff is None:
        return "no staff user: framework only"
    people = {
        "demo": Citizen.objects.filter(user__phone=DEMO_PHONE).first(),
        "assisted": Citizen.objects.filter(full_name=ASSISTED_NAME).order_by("pk").first(),
    }
    skills = {s.code: s for s in Skill.objects.current()}
    before = Attainment.objects.count()
    today = timezone.localdate()
    for who, codes, days_ago in ASSESSMENTS:
        citizen = people.get(who)
        if citizen is None:
            continue
        for code in codes:
            if code in skills:
                assessment_record(
                    citizen=citizen,
                    skill=skills[code],
                    date=today - datetime.timedelta(days=days_ago),
                    by=staff,
                    note="Đánh giá trực tiếp tại trung tâm (dữ liệu mẫu)",
                )
    made = Attainment.objects.count() - before
    return f"khung kỹ năng số (bản nháp) sẵn sàng; {made} kỹ năng được ghi nhận mới"

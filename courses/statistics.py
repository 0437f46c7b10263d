"""What courses add to the association's statistics: the provision rows of the learning-city
report (centres, courses, sessions, enrollments). Registered on the statistics' hook, so the
lower layer never imports courses."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import CoursePage, CourseSession, Enrollment


@hooks.register("statistics_provision_rows")
def provision_rows(year: int) -> list[list]:
    sessions = CourseSession.objects.filter(date__year=year)
    courses = CoursePage.objects.live().filter(pk__in=sessions.values("course_id"))
    per_centre = courses.exclude(centre__isnull=True).aggregate(
        centres=Count("centre", distinct=True)
    )
    enrollments = Enrollment.objects.filter(created_at__year=year)
    return [
        [
            "Trung tâm học tập cộng đồng có lớp trong năm / Community learning centres with "
            "courses",
            per_centre["centres"],
            "",
        ],
        ["Khóa học có buổi học trong năm / Courses held", courses.count(), ""],
        ["Buổi học / Sessions", sessions.count(), ""],
        ["Lượt đăng ký học / Enrollments", enrollments.count(), ""],
        [
            "Lượt đăng ký của người cao tuổi (từ 60) / Enrollments of older adults (60+)",
            enrollments.filter(citizen__birth_year__lte=year - 60).count(),
            "",
        ],
    ]


def _course_rows(enrollments, group_field: str, limit: int = 40) -> list[list]:
    rows = (
        enrollments.order_by()
        .values(group_field)
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)),
            learners=Count("citizen", distinct=True),
        )
        .order_by("-enrolled", group_field)[:limit]
    )
    return [
        [row[group_field] or "—", row["enrolled"], row["completed"], row["learners"]]
        for row in rows
    ]


@hooks.register("statistics_breakdowns")
def course_breakdowns(year: int, ward_id: int | None) -> list[dict]:
    """Enrollments and completions of the year's courses by topic and by centre (the
    association's dashboard; staff only: a centre's counts can be small)."""
    enrollments = Enrollment.objects.filter(course__sessions__date__year=year).distinct()
    enrollments = Enrollment.objects.filter(pk__in=enrollments.values("pk"))
    if ward_id is not None:
        enrollments = enrollments.filter(course__centre__ward_id=ward_id)
    header = ["", _("Lượt đăng ký"), _("Lượt hoàn thành"), _("Người học")]
    return [
        {
            "title": _("Khóa học theo chủ đề"),
            "header": [_("Chủ đề"), *header[1:]],
            "rows": _course_rows(enrollments, "course__topics__name"),
        },
        {
            "title": _("Khóa học theo trung tâm"),
            "header": [_("Trung tâm"), *header[1:]],
            "rows": _course_rows(enrollments, "course__centre__title"),
        },
    ]

"""What courses add to the association's statistics: the provision rows of the learning-city
report (centres, courses, sessions, enrollments). Registered on the statistics' hook, so the
lower layer never imports courses."""

from django.db.models import Count
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

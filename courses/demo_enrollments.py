"""Demo learning history for the demo resident (called from courses.demo.seed), so that
"my courses", the waitlist and the learning record show something after `make run`.

Written through the same services as real use; only the finished course's enrollment is
created directly, because its enrollment window closed before the demo existed."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from citizen_profiles.demo import DEMO_PHONE
from citizen_profiles.models import Citizen
from citizen_profiles.services import citizen_create_assisted

from .models import Attendance, CoursePage, Enrollment
from .services import EnrollmentError, attendance_mark, enrollment_create


def seed_demo_enrollments() -> str:
    citizen = Citizen.objects.filter(user__phone=DEMO_PHONE).select_related("ward").first()
    if citizen is None:
        return "no demo resident"
    if Enrollment.objects.filter(citizen=citizen).exists():
        return "demo enrollments already there"
    staff = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    now = timezone.now()
    today = timezone.localdate()
    courses = CoursePage.objects.live().filter(centre__ward=citizen.ward).order_by("pk")
    upcoming = [
        c
        for c in courses.filter(sessions__date__gt=today).distinct()[:6]
        if (c.enrollment_opens is None or c.enrollment_opens <= now)
        and (c.enrollment_closes is None or c.enrollment_closes > now)
    ]
    enrolled = 0
    for course in upcoming[:2]:
        try:
            enrollment_create(course=course, citizen=citizen)
            enrolled += 1
        except EnrollmentError:
            continue
    if len(upcoming) > 2:
        # A full course: neighbours registered by staff take the seats, the resident waits.
        full = upcoming[2]
        for i in range(full.capacity):
            neighbour = citizen_create_assisted(
                full_name=f"Người học mẫu {i + 1}", birth_year=1960 + i % 30, ward=citizen.ward
            )
            enrollment_create(course=full, citizen=neighbour, by=staff)
        enrollment_create(course=full, citizen=citizen)
        enrolled += 1
    # Prefer a finished course that builds digital skills (in the resident's ward, else at a
    # neighbouring centre), so its completion also shows skills attained on "My learning".
    done = (
        CoursePage.objects.live()
        .exclude(sessions__date__gte=today)
        .filter(sessions__isnull=False)
        .order_by("pk")
    )
    with_skills = done.filter(digital_skill_areas__isnull=False)
    finished = (
        with_skills.filter(centre__ward=citizen.ward).first()
        or with_skills.first()
        or done.filter(centre__ward=citizen.ward).first()
    )
    if finished is not None:
        enrollment = Enrollment.objects.create(
            course=finished,
            citizen=citizen,
            status=Enrollment.Status.CONFIRMED,
            confirmed_at=now,
        )
        for session in finished.sessions.all():
            attendance_mark(
                session=session,
                enrollment=enrollment,
                status=Attendance.Status.PRESENT,
                source=Attendance.Source.ROSTER,
                by=staff,
            )
        enrolled += 1
    full_count = _fill_a_few_courses(citizen.ward, staff, now)
    return f"{enrolled} demo enrollments for {DEMO_PHONE}; {full_count} other courses full"


FULL_COURSES = 6
FULL_CAPACITY = 8


def _fill_a_few_courses(ward, staff, now) -> int:
    """A realistic few full courses across the city (seats taken by staff-registered
    neighbours), so the catalogue shows "full — waitlist" next to the open ones."""
    open_courses = (
        CoursePage.objects.live()
        .filter(last_session_date__gt=timezone.localdate())
        .filter(enrollment_opens__lte=now, enrollment_closes__gt=now)
        .exclude(enrollments__isnull=False)
        .order_by("next_session_date", "pk")
    )
    filled = 0
    for course in open_courses[: FULL_COURSES * 7 : 7]:
        CoursePage.objects.filter(pk=course.pk).update(capacity=FULL_CAPACITY)
        course.capacity = FULL_CAPACITY
        for i in range(FULL_CAPACITY):
            neighbour = citizen_create_assisted(
                full_name=f"Học viên mẫu {course.pk}-{i + 1}",
                birth_year=1955 + i * 3,
                ward=course.centre.ward if course.centre_id else ward,
            )
            enrollment_create(course=course, citizen=neighbour, by=staff)
        filled += 1
    return filled

"""Enrollment, check-in, calendar and centre-staff views (courses/urls.py routes to them)."""

from .resident import (
    cancel,
    centre_calendar,
    check_in,
    enroll,
    feed_rotate,
    my_courses,
    page_calendar,
    resident_calendar,
)
from .staff import (
    assisted_enroll,
    course_evaluate_view,
    course_export,
    course_manage,
    enrollment_override_view,
    enrollment_remove_view,
    session_qr,
    session_roster,
)

__all__ = [
    "feed_rotate",
    "assisted_enroll",
    "cancel",
    "centre_calendar",
    "check_in",
    "course_evaluate_view",
    "course_export",
    "course_manage",
    "enroll",
    "enrollment_override_view",
    "enrollment_remove_view",
    "my_courses",
    "page_calendar",
    "resident_calendar",
    "session_qr",
    "session_roster",
]

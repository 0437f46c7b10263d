"""Writes for enrollment, waitlist, attendance and completion (one module each); callers
import them from here. Attendance and completion write the resident's learning record only
through `citizen_profiles.services`."""

from .attendance import (
    MarkResult,
    attendance_check_in,
    attendance_mark,
    attendance_mark_all_present,
    attendance_record_fields,
    session_hours,
    write_attendance_record,
)
from .calendar_feed import calendar_feed_rotate
from .common import (
    ATTENDANCE_SOURCE_TYPE,
    COMPLETION_SOURCE_TYPE,
    AttendanceError,
    EnrollmentError,
)
from .completion import completion_evaluate, completion_override
from .enrollment import (
    course_capacity_changed,
    enrollment_cancel,
    enrollment_create,
    enrollment_remove,
    enrollment_window_error,
    waitlist_position,
)

__all__ = [
    "ATTENDANCE_SOURCE_TYPE",
    "COMPLETION_SOURCE_TYPE",
    "AttendanceError",
    "EnrollmentError",
    "MarkResult",
    "attendance_check_in",
    "attendance_mark",
    "attendance_mark_all_present",
    "attendance_record_fields",
    "calendar_feed_rotate",
    "completion_evaluate",
    "completion_override",
    "course_capacity_changed",
    "enrollment_cancel",
    "enrollment_create",
    "enrollment_remove",
    "enrollment_window_error",
    "session_hours",
    "waitlist_position",
    "write_attendance_record",
]

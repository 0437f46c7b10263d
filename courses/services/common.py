"""What the enrollment, attendance and completion services share: their errors, the source
types of the learning-record entries they write, audit logging and deferred notification."""

from __future__ import annotations

from django.db import transaction
from wagtail.log_actions import log

from citizen_profiles.models import Citizen

from ..models import CoursePage
from ..notifications import notify

ATTENDANCE_SOURCE_TYPE = "courses.session"
COMPLETION_SOURCE_TYPE = "courses.course"


class EnrollmentError(Exception):
    """A rule refused the action; `message` is shown to the user as is (Vietnamese)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class AttendanceError(EnrollmentError):
    pass


def log_action(instance, action: str, user=None, **data) -> None:
    log(instance=instance, action=action, user=user, data=data)


def notify_after_commit(citizen: Citizen, subject: str, body: str) -> None:
    transaction.on_commit(lambda: notify(citizen, subject, body))


def course_topics(course: CoursePage) -> list[str]:
    return [tag.name for tag in course.topics.all()]

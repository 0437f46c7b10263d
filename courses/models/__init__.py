from .attendance import Attendance
from .calendar_feed import CalendarFeedKey
from .course import CourseCatalogPage, CoursePage, CourseSession, CourseTopicTag
from .enrollment import Enrollment

__all__ = [
    "Attendance",
    "CalendarFeedKey",
    "CourseCatalogPage",
    "CoursePage",
    "CourseSession",
    "CourseTopicTag",
    "Enrollment",
]

from .attendance import Attendance
from .course import CourseCatalogPage, CoursePage, CourseSession, CourseTopicTag
from .enrollment import Enrollment

__all__ = [
    "Attendance",
    "CourseCatalogPage",
    "CoursePage",
    "CourseSession",
    "CourseTopicTag",
    "Enrollment",
]

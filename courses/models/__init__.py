from .attendance import Attendance
from .course import CourseCatalogPage, CoursePage, CourseSession, CourseTopicTag
from .enrollment import Enrollment
from .taxonomy import DigitalSkillArea, LearnerIndicator

__all__ = [
    "Attendance",
    "CourseCatalogPage",
    "CoursePage",
    "CourseSession",
    "CourseTopicTag",
    "DigitalSkillArea",
    "Enrollment",
    "LearnerIndicator",
]

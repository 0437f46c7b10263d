from .course import CourseCatalogPage, CoursePage, CourseSession, CourseTopicTag
from .taxonomy import DigitalSkillArea, LearnerIndicator

__all__ = [
    "CourseCatalogPage",
    "CoursePage",
    "CourseSession",
    "CourseTopicTag",
    "DigitalSkillArea",
    "LearnerIndicator",
]

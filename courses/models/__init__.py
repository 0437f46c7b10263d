from .course import CourseCatalogPage, CoursePage, CourseSession, CourseTopicTag

__all__ = ["CourseCatalogPage", "CoursePage", "CourseSession", "CourseTopicTag"]

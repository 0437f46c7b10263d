from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _course_moved(sender, instance, parent_page_after, **kwargs):
    """Keep CoursePage.centre in step with the tree when a course is moved to another centre
    (Wagtail's move saves the base Page, not the CoursePage, so save() does not run)."""
    from courses.models import CoursePage
    from learning_centers.models import LearningCenterPage

    if sender is CoursePage:
        centre = LearningCenterPage.objects.filter(pk=parent_page_after.pk).first()
        CoursePage.objects.filter(pk=instance.pk).update(centre=centre)


def _course_published(sender, instance, **kwargs):
    """Publishing a course with a higher capacity fills the new seats from its waitlist,
    whichever way it was published ("Publish", a moderator's workflow approval, scheduled
    publishing; the admin's after_publish_page hook would only see the first)."""
    from courses.services import course_capacity_changed

    course_capacity_changed(course=instance)


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Khóa học")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, post_page_move

        from courses import seat_version
        from courses.models import CoursePage, CourseSession
        from courses.models.course import session_changed

        post_page_move.connect(_course_moved, dispatch_uid="courses.course_moved")
        page_published.connect(
            _course_published, sender=CoursePage, dispatch_uid="courses.course_published"
        )
        # Stored next/last session dates follow sessions saved or deleted on their own.
        post_save.connect(
            session_changed, sender=CourseSession, dispatch_uid="courses.session_saved"
        )
        post_delete.connect(
            session_changed, sender=CourseSession, dispatch_uid="courses.session_deleted"
        )
        # Cached listings carry a seat version that enrollment writes bump.
        seat_version.connect_signals()

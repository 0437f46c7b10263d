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


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Khóa học")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import post_page_move

        from cms import page_cache

        post_page_move.connect(_course_moved, dispatch_uid="courses.course_moved")
        # The page cache lives in cms; its invalidation is wired here only because this
        # branch may not edit cms/apps.py. The lead may move this call to CmsConfig.ready().
        page_cache.connect_signals()

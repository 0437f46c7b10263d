from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningCentersConfig(AppConfig):
    name = "learning_centers"
    verbose_name = _("Trung tâm học tập cộng đồng")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from learning_centers.models import LearningCenterPage

        # Trust (publish without moderation) follows the published value of `trusted`,
        # whichever way the centre page was published: the editor's "Publish", a moderator's
        # workflow approval or scheduled publishing (only the first runs after_publish_page).
        page_published.connect(
            _reprovision_published_centre,
            sender=LearningCenterPage,
            dispatch_uid="learning_centers.reprovision_published_centre",
        )


def _reprovision_published_centre(sender, instance, revision=None, **kwargs):
    from learning_centers.services import center_provision_logged

    center_provision_logged(center=instance)

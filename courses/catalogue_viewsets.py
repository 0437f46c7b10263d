"""Admin views of the catalogue's reference lists, so staff can see where each Citizen
Learner indicator's wording comes from (its provenance) and which digital-skill areas exist."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import DigitalSkillArea, LearnerIndicator


class LearnerIndicatorViewSet(SnippetViewSet):
    model = LearnerIndicator
    icon = "list-ul"
    menu_label = _("Chỉ số Công dân học tập")
    list_display = ["code", "criterion_code", "text", "provenance"]
    search_fields = ["code", "text"]
    ordering = ["sort_order", "code"]


class DigitalSkillAreaViewSet(SnippetViewSet):
    model = DigitalSkillArea
    icon = "pick"
    menu_label = _("Lĩnh vực kỹ năng số")
    list_display = ["__str__", "code"]
    ordering = ["sort_order", "code"]


class CatalogueReferenceGroup(SnippetViewSetGroup):
    menu_label = _("Danh mục khóa học")
    menu_icon = "folder-open-inverse"
    menu_order = 310
    items = (LearnerIndicatorViewSet, DigitalSkillAreaViewSet)

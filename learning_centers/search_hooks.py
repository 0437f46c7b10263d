"""What search shows and filters for centres and their materials (search/registry.py):
the ward (a place residents type: "tin hoc cau giay"), the address and a material's kind."""

from django.utils.translation import gettext as _
from wagtail import hooks

from learning_centers.models import CenterMaterialPage, LearningCenterPage


@hooks.register("search_document")
def centre_search_document(page):
    if isinstance(page, LearningCenterPage):
        ward = page.ward
        return {
            "ward": (ward.code, ward.name_with_type) if ward else None,
            "text": " ".join(p for p in (_("Trung tâm"), ward and ward.name_with_type) if p),
            "meta": [line for line in (ward and ward.name_with_type, page.address) if line],
            "date": None,
            "boost": 1.2,
        }
    if isinstance(page, CenterMaterialPage):
        centre = (
            LearningCenterPage.objects.filter(path=page.path[: -page.steplen])
            .select_related("ward")
            .first()
        )
        ward = centre.ward if centre is not None else None
        kind = str(page.get_kind_display())
        return {
            "ward": (ward.code, ward.name_with_type) if ward else None,
            "text": " ".join(p for p in (_("Học liệu"), kind, centre and centre.title) if p),
            "meta": [line for line in (kind, centre and centre.title) if line],
        }
    return None

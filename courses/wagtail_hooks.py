"""Panels that courses adds to lower-layer pages (see DESIGN.md, "Layers"): the centre page
lists its own upcoming courses; the home page shows the next courses and headline counts."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from courses import selectors
from courses.catalogue_viewsets import CatalogueReferenceGroup

register_snippet(CatalogueReferenceGroup)


@hooks.register("learning_center_page_panels")
def centre_courses_panel(page, request) -> dict:
    return {
        "template": "courses/includes/centre_courses.html",
        "context": selectors.centre_courses_context(centre=page, request=request),
        "order": 20,
    }


@hooks.register("home_page_panels")
def home_courses_panel(page, request) -> dict:
    return {
        "template": "courses/includes/home_courses.html",
        "context": selectors.home_panel_context(request=request),
        "order": 20,
    }

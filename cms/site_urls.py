"""Site-wide URLs owned by cms (sitemap, robots.txt)."""

from django.urls import path
from django.views.generic import TemplateView
from wagtail.contrib.sitemaps.views import sitemap

from .views import choose_language, favicon, sitemap_page

urlpatterns = [
    path("ngon-ngu/<str:code>/", choose_language, name="choose_language"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("so-do-trang/", sitemap_page, name="sitemap_page"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

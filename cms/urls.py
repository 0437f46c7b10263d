from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import route_cache
from cms.api import api_router

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Before the admin: it holds the centre staff's admin screens (/admin/dang-ky-hoc/…),
    # and Wagtail's admin answers every other /admin/ address with its own 404.
    path("", include("courses.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("citizen_profiles.urls")),
    path("", include("citizen_profiles.titles.urls")),
    path("", include("citizen_profiles.statistics.urls")),
    path("", include("learning_centers.urls")),
    path("", include("search.urls")),
    path("", include("cms.site_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else, so it comes last: Wagtail's own patterns, with
# its page view wrapped by the route cache (cms/route_cache.py) under the same name.
urlpatterns += [p for p in wagtail_urls.urlpatterns if getattr(p, "name", "") != "wagtail_serve"]
urlpatterns += [re_path(wagtail_urls.serve_pattern, route_cache.serve, name="wagtail_serve")]

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .permissions import can_view_dashboard
from .viewsets import TargetViewSet


@hooks.register("register_admin_urls")
def register_statistics_namespace():
    urls = [
        path("", admin_views.OverviewView.as_view(), name="overview"),
        path("phuong-xa/", admin_views.WardRankingView.as_view(), name="wards"),
        path("phuong-xa/<str:code>/", admin_views.WardDetailView.as_view(), name="ward"),
        path("bao-cao-gnlc/", admin_views.LearningCityReportView.as_view(), name="gnlc"),
    ]
    return [path("thong-ke/", include((urls, "citizen_statistics_admin")))]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("Thống kê"),
        reverse("citizen_statistics_admin:overview"),
        icon_name="table",
        order=260,
    )


@hooks.register("register_admin_viewset")
def register_target_viewset():
    return TargetViewSet()


# The home page's headline targets (cms.headlines) are keyed by the plans' own indicator
# names; several documents name the same statistic differently.
HEADLINE_KEYS = {
    "workers_in_gd_dh_cd_cdht_pct": "adults_in_gd_dh_cd_cdht_pct",
    "workers_cdht_pct": "adults_in_gd_dh_cd_cdht_pct",
    "staff_in_dvht_commune_cdht_pct": "staff_dvht_cdht_pct",
    "staff_in_dvht_cdht_pct": "staff_dvht_cdht_pct",
    "staff_in_dvht_all_levels_cdht_pct": "staff_dvht_cdht_pct",
}


@hooks.register("headline_target_values")
def headline_values(page, request):
    """This year's city figures for the home page, as the public sees them (suppressed)."""
    from cms.headlines import CurrentValue

    from . import selectors
    from .indicators import REGISTRY
    from .scope import CITY, current_year

    as_of = selectors.AsOf()
    figures = {
        f.indicator.key: f
        for f in selectors.overview(
            scope=CITY,
            year=current_year(),
            keys=[k for k in REGISTRY if REGISTRY[k].is_rate],
            public=True,
            as_of=as_of,
        )
    }
    values = {}
    for key, figure in figures.items():
        if figure.available and figure.shown_value is not None:
            moment = as_of.value
            values[key] = CurrentValue(
                value=figure.shown_value, as_of=moment.date() if moment else None
            )
    for alias, key in HEADLINE_KEYS.items():
        if key in values:
            values[alias] = values[key]
    return values

"""The association's dashboard in the Wagtail admin: the city against every target, the
ranked wards, a ward with its residential groups, trends by month and year, and the
learning-city report. Staff see exact figures (no suppression); every view exports as XLSX
and CSV (`?xuat=xlsx` / `?xuat=csv`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from learning_centers.models import Ward

from . import selectors
from .charts import bar_chart, column_chart
from .exports import Table, csv_response, definitions_rows, xlsx_response
from .indicators import INDICATORS, REGISTRY
from .permissions import can_view_dashboard, dashboard_ward_ids
from .reports import gnlc_tables
from .scope import CITY, FIRST_YEAR, Scope, StatisticsInputError, current_year, parse_year
from .targets import target_table


def _value_text(figure) -> str:
    if not figure.available:
        return _("Chưa có nguồn số liệu")
    if figure.value is None:
        return "—"
    return f"{figure.value}"


def figure_row(name: str, figure) -> list:
    target = figure.progress.target
    return [
        name,
        str(figure.indicator.label),
        figure.indicator.unit,
        figure.numerator if figure.available else "",
        figure.denominator if figure.available and figure.denominator is not None else "",
        float(figure.value) if figure.value is not None else "",
        float(target.value) if target else "",
        target.year if target else "",
        target.source_plan if target else "",
        float(figure.progress.gap) if figure.progress.gap is not None else "",
        str(figure.progress.status_label),
    ]


FIGURE_HEADER = [
    gettext_lazy("Phạm vi"),
    gettext_lazy("Chỉ số"),
    gettext_lazy("Đơn vị"),
    gettext_lazy("Tử số"),
    gettext_lazy("Mẫu số"),
    gettext_lazy("Giá trị"),
    gettext_lazy("Chỉ tiêu"),
    gettext_lazy("Năm chỉ tiêu"),
    gettext_lazy("Văn bản"),
    gettext_lazy("Còn thiếu"),
    gettext_lazy("Tình trạng"),
]


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"
    page_title = gettext_lazy("Thống kê xã hội học tập")

    def dispatch(self, request, *args, **kwargs):
        if not can_view_dashboard(request.user):
            raise PermissionDenied
        self.ward_ids = dashboard_ward_ids(request.user)
        try:
            self.year = parse_year(request.GET.get("nam"))
        except StatisticsInputError as error:
            self.error = str(error)
            self.year = current_year()
        else:
            self.error = ""
        self.as_of = selectors.AsOf()
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("citizen_statistics_admin:overview"), "label": self.page_title}
        ]

    def render_to_response(self, context, **kwargs):
        if self.error:
            kwargs["status"] = 400
        fmt = self.request.GET.get("xuat")
        if fmt in ("xlsx", "csv") and not self.error:
            tables = self.export_tables(context)
            filename = self.export_filename()
            if fmt == "csv":
                return csv_response(table=tables[0], filename=filename, as_of=self.as_of.value)
            return xlsx_response(
                tables=tables,
                filename=filename,
                as_of=self.as_of.value,
                definitions=definitions_rows(list(INDICATORS), target_table()),
            )
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            year=self.year,
            years=list(range(current_year(), FIRST_YEAR - 1, -1)),
            error=self.error,
            indicators=INDICATORS,
        )
        return context

    def finish_context(self, context):
        context["as_of"] = self.as_of.value
        query = self.request.GET.copy()
        query.pop("xuat", None)
        context["export_query"] = query.urlencode()
        return context


class OverviewView(DashboardView):
    template_name = "citizen_statistics/admin/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = selectors.overview(scope=CITY, year=self.year, as_of=self.as_of)
        rates = [f for f in figures if f.indicator.is_rate and f.available]
        context.update(
            figures=figures,
            scope=CITY,
            chart=bar_chart(
                [(str(f.indicator.label), f.value) for f in rates],
                title=_("Các chỉ số tỉ lệ của Thành phố"),
                maximum=100,
            ),
            breakdowns=selectors.breakdowns(year=self.year, scope=CITY),
            my_wards=(
                Ward.objects.filter(pk__in=self.ward_ids).order_by("name")
                if self.ward_ids is not None
                else None
            ),
        )
        self.figures = figures
        return self.finish_context(context)

    def export_tables(self, context):
        name = str(CITY.name)
        return [
            Table(
                title=_("Tổng quan %(year)s") % {"year": self.year},
                header=[str(h) for h in FIGURE_HEADER],
                rows=[figure_row(name, f) for f in self.figures],
            ),
            *context["breakdowns"],
        ]

    def export_filename(self):
        return f"thong-ke-ha-noi-{self.year}"


class WardRankingView(DashboardView):
    template_name = "citizen_statistics/admin/wards.html"
    page_title = gettext_lazy("Xếp hạng phường, xã")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key = self.request.GET.get("chi_so") or "learners_pct"
        if key not in REGISTRY:
            self.error = _("Không có chỉ số này.")
            key = "learners_pct"
        self.indicator = REGISTRY[key]
        rows, total = selectors.area_table(
            indicator=self.indicator, year=self.year, as_of=self.as_of
        )
        self.rows, self.total = rows, total
        context.update(
            indicator=self.indicator,
            rows=rows,
            total=total,
            my_ward_ids=self.ward_ids,
            chart=bar_chart(
                [(r.name, r.figure.value) for r in rows[:15]],
                title=_("15 phường, xã đứng đầu"),
                maximum=100 if self.indicator.is_rate else None,
                target=(
                    float(total.progress.target.value)
                    if total and total.progress.target and self.indicator.is_rate
                    else None
                ),
                unit=self.indicator.unit,
            ),
        )
        return self.finish_context(context)

    def export_tables(self, context):
        header = [_("Hạng"), _("Mã")] + [str(h) for h in FIGURE_HEADER]
        rows = [[r.rank or "", r.code] + figure_row(r.name, r.figure) for r in self.rows]
        if self.total:
            rows.append(["", ""] + figure_row(str(CITY.name), self.total))
        return [Table(title=str(self.indicator.label)[:60], header=header, rows=rows)]

    def export_filename(self):
        return f"xep-hang-phuong-xa-{self.indicator.key}-{self.year}"


class WardDetailView(DashboardView):
    template_name = "citizen_statistics/admin/ward.html"

    def dispatch(self, request, *args, **kwargs):
        self.ward = get_object_or_404(Ward, code=kwargs["code"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.ward.name_with_type

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": reverse("citizen_statistics_admin:wards"), "label": _("Phường, xã")},
            {"url": "", "label": self.ward.name_with_type},
        ]

    def get_context_data(self, **kwargs):
        if self.ward_ids is not None and self.ward.pk not in self.ward_ids:
            raise Http404
        context = super().get_context_data(**kwargs)
        scope = Scope(kind="ward", ward=self.ward)
        figures = selectors.overview(scope=scope, year=self.year, as_of=self.as_of)
        group_indicators = [i for i in INDICATORS if i.by_group]
        key = self.request.GET.get("chi_so") or "learners_pct"
        if key not in REGISTRY or not REGISTRY[key].by_group:
            key = "learners_pct"
        indicator = REGISTRY[key]
        groups, total = selectors.area_table(
            indicator=indicator, year=self.year, ward=self.ward, as_of=self.as_of
        )
        months = selectors.monthly_participation(scope=scope, year=self.year)
        trend = selectors.yearly_trend(
            indicator=indicator, scope=scope, until=self.year, as_of=self.as_of
        )
        self.figures, self.groups, self.indicator = figures, groups, indicator
        self.months, self.trend = months, trend
        context.update(
            ward=self.ward,
            scope=scope,
            figures=figures,
            indicator=indicator,
            group_indicators=group_indicators,
            groups=groups,
            total=total,
            months=months,
            months_chart=column_chart(
                [(str(m["month"]), m["learners"]) for m in months],
                title=_("Người học theo tháng"),
            ),
            trend=trend,
            trend_chart=column_chart(
                [(str(year), figure.value) for year, figure in trend],
                title=str(indicator.label),
            ),
            equity=selectors.equity(year=self.year, scope=scope),
            breakdowns=selectors.breakdowns(year=self.year, scope=scope),
        )
        return self.finish_context(context)

    def export_tables(self, context):
        name = self.ward.name_with_type
        return [
            Table(
                title=_("Tổng quan"),
                header=[str(h) for h in FIGURE_HEADER],
                rows=[figure_row(name, f) for f in self.figures],
            ),
            Table(
                title=_("Tổ dân phố, thôn"),
                header=[str(h) for h in FIGURE_HEADER],
                rows=[figure_row(r.name, r.figure) for r in self.groups],
            ),
            Table(
                title=_("Theo tháng"),
                header=[_("Tháng"), _("Người học"), _("Lượt hoạt động"), _("Giờ học")],
                rows=[
                    [
                        f"{m['month']:02d}/{self.year}",
                        m["learners"],
                        m["records"],
                        float(m["hours"]),
                    ]
                    for m in self.months
                ],
            ),
        ]

    def export_filename(self):
        return f"thong-ke-{self.ward.code}-{self.year}"


class LearningCityReportView(DashboardView):
    """The statistics section of UNESCO's Global Network of Learning Cities progress report,
    filled from the portal's figures (XLSX by default)."""

    template_name = "citizen_statistics/admin/gnlc.html"
    page_title = gettext_lazy("Báo cáo Thành phố học tập (UNESCO GNLC)")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.tables = gnlc_tables(year=self.year, as_of=self.as_of)
        context["tables"] = self.tables
        return self.finish_context(context)

    def export_tables(self, context):
        return self.tables

    def export_filename(self):
        return f"gnlc-ha-noi-{self.year}"

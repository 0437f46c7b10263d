"""Public statistics: `/thong-ke/` (HTML) and `/api/thong-ke/` (JSON). Aggregates only, small
cells suppressed (suppression.py), no personal data. Bad parameters answer 400 with a clear
message, in JSON for the API and as a friendly page for people."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from learning_centers.models import Ward

from . import selectors
from .charts import bar_chart, column_chart
from .indicators import INDICATORS, REGISTRY
from .presenters import figure_data
from .scope import FIRST_YEAR, StatisticsInputError, current_year, parse_scope, parse_year

DEFAULT_TABLE_INDICATOR = "learners_pct"
ALLOWED_PARAMS = {"nam", "pham_vi", "chi_so"}


def _parse(request):
    unknown = set(request.GET) - ALLOWED_PARAMS
    if unknown:
        raise StatisticsInputError(
            _("Tham số không hợp lệ: %(names)s.")
            % {"names": ", ".join(sorted(name[:30] for name in unknown))}
        )
    year = parse_year(request.GET.get("nam"))
    scope = parse_scope(request.GET.get("pham_vi"))
    key = request.GET.get("chi_so") or DEFAULT_TABLE_INDICATOR
    if key not in REGISTRY:
        raise StatisticsInputError(_("Không có chỉ số này."))
    return year, scope, REGISTRY[key]


def _too_many():
    response = render(
        None,
        "citizen_statistics/public_error.html",
        {"message": _("Quá nhiều yêu cầu, hãy thử lại sau một phút.")},
        status=429,
    )
    response["Retry-After"] = "60"
    return response


@require_GET
@ratelimit(key="ip", rate="120/m", block=False)
def public_statistics(request):
    if getattr(request, "limited", False):
        return _too_many()
    try:
        year, scope, table_indicator = _parse(request)
    except StatisticsInputError as error:
        return render(
            request,
            "citizen_statistics/public_error.html",
            {"message": str(error)},
            status=400,
        )
    as_of = selectors.AsOf()
    figures = selectors.overview(scope=scope, year=year, public=True, as_of=as_of)
    rows, total = (
        selectors.area_table(indicator=table_indicator, year=year, public=True, as_of=as_of)
        if scope.kind == "city"
        else ([], None)
    )
    rates = [f for f in figures if f.indicator.is_rate and f.available]
    chart = bar_chart(
        [(str(f.indicator.label), f.shown_value) for f in rates],
        title=_("Các chỉ số tỉ lệ năm %(year)s") % {"year": year},
        maximum=100,
    )
    months = selectors.monthly_participation(scope=scope, year=year, public=True)
    context = {
        "year": year,
        "years": list(range(current_year(), FIRST_YEAR - 1, -1)),
        "scope": scope,
        "wards": Ward.objects.order_by("name").only("code", "name_with_type"),
        "figures": figures,
        "chart": chart,
        "table_indicator": table_indicator,
        "table_indicators": [i for i in INDICATORS if i.category == "participation" or i.is_rate],
        "rows": rows,
        "total": total,
        "equity": selectors.equity(year=year, scope=scope, public=True),
        "months": months,
        "months_chart": column_chart(
            [(str(m["month"]), m["learners"]) for m in months],
            title=_("Số người học theo tháng"),
        ),
        "as_of": as_of.value or timezone.now(),
    }
    return render(request, "citizen_statistics/public.html", context)


@require_GET
@ratelimit(key="ip", rate="120/m", block=False)
def api_statistics(request):
    if getattr(request, "limited", False):
        response = JsonResponse({"error": _("Quá nhiều yêu cầu, hãy thử lại sau.")}, status=429)
        response["Retry-After"] = "60"
        return response
    try:
        year, scope, _indicator = _parse(request)
    except StatisticsInputError as error:
        return JsonResponse({"error": str(error)}, status=400)
    as_of = selectors.AsOf()
    figures = selectors.overview(scope=scope, year=year, public=True, as_of=as_of)
    data = {
        "year": year,
        "scope": {"kind": scope.kind, "code": scope.code, "name": str(scope.name)},
        "as_of": (as_of.value or timezone.now()).isoformat(),
        "suppression": _("Ô đếm dưới 5 người được ẩn."),
        "indicators": [figure_data(f, public=True) for f in figures],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

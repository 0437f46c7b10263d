from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import autocomplete, site_search
from .text import clean_query


def _params(request) -> dict[str, str]:
    # One value per name, as plain strings; anything odd is dropped by site_search.
    return {key: request.GET.get(key, "") for key in request.GET}


@require_GET
def search_view(request):
    results = site_search(params=_params(request)) if "q" in request.GET else None
    return render(
        request,
        "search/search.html",
        {"results": results, "q": results.query if results else ""},
    )


@require_GET
def autocomplete_view(request):
    """JSON suggestions for the search boxes: {"q": …, "suggestions": [{type, label, q}]}."""
    query = clean_query(request.GET.get("q", ""), max_length=100)
    suggestions = autocomplete(query) if len(query) >= 2 else []
    response = JsonResponse({"q": query, "suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response

from django.shortcuts import render

from .forms import SiteSearchForm
from .selectors import site_search


def search_view(request):
    form = SiteSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = site_search(query=form.cleaned_data["q"], page_number=request.GET.get("page", 1))
    return render(request, "search/search.html", {"form": form, "results": results})

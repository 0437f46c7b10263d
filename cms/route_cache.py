"""Route cache: which page (and which of its sub-routes) serves a path, for anonymous visitors.

Why: Wagtail finds the page for `/trung-tam/<centre>/<course>/` with one query per level of
the tree plus one for `.specific`, then two more for view restrictions (the page's ancestors
and their PageViewRestriction rows), on every request. Most traffic is anonymous residents
reading the same few hundred pages, and the tree only changes when something is published,
unpublished, moved or deleted, which already bumps the page cache's generation. So the
routing result (the specific page object and its route arguments) and the page's view
restrictions are kept in the low-level cache under that generation.

Only for anonymous GET/HEAD requests (no session cookie): an editor signed in gets Wagtail's
own routing, so draft state and the user bar are always read fresh. Only while fragment
caching is on (`PAGE_FRAGMENT_CACHE_SECONDS` > 0; off in the test settings unless a test turns
it on). Saving or deleting a PageViewRestriction bumps the generation too (see
`cms.page_cache.connect_signals`).

The restrictions are still *checked* on every request by Wagtail's own `on_serve_page` hook;
only the query that lists them is skipped (`CachedViewRestrictionsMixin`).
"""

from __future__ import annotations

import pickle

from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from cms import page_cache

RESTRICTIONS_ATTR = "_route_cache_view_restrictions"


class CachedViewRestrictionsMixin:
    """Let a page served from the route cache answer `get_view_restrictions()` from the
    list cached with it instead of two queries. Any other caller (the admin's privacy
    controls, a page not from the cache) gets Wagtail's queryset as usual."""

    def get_view_restrictions(self):
        cached = self.__dict__.get(RESTRICTIONS_ATTR)
        if cached is not None:
            return cached
        return super().get_view_restrictions()


def route_key(site: Site, path: str) -> str:
    return f"pagecache:route:{page_cache.generation()}:{site.pk}:{path}"


def prime_route(request, path: str) -> None:
    """Set `request._wagtail_route_for_request` (where `Page.route_for_request` looks first)
    from the cache, or route as Wagtail does and remember the result for the next visitor."""
    seconds = page_cache.fragment_seconds()
    if seconds <= 0 or hasattr(request, "_wagtail_route_for_request"):
        return
    if not page_cache.is_anonymous_read(request):
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    key = route_key(site, path)
    entry = page_cache.shared_cache().get(key)
    if entry is not None:
        page, args, kwargs, restrictions = entry
        page.__dict__[RESTRICTIONS_ATTR] = restrictions
        request._wagtail_route_for_request = RouteResult(page, args, kwargs)
        return
    result = Page.route_for_request(request, path)
    if result is None:
        return  # a 404 is not remembered: a page published later must be found at once
    page, args, kwargs = result
    if not isinstance(page, CachedViewRestrictionsMixin):
        return
    restrictions = list(Page.get_view_restrictions(page))
    try:
        page_cache.shared_cache().set(key, (page, tuple(args), dict(kwargs), restrictions), seconds)
    except (pickle.PicklingError, TypeError, AttributeError):
        return  # a route whose arguments cannot be stored is simply routed every time
    page.__dict__[RESTRICTIONS_ATTR] = restrictions


def serve(request, path):
    """Wagtail's page view, with the route primed from the cache for anonymous visitors."""
    from wagtail.views import serve as wagtail_serve  # not at import: models import this module

    prime_route(request, path)
    return wagtail_serve(request, path)

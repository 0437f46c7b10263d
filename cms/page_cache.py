"""Anonymous page cache: whole responses of Wagtail pages for visitors who are not signed in.

Why: most traffic is anonymous residents reading the same catalogue and course pages; a hit is
served from the cache (local memory by default, Redis in production) without touching the
database.

What is cached: GET responses with status 200 rendered by a Wagtail page (the response
carries the page in its context), for requests with no session cookie and no messages
cookie, whose query string has only whitelisted parameters (`PAGE_CACHE_QUERY_PARAMS`: the
catalogue's filters and `page`). Responses that set a cookie, used a CSRF token, or say
`Cache-Control: private/no-cache/no-store` are never stored. HEAD is answered from a cached
GET. The key holds host, path, language and the sorted whitelisted parameters.

Invalidation: a generation counter in the cache is part of every key; publishing,
unpublishing, deleting or moving any page bumps it, so every cached page is stale at once.
Entries also expire after `PAGE_CACHE_SECONDS` (0 disables the cache), which bounds how old
time-dependent parts (the next session, free seats) can get. Other writes that change what a
page shows (an enrollment, for example) may call `invalidate()`.

Wiring: `cms.page_cache.AnonymousPageCacheMiddleware` sits early in MIDDLEWARE (right after
WhiteNoise), so a hit skips sessions, CSRF, auth and messages entirely; the responses it
stores already carry the headers of the middleware inside it (X-Frame-Options, ...). It
works out the language with `cms.middleware.chosen_language`, as the locale middleware will.
`connect_signals()` is called from `CmsConfig.ready()`.
"""

from __future__ import annotations

import hashlib
import time
from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_response_headers

from cms.middleware import chosen_language

GENERATION_KEY = "pagecache:generation"
DEFAULT_QUERY_PARAMS = (
    "page",
    "q",
    "phuong",
    "chu_de",
    "doi_tuong",
    "hinh_thuc",
    "tu_ngay",
    "den_ngay",
    "con_cho",
    "the",
)
HIT_HEADER = "X-Page-Cache"


def shared_cache():
    """The cache holding pages, routes, listings, fragments and their counters
    (`PAGE_CACHE_ALIAS`, default "default"; Redis in production)."""
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 300))


def enabled() -> bool:
    """False when PAGE_CACHE_SECONDS is 0 (as in the test settings)."""
    return _timeout() > 0


def fragment_seconds() -> int:
    """Lifetime of template fragments keyed by the generation (for example the catalogue's
    course cards). `PAGE_FRAGMENT_CACHE_SECONDS`, defaulting to PAGE_CACHE_SECONDS; with 0
    `{% cache %}` stores nothing, so fragments are off in the test settings."""
    return int(getattr(settings, "PAGE_FRAGMENT_CACHE_SECONDS", _timeout()))


# The generation read once per request (the middleware sets it; None outside a request):
# a page asks for it a dozen times (route, site, menus, breadcrumbs, listings), and one
# request should see one generation from start to end anyway.
_request_generation: ContextVar[int | None] = ContextVar("page_cache_generation", default=None)


def _fresh_start() -> int:
    # A counter that is new, or was evicted (a full local-memory cache culls any key), starts
    # from the clock in microseconds, never from 1: entries cached under its earlier values
    # may still be alive, and must not be mistaken for current ones.
    return time.time_ns() // 1000


def read_counter(key: str) -> int:
    """A counter kept in the shared cache without expiry: the generation here, the seat
    version in courses.seat_version."""
    cache = shared_cache()
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh_start(), None)
        value = cache.get(key) or _fresh_start()
    return int(value)


def bump_counter(key: str) -> int:
    """Add one to a counter (atomic on Redis) and return the new value."""
    cache = shared_cache()
    try:
        return int(cache.incr(key))
    except ValueError:  # evicted since it was last read
        value = _fresh_start()
        cache.set(key, value, None)
        return value


def _read_generation() -> int:
    return read_counter(GENERATION_KEY)


def fragment_key(request, *parts) -> str | None:
    """Key in the low-level cache for something shown to every visitor that only publishing
    changes (menus, breadcrumbs, a course's sessions): the generation, the host and `parts`.
    None when fragment caching is off (tests, or PAGE_FRAGMENT_CACHE_SECONDS=0)."""
    if request is None or fragment_seconds() <= 0:
        return None
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: build without the cache
        return None
    return ":".join(["cms:chrome", str(generation()), host, *map(str, parts)])


def remember(key: str | None, build):
    """The value cached under `key`, or `build()` stored there (just `build()` without a key)."""
    if key is None:
        return build()
    cache = shared_cache()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, fragment_seconds())
    return value


def generation() -> int:
    """The current cache generation (part of every key)."""
    value = _request_generation.get()
    return _read_generation() if value is None else value


def invalidate(**_kwargs) -> None:
    """Make every cached page stale (old entries then expire on their own)."""
    value = bump_counter(GENERATION_KEY)
    if _request_generation.get() is not None:
        _request_generation.set(value)  # the rest of this request sees its own change


# Page saves that only touch the editor's draft state (saving a revision, locking): nothing a
# visitor sees changes, so they keep the cache.
_DRAFT_STATE_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
    }
)


def _invalidate_on_live_page_save(sender, instance, created=False, update_fields=None, **kwargs):
    """A live page saved outside the publish workflow (created with `add_child`, as the demo
    seeder, imports and scripts do, or edited and saved directly) changes what visitors see
    without a `page_published` signal."""
    if not getattr(instance, "live", False):
        return
    if update_fields is not None and set(update_fields) <= _DRAFT_STATE_FIELDS:
        return
    invalidate()


def _invalidate_on_change(sender, instance, created=False, **kwargs):
    # Not on creating FooterSettings: a page's first render creates an empty one
    # (get_or_create), which shows nothing new; the admin creates it the same way before
    # saving the form. A new menu or menu item does change pages.
    from cms.models import FooterSettings

    if not (created and sender is FooterSettings):
        invalidate()


def connect_signals() -> None:
    """Bump the generation on publish, unpublish, delete and move of any page, on saving a
    live page other than its draft state, and on saving or deleting a menu, a menu item or
    the footer settings (shown on every page), a site or a page view restriction
    (idempotent)."""
    from wagtail.models import Page, PageViewRestriction, Site, get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cms.models import FooterSettings, Menu, MenuItem

    page_published.connect(invalidate, dispatch_uid="cms.page_cache.published")
    page_unpublished.connect(invalidate, dispatch_uid="cms.page_cache.unpublished")
    post_page_move.connect(invalidate, dispatch_uid="cms.page_cache.moved")
    # sender=Page: a deleted page of any type removes its base Page row exactly once, and
    # other models keep Django's fast delete.
    post_delete.connect(invalidate, sender=Page, dispatch_uid="cms.page_cache.deleted")
    for model in get_page_models():
        post_save.connect(
            _invalidate_on_live_page_save,
            sender=model,
            dispatch_uid=f"cms.page_cache.live_saved.{model._meta.label_lower}",
        )

    # View restrictions are cached with the route (cms/route_cache.py).
    for model in (Menu, MenuItem, FooterSettings, Site, PageViewRestriction):
        name = model._meta.label_lower
        post_save.connect(
            _invalidate_on_change, sender=model, dispatch_uid=f"cms.page_cache.saved.{name}"
        )
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"cms.page_cache.deleted.{name}")


def _allowed_params() -> frozenset[str]:
    return frozenset(getattr(settings, "PAGE_CACHE_QUERY_PARAMS", DEFAULT_QUERY_PARAMS))


def is_anonymous_read(request) -> bool:
    """A GET or HEAD without a session or an Authorization header: nothing in the answer can
    depend on who asks (also used by cms.route_cache)."""
    if request.method not in ("GET", "HEAD"):
        return False
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def cache_key(request) -> str | None:
    """The key for this request, or None when it must not use the cache."""
    if _timeout() <= 0 or not is_anonymous_read(request) or "messages" in request.COOKIES:
        return None
    allowed = _allowed_params()
    params = []
    for name in request.GET:
        if name not in allowed:
            return None
        params.extend((name, value) for value in request.GET.getlist(name))
    # The same choice VietnameseFirstLocaleMiddleware makes later (cookie, else Vietnamese).
    language = chosen_language(request)
    query = urlencode(sorted(params))
    address = f"{request.path}?{query}"
    if len(address) > 120:
        # A long address (a 5,000-character `q`) would make a key longer than cache
        # backends accept (memcached: 250): its digest names it instead.
        address = "sha256:" + hashlib.sha256(address.encode()).hexdigest()
    return f"pagecache:{generation()}:{request.get_host()[:60]}:{language}:{address}"


def _is_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    # A page that used a CSRF token gets its cookie (re)set by CsrfViewMiddleware, which
    # runs inside this middleware, so "sets a cookie" also covers "contains a form token".
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    context = getattr(response, "context_data", None) or {}
    from wagtail.models import Page

    return isinstance(context.get("page"), Page) and not getattr(request, "is_preview", False)


def prime_site(request) -> None:
    """Give Wagtail the request's Site (with its root page loaded) from the cache, under the
    generation, instead of a query per request (`Site.find_for_request` reads
    `request._wagtail_site` first). Only when fragment caching is on; saving or deleting a
    Site bumps the generation (connect_signals), and so does publishing the root page."""
    seconds = fragment_seconds()
    if seconds <= 0 or hasattr(request, "_wagtail_site"):
        return
    from django.http.request import split_domain_port
    from wagtail.models import Site

    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"pagecache:site:{generation()}:{hostname}:{request.get_port()}"
    site = shared_cache().get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is None:
            return
        site.root_page  # noqa: B018 - load it so the cached copy carries it
        shared_cache().set(key, site, seconds)
    request._wagtail_site = site


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_generation.set(
            _read_generation() if enabled() or fragment_seconds() > 0 else None
        )
        try:
            return self._respond(request)
        finally:
            _request_generation.reset(token)

    def _respond(self, request):
        key = cache_key(request)
        if key is not None:
            entry = shared_cache().get(key)
            if entry is not None:
                return self._rebuild(entry)
        prime_site(request)
        response = self.get_response(request)
        if key is not None and request.method == "GET" and _is_cacheable(request, response):
            patch_response_headers(response, cache_timeout=0)  # browsers revalidate
            entry = (response.status_code, list(response.items()), response.content)
            shared_cache().set(key, entry, _timeout())
            response[HIT_HEADER] = "miss"
        return response

    @staticmethod
    def _rebuild(entry):
        from django.http import HttpResponse

        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response

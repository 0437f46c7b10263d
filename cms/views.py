from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def choose_language(request, code: str):
    """Remember the interface language the visitor picked and go back where they were.

    A GET link rather than Django's POST `set_language`, so pages need no CSRF cookie and
    stay cacheable; changing one's own display language is harmless if forged."""
    if code not in {lang for lang, _name in settings.LANGUAGES}:
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    response["Cache-Control"] = "private, no-store"
    return response


def sitemap_page(request):
    """The site map for people (the footer's "Sơ đồ trang"); /sitemap.xml stays for search
    engines."""
    from django.template.response import TemplateResponse

    from cms.selectors import sitemap_sections

    return TemplateResponse(
        request, "cms/sitemap_page.html", {"sections": sitemap_sections(request=request)}
    )


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static icon
    (its hashed name in production, so it is looked up per request, not at import)."""
    from django.templatetags.static import static

    return HttpResponseRedirect(static("favicon.ico"))

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    """The interface language of a request: the visitor's explicit choice (the language
    cookie set by the switcher) when supported, else Vietnamese. The page cache keys
    responses by the same answer (cms.page_cache.cache_key)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the visitor chose another language with the switcher.

    Django's LocaleMiddleware follows the browser's Accept-Language, so a phone set to
    English would get an English interface around Vietnamese content. Here only an explicit
    choice (the language cookie set by `set_language`) changes the interface language.
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()

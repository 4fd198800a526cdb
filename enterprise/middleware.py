from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class JapaneseFirstLocaleMiddleware(LocaleMiddleware):
    """Japanese unless the person chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the
    operator's staff and workers expect Japanese whatever their browser says,
    so only the language cookie (set by ``set_language``) counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class CurrentRequestMiddleware:
    """Hold the request being answered in a context variable, so work queued
    after commit (``enterprise.outbox``) can tell its person that it waits
    for the background service. After MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .outbox import current_request

        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)

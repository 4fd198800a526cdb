from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers


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


class PermissionsPolicyMiddleware:
    """Switch off the browser features the site never uses (camera, payment…)
    with ``settings.PERMISSIONS_POLICY``: {feature: [allowed origins]}."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


# What a form sends around its one file: field values, multipart boundaries.
FORM_OVERHEAD_BYTES = 1024 * 1024


def request_max_bytes() -> int:
    return settings.ENGAGEMENTS["UPLOAD_MAX_BYTES"] + FORM_OVERHEAD_BYTES


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than the largest upload allowed, from its
    Content-Length, before anything reads it: a 20 MB limit checked by the
    form would only apply after the whole body had been received and spooled
    to disk. The proxy in front refuses the same size (README)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = request_max_bytes()
        if length > limit:
            return render(
                request,
                "413.html",
                {"limit": limit, "size": length},
                status=413,
            )
        return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page of a logged-in person and on
    every download, so no browser or proxy cache keeps a copy of an invoice,
    a payout statement or a bank file (on a shared PC, after logout); and
    ``Vary: Cookie`` so a shared cache never serves one person's page to
    another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or is_download(response):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        patch_vary_headers(response, ["Cookie"])
        return response


def is_download(response) -> bool:
    return (
        response.streaming
        or "Content-Disposition" in response
        or response.get("Content-Type", "").split(";")[0] in DOWNLOAD_TYPES
    )


DOWNLOAD_TYPES = {
    "application/pdf",
    "application/zip",
    "application/octet-stream",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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

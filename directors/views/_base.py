"""What every director page shares: the fetch-then-check decorator and how a
service's refusal reaches the person."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from enterprise.permissions import role_required
from enterprise.roles import DIRECTOR

from .. import selectors

FETCH = {
    "engagement": selectors.get_supervised_engagement,
    "subtask": selectors.get_supervised_subtask,
}


def supervised(kind: str, *, post: bool = False):
    """A director page of one engagement or subtask.

    403 without the director role; then 404 unless the person supervises it
    (or is a superuser); then 405 for a GET on an action. The view receives
    the object instead of its pk.
    """

    def decorator(view):
        @wraps(view)
        @role_required(DIRECTOR)
        def wrapper(request, pk, **kwargs):
            obj = FETCH[kind](request.user, pk)
            if post and request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, obj, **kwargs)

        return wrapper

    return decorator


def add_errors(request, form, exc: ValidationError) -> None:
    """Show a service's refusal next to the form and as a flash message."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
    messages.error(request, " ".join(exc.messages))


def form_invalid(request) -> None:
    messages.error(request, _("Please correct the errors below."))


def run(request, form, action, success) -> bool:
    """Validate ``form``, call ``action(**cleaned_data)`` and flash the outcome.

    Returns True when it went through; otherwise the errors are on ``form``
    (a refusal from the service beside the form it came from).
    """
    if not form.is_valid():
        form_invalid(request)
        return False
    return attempt(request, lambda: action(**form.cleaned_data), success, form=form)


def attempt(request, call, success, *, form=None) -> bool:
    """Call ``call()``; flash ``success``, or the service's refusal (also put
    on ``form`` when given). Returns whether it went through."""
    try:
        call()
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
        else:
            add_errors(request, form, exc)
        return False
    messages.success(request, success)
    return True


def form_action(kind: str, key: str, form_class, call, success, *, page):
    """A POST view that fills one form and calls one service.

    ``call(obj, by, form, **cleaned_data)`` makes the change. On success the
    person goes back to ``page.url(obj)`` with ``success`` flashed; otherwise
    ``page.render`` shows the page again with this form (under ``key``, the
    form's prefix too) carrying the errors. The form class may take the object
    (``form_class(data, prefix=, obj=)``) when its choices depend on it.
    """

    @supervised(kind, post=True)
    def view(request, obj):
        form = form_class(request.POST, prefix=key, **page.form_kwargs(obj))

        def action(**data):
            call(obj, request.user, form, **data)

        if run(request, form, action, success):
            return redirect(page.url(obj))
        obj.refresh_from_db()
        return page.render(request, obj, {key: form})

    return view

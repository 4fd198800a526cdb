"""Role checks for views. Object-level checks live in each app's fetch helpers."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(*roles: str):
    """Allow the view to people holding any of ``roles`` (superusers always).

    Anyone else gets 403: they may know the page exists, but not use it.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not any(request.user.has_role(role) for role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

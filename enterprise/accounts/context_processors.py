from django.conf import settings


def accounts(request):
    """Whether the login page offers sign-up (REGISTRATION_OPEN)."""
    return {"signup_open": settings.REGISTRATION_OPEN}

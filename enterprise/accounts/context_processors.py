from django.conf import settings


def accounts(request):
    """Whether the login page offers sign-up: REGISTRATION_OPEN and the
    operator's open registration (SignupPolicy). A callable, so the policy
    row is read only by the pages that show the link."""

    def signup_open() -> bool:
        from .models import SignupPolicy

        return settings.REGISTRATION_OPEN and SignupPolicy.get().is_open

    return {"signup_open": signup_open}

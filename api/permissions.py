"""Who may call what: the key's scope, then the same role as the page."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from enterprise.roles import CLIENT, DIRECTOR, FINANCE, SALES, WORKER

from .models import ApiKey

STAFF_ROLES = (SALES, DIRECTOR, FINANCE)


def is_staff_user(user) -> bool:
    return user.is_superuser or any(user.has_role(r) for r in STAFF_ROLES)


class KeyScope(BasePermission):
    """An authenticated key; a read key may only read (403 on a write)."""

    def has_permission(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey) or not request.user.is_authenticated:
            return False
        return request.method in SAFE_METHODS or key.scope == ApiKey.Scope.WRITE


def role_permission(*roles: str) -> type[BasePermission]:
    """403 unless the user holds one of ``roles`` (superusers always), as
    ``enterprise.permissions.role_required`` does for the pages."""

    class HasRole(BasePermission):
        def has_permission(self, request, view):
            user = request.user
            return user.is_superuser or any(user.has_role(r) for r in roles)

    HasRole.__name__ = "HasRole_" + "_".join(roles)
    return HasRole


IsClient = role_permission(CLIENT)
IsFinance = role_permission(FINANCE)
IsStaff = role_permission(*STAFF_ROLES)
IsStaffOrClient = role_permission(*STAFF_ROLES, CLIENT)
IsFinanceOrWorker = role_permission(FINANCE, WORKER)

"""Accounts: log in, sign up, reset, second factor, lockout and session limits.

django-allauth does the pages; this package holds what the operator adds:
the adapter (who may sign up, who must verify their e-mail, the per-account
lockout), the middleware (REQUIRE_MFA, idle and absolute session limits) and
the superuser's page that lifts a lockout.
"""

"""Test settings: the project's, with what tests must not depend on turned off.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL is
set (CI does both); either way HTTPS redirects, hashed static manifests and a
real broker stay out of the way.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from enterprise.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None

# Django's flush after a transactional test truncates every table; the
# TRUNCATE triggers on the audit table and the issued documents let it through
# only for a session that turned this on and owns the tables (migration
# enterprise 0005). Only the test settings turn it on.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = (
        _options.get("options", "") + " -c motouke.allow_truncate=on"
    ).strip()
# Whatever DATABASE_URL says (CI runs on PostgreSQL too): tests that need
# these switches turn them on themselves.
REQUIRE_MFA = False
REGISTRATION_OPEN = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

"""Motouke settings, read from the environment (django-environ).

With nothing set the project runs embedded: a SQLite file, Celery tasks run
eagerly in-process, e-mail printed to the console and media files on the local
disk. Setting ``DATABASE_URL`` switches to the production run: then
``SECRET_KEY`` and ``ALLOWED_HOSTS`` are required and the secure-cookie, HTTPS
and HSTS switches default to on (each can still be turned off explicitly).
"""

import os
import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MOTOUKE_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = bool(os.environ.get("DATABASE_URL")) and not env.bool(
    "EMBEDDED", default=False
)
DEBUG = env.bool("DEBUG", default=False)


def _embedded_secret_key() -> str:
    """A random key kept in var/ so embedded sessions survive a restart."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


if PRODUCTION:
    try:
        SECRET_KEY = env.str("SECRET_KEY")
        ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(
            f"{exc}: a production run (DATABASE_URL set) needs it."
        ) from exc
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _embedded_secret_key()
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps first so their templates override Django's (error pages).
    # Their order is the dependency order: seed_demo runs each app's demo in it.
    "enterprise",
    "clients",
    "workers",
    "engagements",
    "directors",
    "invoicing",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "enterprise.middleware.JapaneseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "enterprise.urls"
WSGI_APPLICATION = "enterprise.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "enterprise.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite file when embedded, DATABASE_URL (PostgreSQL) in production.
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'motouke.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two requests changing the same
    # row queue up instead of failing with "database is locked" half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles a query the planner costs high (the counts
    # over 200,000 subtasks) and spends 50-200 ms doing so on queries that
    # run in a few ms: off for this workload (or `jit = off` in
    # postgresql.conf, which this makes unnecessary).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", env.str("POSTGRES_OPTIONS", default="-c jit=off")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "enterprise.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# No anonymous guardian user: every permission check is for a logged-in person.
ANONYMOUS_USER_NAME = None
GUARDIAN_RENDER_403 = False
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)

# Japanese first, English second; Asia/Tokyo; dates as 2026/11/28.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["enterprise.formats"]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
if not PRODUCTION:
    # WhiteNoise serves from the source folders here (finders) but still
    # expects STATIC_ROOT to exist.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files live outside the web root; views that check
# permissions stream them (nothing under MEDIA_ROOT is served directly).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Embedded runs serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: printed to the console unless EMAIL_URL names a server.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Motouke <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Security switches: on by default in production, each one overridable.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Celery: eager in-process when embedded; a Redis or RabbitMQ broker in production.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The one beat schedule. Every periodic job of every app is listed here.
CELERY_BEAT_SCHEDULE: dict = {
    "expire-offers": {"task": "engagements.tasks.expire_offers", "schedule": 300.0},
    "scan-deadlines": {"task": "engagements.tasks.scan_deadlines", "schedule": 900.0},
    "remind-unanswered-questions": {
        "task": "engagements.tasks.remind_unanswered_questions",
        "schedule": 1800.0,
    },
    "workers-recompute-certifications": {
        "task": "workers.tasks.recompute_all_certifications",
        "schedule": crontab(hour=2, minute=30),
    },
    "close-due-clients": {
        "task": "invoicing.tasks.billing.close_due_clients",
        "schedule": crontab(hour=0, minute=30),
    },
    "expire-task-claims": {
        "task": "engagements.tasks.expire_task_claims",
        "schedule": 60.0,
    },
    "auto-approve-task-units": {
        "task": "engagements.tasks.auto_approve_task_units",
        "schedule": 900.0,
    },
    "auto-approve-timesheets": {
        "task": "engagements.tasks.auto_approve_timesheets",
        "schedule": crontab(minute=20, hour=0),
    },
    "purge-competition-files": {
        "task": "engagements.tasks.purge_competition_files",
        "schedule": crontab(minute=0, hour=3),
    },
    "collect-director-review-fees": {
        "task": "invoicing.tasks.payouts.collect_director_review_fees",
        "schedule": crontab(minute=40, hour=0),
    },
    "collect-format-rewards": {
        "task": "invoicing.tasks.payouts.collect_format_rewards",
        "schedule": crontab(minute=45, hour=0),
    },
    "auto-accept-deliveries": {
        "task": "engagements.tasks.auto_accept_deliveries",
        "schedule": crontab(minute=10, hour=0),
    },
}

# Engagement rules the operator tunes (hours are clock hours unless named).
ENGAGEMENTS = {
    "OFFER_TTL_HOURS": env.int("OFFER_TTL_HOURS", default=48),
    "AUTO_ACCEPT_BUSINESS_DAYS": env.int("AUTO_ACCEPT_BUSINESS_DAYS", default=5),
    "AT_RISK_HOURS": 48,
    "SILENCE_HOURS": env.int("SILENCE_HOURS", default=24),
    "QUESTION_REMINDER_BUSINESS_HOURS": env.int(
        "QUESTION_REMINDER_BUSINESS_HOURS", default=8
    ),
    "UPLOAD_MAX_BYTES": env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024),
    "UPLOAD_EXTENSIONS": {
        ".pdf",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".ai",
        ".psd",
        ".zip",
        ".txt",
        ".md",
        ".csv",
        ".docx",
        ".xlsx",
        ".pptx",
        ".mp4",
        ".mov",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

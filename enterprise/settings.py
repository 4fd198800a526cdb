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
    "support",
    "api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Not "rest_framework": its Japanese catalogue would replace Django's own
    # wording on every page (e.g. "This field is required."); the API reads
    # DRF's messages from that catalogue itself (api.problems).
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "enterprise.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "enterprise.middleware.JapaneseFirstLocaleMiddleware",
    # Before anything reads the body (CSRF reads request.POST): an oversize
    # request is refused from its Content-Length alone.
    "enterprise.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: it needs to know whether someone is logged in.
    "enterprise.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "enterprise.middleware.CurrentRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "enterprise.accounts.middleware.SessionLimitsMiddleware",
    "enterprise.accounts.middleware.RequireMFAMiddleware",
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
                "enterprise.accounts.context_processors.accounts",
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
    "allauth.account.auth_backends.AuthenticationBackend",
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

# Accounts (django-allauth): log in by username or e-mail, reset by mail,
# e-mail verification for people who sign themselves up (enterprise.accounts).
ACCOUNT_ADAPTER = "enterprise.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_FORMS = {"login": "enterprise.accounts.forms.LoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
# Accounts made by staff (invited contacts, workers, staff) count as checked;
# the adapter makes verification mandatory for self-made ones.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# An unknown address gets the same page as a known one, and no mail.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Motouke] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Per-IP limits (the cache holds them); the per-account lockout is ours
# (enterprise.accounts.lockout), so allauth's per-key login limit is off.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "30/15m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "10/h/ip",
}
# Behind a proxy every request comes from the proxy's address: the per-IP
# limits must read the client's from X-Forwarded-For, or one person's typos
# would throttle everyone.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=1 if env.bool("BEHIND_PROXY", default=False) else 0
)
REGISTRATION_OPEN = env.bool("REGISTRATION_OPEN", default=not PRODUCTION)
# Login lockout: LOGIN_LOCKOUT_FAILURES wrong passwords for one account within
# LOGIN_LOCKOUT_WINDOW_MINUTES lock it for LOGIN_LOCKOUT_MINUTES.
LOGIN_LOCKOUT_FAILURES = env.int("LOGIN_LOCKOUT_FAILURES", default=10)
LOGIN_LOCKOUT_WINDOW_MINUTES = env.int("LOGIN_LOCKOUT_WINDOW_MINUTES", default=15)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)

# Second factor: TOTP, WebAuthn (passkeys, security keys), recovery codes.
# With REQUIRE_MFA on, staff must enrol one before any other page.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Motouke"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_FORMS = {"add_webauthn": "enterprise.accounts.forms.AddWebAuthnForm"}
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
REQUIRE_MFA = env.bool("REQUIRE_MFA", default=PRODUCTION)

# Sessions: idle timeouts (staff shorter) and an absolute lifetime.
SESSION_IDLE_STAFF_MINUTES = env.int("SESSION_IDLE_STAFF_MINUTES", default=30)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=120)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
# No anonymous guardian user: every permission check is for a logged-in person.
ANONYMOUS_USER_NAME = None
GUARDIAN_RENDER_403 = False
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)
# Support desk: a requester may reopen a resolved ticket for this many days;
# the SLA clock counts business hours between these local times.
SUPPORT_REOPEN_DAYS = env.int("SUPPORT_REOPEN_DAYS", default=14)
SUPPORT_BUSINESS_HOURS = (
    env.int("SUPPORT_DAY_START_HOUR", default=9),
    env.int("SUPPORT_DAY_END_HOUR", default=18),
)

# Japanese first, English second; Asia/Tokyo; dates as 2026/11/28.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["enterprise.formats"]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The cache holds rate limits and used TOTP codes, so production shares one
# across gunicorn workers: Redis from CACHE_URL or REDIS_URL.
_CACHE_URL = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if _CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": "motouke",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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
# A file above this goes to a temporary file while it is read, not to memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The form fields of one request (files not counted); the largest real form
# (a quote with its lines) is far below this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: printed to the console unless EMAIL_URL names a server.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Motouke <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in mails: the embedded run serves on PORT (make run PORT=8001).
SITE_URL = env.str(
    "SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)

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
# Preloading is a promise to the browsers' built-in list that is slow to take
# back (removal takes months), so it is the operator's explicit choice.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # security.W021 asks for SECURE_HSTS_PRELOAD; preloading stays opt-in (see
    # above), so check --deploy would otherwise warn on every default install.
    "security.W021",
]

# Content-Security-Policy (django-csp): only the site's own files. No inline
# script or style anywhere (templates pass data in data- attributes and static
# scripts apply it); data: images for the QR code of the authenticator set-up.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the site never uses, switched off for every page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "serial",
        "hid",
        "bluetooth",
    )
}

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
# A task whose worker process dies (killed, out of memory) goes back to the
# queue instead of being acknowledged: the runs' chunks skip what is done.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The outbox (enterprise.outbox): how long a request may wait on a dead broker
# before its work is left pending (seconds), how many pending rows one sweep
# sends, and how many days sent rows are kept.
OUTBOX_PUBLISH_TIMEOUT = env.float("OUTBOX_PUBLISH_TIMEOUT", default=1.0)
OUTBOX_BATCH = env.int("OUTBOX_BATCH", default=200)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=7)
# Redis redelivers an unacknowledged task after this many seconds: above the
# longest hard time limit (the nightly close, 1900 s), or a task still
# running would be started a second time.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
}
# A month close or payout run with no progress for this long shows as
# stalled (停止中) with a resume for finance.
RUN_STALL_MINUTES = env.int("RUN_STALL_MINUTES", default=10)
# Items per chunk task of a run (clients to close, workers to pay).
RUN_CHUNK_SIZE = env.int("RUN_CHUNK_SIZE", default=50)
# Workers per chunk of a payout run: a chunk costs about 20 queries and one
# commit whatever its size, so bigger chunks spend less on that (5,000
# workers: 25 chunks, 5.5 s with one worker, ×1.7 with two; at 50, 8 s).
PAYOUT_RUN_CHUNK_SIZE = env.int("PAYOUT_RUN_CHUNK_SIZE", default=200)
# The one beat schedule. Every periodic job of every app is listed here.
CELERY_BEAT_SCHEDULE: dict = {
    # Sends follow-up work the broker could not take at commit time.
    "send-outbox": {
        "task": "enterprise.tasks.send_outbox",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
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
    "dunning-run": {
        "task": "invoicing.tasks.receipts.dunning_run",
        "schedule": crontab(hour=9, minute=0),
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
    # Identity documents past the operator's retention period (files only).
    "workers-purge-identity-documents": {
        "task": "workers.tasks.purge_identity_documents",
        "schedule": crontab(minute=15, hour=3),
    },
    # Leavers anonymised after the operator's period (documents kept 7 years).
    "workers-anonymise-leavers": {
        "task": "workers.tasks.anonymise_leavers",
        "schedule": crontab(minute=25, hour=3),
    },
    "auto-accept-deliveries": {
        "task": "engagements.tasks.auto_accept_deliveries",
        "schedule": crontab(minute=10, hour=0),
    },
    "support-sla-reminders": {
        "task": "support.tasks.remind_sla_breaches",
        "schedule": 900.0,
    },
    "support-close-resolved": {
        "task": "support.tasks.close_resolved_tickets",
        "schedule": crontab(minute=50, hour=0),
    },
}

# The REST API (api/): API keys only, problem details, per-key rate limits.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="600/min")
# Webhooks to private or loopback addresses: refused in production (SSRF).
API_WEBHOOK_ALLOW_PRIVATE = env.bool(
    "API_WEBHOOK_ALLOW_PRIVATE", default=not PRODUCTION
)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.KeyScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiKeyThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Motouke API",
    "DESCRIPTION": (
        "元請 Motouke REST API. Authorization: Bearer <API key>. Amounts are "
        "integer yen; datetimes ISO 8601 in Asia/Tokyo (+09:00); errors are "
        "RFC 9457 problem details, Japanese unless Accept-Language: en."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EngagementStateEnum": "engagements.models.engagement.EngagementState",
        "QuoteStateEnum": "engagements.models.quote.QuoteState",
        "SubtaskStateEnum": "engagements.models.subtask.SubtaskState",
        "InvoiceStateEnum": "invoicing.models.billing.InvoiceState",
        "PayoutStatementStateEnum": "invoicing.models.payouts.PayoutStatementState",
        "ClientStateEnum": "clients.models.ClientState",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
    ],
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
    # The file types that may be uploaded, each with the Content-Type it is
    # stored and served with (the browser's own claim is never used).
    "UPLOAD_EXTENSIONS": {
        ".pdf": "application/pdf",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".gif": "image/gif",
        ".svg": "image/svg+xml",
        ".ai": "application/postscript",
        ".psd": "image/vnd.adobe.photoshop",
        ".zip": "application/zip",
        ".txt": "text/plain; charset=utf-8",
        ".md": "text/markdown; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
        ".docx": (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pptx": (
            "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        ),
        ".mp4": "video/mp4",
        ".mov": "video/quicktime",
    },
}
# No request body may be larger than one upload of UPLOAD_MAX_BYTES plus the
# form around it (enterprise.middleware.RequestSizeLimitMiddleware answers 413
# before reading it); the proxy in front should refuse at the same size.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # Tasks run in-process (no broker: make run, the demo) would log one
        # "Task … succeeded" line each, a hundred for the demo alone; a real
        # worker keeps them.
        "celery.app.trace": {
            "level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"
        },
    },
}

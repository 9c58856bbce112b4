"""Settings for Coprod, read only from environment variables.

With no variables set these are production settings, which refuse to start
without `SECRET_KEY` and `ALLOWED_HOSTS`: a forgotten variable must never leave
a real server showing debug pages. Development, the demo and the tests set
`DEBUG=true` (the Makefile and coprod/pytest_plugin.py do). Production also sets
`DATABASE_URL` and `REDIS_URL`; see README.md.
"""

from __future__ import annotations

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from coprod.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
else:
    SECRET_KEY = env_str("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) when DEBUG is off.")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
        raise ImproperlyConfigured("SECRET_KEY must be a long random value in production.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The organisation shown in the header; the logo is optional (a static path).
ORGANISATION_NAME = env_str("ORGANISATION_NAME", default="Coprod")
ORGANISATION_LOGO = env_str("ORGANISATION_LOGO", default="")
# Where letters come from and paper answers go back to: lines separated by commas.
ORGANISATION_ADDRESS = env_list("ORGANISATION_ADDRESS")
# The number printed on bulletins for people to say they are interested (optional).
ORGANISATION_PHONE = env_str("ORGANISATION_PHONE", default="")
# Whether the organisation can give vouchers instead of money for a fee. If it
# can, vouchers are a payment choice (handed out by the team, not paid by bank).
PAYMENT_VOUCHERS = env_bool("PAYMENT_VOUCHERS", default=False)
SERVICE_NAME = "Co-production tracker"
PRIVACY_NOTICE_VERSION = env_str("PRIVACY_NOTICE_VERSION", default="2026-11")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "coprod",
    "core",
    "nhsuk",
    "outbox",
    "accounts",
    "projects",
    "actions",
    "ladder",
    "principles",
    "opportunities",
    "improvement",
    "training",
    "dashboard",
    "personal",
    "imports",
    "api",
    "demo",
]

MIDDLEWARE = [
    # The header middleware come first, so that responses made early (a 400 for a
    # bad Host header, static files) still get every header.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "coprod.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.PaymentsOnlyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (it says why it signed someone out); it acts before any view is
    # found, so before LoginRequiredMiddleware's check.
    "accounts.middleware.SessionLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coprod.urls"
WSGI_APPLICATION = "coprod.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coprod.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/coprod")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis backs the cache and the task queue. With no REDIS_URL (the demo), the cache
# is in memory and tasks run in-process.
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "coprod",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    # NCSC and OWASP advice: length and a block list, no composition rules (so no
    # "must contain a number" and no refusing all-digit passwords either), long
    # passwords welcome. 12 for everyone: NCSC's "three random words" is longer,
    # and one rule for all roles is simpler to explain than one per role.
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 256}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Sessions end after a period of inactivity; pages warn before that happens. The
# idle clock lives in a signed cookie (core/activity.py), so a request that
# changes nothing writes nothing to the session table.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", default=60, minimum=5) * 60
# However active, a session ends this long after signing in (a long shift); the
# session row lasts as long, and is written only when what it holds changes.
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", default=12, minimum=1) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: lock an account at one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", default=30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_VERBOSE = False
# Never keep what was typed into a password or code box in the attempts table.
AXES_SENSITIVE_PARAMETERS = ["password", "code", "old_password", "new_password1", "new_password2"]
# Behind a proxy the client address comes from X-Forwarded-For; set the number of
# trusted proxies so that everyone is not locked out together. (django-ipware is not
# installed, so axes asks our own function, which the health check uses too.)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "core.addresses.sign_in_address"

# /health/deep/ answers callers at a private or loopback address, and anyone
# sending this token (as `Authorization: Bearer ...` or `X-Health-Token`).
HEALTH_CHECK_TOKEN = env_str("HEALTH_CHECK_TOKEN", default="")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email goes to the console in development and through SMTP in production.
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", default="localhost"),
        "port": env_int("EMAIL_PORT", default=587, minimum=1),
        "username": env_str("EMAIL_HOST_USER", default=""),
        "password": env_str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=True),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Coprod <no-reply@coprod.invalid>")

# Security headers. HTTPS settings are on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"

# Celery. With no broker, tasks run in-process (the demo); tests that prove
# durability start a real worker against Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL.startswith("memory://")
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# Longer than any task and any countdown, or Redis hands a second copy to a worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues work must not hang while Redis is down: try briefly, then
# leave the work to the sweep that owns it (see coprod/queue.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# How long the dashboard's figures, once worked out for a set of filters, are read
# by the views that follow (dashboard/page_cache.py). 0 works them out on every view.
DASHBOARD_FIGURES_MAX_AGE = env_int("DASHBOARD_FIGURES_MAX_AGE", default=900, minimum=0)
# The read API (/api/v1/, the `api` app): personal tokens only, JSON only, read only.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", default=120, minimum=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.auth.ReadsApi"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerToken"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "OAS_VERSION": "3.1.0",
    "TITLE": "Coprod API",
    "DESCRIPTION": (
        "Read-only figures and records for BI tools such as Power BI and Excel. "
        "Send a personal API token as `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_refusals",
    ],
}

# Periodic tasks are added by the apps that own them; exactly one beat runs them.
# Times are Europe/London; nothing runs from 01:00 to 02:00, when the clocks change.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "emails-sweep": {"task": "outbox.tasks.emails_sweep_task", "schedule": 300.0},
    # Every 30 minutes, so never pinned to the 01:00-02:00 clock-change hour.
    "reviewers-assign": {"task": "dashboard.tasks.reviewers_assign_task", "schedule": 1800.0},
    # Daily at 09:15 London time: reminders arrive in working hours.
    "review-reminders": {
        "task": "dashboard.tasks.review_reminders_task",
        "schedule": crontab(hour=9, minute=15),
    },
    # Peer-review reports for plans that are due: a minute past every hour except
    # 01:00-01:59 Europe/London, the hour that clock changes repeat or skip.
    "reports-schedule": {
        "task": "dashboard.tasks.reports_schedule_task",
        "schedule": crontab(minute="1", hour="0,2-23"),
    },
    # The dashboard's default view and each division's, before their figures go
    # stale (DASHBOARD_FIGURES_MAX_AGE), so most views read stored figures.
    # Every 10 minutes, or sooner when figures are kept for less than 15.
    "dashboard-figures": {
        "task": "dashboard.tasks.figures_refresh_task",
        "schedule": float(max(60, min(600, DASHBOARD_FIGURES_MAX_AGE * 2 // 3))),
    },
    # Reports asked for while Redis was down, or whose worker died mid-build.
    "reports-sweep": {"task": "dashboard.tasks.reports_sweep_task", "schedule": 300.0},
    # Mondays at 10:05 London time: the weekly digest of new opportunities. Again
    # on Tuesdays, to catch up if Monday's run died; the digest's key per person
    # per week makes that a no-op for everyone already sent one.
    "opportunities-digest": {
        "task": "opportunities.digests_send",
        "schedule": crontab(day_of_week="mon,tue", hour=10, minute=5),
    },
    # Imports whose worker died mid-way are marked failed (nothing was saved).
    "imports-stale": {"task": "imports.import_mark_stale", "schedule": 300.0},
    # Daily at 09:20 London time: reminders about actions due soon or overdue
    # arrive in working hours; each is sent once, so a rerun sends nothing.
    "action-reminders": {
        "task": "actions.reminders_send",
        "schedule": crontab(hour=9, minute=20),
    },
    # Nightly at 03:30 London time, after the clock-change hour.
    "retention-apply": {
        "task": "projects.retention_apply",
        "schedule": crontab(hour=3, minute=30),
    },
}
# A report "building" for longer than this lost its worker and is built again.
# Longer than CELERY_TASK_TIME_LIMIT; tests that kill workers set a few seconds.
REPORT_BUILD_LEASE_SECONDS = env_int("REPORT_BUILD_LEASE_SECONDS", default=600, minimum=1)
# The address links in emails start with, as no request is at hand in a worker.
# In production it defaults to the first allowed host over HTTPS.
SITE_URL = env_str(
    "SITE_URL",
    default="http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
).rstrip("/")

# Peer review: days a reviewer has to send their review, and plan owners to answer it.
REVIEW_DUE_DAYS = env_int("REVIEW_DUE_DAYS", default=28, minimum=1)
REVIEW_RESPONSE_DUE_DAYS = env_int("REVIEW_RESPONSE_DUE_DAYS", default=28, minimum=1)
# An action's owner is reminded this many days before it is due, and once it is overdue.
ACTION_DUE_SOON_DAYS = env_int("ACTION_DUE_SOON_DAYS", default=7, minimum=1)
# A ward's environmental assessment (REIS) is due again this many months after the last.
REIS_REASSESSMENT_MONTHS = env_int("REIS_REASSESSMENT_MONTHS", default=6, minimum=1)

# How long each kind of personal record is kept (projects/privacy/retention.py; the
# privacy notice tells people the same). Records past their period are anonymised or
# deleted by the nightly job above.
# Register entries not involved for this long are anonymised: payments are financial
# records, which HMRC and the NHS Records Management Code of Practice keep for six years.
RETENTION_REGISTER_YEARS = env_int("RETENTION_REGISTER_YEARS", default=6, minimum=1)
# Closed accounts with no register entry: their names stay in audit trails for as long as
# the records those trails explain.
RETENTION_CLOSED_ACCOUNT_YEARS = env_int("RETENTION_CLOSED_ACCOUNT_YEARS", default=6, minimum=1)
# Comments on the principles and reasons for confirming or contesting a rung: read while the
# work is fresh and at the next peer reviews; after that the scores carry the trend, and
# words from a small team can point to who wrote them.
RETENTION_FEEDBACK_TEXT_YEARS = env_int("RETENTION_FEEDBACK_TEXT_YEARS", default=2, minimum=1)
# Sign-in records (addresses, browsers, failed attempts): long enough to look into misuse
# found late (NCSC suggests keeping security logs for about six months).
RETENTION_SIGN_IN_LOG_DAYS = env_int("RETENTION_SIGN_IN_LOG_DAYS", default=180, minimum=30)
# Who looked at a person's record: NHS complaints are usually made within 12 months, so
# two years answers "who has seen my record?" for any complaint in time.
RETENTION_RECORD_VIEW_DAYS = env_int("RETENTION_RECORD_VIEW_DAYS", default=730, minimum=90)

LOG_LEVEL = env_str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # key=value lines; messages carry ids, never names, emails or free text.
        "structured": {
            "format": "time=%(asctime)s level=%(levelname)s logger=%(name)s message=%(message)s",
        },
    },
    "filters": {"no_personal_data": {"()": "coprod.logging.RedactPersonalData"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "structured",
            "filters": ["no_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

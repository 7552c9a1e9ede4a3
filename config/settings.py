"""CSP Hub settings, read from environment variables (see README, "Configuration").

Development is the default so that a fresh clone runs on SQLite with no set-up; production
differs only by environment: CSPHUB_ENV=production, a real SECRET_KEY, ALLOWED_HOSTS, and
usually DATABASE_URL and EMAIL_URL.
"""

import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_choice, env_int, env_list, env_pair, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

CSPHUB_ENV = env_choice("CSPHUB_ENV", "development", {"development", "production"})
PRODUCTION = CSPHUB_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY") or ("" if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50+ characters")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Where crime data (Parquet store, uploads) lives; created on first use.
CSPHUB_DATA_DIR = Path(env_str("CSPHUB_DATA_DIR") or BASE_DIR / "var" / "data")

# The public address, for links made without a request (e-mails, documents, tasks); pages and
# feeds use the address of the request. In production it must be https://; unset, it is the
# first named host in ALLOWED_HOSTS, and with none it is refused.
SITE_URL = (env_str("SITE_URL") or "").strip().rstrip("/")
if not SITE_URL:
    _named_hosts = [h for h in ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")]
    if PRODUCTION and not _named_hosts:
        raise ImproperlyConfigured(
            "SITE_URL must be set in production to the public address, "
            "such as https://csphub.example.org"
        )
    SITE_URL = f"https://{_named_hosts[0]}" if PRODUCTION else "http://127.0.0.1:8000"
if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", SITE_URL) or (
    PRODUCTION and not SITE_URL.startswith("https://")
):
    raise ImproperlyConfigured(
        f"SITE_URL must be an address such as https://csphub.example.org"
        f"{' (https in production)' if PRODUCTION else ''}, not {SITE_URL!r}"
    )

LOCAL_APPS = [
    "core",
    "accounts",
    "documents",
    "partnership",
    "meetings",
    "actions",
    "crime",
    "assessments",
    "evidence",
    "plan",
    "funding",
    "engagement",
    "minutes_import",
    "reports",
    "search",
    "alerts",
    "api",
    "publishing",
    "home",
    "demo",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "simple_history",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    *LOCAL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.csp",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
]

TEMPLATES = [
    {
        # Our pages: Jinja2 with the GOV.UK Frontend macros, templates in <app>/jinja2/<app>/.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [*_CONTEXT_PROCESSORS, "core.context_processors.site"],
            "autoescape": True,
        },
    },
    {
        # Django admin and password-reset e-mail bodies keep Django's own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _CONTEXT_PROCESSORS},
    },
]

# Persistent connections in production: each gunicorn thread keeps one open (checked before
# reuse), so web connections are WEB_CONCURRENCY x WEB_THREADS however many users there are
# (README, "Connections"). Development's runserver starts a thread per request: close each.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
# PostgreSQL's extras (search lookups, types) only on PostgreSQL: on SQLite loading them would
# import psycopg into every process for nothing.
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    INSTALLED_APPS.append("django.contrib.postgres")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web process write to one SQLite file without "database locked".
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:start"  # the reader's partnership home page (home/views.py)
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling (django-axes): five failures for one account from one address lock it for
# 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None

# --- accounts (issue 9): throttling per address across usernames, one count per address ---
# Password spraying (one address, many accounts) is refused for AXES_COOLOFF_TIME after this
# many failures from one client address over all usernames (accounts/throttle.py).
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 20)
AXES_USERNAME_CALLABLE = "accounts.throttle.axes_username"
# --- end accounts ---

_email = dj_email_url.parse(env_str("EMAIL_URL") or "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "CSP Hub <noreply@csphub.invalid>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- alerts (issue 14): e-mail alerts (alerts/sending.py, docs/alerts.md) ---
ALERTS_BATCH_SIZE = env_int("ALERTS_BATCH_SIZE", 250)  # e-mails per task and SMTP connection
ALERTS_BOUNCE_LIMIT = env_int("ALERTS_BOUNCE_LIMIT", 3)  # hard bounces in a row: suspended
ALERTS_CONFIRM_DAYS = env_int("ALERTS_CONFIRM_DAYS", 7)  # a confirmation link works this long
ALERTS_RATE_LIMIT = env_int("ALERTS_RATE_LIMIT", 10)  # subscription requests per address...
ALERTS_RATE_WINDOW = timedelta(hours=1)  # ...in this window
# --- end alerts ---

# Background work: Django's tasks framework. The database backend is a real queue worked by
# `manage.py db_worker`; TASKS_BACKEND=immediate runs tasks in-process (tests only).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[env_choice("TASKS_BACKEND", "database", set(_TASK_BACKENDS))],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
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
# Outside production, WhiteNoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG and not PRODUCTION
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security headers. Content-Security-Policy is Django's own (6.0+): scripts need our nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
# Behind a TLS proxy the request reaches us over plain HTTP; the proxy's header says it was
# HTTPS. Trust that header only when told to (a client could send it itself), or when
# PROXY_COUNT says a proxy is there: "HTTP_X_FORWARDED_PROTO,https" is the usual value.
SECURE_PROXY_SSL_HEADER = env_pair(
    "SECURE_PROXY_SSL_HEADER", ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT else None
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs each rendering step and fontTools each font subset at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# `manage.py load_demo` runs these in order: the first creates the partnership and returns it,
# each later one takes it. Apps add their loader here.
DEMO_LOADERS = [
    "partnership.demo.load",
    "meetings.demo.load",
    "actions.demo.load",
    "assessments.demo.load",
    "plan.demo.load",
    "funding.demo.load",
    "engagement.demo.load",
    "reports.demo.load",
]

# Periodic work (core/scheduler.py, `manage.py scheduler`): (name, cron expression in TIME_ZONE,
# dotted path of a django.tasks task, kwargs). The scheduler only enqueues; the worker runs them.
# Day-of-week as names (mon…sun). One line per job: add a job by adding a line, e.g.
#   ("alert-digests-daily", "0 6 * * *", "alerts.tasks.send_digests", {"frequency": "daily"}),
# The monthly police.uk download (about 2 GB) is scheduled in production, or where
# CSPHUB_POLICE_UK_UPDATE is on: a development machine serving the demo fetches nothing unasked.
CSPHUB_POLICE_UK_UPDATE = env_bool("CSPHUB_POLICE_UK_UPDATE", PRODUCTION)
POLICE_UK_JOB: tuple[str, str, str, dict[str, object]] = (
    "police-uk-update",
    "30 5 25 * *",
    "crime.tasks.police_uk_update",
    {},
)
CSPHUB_SCHEDULE = [
    ("action-reminders", "0 7 * * *", "actions.tasks.send_action_reminders", {}),
    *([POLICE_UK_JOB] if CSPHUB_POLICE_UK_UPDATE else []),
    ("compliance-alerts", "0 8 * * mon", "reports.tasks.send_compliance_alerts", {}),
    ("alert-digests-daily", "0 6 * * *", "alerts.tasks.send_digests", {"frequency": "daily"}),
    ("alert-digests-weekly", "30 6 * * mon", "alerts.tasks.send_digests", {"frequency": "weekly"}),
    ("stale-work-sweep", "*/15 * * * *", "assessments.services.sweep_stale_work", {}),
]

# police.uk (crime/police_uk.py): the availability listing is BASE/api/crimes-street-dates and
# each month's archive BASE/data/archive/YYYY-MM.zip. Tests point this at a local server.
CSPHUB_POLICE_UK_URL = (env_str("CSPHUB_POLICE_UK_URL") or "https://data.police.uk").rstrip("/")
CSPHUB_POLICE_UK_TIMEOUT = env_int("CSPHUB_POLICE_UK_TIMEOUT", 60)
"""Seconds a connection or a read may stall before the download is abandoned."""
CSPHUB_POLICE_UK_MAX_BYTES = env_int("CSPHUB_POLICE_UK_MAX_BYTES", 8 << 30)
"""The largest archive downloaded (8 GB; police.uk's monthly archive is about 2 GB)."""
# The open-data API (api app, docs/api.md): Django REST framework, read-only, JSON and CSV.
# Rates are "<requests>/<second|minute|hour|day>", per token (or signed-in user) and per
# client address for the anonymous.
API_RATES = {
    "anonymous": env_str("API_RATE_ANONYMOUS") or "60/minute",
    "token": env_str("API_RATE_TOKEN") or "600/minute",
}
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CSP Hub open data",
    "DESCRIPTION": (
        "Read-only open data from a Community Safety Partnership's record: meetings, minutes, "
        "actions, decisions, the plan, funding decisions, engagement and crime counts. Public "
        "records need no key; partners-only records need a personal API token."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The CSV downloads share their collection's fields; the document describes the JSON.
    "PREPROCESSING_HOOKS": ["api.docs.json_endpoints_only"],
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
}
# Partner evidence (evidence app): counts from 1 to this number less one are shown to the public
# as "fewer than N", with complementary cells withheld; partners see the true figures. 0 = off.
EVIDENCE_SUPPRESS_BELOW = env_int("EVIDENCE_SUPPRESS_BELOW", 5)

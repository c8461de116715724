"""Django settings, read from the environment (see ``kuska.config.env.SETTINGS`` and the README).

Safe by default: ``KUSKA_DEBUG`` is off unless set, and then Kuska refuses to start without its three keys in the
environment. ``make demo`` / ``kuska demo`` and the tests turn it on: SQLite in ``var/kuska.sqlite3`` (WAL mode) and
development keys generated into ``var/``. Production sets ``DATABASE_URL`` and the three keys.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO

from kuska.config.env import env_bool, env_int, env_list, env_str, var_dir
from kuska.config.keys import load_keys
from kuska.files import make_private, private_folder
from kuska.i18n import DECLARED, offered_languages
from kuska.intake.limits import Limits

django_stubs_ext.monkeypatch()

VAR_DIR = var_dir()
DEBUG = env_bool("KUSKA_DEBUG", default=False)
KEYS = load_keys(debug=DEBUG, folder=VAR_DIR)
SECRET_KEY = KEYS.secret_key
ALLOWED_HOSTS = env_list("KUSKA_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
KUSKA_PROFILE = env_str("KUSKA_PROFILE", "peru")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kuska.registry",
    "kuska.accounts",
    "kuska.audit",
    "kuska.intake",
    "kuska.linkage",
    "kuska.care",
    "kuska.screening",
    "django_tasks",
    "django_tasks_db",
    "kuska.jobs",
    "kuska.web",
    "kuska.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # before anything reads a body: an oversized request is refused from its declared length
    "kuska.api.limits.DeclaredSizeMiddleware",
    "kuska.api.throttling.FailedAuthenticationMiddleware",
    "kuska.web.security.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kuska.web.security.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last: it turns the lockout of an account into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kuska.urls"
WSGI_APPLICATION = "kuska.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kuska.web.context.languages",
                "kuska.web.context.translation_notice",
                "kuska.web.menu.menu",
            ],
        },
    },
]

SQLITE_DEFAULT = f"sqlite:///{VAR_DIR / 'kuska.sqlite3'}"


def database(url: str) -> dict[str, Any]:
    """The Django database settings for a URL; SQLite gets WAL mode and immediate write transactions."""
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # a 64 MB page cache: index pages stay in memory through large imports
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; "
                "PRAGMA cache_size=-65536;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
        config.setdefault("TEST", {})
    return config


DATABASES = {"default": database(env_str("DATABASE_URL", SQLITE_DEFAULT))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    private_folder(VAR_DIR)
    if str(DATABASES["default"]["NAME"]) not in ("", ":memory:"):
        # created 0600 before SQLite opens it: its -wal and -shm files then take the same mode
        make_private(Path(DATABASES["default"]["NAME"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# People sign in as themselves, by e-mail (kuska.accounts, docs/access.md); passwords of 12 characters or more.
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "display_name"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Spanish by default; every declared language that has a catalogue is offered (kuska.i18n, docs/translation.md).
# Django has no built-in information for Quechua and Aymara: it is declared here.
LANG_INFO.update({code: info for code, info in DECLARED.items() if code not in LANG_INFO})
LANGUAGE_CODE = "es"
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
LANGUAGES = offered_languages(LOCALE_PATHS[0])
TIME_ZONE = env_str("KUSKA_TIME_ZONE", "America/Lima")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# Web security (docs/access.md, "Authentication"). Behind a proxy that ends TLS, KUSKA_BEHIND_PROXY=true trusts its
# X-Forwarded-Proto header (and only then), so the HTTPS redirect does not loop.
SECURE_SSL_REDIRECT = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env_bool("KUSKA_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# A session ends after 30 minutes without a request: every request pushes the end 30 minutes further.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
# Pages load nothing from elsewhere and run no inline script or style.
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Browser features no page of Kuska uses, refused to every page (kuska.web.security).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)

# Signing in: an e-mail and a password, then a code from an authenticator app for the roles that must give one
# (kuska.accounts.second_factor). Five failed attempts lock the account for 30 minutes (django-axes); the lockout
# counts live in the cache, so no table keeps the addresses people typed.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "kuska.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_LOCKOUT_CALLABLE = "kuska.web.auth.locked_out"
AXES_USERNAME_CALLABLE = "kuska.web.auth.typed_email"
AXES_CLIENT_STR_CALLABLE = "kuska.web.auth.client_description"
AXES_SENSITIVE_PARAMETERS = ["username", "password"]
# The authenticators are Kuska's own django-otp devices (kuska.accounts.models.Authenticator, keys encrypted at
# rest); they read django-otp's TOTP settings.
OTP_TOTP_ISSUER = "Kuska"

# The cache holds lockout counts and request rates: in the process's memory unless KUSKA_CACHE_URL names a Redis
# server (redis://..., needs the redis package), which several processes then share.
CACHE_URL = env_str("KUSKA_CACHE_URL")
# Care alerts are e-mailed (kuska.care.alerts): printed on the console in development, else through the SMTP
# server on this machine (a relay the deployment configures) unless KUSKA_EMAIL_BACKEND names another backend.
EMAIL_BACKEND = env_str(
    "KUSKA_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("KUSKA_EMAIL_FROM", "kuska@localhost")
# Background jobs (kuska.jobs): queued in the database, run by `kuska worker` or by the worker `kuska serve` starts.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES: dict[str, Any] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kuska"}
    )
}
SILENCED_SYSTEM_CHECKS = [
    # the lockout is per account, as documented: counting per address as well would lock out a whole office
    # behind one address after five mistakes of any of its people
    "axes.W006",
]
if not CACHE_URL:
    # the process's memory is shared by the threads of `kuska serve`'s one process; several processes share
    # counts only through Redis (KUSKA_CACHE_URL)
    SILENCED_SYSTEM_CHECKS.append("axes.W001")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "kuska": {"handlers": ["console"], "level": env_str("KUSKA_LOG_LEVEL", "INFO")},
        # Django's messages (a request that failed: "Not Found: /x") once, in this format, in debug and production
        # alike: Django's own handler speaks only in debug, and propagating would repeat them through the root
        # handler the server (waitress) installs
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# The API (kuska.api, docs/api.md): a user's token authenticates, each endpoint names the permission it needs
# (nothing is allowed by default), errors come in Spanish and English, the schema is OpenAPI 3.
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["kuska.api.auth.UserTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.MultiPartParser"],
    "EXCEPTION_HANDLER": "kuska.api.errors.exception_handler",
    # every caller's requests, counted per token (kuska.api.throttling); failed tokens are limited per address
    "DEFAULT_THROTTLE_CLASSES": ["kuska.api.throttling.CallerRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"caller": "600/minute"},
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "multipart",
}
# The published schema (/api/v1/schema/) and its page (/api/v1/docs/, Redoc served from the vendored files).
SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Kuska API",
    "DESCRIPTION": "Agencies submit their records and read back their batches and rejected rows (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "REDOC_DIST": "SIDECAR",
}
# What a submitted file must stay within before it is read (kuska.intake.limits, docs/intake.md "Limits").
INTAKE_LIMITS = Limits(
    workbook_bytes=env_int("KUSKA_INTAKE_MAX_WORKBOOK_BYTES", Limits.workbook_bytes),
    compression=env_int("KUSKA_INTAKE_MAX_COMPRESSION", Limits.compression),
    shared_strings_bytes=env_int("KUSKA_INTAKE_MAX_SHARED_STRINGS", Limits.shared_strings_bytes),
    header_length=env_int("KUSKA_INTAKE_MAX_HEADER_LENGTH", Limits.header_length),
    line_length=env_int("KUSKA_INTAKE_MAX_LINE_LENGTH", Limits.line_length),
    columns=env_int("KUSKA_INTAKE_MAX_COLUMNS", Limits.columns),
)
# Uploads are written under FILE_UPLOAD_TEMP_DIR, in a folder of each process (kuska.api.uploads).
FILE_UPLOAD_TEMP_DIR = str(private_folder(VAR_DIR / "uploads"))
# The reports written from the pages (/reports/), and listed there with those `make demo` writes (docs/report.md).
REPORTS_DIR = VAR_DIR / "reports"
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "kuska.api.uploads.PrivateUploadHandler",
]
# How long an API token works after it is issued, in days (kuska.accounts.tokens, docs/api.md).
API_TOKEN_DAYS = env_int("KUSKA_API_TOKEN_DAYS", 90)
# The largest request accepted, in bytes: a larger declared length is answered 413 before the body is read
# (kuska.api.limits), as is a larger submission to POST /api/v1/submissions/.
API_MAX_UPLOAD_BYTES = 100 * 1024 * 1024
# Requests with a refused token from one address: past this many within the window, 429 until the window ends.
API_AUTH_FAILURE_LIMIT = 20
API_AUTH_FAILURE_WINDOW = timedelta(minutes=10)

"""Django settings, read from the environment (see ``kuska.config.env.SETTINGS`` and the README).

A fresh clone runs with no configuration: SQLite in ``var/kuska.sqlite3`` (WAL mode) and development keys
generated into ``var/``. Production sets ``DATABASE_URL``, the three keys and ``KUSKA_DEBUG=false``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.conf.locale import LANG_INFO

from kuska.config.env import env_bool, env_int, env_list, env_str, var_dir
from kuska.config.keys import load_keys
from kuska.files import make_private, private_folder
from kuska.i18n import DECLARED, offered_languages
from kuska.intake.limits import Limits

django_stubs_ext.monkeypatch()

VAR_DIR = var_dir()
DEBUG = env_bool("KUSKA_DEBUG", default=True)
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
    "rest_framework",
    "kuska.registry",
    "kuska.accounts",
    "kuska.audit",
    "kuska.intake",
    "kuska.linkage",
    "kuska.web",
    "kuska.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"kuska": {"handlers": ["console"], "level": env_str("KUSKA_LOG_LEVEL", "INFO")}},
}

# The API (kuska.api, docs/api.md): an agency's token authenticates, errors come in Spanish and English.
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["kuska.api.auth.AgencyTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["kuska.api.auth.IsAgency"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.MultiPartParser"],
    "EXCEPTION_HANDLER": "kuska.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "multipart",
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
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "kuska.api.uploads.PrivateUploadHandler",
]
# The largest submission accepted by POST /api/v1/submissions/, in bytes (larger ones are answered 413).
API_MAX_UPLOAD_BYTES = 100 * 1024 * 1024

"""Settings for childrens_services, read from the environment (see README, "Configuration").

Development is the default: with nothing set the app runs on an SQLite file under ``var/``
with ``DEBUG`` on. Production is ``DEBUG=false``: then ``SECRET_KEY`` and ``ALLOWED_HOSTS`` are
required and every secure-cookie/HSTS setting is on, so ``manage.py check --deploy`` is silent.
"""

from __future__ import annotations

from pathlib import Path

from childrens_services.env import (
    SettingError,
    cache_from_url,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise SettingError(
            "SECRET_KEY is not set; production (DEBUG=false) needs a random value of 50+ "
            "characters, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise SettingError(
        "ALLOWED_HOSTS is not set; production needs e.g. ALLOWED_HOSTS=cs.example.gov.uk."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_filters",
    "django_tables2",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "childrens_services",
    "governance",
    "mandates",
    "savings",
    "commissioning",
    "benchmarks",
    "scrutiny",
    "decisions",
    "dashboards",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Slides the inactivity sign-out at most once a minute (not a write per request).
    "childrens_services.sessions.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The figures cache's data generations read once a request, not once a figure.
    "childrens_services.caching.GenerationsReadOnce",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into a clear refusal.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "childrens_services.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "childrens_services.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "childrens_services.wsgi.application"

_database_url = env_str("DATABASE_URL")
if _database_url is None:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database_url = f"sqlite:///{VAR_DIR / 'childrens_services.sqlite3'}"
DATABASES = {"default": database_from_url(_database_url)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Passwords; no permission of its own (the rule set is the one source of permissions).
    "childrens_services.signin.PasswordBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"

# Dashboard figures are cached until a record changes (``childrens_services.caching`` keys them
# on a generation number kept in the database, so every server sees a change at once). With
# ``CACHE_URL`` (redis://host:6379/0) every server shares one Redis, so what one server drew the
# others serve; unset, each process keeps its own in memory. See docs/deployment.md, "Cache".
CACHES = {
    "default": cache_from_url(env_str("CACHE_URL"), env_str("CACHE_KEY_PREFIX", "cs"), BASE_DIR),
    # Laid-out PDFs by a hash of what shapes them (``governance.reports.pdf.html_to_pdf``):
    # files, so every process and server process on the machine shares them.
    "pdfs": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "pdfs"),
        "TIMEOUT": 30 * 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 15 * 60)
# Figures and parts each app process keeps in memory besides the shared cache
# (``caching._InProcess``): a repeated page or an all-authorities page after an edit elsewhere
# then unpickles nothing it read before.
FIGURES_KEPT_IN_PROCESS = env_int("FIGURES_KEPT_IN_PROCESS", 4096)

# Sessions end after an hour without activity (a council laptop left open), to within a minute:
# ``SessionRefreshMiddleware`` slides the expiry at most once a minute instead of
# ``SESSION_SAVE_EVERY_REQUEST``'s write per request (docs/deployment.md, "Sessions").
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Sign-in throttling (django-axes), built so that a stranger cannot use it to lock anyone out:
# - five failures for one username *from one address* lock that pair for 30 minutes; the same
#   user signing in from anywhere else is not affected, and a success resets the count;
# - SIGN_IN_ADDRESS_FAILURE_LIMIT failures from one address across all usernames (guessing
#   many accounts) lock that address for the same time (``childrens_services.signin``);
# - the address is the client's, not the load balancer's: with TRUSTED_PROXY_COUNT proxies in
#   front, ``wsgi.py`` takes it from X-Forwarded-For (see docs/deployment.md).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HANDLER = "childrens_services.signin.SignInLockoutHandler"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# E-mail (password reset links). Development prints messages on the console; production sets
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the EMAIL_HOST settings.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "childrens-services@localhost")
# The site's address as people reach it, for the links in alert e-mails (sent by the worker,
# which has no request to read a host from); in production, https:// and the first allowed host
# unless set.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0]}")
# A reset link works once, for an hour; one address gets at most one link in that time.
PASSWORD_RESET_TIMEOUT = 60 * 60

# Content Security Policy (django-csp): no inline script anywhere; everything from this origin.
# Inline style attributes are allowed because the Django admin still writes a few.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The audit trail: who changed what and when; officers can read it but not revert through it.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["childrens_services.api.permissions.RulePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "childrens_services.filtersets.RestrictedFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "childrens_services.api.pagination.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "childrens_services.api.exceptions.problem_details_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["childrens_services.api.parsers.BoundedJSONParser"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Children's services API",
    "DESCRIPTION": (
        "Mandates, savings, commissioning and committee records of English councils' "
        "children's services. Writes need If-Match with the record's ETag; errors are "
        "RFC 9457 problem details."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page are for signed-in users (session or token) only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "childrens_services.api.schema.add_problem_responses",
    ],
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Background tasks (django-tasks): agenda packs render on a worker, `manage.py db_worker`,
# which can run on any machine that reaches the database.
INSTALLED_APPS += ["django_tasks", "django_tasks.backends.database"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}

"""Settings for the Caucasus Center site, configured from the environment.

Every variable read here is listed, with its meaning, in README.md.
With nothing set, the site runs in production mode (DEBUG off) and refuses to
start without ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``; the README's
``make serve`` sets ``DJANGO_DEBUG=1`` for local use.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from caucasuscenter.shared.languages import INTERFACE_LANGUAGES

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DEBUG is off (set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must be set when DEBUG is off, e.g. DJANGO_ALLOWED_HOSTS=thecaucasuscenter.org"
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The public address of the site, used in emails and feeds outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Who we are, said once: code reads settings.SITE, templates {{ site.name }} (caucasuscenter.context_processors).
_BRAND, _TAGLINE = "The Caucasus Center", "for Strategic and International Studies"
_NAME = f"{_BRAND} {_TAGLINE}"
SITE = {
    "name": _NAME,  # the organisation's full name, as it signs and is cited
    "name_in_text": _NAME[0].lower() + _NAME[1:],  # inside a sentence: "from the Caucasus Center for …"
    "short_name": "CCSIS",
    # The institutional author whose byline the Center's own pieces carry (articles.Author, by slug).
    "author_slug": "ccsis",
    "brand": _BRAND,  # the masthead, page titles and og:site_name
    "tagline": _TAGLINE,  # under the brand in the masthead
    "brand_in_text": _BRAND[0].lower() + _BRAND[1:],  # "send the Caucasus Center your …"
    "email": "info@thecaucasuscenter.org",
    "description": "Independent analysis of Azerbaijan, Armenia, Georgia, Russia, Iran, Turkey and the wider region.",
}

INSTALLED_APPS = [
    "caucasuscenter.apps.EditorsAdminConfig",  # django.contrib.admin, its login throttled
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "django_prose_editor",
    "taggit",
    "editorial",
    "articles",
    "conferences",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "caucasuscenter.shared.requests.RejectNulInPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "editorial.middleware.RedirectFallbackMiddleware",  # old addresses (slugs, WordPress) answer 301
    "caucasuscenter.shared.pagecache.AnonymousPageCacheMiddleware",  # before sessions: a hit skips the rest
    "django.contrib.sessions.middleware.SessionMiddleware",
    "caucasuscenter.shared.locale.UrlLanguageMiddleware",  # the interface language is the URL's prefix
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "editorial.middleware.DeskMiddleware",  # revisions and audit entries of editors' admin POSTs
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

# BENCHMARK_URLS=1 adds the benchmark's two floor pages (benchmarks/urls.py); never set it in production.
ROOT_URLCONF = "benchmarks.urls" if env_bool("BENCHMARK_URLS") else "caucasuscenter.urls"

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
                "django.template.context_processors.csp",
                "caucasuscenter.context_processors.site",
            ],
            "libraries": {"site": "caucasuscenter.templatetags"},
        },
    },
]

WSGI_APPLICATION = "caucasuscenter.wsgi.application"

# SQLite in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite defaults for a web server: WAL and a busy timeout so that
    # readers never block the writer and concurrent writes wait instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not Django's shared in-memory database: the live server's threads then each
    # open their own connection instead of sharing one, which concurrent browser requests misuse.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "db.sqlite3-test")}
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL: no JIT compilation. The planner compiles any query it thinks costly, and a list's
    # facet counts over 100,000 pieces spent 960 ms of 1,470 compiling (benchmarks/RESULTS.md);
    # a web page's queries run once each, too briefly for compiled code to pay for itself.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL"):
    # Django's psycopg connection pool instead of persistent connections (the two exclude each other).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "4")),
        "timeout": 10,
    }

# The cache: local memory (private to each process) unless REDIS_URL names a Redis server that
# every app server shares. It holds the anonymous page cache and the admin login throttle.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ccsis"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}}
    ),
    # Counters every process must share (caucasuscenter/shared/throttle.py): failed logins, searches.
    "throttles": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ccsis") + ":throttles",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("THROTTLE_CACHE_DIR", "")
            or str(Path(tempfile.gettempdir()) / f"ccsis-throttles-{os.getuid()}"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    ),
}
# Whole pages for anonymous readers (caucasuscenter/shared/pagecache.py); 0 turns it off. Without Redis each
# process has its own cache, so a short lifetime bounds how long another process serves an edited page.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600" if REDIS_URL else "60"))
# Facet counts of list pages, kept for the current content version (articles/filters.py); 0: off.
FACET_CACHE_SECONDS = int(os.environ.get("FACET_CACHE_SECONDS", "600" if REDIS_URL else "60"))
# How long a list's counts of its settled pieces are kept across content versions (articles/settled.py):
# a day with Redis; without it each process keeps its own, and an edit reaches the others' only as
# they expire, so a minute, as the page cache; 0: off.
SETTLED_COUNTS_SECONDS = int(os.environ.get("SETTLED_COUNTS_SECONDS", "86400" if REDIS_URL else "60"))
# The parts of public pages that depend only on the published content ({% keep %}: a list's cards and
# facets, the home page's sections, an article's text and the pieces around it), kept for the current
# content version (caucasuscenter/shared/fragments.py, articles/views.py); 0: off.
PARTS_CACHE_SECONDS = int(os.environ.get("PARTS_CACHE_SECONDS", "600" if REDIS_URL else "60"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface is British English: dates day-first, in the admin's date fields too (04/12/2026;
# ISO dates are always accepted). The site's own content language is "en" (caucasuscenter.shared.languages).
LANGUAGE_CODE = "en-gb"
# The public interface's languages (caucasuscenter/shared/languages.py): English at /, the others under
# /az/, /ru/, /tr/ (caucasuscenter/urls.py). The admin is English. Our catalogues: locale/<code>/LC_MESSAGES.
LANGUAGES = [(code, name) for code, _tag, name in INTERFACE_LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Baku")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers and crawlers ask for at the root (/favicon.ico), served by whitenoise as they are.
WHITENOISE_ROOT = BASE_DIR / "caucasuscenter" / "site_root"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Uploads go to S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set (credentials from the usual
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the instance role), else to MEDIA_ROOT.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGINS = []
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    DEFAULT_FILE_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH"),
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    MEDIA_ORIGINS = [
        f"https://{AWS_S3_CUSTOM_DOMAIN}"
        if AWS_S3_CUSTOM_DOMAIN
        else AWS_S3_ENDPOINT_URL or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    ]
else:
    DEFAULT_FILE_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded images: what an editor may send (checked before the file is decoded).
IMAGE_UPLOAD_MAX_BYTES = int(os.environ.get("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
IMAGE_UPLOAD_MAX_PIXELS = int(os.environ.get("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000))
IMAGE_MAX_EDGE = 2400  # stored renditions are re-encoded no larger than this

# Old addresses that name a piece by a number in their query (WordPress's /?p=123) are looked up
# before the page they point at answers (editorial.middleware.RedirectFallbackMiddleware).
REDIRECT_QUERY_KEYS = ["p", "page_id"]

# The WordPress import (articles/wordpress/): the largest export it reads, and where the admin keeps an
# uploaded export between its dry run and the editor's confirmation (a folder every app server shares).
WORDPRESS_IMPORT_MAX_BYTES = int(os.environ.get("WORDPRESS_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
WORDPRESS_IMPORT_DIR = Path(
    os.environ.get("WORDPRESS_IMPORT_DIR", "") or Path(tempfile.gettempdir()) / "ccsis-wordpress"
)

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Email (Django 6.1 MAILERS): SMTP when EMAIL_HOST is set; else EMAIL_BACKEND (with EMAIL_FILE_PATH for the
# file backend); else printed to the console. A setting that cannot send makes send_emails refuse to start.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
if EMAIL_HOST:
    _use_ssl = env_bool("EMAIL_USE_SSL", default=False)
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_HOST,
            "port": int(os.environ.get("EMAIL_PORT", "465" if _use_ssl else "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", default=not _use_ssl),
            "use_ssl": _use_ssl,
            "timeout": float(os.environ.get("EMAIL_TIMEOUT", "10")),
        },
    }
else:
    _mailer = {"BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
    if _mailer["BACKEND"] == EMAIL_FILE_BACKEND and os.environ.get("EMAIL_FILE_PATH"):
        _mailer["OPTIONS"] = {"file_path": os.environ["EMAIL_FILE_PATH"]}
MAILERS = {"default": _mailer}
del EMAIL_HOST, EMAIL_FILE_BACKEND, _mailer  # configured through MAILERS only
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SITE['brand']} <{SITE['email']}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EDITORS_EMAIL = env_list("EDITORS_EMAIL", SITE["email"])

# Public submissions (conference abstracts, letters of interest, simulations): at most
# SUBMISSION_RATE_LIMIT stored submissions of one kind from one address (IPv6: one /64)
# per SUBMISSION_RATE_WINDOW seconds; more are refused with "try again later", the form kept.
SUBMISSION_RATE_LIMIT = int(os.environ.get("SUBMISSION_RATE_LIMIT", "10"))
SUBMISSION_RATE_WINDOW = int(os.environ.get("SUBMISSION_RATE_WINDOW", "3600"))
# Whoever sends them, a call (or a series) takes at most this many submissions of each kind in an
# hour and in a day (conferences/caps.py); beyond, 429 and one email to the editors.
SUBMISSION_CAP_HOURLY = int(os.environ.get("SUBMISSION_CAP_HOURLY", "200"))
SUBMISSION_CAP_DAILY = int(os.environ.get("SUBMISSION_CAP_DAILY", "1000"))
# The files sent with simulations (the only public attachments) take at most this many MB of storage
# together (conferences/caps.py); a file beyond it is refused (507, the rest of the form kept) and the
# editors are told once a day while it lasts.
ATTACHMENT_QUOTA_MB = int(os.environ.get("ATTACHMENT_QUOTA_MB", "2048"))
# How many reverse proxies in front of the site append to X-Forwarded-For (0: use REMOTE_ADDR).
SUBMISSION_RATE_LIMIT_PROXIES = int(os.environ.get("SUBMISSION_RATE_LIMIT_PROXIES", "0"))

# The admin is where editors log in; a missing or unsafe ?next= (another host) lands on its index.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Failed admin logins: at most this many per address and username, and per address, in the window
# (seconds) from the first failure; then refused until the window ends (caucasuscenter/admin_site.py).
ADMIN_LOGIN_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
ADMIN_LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT_PER_ADDRESS", "20"))
ADMIN_LOGIN_FAILURE_WINDOW = int(os.environ.get("ADMIN_LOGIN_FAILURE_WINDOW", "900"))
# Searches that reach the database (a cached results page does not count), per address and minute:
# beyond it, 429 with Retry-After, so a flood of random queries cannot starve the other pages.
SEARCH_RATE_LIMIT = int(os.environ.get("SEARCH_RATE_LIMIT", "30"))
SEARCH_RATE_WINDOW = int(os.environ.get("SEARCH_RATE_WINDOW", "60"))
# The share of PostgreSQL that searches may take (articles/search/budget.py): searches at once across
# every process (beyond it, "busy", 503), and the longest a search's statement may run.
SEARCH_CONCURRENCY = int(os.environ.get("SEARCH_CONCURRENCY", "2"))
SEARCH_STATEMENT_TIMEOUT_MS = int(os.environ.get("SEARCH_STATEMENT_TIMEOUT_MS", "3000"))

# Security: secure by default outside DEBUG.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # the full address to our own pages, nothing to other sites
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (Django's own middleware): our templates have no inline script or style;
# the admin's inline import map (the rich-text editor's) carries the nonce. The one inline style
# allowed, by its hash, is the base stylesheet Tiptap (the editor inside django-prose-editor 0.28)
# injects as <style data-tiptap-style> with no way to give it a nonce; if an upgrade changes it,
# tests/e2e/test_content_security_policy.py fails.
TIPTAP_BASE_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, TIPTAP_BASE_STYLE_HASH],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

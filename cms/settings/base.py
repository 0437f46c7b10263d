"""Settings shared by every runtime. Everything that differs per machine comes from the
environment (see README, "Configuration"); nothing here is a secret."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CMS_DIR = BASE_DIR / "cms"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps, in layer order (imports flow cms <- learning_centers <- citizen_profiles
    # <- courses; search reads from all of them).
    "cms",
    "learning_centers",
    "citizen_profiles",
    "citizen_profiles.groups",
    "citizen_profiles.skills",
    "citizen_profiles.titles",
    "citizen_profiles.statistics",
    "courses",
    "search",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.page_cache.AnonymousPageCacheMiddleware",  # early: a hit skips the rest
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [CMS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# DATABASE_URL selects PostgreSQL in production and CI; the embedded default is a SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a management command share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Statistics read from a PostgreSQL replica when one is given (citizen_profiles/statistics/
# router.py): only the statistics' reads go there, never writes or a user's own reads.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["citizen_profiles.statistics.router.StatisticsReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cms.User"
AUTHENTICATION_BACKENDS = ["cms.auth_backends.EmailOrPhoneBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/tai-khoan/dang-nhap/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [CMS_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cms.formats"]
# Admin date pickers show and read day/month/year (cms/date_widgets.py); each of these must
# be in the languages' *_INPUT_FORMATS (cms/formats), which Wagtail's check verifies.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAIL_I18N_ENABLED = False
# Page addresses in plain ASCII (the editor's slug field folds "Kỹ năng số" to ky-nang-so),
# so shared links never carry percent-encoded diacritics.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [CMS_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Residents' declaration evidence (personal data): outside MEDIA_ROOT and never given a URL;
# served only by citizen_profiles' evidence view after an access check.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
DECLARATION_EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "hoctap",
        # Django's default of 300 entries would be culled by one catalogue's card fragments.
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# Seconds an anonymous page stays in the page cache; publishing invalidates it sooner.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Seconds the route, listing and fragment caches keep an entry (cms/route_cache.py,
# courses/listing.py); publishing and enrollments make entries stale sooner. 0 turns them off.
PAGE_FRAGMENT_CACHE_SECONDS = int(
    os.environ.get("PAGE_FRAGMENT_CACHE_SECONDS", str(PAGE_CACHE_SECONDS))
)

# django-tasks (Wagtail 8 uses it for search indexing and reference updates): run at once
# in the embedded default; production may point TASKS_BACKEND at a database/Redis worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Cổng học tập suốt đời <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Enrollment (docs/enrollment.md): residents' notification channels (dotted classes) and the
# minutes a session's QR check-in code stays valid before the start and after the end.
NOTIFICATION_CHANNELS = env_list("NOTIFICATION_CHANNELS", "courses.notifications.EmailChannel")
ATTENDANCE_QR_GRACE_MINUTES = int(os.environ.get("ATTENDANCE_QR_GRACE_MINUTES", "15"))

# Open Badges 3.0 (citizen_profiles/titles/badges.py): the issuer's Ed25519 private key as a
# PEM. Unset in development: a key is generated on first use in OPEN_BADGES_KEY_FILE
# (outside the repository); production must set it.
OPEN_BADGES_SIGNING_KEY = os.environ.get("OPEN_BADGES_SIGNING_KEY", "")
OPEN_BADGES_KEY_FILE = os.environ.get("OPEN_BADGES_KEY_FILE", "")
OPEN_BADGES_ISSUER_NAME = os.environ.get(
    "OPEN_BADGES_ISSUER_NAME", "Hội Khuyến học thành phố Hà Nội"
)

WAGTAIL_SITE_NAME = "Cổng học tập suốt đời Hà Nội"
# The public address (no trailing slash): canonical links and og:url use it when set,
# otherwise the request's own host (never the Site record's placeholder hostname).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL or "http://127.0.0.1:8000"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_PASSWORD_RESET_ENABLED = True
TAGGIT_CASE_INSENSITIVE = True

# Search: Wagtail's database backend by default; Elasticsearch 9 when ELASTICSEARCH_URL is
# set. Views never look at which one is active (see search/backends.py).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "hoctap")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX_PREFIX}_wagtail_",
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

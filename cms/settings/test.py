"""Test settings: SQLite by default, PostgreSQL when DATABASE_URL is set (as in .ci/run)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The caches outlive each test's database rollback, so they are off in the suite; the tests
# of each cache (tests/courses/test_page_cache.py, test_listing_cache.py,
# tests/cms/test_route_cache.py) switch it on.
PAGE_CACHE_SECONDS = 0
# Declaration evidence goes to a throw-away folder (tests/conftest.py gives each test its own).
PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "hoctap-test-private-media"
PAGE_FRAGMENT_CACHE_SECONDS = 0
STATISTICS_CACHE_SECONDS = 0

# A replica alias that mirrors the test database, so the statistics router is tested against a
# second connection (tests/citizen_profiles/statistics/test_replica_router.py turns it on).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
STATISTICS_READ_REPLICA = False

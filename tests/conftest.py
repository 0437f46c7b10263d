import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and the page cache live in the cache: no test sees another's."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


@pytest.fixture
def home(db):
    from tests.factories.pages import make_home

    return make_home()


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need the real database server: skip them, saying why, on SQLite."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL, as .ci/run does)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)

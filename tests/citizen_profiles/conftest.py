import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: start every test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ward(db):
    from tests.factories.geography import WardFactory

    return WardFactory(name="Phường Ba Đình", name_with_type="Phường Ba Đình")

import pytest


@pytest.fixture
def ward(db):
    from tests.factories.geography import WardFactory

    return WardFactory(name="Phường Ba Đình", name_with_type="Phường Ba Đình")

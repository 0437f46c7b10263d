import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# A fixed Ed25519 test key (never used outside tests).
TEST_KEY_PEM = (
    Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    .private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    .decode()
)


@pytest.fixture(autouse=True)
def _badge_key(settings):
    settings.OPEN_BADGES_SIGNING_KEY = TEST_KEY_PEM


@pytest.fixture
def seeded(db):
    from citizen_profiles.titles.criteria import seed_sets

    seed_sets()


@pytest.fixture
def ward(db):
    from tests.factories.geography import WardFactory

    return WardFactory(name="Phường Ba Đình", name_with_type="Phường Ba Đình")

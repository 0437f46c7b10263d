import pytest
from django.core import mail

from courses import notifications
from courses.notifications import Channel, notify
from tests.factories.enrollment import CitizenFactory

pytestmark = pytest.mark.django_db

SENT: list[tuple[str, str]] = []


class FakeSmsChannel(Channel):
    """What an SMS/Zalo backend looks like: reach residents by phone."""

    name = "sms"

    def address_for(self, citizen):
        return citizen.phone

    def deliver(self, address, subject, body):
        SENT.append((address, subject))


class BrokenChannel(Channel):
    name = "broken"

    def address_for(self, citizen):
        return "x"

    def deliver(self, address, subject, body):
        raise ConnectionError("gateway down")


def test_email_channel_sends_to_account_email(home):
    citizen = CitizenFactory()
    assert notify(citizen, "Tiêu đề", "Nội dung") == ["email"]
    assert mail.outbox[0].to == [citizen.user.email]


def test_citizen_without_account_is_skipped_and_logged(home, caplog):
    citizen = CitizenFactory(user=None, phone="0912345678")
    with caplog.at_level("INFO", logger="courses.notifications"):
        assert notify(citizen, "Tiêu đề", "Nội dung") == []
    assert mail.outbox == [] and "could not be notified" in caplog.text


def test_extra_channel_is_configured_by_setting(home, settings):
    settings.NOTIFICATION_CHANNELS = [
        "courses.notifications.EmailChannel",
        f"{__name__}.FakeSmsChannel",
        f"{__name__}.BrokenChannel",
    ]
    notifications._channel_classes.cache_clear()
    SENT.clear()
    citizen = CitizenFactory(user=None, phone="0912345678")
    assert notify(citizen, "Có chỗ", "…") == ["sms"]  # broken channel logged, not raised
    assert SENT == [("0912345678", "Có chỗ")]

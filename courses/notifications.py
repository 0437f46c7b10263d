"""Notifications to residents through pluggable channels.

`NOTIFICATION_CHANNELS` (a list of dotted class paths) selects the channels; the default is
e-mail through Django's e-mail framework (console backend unless EMAIL_BACKEND says
otherwise). An SMS or Zalo channel is another subclass of `Channel` whose `send` returns
True when it delivered the message; each channel decides whether it can reach a resident.
"""

from __future__ import annotations

import logging
from functools import cache

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_CHANNELS = ["courses.notifications.EmailChannel"]


class Channel:
    """One way to reach a resident. Subclasses implement `address_for` and `deliver`."""

    name = "base"

    def address_for(self, citizen) -> str:
        raise NotImplementedError

    def deliver(self, address: str, subject: str, body: str) -> None:
        raise NotImplementedError

    def send(self, citizen, subject: str, body: str) -> bool:
        address = self.address_for(citizen)
        if not address:
            logger.info("notification skipped: citizen %s has no %s address", citizen.pk, self.name)
            return False
        try:
            self.deliver(address, subject, body)
        except Exception:  # a failing channel must not break enrollment (runs after commit)
            logger.exception("notification via %s to citizen %s failed", self.name, citizen.pk)
            return False
        return True


class EmailChannel(Channel):
    name = "email"

    def address_for(self, citizen) -> str:
        user = getattr(citizen, "user", None)
        return (getattr(user, "email", "") or "") if user else ""

    def deliver(self, address: str, subject: str, body: str) -> None:
        send_mail(subject, body, None, [address], fail_silently=False)


@cache
def _channel_classes(paths: tuple[str, ...]) -> list[type[Channel]]:
    return [import_string(path) for path in paths]


def get_channels() -> list[Channel]:
    paths = tuple(getattr(settings, "NOTIFICATION_CHANNELS", DEFAULT_CHANNELS))
    return [cls() for cls in _channel_classes(paths)]


def notify(citizen, subject: str, body: str) -> list[str]:
    """Send through every configured channel; return the names of channels that delivered.
    Residents no channel can reach (no e-mail, assisted enrollment) are logged and skipped."""
    delivered = [ch.name for ch in get_channels() if ch.send(citizen, subject, body)]
    if not delivered:
        logger.info("citizen %s could not be notified: %s", citizen.pk, subject)
    return delivered

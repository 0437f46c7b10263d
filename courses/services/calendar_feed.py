"""Replacing the address of a resident's private calendar feed (when it was shared or
leaked): every older address stops working at once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from citizen_profiles.models import Citizen

from ..models import CalendarFeedKey
from .common import log_action


@transaction.atomic
def calendar_feed_rotate(*, citizen: Citizen, by=None) -> CalendarFeedKey:
    key, _created = CalendarFeedKey.objects.select_for_update().get_or_create(citizen=citizen)
    key.version += 1
    key.rotated_at = timezone.now()
    key.save(update_fields=["version", "rotated_at"])
    log_action(citizen, "courses.calendar_feed_rotate", by, version=key.version)
    return key

"""Signed QR check-in tokens for course sessions.

A token is an HMAC-signed (django.core.signing, salted) payload of the session id and its
date, so a forged or altered token fails, and a token from before a session was moved to
another day stops working. It is accepted only from the session start minus
`ATTENDANCE_QR_GRACE_MINUTES` to the session end plus the same grace. Reuse by the same
resident is refused by the (session, citizen) unique constraint on Attendance; one token is
shown to the whole class, so use by different residents is the point.
"""

from __future__ import annotations

import datetime

import segno
from django.conf import settings
from django.core import signing
from django.utils import timezone

from .calendar import session_bounds

SALT = "courses.qr.checkin"


class TokenError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "forged" | "expired" | "early"


def grace() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "ATTENDANCE_QR_GRACE_MINUTES", 15)))


def checkin_window(session) -> tuple[datetime.datetime, datetime.datetime]:
    start, end = session_bounds(session)
    return start - grace(), end + grace()


def make_token(session) -> str:
    return signing.dumps({"s": session.pk, "d": session.date.isoformat()}, salt=SALT)


def read_token(token: str, *, sessions, now: datetime.datetime | None = None):
    """Return the session a token opens now, or raise TokenError."""
    try:
        payload = signing.loads(token, salt=SALT)
        session_id, day = int(payload["s"]), str(payload["d"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise TokenError("forged") from exc
    session = sessions.filter(pk=session_id).select_related("course").first()
    if session is None or session.date.isoformat() != day:
        raise TokenError("expired")
    opens, closes = checkin_window(session)
    now = now or timezone.now()
    if now < opens:
        raise TokenError("early")
    if now > closes:
        raise TokenError("expired")
    return session


def qr_svg(url: str) -> str:
    """An inline SVG QR code (server-side, no JavaScript)."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=8, border=2, dark="#000", light="#fff")

"""Writes to residents' accounts and learning records.

Courses call `participation_record` on attendance and completion: it is the one write path
of the participation log. Account creation, claiming a staff-created record, consent and
profile edits each go through one function here, so the views stay thin and every rule
(uniqueness, matching, audit log) lives in one place."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from cms.phone import normalize_vn_mobile
from search.text import fold, nfc

from .models import (
    Citizen,
    Consent,
    DeletionRequest,
    ParticipationRecord,
    new_claim_code,
    normalize_claim_code,
)
from .privacy import PRIVACY_NOTICE_VERSION
from .record.hours import activity_key

_BAD_PHONE = gettext_lazy("Số điện thoại di động không hợp lệ (ví dụ 0912345678).")


def _normalized_phone(phone: str | None) -> str | None:
    """The phone in its stored form, None when not given; a bad one refuses the whole write."""
    phone_n = normalize_vn_mobile(phone) if phone else None
    if phone and not phone_n:
        raise ValidationError({"phone": _BAD_PHONE})
    return phone_n


def _log_title(citizen: Citizen) -> str:
    # The audit log is read by many staff: identify the record, not the person.
    return f"Người học #{citizen.pk}"


def _clean_name(full_name: str) -> str:
    return " ".join(nfc(full_name).split())


# --- participation log -------------------------------------------------------------------


@transaction.atomic
def participation_record(
    *,
    citizen: Citizen,
    kind: str,
    title: str,
    hours: Decimal,
    date: datetime.date,
    source_type: str,
    source_id: str,
    topics: list[str] | None = None,
    activity: str = "",
) -> ParticipationRecord:
    """Create or update the record for one (citizen, kind, source); idempotent.

    `activity` names what the record is part of ("courses.course:42" for a session's
    attendance); by default the source itself (a completion is its course). The hours rule
    (`citizen_profiles.record.hours`) reads it. Raises ValidationError for negative hours
    or an unknown kind."""
    record, _created = ParticipationRecord.objects.update_or_create(
        citizen=citizen,
        kind=kind,
        source_type=source_type,
        source_id=str(source_id),
        defaults=_participation_values(
            kind=kind,
            title=title,
            hours=hours,
            date=date,
            topics=topics,
            activity=activity or activity_key(source_type, source_id),
        ),
    )
    return record


@transaction.atomic
def participation_record_many(*, records: list[dict]) -> int:
    """Bulk `participation_record` for imports and completion runs: each item holds the
    keyword arguments of the single version; one upsert per 1,000 rows, same idempotency
    per (citizen, kind, source_type, source_id). Validates every item before writing any."""
    objs = [
        ParticipationRecord(
            citizen=item["citizen"],
            kind=item["kind"],
            source_type=item["source_type"],
            source_id=str(item["source_id"]),
            **_participation_values(
                kind=item["kind"],
                title=item["title"],
                hours=item["hours"],
                date=item["date"],
                topics=item.get("topics"),
                activity=item.get("activity")
                or activity_key(item["source_type"], item["source_id"]),
            ),
        )
        for item in records
    ]
    ParticipationRecord.objects.bulk_create(
        objs,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["citizen", "kind", "source_type", "source_id"],
        update_fields=["title", "hours", "date", "topics", "activity"],
    )
    return len(objs)


def _participation_values(
    *, kind: str, title: str, hours, date: datetime.date, topics: list[str] | None, activity: str
) -> dict:
    hours = Decimal(str(hours if hours is not None else 0))
    if hours < 0:
        raise ValidationError({"hours": _("Số giờ học không được âm.")})
    if kind not in ParticipationRecord.Kind.values:
        raise ValidationError({"kind": _("Loại hoạt động không hợp lệ.")})
    return {
        "title": _clean_name(title)[:255],
        "hours": hours,
        "date": date,
        "topics": ", ".join(_clean_name(t) for t in (topics or []) if t)[:255],
        "activity": str(activity)[:120],
    }


@transaction.atomic
def participation_withdraw(*, citizen: Citizen, kind: str, source_type: str, source_id: str) -> int:
    """Remove the record for one source (an attendance changed from present to absent)."""
    deleted, _ = ParticipationRecord.objects.filter(
        citizen=citizen, kind=kind, source_type=source_type, source_id=str(source_id)
    ).delete()
    return deleted


# --- creating residents ------------------------------------------------------------------


def _assign_claim_code(citizen: Citizen) -> None:
    """Give the record a fresh unique claim code (retrying on the rare collision)."""
    for _attempt in range(10):
        code = new_claim_code()
        if Citizen.objects.filter(claim_code=code).exists():
            continue
        try:
            with transaction.atomic():
                Citizen.objects.filter(pk=citizen.pk).update(claim_code=code)
        except IntegrityError:  # pragma: no cover - a concurrent writer took the same code
            continue
        citizen.claim_code = code
        return
    raise RuntimeError("could not allocate a unique claim code")  # pragma: no cover


@transaction.atomic
def citizen_create_assisted(
    *,
    full_name: str,
    birth_year: int | None = None,
    ward=None,
    phone: str = "",
    created_by=None,
    residential_group=None,
    paper_consent: bool = False,
) -> Citizen:
    """Create a resident without an account (assisted enrollment by centre staff). The record
    gets a claim code that staff print or read to the resident, who can claim it later.
    With `paper_consent`, staff record that the resident signed the privacy notice on paper.
    Signature is shared with `courses`: new arguments are keyword-only with defaults."""
    phone = (phone or "").strip()
    staff = created_by if getattr(created_by, "pk", None) else None
    citizen = Citizen.objects.create(
        full_name=_clean_name(full_name),
        birth_year=birth_year,
        ward=ward,
        residential_group=residential_group,
        phone=normalize_vn_mobile(phone) or phone[:10],
        created_by=staff,
    )
    _assign_claim_code(citizen)
    log(
        instance=citizen,
        action="citizen_profiles.register",
        user=staff,
        title=_log_title(citizen),
        data={"assisted": True},
    )
    if paper_consent:
        consent_record(citizen=citizen, recorded_by=staff)
    return citizen


def consent_record(
    *,
    citizen: Citizen,
    notice_version: str = PRIVACY_NOTICE_VERSION,
    purpose: str = Consent.Purpose.LEARNING_RECORD,
    recorded_by=None,
) -> Consent:
    """Record that the resident agreed to the privacy notice `notice_version` for `purpose`."""
    consent = Consent.objects.create(
        citizen=citizen, purpose=purpose, notice_version=notice_version, recorded_by=recorded_by
    )
    log(
        instance=citizen,
        action="citizen_profiles.consent",
        user=recorded_by or citizen.user,
        title=_log_title(citizen),
        data={"purpose": purpose, "notice_version": notice_version},
    )
    return consent


def _check_login_free(*, phone: str | None, email: str | None, exclude_user=None) -> None:
    User = get_user_model()
    users = User.objects.all()
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    errors = {}
    if phone and users.filter(phone=phone).exists():
        errors["phone"] = _(
            "Số điện thoại này đã có tài khoản. Hãy đăng nhập, hoặc dùng “Quên mật khẩu”."
        )
    if email and users.filter(email__iexact=email).exists():
        errors["email"] = _("Email này đã có tài khoản. Hãy đăng nhập, hoặc dùng “Quên mật khẩu”.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def citizen_register(
    *,
    full_name: str,
    birth_year: int,
    ward,
    password: str,
    phone: str = "",
    email: str = "",
    notice_version: str = PRIVACY_NOTICE_VERSION,
    claim_code: str = "",
) -> Citizen:
    """Create a resident's account and their `Citizen` in one transaction, with their consent.

    With `claim_code`, the staff-created record of that code becomes the account's `Citizen`
    (after the same name and birth-year checks as `citizen_claim`). Raises ValidationError
    (keyed by form field) for a used phone/email or a bad claim; then nothing is created."""
    full_name = _clean_name(full_name)
    phone_n = _normalized_phone(phone)
    email_n = (email or "").strip().lower() or None
    if not (phone_n or email_n):
        raise ValidationError(_("Cần ít nhất số điện thoại di động hoặc email."))
    _check_login_free(phone=phone_n, email=email_n)

    User = get_user_model()
    user = User(
        username=phone_n or email_n, phone=phone_n, email=email_n, full_name=full_name[:150]
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Another request took the same phone/email between the check and the insert.
        _check_login_free(phone=phone_n, email=email_n)
        raise ValidationError(_("Số điện thoại hoặc email đã được dùng.")) from None

    if claim_code:
        citizen = _claimable_citizen(code=claim_code, full_name=full_name, birth_year=birth_year)
        citizen.user = user
        citizen.full_name = full_name
        citizen.birth_year = birth_year
        citizen.ward = ward or citizen.ward
        citizen.phone = phone_n or citizen.phone
        citizen.claimed_at = timezone.now()
        citizen.save()
        log(
            instance=citizen,
            action="citizen_profiles.claim",
            user=user,
            title=_log_title(citizen),
            data={"at_sign_up": True},
        )
    else:
        citizen = Citizen.objects.create(
            user=user,
            full_name=full_name,
            birth_year=birth_year,
            ward=ward,
            phone=phone_n or "",
        )
    log(
        instance=citizen,
        action="citizen_profiles.register",
        user=user,
        title=_log_title(citizen),
        data={"assisted": False, "claimed": bool(claim_code)},
    )
    consent_record(citizen=citizen, notice_version=notice_version, recorded_by=user)
    return citizen


# --- claiming a staff-created record -----------------------------------------------------


def _claimable_citizen(*, code: str, full_name: str, birth_year: int | None) -> Citizen:
    """Return the locked, unclaimed record for `code` whose holder matches, or raise."""
    code = normalize_claim_code(code)
    citizen = Citizen.objects.select_for_update().filter(claim_code=code).first() if code else None
    if citizen is None:
        raise ValidationError(
            {"claim_code": _("Mã nhận hồ sơ không đúng. Hãy kiểm tra lại mã cán bộ đã đưa.")}
        )
    if citizen.user_id is not None or citizen.claimed_at is not None:
        raise ValidationError(
            {
                "claim_code": _(
                    "Hồ sơ của mã này đã được nhận vào một tài khoản. Nếu không phải bạn, "
                    "hãy báo cán bộ trung tâm."
                )
            }
        )
    name_ok = fold(full_name) == citizen.normalized
    year_ok = citizen.birth_year is None or citizen.birth_year == birth_year
    if not (name_ok and year_ok):
        raise ValidationError(
            {
                "claim_code": _(
                    "Họ tên hoặc năm sinh không khớp với hồ sơ của mã này. Hãy nhập đúng như "
                    "khi đăng ký với cán bộ trung tâm."
                )
            }
        )
    return citizen


def _move_related_rows(*, source: Citizen, target: Citizen) -> None:
    """Point every row that references `source` at `target`.

    Generic over `Citizen`'s reverse relations, so records of higher layers (enrollments,
    attendance) follow without this layer importing them; the same fact on both records
    (one activity logged twice) is kept once (see `citizen_profiles.merge`)."""
    from .merge import merge_rows

    merge_rows(source=source, target=target)


@transaction.atomic
def citizen_claim(*, user, code: str, full_name: str, birth_year: int | None) -> Citizen:
    """Link the staff-created record of `code` to `user` (who already has an account).

    The holder must give the record's name (compared folded: case and diacritics aside) and
    birth year. The account's own record, if any, is merged into the claimed one (its
    learning log, consents and rows of other apps move over) and removed. Raises
    ValidationError with a message for the `claim_code` field; then nothing changes."""
    target = _claimable_citizen(code=code, full_name=full_name, birth_year=birth_year)
    source = Citizen.objects.select_for_update().filter(user=user).first()
    try:
        with transaction.atomic():
            if source is not None:
                _move_related_rows(source=source, target=target)
                source.user = None
                source.save(update_fields=["user"])
                target.full_name = source.full_name
                target.birth_year = source.birth_year or target.birth_year
                target.ward = source.ward or target.ward
                target.residential_group = source.residential_group or target.residential_group
                target.phone = source.phone or target.phone
            target.user = user
            target.claimed_at = timezone.now()
            target.save()
            if source is not None:
                source.delete()
    except IntegrityError:
        raise ValidationError(
            {
                "claim_code": _(
                    "Không thể tự động gộp hồ sơ này với tài khoản của bạn (có đăng ký trùng). "
                    "Hãy nhờ cán bộ trung tâm hỗ trợ."
                )
            }
        ) from None
    log(
        instance=target,
        action="citizen_profiles.claim",
        user=user,
        title=_log_title(target),
        data={"at_sign_up": False, "merged_record": source.pk if source else None},
    )
    return target


# --- the resident's own profile ----------------------------------------------------------


@transaction.atomic
def citizen_update_profile(
    *,
    citizen: Citizen,
    full_name: str,
    birth_year: int | None,
    ward,
    phone: str = "",
    email: str = "",
) -> Citizen:
    """Update the resident's name, birth year, ward and sign-in phone/email.

    The account must keep at least one way to sign in; a phone or email used by another
    account is refused (ValidationError keyed by field)."""
    user = citizen.user
    phone_n = _normalized_phone(phone)
    email_n = (email or "").strip().lower() or None
    if user is not None:
        if not (phone_n or email_n):
            raise ValidationError(_("Cần giữ ít nhất số điện thoại di động hoặc email."))
        _check_login_free(phone=phone_n, email=email_n, exclude_user=user)
        user.phone = phone_n
        user.email = email_n
        user.full_name = _clean_name(full_name)[:150]
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError(_("Số điện thoại hoặc email đã được dùng.")) from None
    citizen.full_name = full_name
    citizen.birth_year = birth_year
    if citizen.ward_id != getattr(ward, "pk", None):
        citizen.residential_group = None
    citizen.ward = ward
    citizen.phone = phone_n or ""
    citizen.save()
    return citizen


@transaction.atomic
def citizen_request_deletion(*, citizen: Citizen, reason: str = "") -> DeletionRequest:
    """File the resident's request to delete their account and data; staff act on it.
    A second request while one is pending returns the pending one."""
    pending = citizen.deletion_requests.filter(status=DeletionRequest.Status.PENDING).first()
    if pending:
        return pending
    return DeletionRequest.objects.create(
        citizen=citizen, user=citizen.user, reason=nfc(reason).strip()[:2000]
    )

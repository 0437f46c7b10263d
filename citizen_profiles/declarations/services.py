"""The writes of declarations: submit and withdraw (the resident), verify and reject (staff
of the resident's ward). Each runs in one transaction with the declaration (or, to submit,
the resident) locked, writes the audit log, keeps the participation log in step (only a
verified declaration has a record) and calls the `citizen_declaration_status_changed`
hooks, fn(declaration, by), inside the same transaction, so a hook's failure undoes it.

An evidence file is written before its row; when the row is not written the file is
deleted again. (A rollback by a caller further out can leave an orphan file: it has a
random name and no URL, so it is unreachable; see docs/citizen_profiles.md.)"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log

from search.text import fold, nfc

from ..models import Citizen, Declaration, ParticipationRecord
from ..models.declaration import MAX_HOURS_PER_DAY
from ..services import participation_record, participation_withdraw
from .evidence import sniff_evidence
from .selectors import can_review_declaration

SOURCE_TYPE = "citizen_profiles.declaration"
MAX_REASON_LENGTH = 1000


def _log(declaration: Declaration, event: str, by, **data) -> None:
    # Identify the record, not the person: the log is read by many staff.
    log(
        instance=declaration,
        action=f"citizen_profiles.declaration_{event}",
        user=by if getattr(by, "pk", None) else None,
        title=f"Người học #{declaration.citizen_id}",
        data={"declaration": declaration.pk, "status": declaration.status, **data},
    )


def _status_changed(declaration: Declaration, by) -> None:
    for fn in hooks.get_hooks("citizen_declaration_status_changed"):
        fn(declaration, by)


def _clean_text(value: str | None) -> str:
    return " ".join(nfc(value or "").split())


def _clean_hours(hours) -> Decimal:
    try:
        value = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"hours": _("Số giờ phải là một số, ví dụ 2 hoặc 1,5.")}) from None
    if value <= 0:
        raise ValidationError({"hours": _("Số giờ phải lớn hơn 0.")})
    if value > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": _("Một ngày có nhiều nhất 24 giờ.")})
    return value


def _clean_url(url: str | None) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {
                "evidence_url": _(
                    "Đường dẫn minh chứng phải là một địa chỉ web bắt đầu bằng http:// "
                    "hoặc https://."
                )
            }
        ) from None
    if len(url) > 500:
        raise ValidationError({"evidence_url": _("Đường dẫn minh chứng quá dài.")})
    return url


@transaction.atomic
def declaration_submit(
    *,
    citizen: Citizen,
    kind: str,
    title: str,
    date: datetime.date,
    hours,
    provider: str = "",
    evidence_file=None,
    evidence_url: str = "",
    by=None,
) -> Declaration:
    """File a declaration for `citizen`, waiting for staff. Refuses (ValidationError keyed
    by field, nothing written) a date in the future, hours not in (0, 24], more than 24
    hours declared on one day, the same activity (kind, folded title, date) already waiting
    or verified, missing evidence for a kind that needs it, a file that is too big or not
    what its name says, and a link that is not http(s)."""
    errors: dict[str, list] = {}

    def collect(fn, *args):
        try:
            return fn(*args)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
            return None

    if kind not in Declaration.Kind.values:
        errors["kind"] = [_("Hãy chọn loại hoạt động trong danh sách.")]
    title = _clean_text(title)[:255]
    if not title:
        errors["title"] = [_("Hãy nhập tên hoạt động.")]
    if date is None:
        errors["date"] = [_("Hãy nhập ngày học.")]
    elif date > timezone.localdate():
        errors["date"] = [_("Ngày học không được ở tương lai.")]
    hours = collect(_clean_hours, hours)
    evidence_url = collect(_clean_url, evidence_url) or ""
    evidence_type = collect(sniff_evidence, evidence_file) if evidence_file else None
    if (
        kind in Declaration.EVIDENCE_REQUIRED_KINDS
        and not evidence_file
        and not evidence_url
        and "evidence_url" not in errors
    ):
        errors["evidence_file"] = [
            _("Loại hoạt động này cần minh chứng: tải lên một tệp hoặc nhập một đường dẫn.")
        ]
    if errors:
        raise ValidationError(errors)

    # One resident's declarations are checked one at a time: the duplicate and the
    # 24-hours-a-day rules read what is already there.
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()
    normalized = fold(title)[:255]
    same_day = Declaration.objects.active().filter(citizen=citizen, date=date)
    if same_day.filter(kind=kind, normalized_title=normalized).exists():
        raise ValidationError(
            {
                "title": _(
                    "Bạn đã khai báo hoạt động này cho ngày %(date)s rồi (đang chờ xác nhận "
                    "hoặc đã được xác nhận)."
                )
                % {"date": f"{date:%d/%m/%Y}"}
            }
        )
    declared = same_day.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    if declared + hours > MAX_HOURS_PER_DAY:
        raise ValidationError(
            {
                "hours": _(
                    "Ngày %(date)s bạn đã khai báo %(declared)s giờ; thêm %(hours)s giờ sẽ "
                    "vượt quá 24 giờ trong một ngày."
                )
                % {"date": f"{date:%d/%m/%Y}", "declared": declared, "hours": hours}
            }
        )

    declaration = Declaration(
        citizen=citizen,
        kind=kind,
        title=title,
        normalized_title=normalized,
        date=date,
        hours=hours,
        provider=_clean_text(provider)[:255],
        evidence_url=evidence_url,
        evidence_content_type=evidence_type.content_type if evidence_type else "",
    )
    stored_name = ""
    try:
        with transaction.atomic():
            if evidence_file:
                # The stored name takes the extension of what the file is, not of its name.
                declaration.evidence_file.save(
                    f"minh-chung.{evidence_type.extension}", evidence_file, save=False
                )
                stored_name = declaration.evidence_file.name
            declaration.save()
            _log(declaration, "submit", by or citizen.user, kind=kind)
            _status_changed(declaration, by or citizen.user)
    except IntegrityError:
        _delete_file(stored_name)
        raise ValidationError(
            {"title": _("Bạn đã khai báo hoạt động này rồi (đang chờ hoặc đã được xác nhận).")}
        ) from None
    except BaseException:
        _delete_file(stored_name)
        raise
    return declaration


def _delete_file(name: str) -> None:
    if name:
        Declaration._meta.get_field("evidence_file").storage.delete(name)


def _locked(declaration: Declaration) -> Declaration:
    return Declaration.objects.select_for_update().select_related("citizen").get(pk=declaration.pk)


def _withdraw_record(declaration: Declaration) -> None:
    participation_withdraw(
        citizen=declaration.citizen,
        kind=ParticipationRecord.Kind.DECLARED,
        source_type=SOURCE_TYPE,
        source_id=str(declaration.pk),
    )


@transaction.atomic
def declaration_withdraw(*, declaration: Declaration, by) -> Declaration:
    """The resident takes back a waiting or verified declaration; a verified one's
    participation record is removed. Only the declaration's owner may do it."""
    declaration = _locked(declaration)
    if declaration.citizen.user_id is None or declaration.citizen.user_id != getattr(
        by, "pk", None
    ):
        raise PermissionDenied
    if declaration.status not in Declaration.ACTIVE_STATUSES:
        raise ValidationError(_("Khai báo này đã bị từ chối hoặc đã rút, không rút được nữa."))
    was_verified = declaration.status == Declaration.Status.VERIFIED
    declaration.status = Declaration.Status.WITHDRAWN
    declaration.withdrawn_at = timezone.now()
    declaration.save(update_fields=["status", "withdrawn_at"])
    if was_verified:
        _withdraw_record(declaration)
    _log(declaration, "withdraw", by, was_verified=was_verified)
    _status_changed(declaration, by)
    return declaration


def _check_reviewer(declaration: Declaration, by) -> None:
    if not can_review_declaration(by, declaration):
        raise PermissionDenied
    if declaration.citizen.user_id is not None and declaration.citizen.user_id == by.pk:
        raise ValidationError(_("Bạn không thể tự xét duyệt khai báo của chính mình."))


@transaction.atomic
def declaration_verify(*, declaration: Declaration, by) -> Declaration:
    """Staff of the resident's ward confirm a waiting declaration: it now counts, through a
    participation record (kind `declared`, source `citizen_profiles.declaration`). The row
    is locked, so two staff confirming at once confirm it once; the second is told."""
    declaration = _locked(declaration)
    _check_reviewer(declaration, by)
    if declaration.status != Declaration.Status.PENDING:
        raise ValidationError(
            _("Khai báo này đã được xử lý (%(status)s).")
            % {"status": declaration.get_status_display()}
        )
    declaration.status = Declaration.Status.VERIFIED
    declaration.reviewed_by = by
    declaration.reviewed_at = timezone.now()
    declaration.rejection_reason = ""
    declaration.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"])
    participation_record(
        citizen=declaration.citizen,
        kind=ParticipationRecord.Kind.DECLARED,
        title=declaration.title,
        hours=declaration.hours,
        date=declaration.date,
        source_type=SOURCE_TYPE,
        source_id=str(declaration.pk),
    )
    _log(declaration, "verify", by)
    _status_changed(declaration, by)
    return declaration


@transaction.atomic
def declaration_reject(*, declaration: Declaration, by, reason: str) -> Declaration:
    """Staff refuse a waiting declaration, or one they verified by mistake (its record is
    removed), with a reason the resident reads. An empty reason is refused."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Hãy ghi lý do từ chối để người dân biết cần bổ sung gì.")}
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            {"reason": _("Lý do từ chối dài tối đa %(max)s ký tự.") % {"max": MAX_REASON_LENGTH}}
        )
    declaration = _locked(declaration)
    _check_reviewer(declaration, by)
    if declaration.status not in Declaration.ACTIVE_STATUSES:
        raise ValidationError(
            _("Khai báo này đã được xử lý (%(status)s).")
            % {"status": declaration.get_status_display()}
        )
    was_verified = declaration.status == Declaration.Status.VERIFIED
    declaration.status = Declaration.Status.REJECTED
    declaration.reviewed_by = by
    declaration.reviewed_at = timezone.now()
    declaration.rejection_reason = reason
    declaration.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"])
    if was_verified:
        _withdraw_record(declaration)
    _log(declaration, "reject", by, was_verified=was_verified)
    _status_changed(declaration, by)
    return declaration

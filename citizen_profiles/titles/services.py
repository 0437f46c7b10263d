"""Writes for title evaluations: start and recompute, then the yearly workflow

    draft → submitted (self-assessment) → verified (ward staff) → recognised (association)
                    ↖ returned (with a reason) ↙        ↘ rejected (with a reason)
    recognised → revoked (with a reason)

Every step locks the evaluation row (select_for_update) and re-reads its status, so two
people acting at once cannot both move it (two evaluators cannot recognise twice); every
step checks its own permission and the ward scope, and is written to the audit log as
`citizen_titles.<step>`."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import permissions as perms
from .metrics import REGISTRY, score
from .models import (
    SUBJECT_FIELD,
    CriteriaSet,
    Evaluation,
    TitleKind,
    new_verification_code,
    target_group_for,
)
from .scoring import apply_rule
from .selectors import criteria_set_for, subject_ward_id

EDITABLE = (Evaluation.Status.DRAFT, Evaluation.Status.RETURNED)
RECOMPUTABLE = (Evaluation.Status.DRAFT, Evaluation.Status.RETURNED, Evaluation.Status.SUBMITTED)


def check_year(year: int) -> None:
    if year > timezone.localdate().year:
        raise ValidationError(_("Không thể đánh giá năm %(y)s: năm này chưa đến.") % {"y": year})
    if year < 2000:
        raise ValidationError(_("Năm đánh giá không hợp lệ."))


def compute_scores_many(
    criteria_set: CriteriaSet, indicators, subject_ids, *, year: int, existing: dict
) -> dict[int, dict]:
    """New scores for many subjects of one set: each computed indicator from its metric (one
    bulk call per indicator for all `subject_ids`), each scored indicator kept as it was
    (with the metric's value refreshed beside it when it has one)."""
    results = {pk: {} for pk in subject_ids}
    for ind in indicators:
        values = {}
        metric_obj = REGISTRY.get(ind.metric) if ind.metric else None
        if metric_obj is not None:
            values = metric_obj.many(list(subject_ids), year=year, params=ind.params or {})
        for pk in subject_ids:
            old = (existing.get(pk) or {}).get(ind.code) or {}
            if ind.is_computed and metric_obj is not None:
                entry = score(
                    metric_obj,
                    values.get(pk, Decimal("0")),
                    max_points=ind.max_points,
                    params=ind.params or {},
                )
                entry["source"] = "computed"
            else:
                entry = {
                    "points": old.get("points"),
                    "met": old.get("met"),
                    "source": "scored",
                    "evidence": old.get("evidence", ""),
                }
                if metric_obj is not None:
                    entry["value"] = f"{values.get(pk, Decimal('0')).normalize():f}"
            results[pk][ind.code] = entry
    return results


def _apply(evaluation: Evaluation, indicators) -> None:
    outcome = apply_rule(evaluation.criteria_set, indicators, evaluation.scores)
    evaluation.total = outcome.total
    evaluation.passed = outcome.passed
    evaluation.level = outcome.level[:40]


def _indicators(criteria_set: CriteriaSet) -> list:
    return list(criteria_set.ordered_indicators())


def _recompute(evaluation: Evaluation) -> None:
    indicators = _indicators(evaluation.criteria_set)
    evaluation.scores = compute_scores_many(
        evaluation.criteria_set,
        indicators,
        [evaluation.subject_id],
        year=evaluation.year,
        existing={evaluation.subject_id: evaluation.scores},
    )[evaluation.subject_id]
    _apply(evaluation, indicators)
    evaluation.computed_at = timezone.now()


def evaluation_start(*, kind: str, subject, year: int, by=None) -> Evaluation:
    """The subject's evaluation for `year` (created as a draft with the computed indicators
    filled, or the existing one recomputed while it is still open). Refuses a future year."""
    check_year(year)
    if kind not in TitleKind.values:
        raise ValidationError(_("Danh hiệu không hợp lệ."))
    field = SUBJECT_FIELD[kind]
    with transaction.atomic():
        existing = (
            Evaluation.objects.select_for_update()
            .select_related("criteria_set")
            .filter(kind=kind, year=year, **{field: subject})
            .first()
        )
        if existing is not None:
            if existing.status in RECOMPUTABLE:
                _recompute(existing)
                existing.save()
            return existing
        target = target_group_for(subject.occupation) if kind == TitleKind.CITIZEN else ""
        criteria_set = criteria_set_for(kind=kind, year=year, target_group=target)
        if criteria_set is None:
            raise ValidationError(
                _("Chưa có bộ tiêu chí đang dùng cho danh hiệu này trong năm %(y)s.") % {"y": year}
            )
        ward_id = subject_ward_id(kind, subject)
        if ward_id is None:
            raise ValidationError(_("Đối tượng chưa thuộc phường/xã nào."))
        evaluation = Evaluation(
            criteria_set=criteria_set, kind=kind, year=year, ward_id=ward_id, **{field: subject}
        )
        _recompute(evaluation)
        try:
            with transaction.atomic():
                evaluation.save()
        except IntegrityError:
            # Someone else created it in the meantime: theirs stands.
            return Evaluation.objects.get(kind=kind, year=year, **{field: subject})
        log(instance=evaluation, action="citizen_titles.start", user=by, data={"year": year})
        return evaluation


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("criteria_set")
        .get(pk=evaluation.pk)
    )


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied(_("Bạn không có quyền thực hiện bước này."))


def _require_status(ev: Evaluation, allowed) -> None:
    if ev.status not in allowed:
        raise ValidationError(
            _("Không thể thực hiện: lượt đánh giá đang ở trạng thái “%(s)s”.")
            % {"s": ev.get_status_display()}
        )


def _require_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Cần ghi rõ lý do."))
    return reason


def _clean_scores(ev: Evaluation, indicators, entries: dict) -> dict:
    """Validate the self-assessment's scored indicators: points within 0..max, or met yes/no."""
    scores = {code: dict(v) for code, v in (ev.scores or {}).items()}
    errors = []
    for ind in indicators:
        if ind.is_computed or ind.code not in entries:
            continue
        given = entries[ind.code] or {}
        entry = scores.setdefault(ind.code, {"source": "scored"})
        entry["evidence"] = " ".join(str(given.get("evidence") or "").split())[:500]
        if ind.max_points is not None:
            raw = given.get("points")
            if raw in (None, ""):
                entry["points"] = None
                continue
            try:
                points = Decimal(str(raw).replace(",", "."))
            except InvalidOperation:
                errors.append(_("%(c)s: điểm không hợp lệ.") % {"c": ind.code})
                continue
            if points < 0 or points > ind.max_points:
                errors.append(
                    _("%(c)s: điểm phải từ 0 đến %(m)s.")
                    % {"c": ind.code, "m": f"{ind.max_points.normalize():f}"}
                )
                continue
            entry["points"] = f"{points.normalize():f}"
        else:
            entry["met"] = bool(given.get("met"))
    if errors:
        raise ValidationError(errors)
    return scores


def evaluation_submit(*, evaluation: Evaluation, entries: dict, by, on_paper: bool = False):
    """The self-assessment: scored indicators filled by the subject (the resident, the
    household head, the clan's or unit's representative), or by staff from a paper form
    (`on_paper`, needs `submit_evaluation` in the ward)."""
    with transaction.atomic():
        ev = _locked(evaluation)
        if on_paper:
            _require(perms.can_act(by, "submit_evaluation", ev))
        else:
            _require(perms.is_subject_representative(by, ev))
        _require_status(ev, EDITABLE)
        indicators = _indicators(ev.criteria_set)
        ev.scores = _clean_scores(ev, indicators, entries)
        _recompute(ev)
        ev.status = Evaluation.Status.SUBMITTED
        ev.submitted_by, ev.submitted_at, ev.on_paper = by, timezone.now(), on_paper
        ev.reason = ""
        ev.save()
        log(
            instance=ev,
            action="citizen_titles.submit",
            user=by,
            data={"on_paper": on_paper, "total": str(ev.total)},
        )
    return ev


def evaluation_verify(*, evaluation: Evaluation, by) -> Evaluation:
    """Ward staff confirm the submitted self-assessment."""
    with transaction.atomic():
        ev = _locked(evaluation)
        _require(perms.can_act(by, "verify_evaluation", ev))
        _require_status(ev, (Evaluation.Status.SUBMITTED,))
        ev.status = Evaluation.Status.VERIFIED
        ev.verified_by, ev.verified_at = by, timezone.now()
        ev.save()
        log(instance=ev, action="citizen_titles.verify", user=by, data={"total": str(ev.total)})
    return ev


def evaluation_return(*, evaluation: Evaluation, by, reason: str) -> Evaluation:
    """Send a submitted (ward staff) or verified (association) evaluation back for changes."""
    reason = _require_reason(reason)
    with transaction.atomic():
        ev = _locked(evaluation)
        step = (
            "verify_evaluation"
            if ev.status == Evaluation.Status.SUBMITTED
            else "recognise_evaluation"
        )
        _require(perms.can_act(by, step, ev))
        _require_status(ev, (Evaluation.Status.SUBMITTED, Evaluation.Status.VERIFIED))
        ev.status = Evaluation.Status.RETURNED
        ev.reason = reason
        ev.save()
        log(instance=ev, action="citizen_titles.return", user=by, data={"reason": reason})
    return ev


def evaluation_reject(*, evaluation: Evaluation, by, reason: str) -> Evaluation:
    """The association declines to recognise a verified evaluation."""
    reason = _require_reason(reason)
    with transaction.atomic():
        ev = _locked(evaluation)
        _require(perms.can_act(by, "recognise_evaluation", ev))
        _require_status(ev, (Evaluation.Status.VERIFIED,))
        ev.status = Evaluation.Status.REJECTED
        ev.reason = reason
        ev.save()
        log(instance=ev, action="citizen_titles.reject", user=by, data={"reason": reason})
    return ev


def evaluation_recognise(
    *,
    evaluation: Evaluation,
    by,
    decision_number: str,
    decision_date: datetime.date,
    override_reason: str = "",
) -> Evaluation:
    """The association recognises the title with its decision. A subject whose pass rule is
    not met needs an explicit override with a reason. Issues the verification code."""
    decision_number = " ".join((decision_number or "").split())
    with transaction.atomic():
        ev = _locked(evaluation)
        _require(perms.can_act(by, "recognise_evaluation", ev))
        if not decision_number or decision_date is None:
            raise ValidationError(_("Cần số và ngày của quyết định công nhận."))
        if decision_date > timezone.localdate():
            raise ValidationError(_("Ngày quyết định không được ở tương lai."))
        _require_status(ev, (Evaluation.Status.VERIFIED,))
        override_reason = " ".join((override_reason or "").split())
        if not ev.passed and not override_reason:
            raise ValidationError(
                _(
                    "Đối tượng chưa đạt quy tắc công nhận (%(t)s điểm). Muốn vẫn công nhận, "
                    "hãy chọn công nhận ngoại lệ và ghi rõ lý do."
                )
                % {"t": ev.total_display()}
            )
        ev.status = Evaluation.Status.RECOGNISED
        ev.recognised_by, ev.recognised_at = by, timezone.now()
        ev.decision_number, ev.decision_date = decision_number[:60], decision_date
        ev.override_reason = override_reason if not ev.passed else ""
        ev.reason = ""
        ev.verification_code = ev.verification_code or new_verification_code()
        ev.save()
        log(
            instance=ev,
            action="citizen_titles.recognise",
            user=by,
            data={"decision": ev.decision_number, "override": bool(ev.override_reason)},
        )
    return ev


def evaluation_revoke(*, evaluation: Evaluation, by, reason: str) -> Evaluation:
    """Withdraw a recognised title; its certificate then verifies as revoked."""
    reason = _require_reason(reason)
    with transaction.atomic():
        ev = _locked(evaluation)
        _require(perms.can_act(by, "revoke_evaluation", ev))
        _require_status(ev, (Evaluation.Status.RECOGNISED,))
        ev.status = Evaluation.Status.REVOKED
        ev.revoked_at = timezone.now()
        ev.reason = reason
        ev.save()
        log(instance=ev, action="citizen_titles.revoke", user=by, data={"reason": reason})
    return ev


def evaluation_set_name_consent(*, evaluation: Evaluation, by, show_full_name: bool) -> Evaluation:
    """The holder chooses whether the public verification page shows their full name."""
    with transaction.atomic():
        ev = _locked(evaluation)
        _require(perms.is_subject_representative(by, ev))
        ev.show_full_name = bool(show_full_name)
        ev.save(update_fields=["show_full_name", "updated_at"])
        log(
            instance=ev,
            action="citizen_titles.name_consent",
            user=by,
            data={"show_full_name": ev.show_full_name},
        )
    return ev

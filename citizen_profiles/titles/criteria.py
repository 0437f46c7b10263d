"""Criteria sets as data: validation, YAML import/export and versioning.

One format (docs/titles.md) for the seeded sets, the management commands, the admin's YAML
editor and a province's own sets. Everything is validated before anything is written; a set
that evaluations already use is never changed in place: saving it makes the next version
and the old one stays with its evaluations."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from search.text import nfc

from .metrics import REGISTRY
from .models import (
    CriteriaSet,
    Criterion,
    Indicator,
    Provenance,
    TargetGroup,
    TitleKind,
)

SEED_FILE = Path(__file__).parent / "data" / "criteria_sets.yaml"


def _dec(value, where: str, errors: list) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        errors.append(_("%(where)s: “%(v)s” không phải là số.") % {"where": where, "v": value})
        return None
    if result < 0:
        errors.append(_("%(where)s: không được âm.") % {"where": where})
    return result


def _date(value, where: str, errors: list, *, required=False) -> datetime.date | None:
    if value in (None, ""):
        if required:
            errors.append(_("%(where)s: thiếu ngày.") % {"where": where})
        return None
    if isinstance(value, datetime.date):
        return value
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(str(value), fmt).date()
        except ValueError:
            continue
    errors.append(_("%(where)s: ngày “%(v)s” không hợp lệ.") % {"where": where, "v": value})
    return None


def _text(value) -> str:
    return " ".join(nfc(str(value or "")).split())


def validate_set(data: dict) -> dict:
    """Check one set (a dict as in the YAML) and return it cleaned; raise ValidationError
    listing every problem (nothing is written by the caller then)."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ValidationError(_("Mỗi bộ tiêu chí phải là một bảng khóa/giá trị."))
    key = _text(data.get("key"))
    where = key or _("(bộ không có mã)")
    if not key:
        errors.append(_("Bộ tiêu chí thiếu mã (key)."))
    kind = data.get("kind")
    if kind not in TitleKind.values:
        errors.append(_("%(w)s: danh hiệu “%(k)s” không hợp lệ.") % {"w": where, "k": kind})
    target = data.get("target_group") or ""
    if target and (kind != TitleKind.CITIZEN or target not in TargetGroup.values):
        errors.append(_("%(w)s: nhóm đối tượng “%(t)s” không hợp lệ.") % {"w": where, "t": target})
    scoring = data.get("scoring", CriteriaSet.Scoring.POINTS)
    if scoring not in CriteriaSet.Scoring.values:
        errors.append(_("%(w)s: cách đánh giá “%(s)s” không hợp lệ.") % {"w": where, "s": scoring})
    status = data.get("status", CriteriaSet.Status.OFFICIAL)
    if status not in CriteriaSet.Status.values:
        errors.append(_("%(w)s: tình trạng “%(s)s” không hợp lệ.") % {"w": where, "s": status})
    provenance = data.get("provenance", Provenance.READ)
    if provenance not in Provenance.values:
        errors.append(_("%(w)s: nguồn gốc “%(p)s” không hợp lệ.") % {"w": where, "p": provenance})
    rule = data.get("pass_rule") or {}
    clean = {
        "key": key,
        "kind": kind,
        "target_group": target,
        "name": _text(data.get("name")) or key,
        "name_en": _text(data.get("name_en")),
        "effective_from": _date(data.get("effective_from"), where, errors, required=True),
        "effective_to": _date(data.get("effective_to"), where, errors),
        "issuing_document": _text(data.get("issuing_document")),
        "issuer": _text(data.get("issuer")),
        "provenance": provenance,
        "provenance_note": str(data.get("provenance_note") or "").strip(),
        "sources": list(data.get("sources") or []),
        "status": status,
        "scoring": scoring,
        "min_total": _dec(rule.get("min_total"), where, errors),
        "min_per_indicator": _dec(rule.get("min_per_indicator"), where, errors),
        "bands": list(rule.get("bands") or []),
        "pass_rule_text": _text(rule.get("text"))[:255],
        "criteria": [],
    }
    codes = set()
    max_total = Decimal("0")
    smallest_max = None
    for c_index, crit in enumerate(data.get("criteria") or []):
        c_where = f"{where} / {crit.get('code', c_index + 1)}"
        c_clean = {
            "code": _text(crit.get("code")) or str(c_index + 1),
            "name": _text(crit.get("name")),
            "name_en": _text(crit.get("name_en")),
            "max_points": _dec(crit.get("max_points"), c_where, errors),
            "indicators": [],
        }
        if not c_clean["name"]:
            errors.append(_("%(w)s: tiêu chí thiếu tên.") % {"w": c_where})
        c_sum = Decimal("0")
        for i_index, ind in enumerate(crit.get("indicators") or []):
            code = _text(ind.get("code")) or f"{c_clean['code']}.{i_index + 1}"
            i_where = f"{where} / {code}"
            if code in codes:
                errors.append(_("%(w)s: mã chỉ số bị trùng.") % {"w": i_where})
            codes.add(code)
            source = ind.get("source", Indicator.Source.SCORED)
            metric_name = ind.get("metric") or ""
            if source not in Indicator.Source.values:
                errors.append(_("%(w)s: cách lấy kết quả không hợp lệ.") % {"w": i_where})
            if source == Indicator.Source.COMPUTED and not metric_name:
                errors.append(_("%(w)s: chỉ số tính từ hồ sơ cần tên phép đo.") % {"w": i_where})
            if metric_name:
                metric_obj = REGISTRY.get(metric_name)
                if metric_obj is None:
                    errors.append(
                        _("%(w)s: không có phép đo tên “%(m)s”.") % {"w": i_where, "m": metric_name}
                    )
                elif kind in TitleKind.values and metric_obj.kind != kind:
                    errors.append(
                        _("%(w)s: phép đo “%(m)s” không dùng cho danh hiệu này.")
                        % {"w": i_where, "m": metric_name}
                    )
            params = ind.get("params") or {}
            if not isinstance(params, dict):
                errors.append(_("%(w)s: tham số phải là bảng khóa/giá trị.") % {"w": i_where})
                params = {}
            max_points = _dec(ind.get("max_points"), i_where, errors)
            if scoring == CriteriaSet.Scoring.POINTS and max_points is None:
                errors.append(_("%(w)s: bộ chấm điểm cần điểm tối đa.") % {"w": i_where})
            if max_points is not None:
                c_sum += max_points
                max_total += max_points
                smallest_max = max_points if smallest_max is None else min(smallest_max, max_points)
            level = ind.get("level") or 1
            try:
                level = int(level)
            except (TypeError, ValueError):
                errors.append(_("%(w)s: mức không hợp lệ.") % {"w": i_where})
                level = 1
            min_points = _dec(ind.get("min_points"), i_where, errors)
            if min_points is not None and max_points is not None and min_points > max_points:
                errors.append(_("%(w)s: điểm tối thiểu lớn hơn điểm tối đa.") % {"w": i_where})
            i_provenance = ind.get("provenance", Provenance.READ)
            if i_provenance not in Provenance.values:
                errors.append(_("%(w)s: nguồn gốc không hợp lệ.") % {"w": i_where})
            c_clean["indicators"].append(
                {
                    "code": code,
                    "text": _text(ind.get("text")),
                    "text_en": _text(ind.get("text_en")),
                    "max_points": max_points,
                    "min_points": min_points,
                    "required": bool(ind.get("required", False)),
                    "level": level,
                    "source": source,
                    "metric": metric_name,
                    "params": params,
                    "evidence_hint": _text(ind.get("evidence"))[:255],
                    "provenance": i_provenance,
                    "provenance_note": _text(ind.get("provenance_note"))[:255],
                }
            )
            if not c_clean["indicators"][-1]["text"]:
                errors.append(_("%(w)s: chỉ số thiếu nội dung.") % {"w": i_where})
        if (
            c_clean["max_points"] is not None
            and c_clean["indicators"]
            and scoring == CriteriaSet.Scoring.POINTS
            and c_sum != c_clean["max_points"]
        ):
            errors.append(
                _("%(w)s: điểm tối đa %(m)s khác tổng điểm các chỉ số (%(s)s).")
                % {"w": c_where, "m": c_clean["max_points"], "s": c_sum}
            )
        clean["criteria"].append(c_clean)
    if not codes:
        errors.append(_("%(w)s: bộ tiêu chí chưa có chỉ số nào.") % {"w": where})
    if scoring == CriteriaSet.Scoring.POINTS and codes:
        if clean["min_total"] is not None and clean["min_total"] > max_total:
            errors.append(
                _("%(w)s: tổng điểm tối thiểu %(m)s vượt quá tổng điểm tối đa %(t)s.")
                % {"w": where, "m": clean["min_total"], "t": max_total}
            )
        if (
            clean["min_per_indicator"] is not None
            and smallest_max is not None
            and clean["min_per_indicator"] > smallest_max
        ):
            errors.append(
                _("%(w)s: điểm tối thiểu mỗi chỉ số %(m)s vượt quá điểm tối đa của chỉ số (%(t)s).")
                % {"w": where, "m": clean["min_per_indicator"], "t": smallest_max}
            )
        for band in clean["bands"]:
            band_min = _dec(band.get("min"), where, errors)
            if band_min is not None and band_min > max_total:
                errors.append(
                    _("%(w)s: mức “%(b)s” cần %(m)s điểm, vượt quá tổng điểm tối đa %(t)s.")
                    % {"w": where, "b": band.get("name", ""), "m": band_min, "t": max_total}
                )
    if scoring == CriteriaSet.Scoring.PASS_FAIL and codes:
        top = max(ind["level"] for c in clean["criteria"] for ind in c["indicators"])
        if top > max(1, len(clean["bands"])):
            errors.append(
                _("%(w)s: chỉ số áp dụng từ mức %(l)s nhưng bộ chỉ có %(n)s mức.")
                % {"w": where, "l": top, "n": max(1, len(clean["bands"]))}
            )
    if errors:
        raise ValidationError(errors)
    return clean


def parse_yaml(text: str) -> list[dict]:
    """Parse and validate every set of a YAML document (`sets: [...]` or one set)."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(_("Tệp YAML không đọc được: %(e)s") % {"e": exc}) from exc
    if isinstance(doc, dict) and "sets" in doc:
        items = doc["sets"] or []
    elif isinstance(doc, dict):
        items = [doc]
    else:
        raise ValidationError(_("Tệp YAML phải chứa “sets:” với danh sách bộ tiêu chí."))
    errors, clean = [], []
    for item in items:
        try:
            clean.append(validate_set(item))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    if not clean:
        raise ValidationError(_("Tệp YAML không có bộ tiêu chí nào."))
    return clean


def _write_content(criteria_set: CriteriaSet, clean: dict) -> None:
    criteria_set.criteria.all().delete()
    for c_order, crit in enumerate(clean["criteria"]):
        criterion = Criterion.objects.create(
            criteria_set=criteria_set,
            code=crit["code"],
            name=crit["name"],
            name_en=crit["name_en"],
            max_points=crit["max_points"],
            order=c_order,
        )
        Indicator.objects.bulk_create(
            [
                Indicator(criterion=criterion, order=i, **ind)
                for i, ind in enumerate(crit["indicators"])
            ]
        )


SET_FIELDS = (
    "kind",
    "target_group",
    "name",
    "name_en",
    "effective_from",
    "effective_to",
    "issuing_document",
    "issuer",
    "provenance",
    "provenance_note",
    "sources",
    "status",
    "scoring",
    "min_total",
    "min_per_indicator",
    "bands",
    "pass_rule_text",
)


@transaction.atomic
def criteria_set_save(*, clean: dict, by=None) -> tuple[CriteriaSet, str]:
    """Store one validated set. Returns (set, outcome) with outcome "created", "updated"
    (the latest version, unused, changed in place), "new_version" (the latest version is
    used by evaluations: a new version, the old one kept and no longer active) or
    "unchanged"."""
    latest = (
        CriteriaSet.objects.select_for_update()
        .filter(key=clean["key"])
        .order_by("-version")
        .first()
    )
    values = {f: clean[f] for f in SET_FIELDS}
    if latest is None:
        criteria_set = CriteriaSet.objects.create(key=clean["key"], version=1, **values)
        outcome = "created"
    elif set_to_dict(latest) == _comparable(clean):
        return latest, "unchanged"
    elif latest.evaluations.exists():
        latest.active = False
        latest.save(update_fields=["active"])
        criteria_set = CriteriaSet.objects.create(
            key=clean["key"], version=latest.version + 1, active=True, **values
        )
        outcome = "new_version"
    else:
        criteria_set = latest
        for f, v in values.items():
            setattr(criteria_set, f, v)
        criteria_set.active = True
        criteria_set.save()
        outcome = "updated"
    _write_content(criteria_set, clean)
    log(
        instance=criteria_set,
        action=f"citizen_titles.criteria_{outcome}",
        user=by,
        data={"key": criteria_set.key, "version": criteria_set.version},
    )
    return criteria_set, outcome


def import_yaml(text: str, *, by=None) -> list[tuple[CriteriaSet, str]]:
    """Validate every set of the document first, then store them all (or none)."""
    clean_sets = parse_yaml(text)
    with transaction.atomic():
        return [criteria_set_save(clean=clean, by=by) for clean in clean_sets]


def seed_sets(*, by=None) -> list[tuple[CriteriaSet, str]]:
    return import_yaml(SEED_FILE.read_text(encoding="utf-8"), by=by)


# --- export -------------------------------------------------------------------------------


def _num(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def set_to_dict(criteria_set: CriteriaSet) -> dict:
    """The set in the YAML format (what `export_criteria` writes)."""
    data = {
        "key": criteria_set.key,
        "kind": criteria_set.kind,
        "target_group": criteria_set.target_group or None,
        "name": criteria_set.name,
        "name_en": criteria_set.name_en,
        "effective_from": criteria_set.effective_from.isoformat(),
        "effective_to": (
            criteria_set.effective_to.isoformat() if criteria_set.effective_to else None
        ),
        "issuing_document": criteria_set.issuing_document,
        "issuer": criteria_set.issuer,
        "provenance": criteria_set.provenance,
        "provenance_note": criteria_set.provenance_note,
        "sources": list(criteria_set.sources or []),
        "status": criteria_set.status,
        "scoring": criteria_set.scoring,
        "pass_rule": {
            "min_total": _num(criteria_set.min_total),
            "min_per_indicator": _num(criteria_set.min_per_indicator),
            "bands": list(criteria_set.bands or []),
            "text": criteria_set.pass_rule_text,
        },
        "criteria": [],
    }
    indicators = {}
    for ind in Indicator.objects.filter(criterion__criteria_set=criteria_set).order_by(
        "order", "id"
    ):
        indicators.setdefault(ind.criterion_id, []).append(ind)
    for crit in criteria_set.criteria.order_by("order", "id"):
        data["criteria"].append(
            {
                "code": crit.code,
                "name": crit.name,
                "name_en": crit.name_en,
                "max_points": _num(crit.max_points),
                "indicators": [
                    {
                        "code": ind.code,
                        "text": ind.text,
                        "text_en": ind.text_en,
                        "max_points": _num(ind.max_points),
                        "min_points": _num(ind.min_points),
                        "required": ind.required,
                        "level": ind.level,
                        "source": ind.source,
                        "metric": ind.metric,
                        "params": ind.params,
                        "evidence": ind.evidence_hint,
                        "provenance": ind.provenance,
                        "provenance_note": ind.provenance_note,
                    }
                    for ind in indicators.get(crit.pk, [])
                ],
            }
        )
    return data


def _comparable(clean: dict) -> dict:
    """A validated set in the export's shape, to tell an unchanged import from an edit."""
    stub = CriteriaSet(key=clean["key"], **{f: clean[f] for f in SET_FIELDS})
    return {
        "key": stub.key,
        "kind": stub.kind,
        "target_group": stub.target_group or None,
        "name": stub.name,
        "name_en": stub.name_en,
        "effective_from": stub.effective_from.isoformat(),
        "effective_to": stub.effective_to.isoformat() if stub.effective_to else None,
        "issuing_document": stub.issuing_document,
        "issuer": stub.issuer,
        "provenance": stub.provenance,
        "provenance_note": stub.provenance_note,
        "sources": list(stub.sources or []),
        "status": stub.status,
        "scoring": stub.scoring,
        "pass_rule": {
            "min_total": _num(stub.min_total),
            "min_per_indicator": _num(stub.min_per_indicator),
            "bands": list(stub.bands or []),
            "text": stub.pass_rule_text,
        },
        "criteria": [
            {
                "code": c["code"],
                "name": c["name"],
                "name_en": c["name_en"],
                "max_points": _num(c["max_points"]),
                "indicators": [
                    {
                        "code": i["code"],
                        "text": i["text"],
                        "text_en": i["text_en"],
                        "max_points": _num(i["max_points"]),
                        "min_points": _num(i["min_points"]),
                        "required": i["required"],
                        "level": i["level"],
                        "source": i["source"],
                        "metric": i["metric"],
                        "params": i["params"],
                        "evidence": i["evidence_hint"],
                        "provenance": i["provenance"],
                        "provenance_note": i["provenance_note"],
                    }
                    for i in c["indicators"]
                ],
            }
            for c in clean["criteria"]
        ],
    }


def export_yaml(queryset) -> str:
    sets = [set_to_dict(s) for s in queryset]
    return yaml.safe_dump({"sets": sets}, allow_unicode=True, sort_keys=False, width=100)

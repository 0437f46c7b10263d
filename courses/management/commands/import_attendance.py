"""Import attendance from a paper sign-in sheet typed into a CSV file.

Safe by construction: the whole file is validated first; if any row is invalid nothing is
written and every bad row is listed with its line number. `--dry-run` validates only.
Format: docs/enrollment.md ("Nhập điểm danh từ tệp CSV").
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.importers import attendance_import


class Command(BaseCommand):
    help = (
        "Nhập điểm danh từ tệp CSV (session_id,citizen_id,status); lỗi một dòng thì không ghi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc}") from exc
        result = attendance_import(data=data, dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Tệp có {len(result.errors)} dòng lỗi; không ghi dòng nào.")
        if options["verbosity"] >= 1:
            if dry_run:
                self.stdout.write(f"Hợp lệ: {result.rows} dòng (chạy thử, chưa ghi).")
            else:
                self.stdout.write(
                    f"Đã nhập {result.rows} dòng: {result.created} mới, {result.changed} thay đổi, "
                    f"{result.unchanged} không đổi."
                )

"""Recompute the statistics' rollup tables for one or more years (run it on a schedule,
e.g. hourly or nightly; figures then show this run's time as their "as of" time).

Safe to run at any time: each year is replaced in one transaction. --dry-run counts what
would be written and changes nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from citizen_profiles.statistics import rollups
from citizen_profiles.statistics.models import Rollup
from citizen_profiles.statistics.scope import FIRST_YEAR, current_year


class Command(BaseCommand):
    help = "Tính lại bảng số liệu tổng hợp thống kê / refresh the statistics rollups."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="năm (lặp lại được)")
        parser.add_argument("--all-years", action="store_true")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, year=None, all_years=False, dry_run=False, verbosity=1, **options):
        today = current_year()
        years = list(range(FIRST_YEAR, today + 1)) if all_years else (year or [today])
        for value in years:
            if value < FIRST_YEAR or value > today:
                raise CommandError(f"Năm {value} nằm ngoài {FIRST_YEAR}–{today}.")
        for value in years:

            def progress(step, total, value=value):
                if verbosity >= 2:
                    self.stdout.write(f"  {value}: {step}/{total}")

            if dry_run:
                with transaction.atomic():
                    written = rollups.refresh(year=value, progress=progress)
                    transaction.set_rollback(True)
            else:
                written = rollups.refresh(year=value, progress=progress)
            if verbosity >= 1:
                verb = "sẽ ghi" if dry_run else "đã ghi"
                self.stdout.write(f"{value}: {verb} {written} dòng tổng hợp")
        if verbosity >= 1 and not dry_run:
            self.stdout.write(f"Tổng số dòng: {Rollup.objects.count()}")

"""Evaluate the learning titles of a year in bulk.

    python manage.py evaluate_titles --year 2025 [--ward CODE] [--kind citizen ...] [--dry-run]

Recomputes every computed indicator of the open evaluations in scope (creating drafts for
subjects without one) and proposes results; verified and recognised evaluations are left
alone. Safe to run again: a second run changes nothing. `--dry-run` writes nothing."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from learning_centers.models import Ward

from ...bulk import evaluate_titles
from ...models import TitleKind


class Command(BaseCommand):
    help = "Đánh giá danh hiệu học tập hàng loạt cho một năm / evaluate titles in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--ward", help="Mã phường/xã (ward code)")
        parser.add_argument("--kind", action="append", choices=TitleKind.values)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, year, ward=None, kind=None, dry_run=False, verbosity=1, **options):
        ward_ids = None
        if ward:
            found = Ward.objects.filter(code=ward).values_list("pk", flat=True).first()
            if found is None:
                raise CommandError(f"Không có phường/xã mã {ward}.")
            ward_ids = [found]

        def progress(counts):
            if verbosity >= 1 and counts.total:
                done = counts.processed * 40 // counts.total
                self.stdout.write(
                    f"\r[{'#' * done}{'.' * (40 - done)}] {counts.processed}/{counts.total}",
                    ending="",
                )
                self.stdout.flush()

        try:
            counts = evaluate_titles(
                year=year, ward_ids=ward_ids, kinds=kind, dry_run=dry_run, progress=progress
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if verbosity >= 1:
            self.stdout.write("")
            prefix = "(chạy thử) " if dry_run else ""
            self.stdout.write(
                f"{prefix}Đã đánh giá {counts.evaluated}, dự kiến đạt {counts.would_pass}, "
                f"thay đổi so với lần trước {counts.changed} / evaluated {counts.evaluated}, "
                f"would pass {counts.would_pass}, changed since last run {counts.changed}."
            )

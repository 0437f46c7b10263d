"""Create or repair the two association evaluator groups ("Hội Khuyến học phường/xã" and
"Hội Khuyến học thành phố") with their read permissions.

Idempotent and additive: it only adds the permissions the groups need and never removes a
grant. Who is an evaluator, and for which wards, is set by superusers in the admin
(Gia đình, dòng họ, đơn vị → Người đánh giá). `--dry-run` reports and rolls back."""

from django.core.management.base import BaseCommand
from django.db import transaction

from citizen_profiles.groups.roles import evaluator_groups_ensure


class Command(BaseCommand):
    help = "Tạo hoặc sửa hai nhóm người đánh giá của Hội Khuyến học (phường/xã, thành phố)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo cáo, không ghi.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        with transaction.atomic():
            groups = evaluator_groups_ensure()
            if dry_run:
                transaction.set_rollback(True)
        if verbosity >= 1:
            prefix = "[dry-run] " if dry_run else ""
            names = ", ".join(group.name for group in groups.values())
            self.stdout.write(f"{prefix}nhóm: {names}")

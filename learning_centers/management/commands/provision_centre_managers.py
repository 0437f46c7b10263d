"""Create or repair the city moderators group, the centres' approval workflow and every
centre's editors group and collection.

Idempotent and additive: it only adds the grants it owns (and drops a centre group's publish
grant when that centre is no longer trusted). `--dry-run` reports and rolls back.
"""

from django.core.management.base import BaseCommand

from learning_centers.services import centres_provision_all


class Command(BaseCommand):
    help = "Tạo hoặc sửa nhóm biên tập của mọi trung tâm và nhóm kiểm duyệt viên thành phố."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo cáo, không ghi.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        report = centres_provision_all(dry_run=dry_run)
        if verbosity >= 1:
            prefix = "[dry-run] " if dry_run else ""
            self.stdout.write(
                f"{prefix}{report.centres} trung tâm; nhóm mới {report.groups_created}, "
                f"bộ sưu tập mới {report.collections_created}, quyền thêm {report.grants_added}, "
                f"quyền gỡ {report.grants_removed}"
            )

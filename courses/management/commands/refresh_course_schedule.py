"""Move every course's denormalised next session on to today (run daily, soon after midnight).

The catalogue stays correct without it (it notices stale rows and computes the next session
itself, more slowly); this keeps it on the fast path. `--dry-run` only counts stale courses.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cms import page_cache
from courses.models.course import refresh_course_schedule, stale_schedule_courses


class Command(BaseCommand):
    help = "Cập nhật buổi học tới của mọi khóa học (chạy hằng ngày, sau nửa đêm)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không ghi.")

    def handle(self, *args, dry_run: bool, **options):
        today = timezone.localdate()
        stale = stale_schedule_courses(today).count()
        if dry_run:
            self.stdout.write(f"{stale} khóa học cần cập nhật buổi học tới (chưa ghi gì).")
            return
        updated = refresh_course_schedule(today=today)
        if stale:
            page_cache.invalidate()
        self.stdout.write(
            f"Đã cập nhật lịch của {updated} khóa học ({stale} khóa học có buổi học tới cũ)."
        )

"""Build the site search index (database engine or Elasticsearch) from live public pages.

    python manage.py search_index --rebuild [--batch-size 200] [--dry-run]

Safe to run at any time: it only writes the index, never pages. On the database engines
the table is replaced in one transaction; on Elasticsearch a new index is filled and the
alias is moved to it atomically, so searches keep answering from the old index meanwhile.
`--dry-run` only counts the pages that would be indexed.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from search.services import search_reindex_all

BAR = 30


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm. Rebuilds the search index from live public pages."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Build a new index.")
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument("--dry-run", action="store_true", help="Only count the pages.")

    def handle(self, *args, rebuild=False, batch_size=200, dry_run=False, verbosity=1, **opts):
        total = Page.objects.live().public().filter(depth__gt=1).count()
        if dry_run:
            self.stdout.write(f"{total} pages would be indexed.")
            return
        if not rebuild:
            raise CommandError("Nothing to do: use --rebuild (or --dry-run to count pages).")
        started = time.monotonic()

        def progress(done: int) -> None:
            if verbosity < 1 or not total:
                return
            filled = int(BAR * min(done, total) / total)
            self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}", ending="")
            self.stdout.flush()

        count = search_reindex_all(batch_size=max(batch_size, 1), progress=progress)
        if verbosity >= 1:
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(f"Indexed {count} pages in {time.monotonic() - started:.1f} s.")
            )

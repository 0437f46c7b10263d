"""Rebuild the site search index (database table or Elasticsearch) from live public pages.

Safe to run at any time: it only rewrites the index, never pages. Use after a bulk import,
or to repair the index after a search outage.
"""

from django.core.management.base import BaseCommand

from search.services import search_reindex_all


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm. Rebuilds the search index from live public pages."

    def handle(self, *args, verbosity: int = 1, **options):
        count = search_reindex_all()
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Indexed {count} pages."))

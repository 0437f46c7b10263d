"""Kept for existing scripts: the same as `search_index --rebuild`."""

from search.management.commands.search_index import Command as IndexCommand


class Command(IndexCommand):
    help = "Dựng lại chỉ mục tìm kiếm (như search_index --rebuild)."

    def handle(self, *args, **options):
        options["rebuild"] = True
        return super().handle(*args, **options)

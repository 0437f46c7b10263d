"""Write criteria sets as YAML (the import format), to stdout or a file.

    python manage.py export_criteria [--key KEY ...] [--all-versions] [-o FILE]

Read-only."""

from django.core.management.base import BaseCommand

from ...criteria import export_yaml
from ...models import CriteriaSet


class Command(BaseCommand):
    help = "Xuất bộ tiêu chí danh hiệu ra YAML / export criteria sets as YAML."

    def add_arguments(self, parser):
        parser.add_argument("--key", action="append")
        parser.add_argument("--all-versions", action="store_true")
        parser.add_argument("-o", "--output")

    def handle(self, *args, key=None, all_versions=False, output=None, **options):
        qs = CriteriaSet.objects.order_by("kind", "key", "version")
        if key:
            qs = qs.filter(key__in=key)
        if not all_versions:
            qs = qs.filter(active=True)
        text = export_yaml(qs)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            self.stdout.write(text)

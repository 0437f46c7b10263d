"""Load criteria sets from YAML (docs/titles.md for the format).

    python manage.py import_criteria FILE.yaml     # a province's own sets
    python manage.py import_criteria --seed        # the portal's seeded sets

Everything is validated before anything is written. A set already used by evaluations is
not changed: the import creates its next version. Importing the same file twice changes
nothing. `--dry-run` validates only."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ...criteria import SEED_FILE, import_yaml, parse_yaml


class Command(BaseCommand):
    help = "Nạp bộ tiêu chí danh hiệu từ YAML / import criteria sets from YAML."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?")
        parser.add_argument("--seed", action="store_true")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, path=None, seed=False, dry_run=False, verbosity=1, **options):
        if not path and not seed:
            raise CommandError("Cần đường dẫn tệp YAML hoặc --seed.")
        file = SEED_FILE if seed else Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Không đọc được {file}: {exc}") from exc
        try:
            if dry_run:
                sets = parse_yaml(text)
                if verbosity >= 1:
                    self.stdout.write(f"Hợp lệ: {len(sets)} bộ tiêu chí (chạy thử, không ghi).")
                return
            results = import_yaml(text)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        if verbosity >= 1:
            for criteria_set, outcome in results:
                self.stdout.write(f"{criteria_set.key} v{criteria_set.version}: {outcome}")

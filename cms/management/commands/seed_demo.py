"""Build the demo site: pages, plans, news, menus, centres, courses and an admin user.

Safe to run again: every app's seeder looks things up by a stable key before creating them,
so a second run changes nothing. Each installed project app may provide `<app>.demo.seed()`;
they run in INSTALLED_APPS order (the layer order), so centres exist before courses.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

PROJECT_APPS = ("cms", "learning_centers", "citizen_profiles", "courses", "search")


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (idempotent). Builds the demo site; running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--small",
            action="store_true",
            help="A small demo (a few centres and courses), for tests and quick starts.",
        )

    def handle(self, *args, small: bool = False, verbosity: int = 1, **options):
        for config in apps.get_app_configs():
            if config.name not in PROJECT_APPS or not find_spec(f"{config.name}.demo"):
                continue
            module = import_module(f"{config.name}.demo")
            with transaction.atomic():
                summary = module.seed(small=small)
            if verbosity >= 1:
                self.stdout.write(f"{config.name}: {summary}")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng / demo data ready."))

"""Build the demo site: pages, plans, news, menus, centres, courses and an admin user.

Safe to run again: every app's seeder looks things up by a stable key before creating them,
so a second run changes nothing. Each installed project app may provide `<app>.demo.seed()`;
they run in the order of PROJECT_APPS: the layer order, except that the titles are seeded
after courses, because the demo evaluates titles from the learning record that the courses'
demo attendance writes.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

PROJECT_APPS = (
    "cms",
    "learning_centers",
    "citizen_profiles",
    "citizen_profiles.groups",
    "citizen_profiles.skills",
    "courses",
    "citizen_profiles.titles",
    "search",
)


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (idempotent). Builds the demo site; running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--small",
            action="store_true",
            help="A small demo (a few centres and courses), for tests and quick starts.",
        )
        parser.add_argument(
            "--scale",
            choices=["hanoi", "tiny"],
            help=(
                "Then add a synthetic population for benchmarks: 'hanoi' is city size (1 million "
                "residents, 5 million learning records; minutes on PostgreSQL). Each app may "
                "provide `<app>.demo_scale.seed_scale(name=..., write=...)`."
            ),
        )

    def handle(self, *args, small: bool = False, scale=None, verbosity: int = 1, **options):
        installed = {config.name for config in apps.get_app_configs()}
        for name in PROJECT_APPS:
            if name not in installed or not find_spec(f"{name}.demo"):
                continue
            module = import_module(f"{name}.demo")
            with transaction.atomic():
                summary = module.seed(small=small)
            if verbosity >= 1:
                self.stdout.write(f"{name}: {summary}")
        if scale:
            write = self.stdout.write if verbosity >= 1 else None
            for name in PROJECT_APPS:
                if name not in installed or not find_spec(f"{name}.demo_scale"):
                    continue
                summary = import_module(f"{name}.demo_scale").seed_scale(name=scale, write=write)
                if verbosity >= 1:
                    self.stdout.write(f"{name} (--scale {scale}): {summary}")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng / demo data ready."))

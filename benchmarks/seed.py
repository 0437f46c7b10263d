"""Prepare the benchmark database of our site: migrate and run the full `seed_demo`.

If no learning centres exist (a branch where learning_centers has no demo yet), creates 126
placeholder wards and centres first so the catalogue has its ~1,000 courses. Prints the path
of one upcoming course page on the last line (run.py reads it)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402


def placeholder_centres(count: int = 126) -> None:
    from cms.demo import ensure_home
    from learning_centers.models import (
        LearningCenterIndexPage,
        LearningCenterPage,
        Province,
        Ward,
    )

    home = ensure_home()
    index = LearningCenterIndexPage.objects.first() or home.add_child(
        instance=LearningCenterIndexPage(title="Trung tâm học tập cộng đồng", slug="trung-tam")
    )
    province, _ = Province.objects.get_or_create(
        code="01", defaults={"name": "Hà Nội", "name_with_type": "Thành phố Hà Nội"}
    )
    for n in range(1, count + 1):
        ward, _ = Ward.objects.get_or_create(
            code=f"9{n:04d}",
            defaults={
                "province": province,
                "name": f"Thử Nghiệm {n}",
                "name_with_type": f"Phường Thử Nghiệm {n}",
                "kind": Ward.Kind.WARD,
                "slug": f"thu-nghiem-{n}",
                "source": "benchmarks/seed.py placeholder",
            },
        )
        if not LearningCenterPage.objects.filter(ward=ward).exists():
            index.add_child(
                instance=LearningCenterPage(
                    title=f"TTHTCĐ Phường Thử Nghiệm {n}",
                    slug=f"thu-nghiem-{n}",
                    ward=ward,
                    address=f"Nhà văn hóa phường Thử Nghiệm {n}",
                )
            )


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", verbosity=1)
    from learning_centers.models import LearningCenterPage

    if not LearningCenterPage.objects.exists():
        with transaction.atomic():
            placeholder_centres()
            from courses import demo

            print("courses:", demo.seed(small=False))  # noqa: T201
    from courses.selectors import upcoming_courses

    course = upcoming_courses().first()
    print(course.url if course else "/")  # noqa: T201


if __name__ == "__main__":
    main()

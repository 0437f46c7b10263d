"""Helpers for the information site's pages (Wagtail pages live in a tree, so these are
functions that add children rather than factory_boy factories)."""

from datetime import date
from decimal import Decimal
from itertools import count

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.models import (
    NewsIndexPage,
    NewsPage,
    PlanIndexPage,
    PlanPage,
    PlanTarget,
    StandardPage,
)
from tests.factories.pages import make_home

_seq = count(1)


def _add(parent, page):
    parent.add_child(instance=page)
    return page


def make_news_index(**fields) -> NewsIndexPage:
    existing = NewsIndexPage.objects.filter(slug=fields.get("slug", "tin-tuc")).first()
    if existing:
        return existing
    fields.setdefault("title", "Tin tức")
    fields.setdefault("slug", "tin-tuc")
    return _add(make_home(), NewsIndexPage(**fields))


def make_news(index=None, *, tags=(), **fields) -> NewsPage:
    n = next(_seq)
    index = index or make_news_index()
    fields.setdefault("title", f"Bản tin số {n}")
    fields.setdefault("slug", f"ban-tin-{n}")
    fields.setdefault("date", date(2024, 1, 1))
    page = _add(index, NewsPage(**fields))
    if tags:
        page.tags.add(*tags)
        page.save()
    return page


def make_image(title="Ảnh thử"):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


def make_plan_index(**fields) -> PlanIndexPage:
    existing = PlanIndexPage.objects.filter(slug=fields.get("slug", "ke-hoach")).first()
    if existing:
        return existing
    fields.setdefault("title", "Kế hoạch")
    fields.setdefault("slug", "ke-hoach")
    return _add(make_home(), PlanIndexPage(**fields))


def make_plan(index=None, *, targets: int = 0, **fields) -> PlanPage:
    n = next(_seq)
    index = index or make_plan_index()
    fields.setdefault("title", f"Kế hoạch thử {n}")
    fields.setdefault("slug", f"ke-hoach-thu-{n}")
    fields.setdefault("number", f"{n}/KH-UBND")
    fields.setdefault("issuing_body", "Ủy ban nhân dân Thành phố Hà Nội")
    page = _add(index, PlanPage(**fields))
    for i in range(targets):
        make_target(page, sort_order=i, indicator=f"Chỉ tiêu {i}", key=f"chi_tieu_{n}_{i}")
    return page


def make_target(plan, **fields) -> PlanTarget:
    fields.setdefault("indicator", "Gia đình đạt danh hiệu “Gia đình học tập”")
    fields.setdefault("value_2025", Decimal("70"))
    fields.setdefault("value_2030", Decimal("80"))
    return PlanTarget.objects.create(page=plan, **fields)


def make_standard(parent=None, **fields) -> StandardPage:
    n = next(_seq)
    fields.setdefault("title", f"Trang {n}")
    fields.setdefault("slug", f"trang-{n}")
    return _add(parent or make_home(), StandardPage(**fields))

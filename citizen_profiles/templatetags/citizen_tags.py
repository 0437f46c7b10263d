"""The resident's own pages, linked from the header and the account page.

Other apps add theirs through the `resident_account_links` hook (courses adds "my
courses"), so this app links to them without importing them. No query."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

register = template.Library()


@register.simple_tag
def resident_links() -> list[tuple[str, str]]:
    """(label, url) of a signed-in resident's pages, in display order. Each
    `resident_account_links` hook fn() returns (order, label, url)."""
    links = [(20, _("Hồ sơ học tập"), reverse("citizen_profiles:my_learning"))]
    links += [fn() for fn in hooks.get_hooks("resident_account_links")]
    return [(label, url) for _order, label, url in sorted(links, key=lambda item: item[0])]

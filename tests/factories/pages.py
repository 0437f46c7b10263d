"""Page helpers: Wagtail pages must be added to the tree, so these are functions, not
factory_boy factories."""

from wagtail.models import Locale, Page, Site

from cms.models import HomePage


def make_home(**fields) -> HomePage:
    """Return the site's HomePage, creating it (and pointing the default site at it) once."""
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    if root is None:
        # Transactional tests (live_server) flush the tree that Wagtail's migrations made.
        locale, _ = Locale.objects.get_or_create(language_code="vi")
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu", **fields))
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home

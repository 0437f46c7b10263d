"""Page helpers: Wagtail pages must be added to the tree, so these are functions, not
factory_boy factories."""

from wagtail.models import Page, Site

from cms.models import HomePage


def make_home(**fields) -> HomePage:
    """Return the site's HomePage, creating it (and pointing the default site at it) once."""
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu", **fields))
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home

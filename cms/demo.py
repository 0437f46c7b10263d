"""Demo content for the information site (called by `seed_demo`)."""

from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from cms.models import HomePage

ADMIN_EMAIL = "admin@example.vn"
ADMIN_PASSWORD = "hoctapsuotdoi"


def ensure_home() -> HomePage:
    """Replace Wagtail's placeholder root child with our HomePage, once."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Cổng học tập suốt đời Hà Nội",
                slug="trang-chu",
                intro=(
                    "Cổng thông tin về xây dựng xã hội học tập và học tập suốt đời của "
                    "Thành phố Hà Nội."
                ),
            )
        )
        site = Site.objects.filter(is_default_site=True).first()
        if site:
            old_root = site.root_page
            site.root_page = home
            site.site_name = "Cổng học tập suốt đời Hà Nội"
            site.save()
            if old_root.specific_class is Page and not old_root.get_children().exists():
                old_root.delete()
        else:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Cổng học tập suốt đời Hà Nội",
            )
    return home


def ensure_admin() -> None:
    User = get_user_model()
    if not User.objects.filter(email=ADMIN_EMAIL).exists():
        User.objects.create_superuser(
            username="admin",
            email=ADMIN_EMAIL,
            password=ADMIN_PASSWORD,
            full_name="Quản trị viên",
        )


def seed(*, small: bool = False) -> str:
    ensure_home()
    ensure_admin()
    return "home page and admin user ready"

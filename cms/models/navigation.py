"""Menus and footer, edited in the admin (Snippets → Menu; Settings → Chân trang)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

MAIN_MENU = "menu-chinh"
FOOTER_MENU = "menu-chan-trang"


class Menu(ClusterableModel):
    """A named list of links. The templates read the menus with the slugs `menu-chinh`
    (header) and `menu-chan-trang` (footer); other menus can be added for later use."""

    title = models.CharField(_("tên"), max_length=100)
    slug = models.SlugField(
        _("mã"),
        max_length=50,
        unique=True,
        help_text=_("menu-chinh: thanh điều hướng; menu-chan-trang: chân trang."),
    )

    panels = [FieldPanel("title"), FieldPanel("slug"), InlinePanel("items", label=_("mục"))]

    class Meta:
        verbose_name = _("menu")
        verbose_name_plural = _("menu")

    def __str__(self) -> str:
        return self.title


class MenuItem(Orderable):
    menu = ParentalKey(Menu, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(
        _("nhãn"), max_length=60, blank=True, help_text=_("Để trống để dùng tiêu đề trang.")
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("trang"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_url = models.CharField(
        _("hoặc đường dẫn"),
        max_length=300,
        blank=True,
        help_text=_("Đường dẫn trong trang (/khoa-hoc/) hoặc địa chỉ đầy đủ (https://...)."),
    )

    panels = [FieldPanel("label"), FieldPanel("link_page"), FieldPanel("link_url")]

    class Meta(Orderable.Meta):
        verbose_name = _("mục menu")
        verbose_name_plural = _("mục menu")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            raise ValidationError(_("Chọn một trang hoặc nhập một đường dẫn (chỉ một)."))
        if self.link_url and not self.link_url.startswith(("/", "https://", "http://")):
            raise ValidationError({"link_url": _("Đường dẫn phải bắt đầu bằng / hoặc https://.")})
        if self.link_url and not self.label:
            raise ValidationError({"label": _("Cần nhập nhãn cho đường dẫn.")})

    @property
    def title(self) -> str:
        if self.label:
            return self.label
        return self.link_page.title if self.link_page_id else self.link_url

    def get_url(self, request=None) -> str:
        if self.link_page_id:
            return self.link_page.get_url(request) or ""
        return self.link_url


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """Footer text and the organisation's public contact (no personal data)."""

    about = models.TextField(
        _("giới thiệu ngắn"),
        blank=True,
        default="Cổng học tập suốt đời Hà Nội: thực hiện Kế hoạch 290/KH-UBND và 291/KH-UBND.",
    )
    organisation = models.CharField(_("cơ quan quản lý"), max_length=200, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại (của cơ quan)"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử (của cơ quan)"), blank=True)

    panels = [
        FieldPanel("about"),
        FieldPanel("organisation"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta:
        verbose_name = _("chân trang")
        verbose_name_plural = _("chân trang")

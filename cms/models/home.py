from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import BodyBlock
from cms.route_cache import CachedViewRestrictionsMixin

HOME_NEWS_COUNT = 3


class HomePage(CachedViewRestrictionsMixin, Page):
    """The site's root page: what the programme is and where to go next.

    Higher layers add panels (e.g. upcoming courses) through the `home_page_panels` hook and
    current values of the headline targets through the `headline_target_values` hook, so
    this page never imports them. Subpage types are deliberately left open: the centre and
    course apps declare `parent_page_types = ["cms.HomePage"]` themselves.
    """

    intro = models.TextField(_("giới thiệu"), blank=True)
    body = StreamField(
        BodyBlock(),
        verbose_name=_("về chương trình"),
        blank=True,
        help_text=_("Chương trình là gì, ai tham gia, tham gia thế nào."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")
        verbose_name_plural = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        from cms import page_cache, selectors

        context = super().get_context(request, *args, **kwargs)

        def build() -> dict:
            return {
                "target_rows": selectors.headline_target_rows(),
                "latest_news": selectors.latest_news(limit=HOME_NEWS_COUNT),
                "news_index": selectors.first_live(selectors.NewsIndexPage),
                "plan_index": selectors.first_live(selectors.PlanIndexPage),
            }

        # What only publishing changes is kept under the page cache's generation (the
        # fragment cache; never for a preview), so the home page costs no query for it;
        # current values still come from the statistics hook on every request.
        cacheable = not getattr(request, "is_preview", False)
        key = page_cache.fragment_key(request, "home-page", self.pk) if cacheable else None
        shared = page_cache.remember(key, build)
        context["headline_targets"] = selectors.headline_targets(
            page=self, request=request, rows=shared["target_rows"]
        )
        context["latest_news"] = shared["latest_news"]
        context["news_index"] = shared["news_index"]
        context["plan_index"] = shared["plan_index"]
        panels = []
        for fn in hooks.get_hooks("home_page_panels"):
            panel = fn(self, request)
            if panel:
                panels.append(panel)
        context["panels"] = sorted(panels, key=lambda panel: panel.get("order", 0))
        return context

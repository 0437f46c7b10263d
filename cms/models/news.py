import unicodedata

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.route_cache import CachedViewRestrictionsMixin

NEWS_PER_PAGE = 6


class NewsIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """The news listing (`/tin-tuc/`): paginated, filterable by tag, with RSS and Atom feeds."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]

    class Meta:
        verbose_name = _("trang danh sách tin tức")
        verbose_name_plural = _("trang danh sách tin tức")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        articles = selectors.news_for_index(index_page=self)
        tag = None
        tag_slug = unicodedata.normalize("NFC", request.GET.get("the", "").strip())
        if tag_slug:
            tag = Tag.objects.filter(slug=tag_slug).first()
            articles = articles.filter(tags=tag) if tag else articles.none()
        # get_page() turns "abc" into page 1 and 99999 into the last page: never a 500.
        page = Paginator(articles, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        context["articles"] = page
        context["page_range"] = page.paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        )
        context["tag"] = tag
        context["tag_slug"] = tag_slug
        context["tags"] = selectors.news_tags(index_page=self)
        context["feed_urls"] = self.feed_urls()
        return context

    def feed_urls(self) -> dict[str, str]:
        base = self.url or ""
        return {
            "rss": base + self.reverse_subpage("news_rss"),
            "atom": base + self.reverse_subpage("news_atom"),
        }

    @path("rss/", name="news_rss")
    def rss(self, request):
        from cms.feeds import NewsRssFeed

        return NewsRssFeed()(request, index_page=self)

    @path("atom/", name="news_atom")
    def atom(self, request):
        from cms.feeds import NewsAtomFeed

        return NewsAtomFeed()(request, index_page=self)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(CachedViewRestrictionsMixin, Page):
    """One news article."""

    date = models.DateField(_("ngày đăng"), default=timezone.localdate)
    author = models.CharField(
        _("tác giả"), max_length=120, blank=True, help_text=_("Tên tác giả hoặc ban biên tập.")
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("mô tả ảnh đại diện (alt)"),
        max_length=250,
        blank=True,
        help_text=_("Để trống nếu ảnh chỉ để trang trí."),
    )
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("thẻ"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("tags")],
            heading=_("Thông tin bài viết"),
        ),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading=_("Ảnh đại diện")
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("author"),
        APIField("summary"),
        APIField("body"),
        APIField("tags"),
        APIField("lead_image", serializer=ImageRenditionField("fill-800x450")),
        APIField("lead_image_alt"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent()
        context["news_index"] = parent
        return context

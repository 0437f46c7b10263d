"""The embedded search index: one row per live public page, with folded text and facets.

Each row stores its title and text twice, lower-cased with marks (`*_lower`, so exact
diacritics rank first) and folded (`*_folded`, so "tin hoc" finds "Tin học"), both as words
joined by single spaces (search.text). The engines index the folded columns:

- SQLite: an FTS5 table `search_fts` over `title_folded` and `text_folded` (external
  content: this table), kept in step by triggers (migration 0002);
- PostgreSQL: a generated `tsvector` column `search_vector` (`simple` configuration, title
  weighted A, text D) with a GIN index (migration 0002), plus `pg_trgm` on the vocabulary.

Both are created by SQL in the migration, so the model itself stays portable.
Elasticsearch (search/documents.py) replaces the table at scale; the vocabulary and facet
values below are kept by every engine because query understanding reads them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    kind = models.CharField(_("loại trang"), max_length=100, db_index=True)
    title = models.CharField(_("tiêu đề"), max_length=255)
    title_lower = models.CharField(max_length=255)
    title_folded = models.CharField(max_length=255, db_index=True)
    text_lower = models.TextField(blank=True)
    text_folded = models.TextField(blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    url_path = models.CharField(max_length=512)
    # Facets, declared by the page's app through the `search_document` hook (search/registry).
    ward_code = models.CharField(max_length=10, blank=True, default="", db_index=True)
    audience = models.CharField(max_length=40, blank=True, default="")
    delivery_mode = models.CharField(max_length=40, blank=True, default="")
    # Space-delimited with a space at each end (" tin-hoc ky-nang-so ") so one topic is
    # matched with a LIKE on " slug ".
    topic_slugs = models.TextField(blank=True, default="")
    date = models.DateField(null=True, blank=True, db_index=True)
    # Card lines known at index time (centre, ward, address, material kind).
    meta = models.JSONField(default=list, blank=True)
    # The facets again as words ("kcoursescoursepage w00167 tkynangso"), indexed by SQLite's
    # FTS5 in a column of their own so a filter is an intersection inside the engine.
    filter_tokens = models.TextField(blank=True, default="")
    # A prior from the owning app (courses rank a little above news for the same words).
    boost = models.FloatField(default=1.0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")

    def __str__(self) -> str:
        return self.title


class SearchTerm(models.Model):
    """The folded vocabulary of the index, for typo correction (edit distance on SQLite,
    `pg_trgm` plus edit distance on PostgreSQL). `display` is the word as first seen with
    its marks, so "Bạn có muốn tìm …" reads in Vietnamese."""

    term = models.CharField(max_length=60, unique=True)
    display = models.CharField(max_length=60, blank=True)
    doc_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("từ trong chỉ mục")
        verbose_name_plural = _("từ trong chỉ mục")

    def __str__(self) -> str:
        return self.term


class SearchFacetValue(models.Model):
    """Labels of facet values seen in the index (ward names, topics, audiences, delivery
    modes) and the dictionary for recognising places and topics in a query."""

    class Facet(models.TextChoices):
        WARD = "ward", _("Phường/xã")
        TOPIC = "topic", _("Chủ đề")
        AUDIENCE = "audience", _("Đối tượng")
        MODE = "mode", _("Hình thức")

    facet = models.CharField(max_length=10, choices=Facet.choices)
    value = models.CharField(max_length=120)
    label = models.CharField(max_length=200)
    # The label's folded words, without a leading "phuong"/"xa" for wards.
    label_folded = models.CharField(max_length=200, db_index=True)

    class Meta:
        verbose_name = _("giá trị bộ lọc tìm kiếm")
        verbose_name_plural = _("giá trị bộ lọc tìm kiếm")
        constraints = [
            models.UniqueConstraint(fields=["facet", "value"], name="search_facet_value_unique")
        ]

    def __str__(self) -> str:
        return self.label

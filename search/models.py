"""The embedded search index: one row per live public page, with folded text.

Wagtail's database backend matches words as written, so "tin hoc" would miss "Tin học". This
small table stores each page's text folded with `search.text.fold` so the embedded default
finds it on SQLite and PostgreSQL alike; Elasticsearch (search/documents.py) replaces it at
scale with the same folding done by an analyzer.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    kind = models.CharField(_("loại trang"), max_length=100, db_index=True)
    title = models.CharField(_("tiêu đề"), max_length=255)
    # Lower-cased with marks kept (exact-diacritic matches rank first) and folded.
    title_lower = models.CharField(max_length=255)
    title_folded = models.CharField(max_length=255, db_index=True)
    text_lower = models.TextField(blank=True)
    text_folded = models.TextField(blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    url_path = models.CharField(max_length=512)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")

    def __str__(self) -> str:
        return self.title

"""Turn a page into search text. Generic over page types: it reads the fields each page
declares in Wagtail's `search_fields`, so a new page type is indexed without code here."""

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .registry import document_extras
from .text import folded_text, nfc, word_text

SUMMARY_FIELDS = ("search_description", "summary", "intro", "lead")
MAX_TEXT = 20_000


def page_text(page: Page) -> str:
    """Plain text of a specific page's searchable fields (title first)."""
    parts: list[str] = [page.title]
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        value = getattr(page, field.field_name, None)
        if callable(value):
            value = value()
        if value is None:
            continue
        model_field = _model_field(page, field.field_name)
        if isinstance(model_field, StreamField):
            parts.extend(str(chunk) for chunk in model_field.get_searchable_content(value))
        else:
            parts.append(strip_tags(str(value)))
    return nfc(" ".join(p for p in parts if p))[:MAX_TEXT]


def page_summary(page: Page) -> str:
    for name in SUMMARY_FIELDS:
        value = getattr(page, name, "")
        if value and isinstance(value, str):
            return nfc(strip_tags(value))[:300]
    return ""


def page_document_fields(page: Page) -> dict:
    """The fields stored for a page, shared by the database index and Elasticsearch.

    Built in Vietnamese whatever the editor's language: labels such as "Người cao tuổi" are
    words residents search for, and an English admin publishing a course must not index
    "Elderly" instead."""
    with translation.override(settings.LANGUAGE_CODE or "vi"):
        return _document_fields(page)


def _document_fields(page: Page) -> dict:
    extras = document_extras(page)
    text = page_text(page)
    if extras.get("text"):
        text = nfc(f"{text} {extras['text']}")[: MAX_TEXT + 1000]
    ward = extras.get("ward") or ("", "")
    audience = extras.get("audience") or ("", "")
    mode = extras.get("delivery_mode") or ("", "")
    topics = [(slug, label) for slug, label in extras.get("topics") or [] if slug]
    title = nfc(page.title)[:255]
    return {
        "page_id": page.pk,
        "kind": page.specific_class._meta.label_lower
        if page.specific_class
        else "wagtailcore.page",
        "title": title,
        "title_lower": word_text(title)[:255],
        "title_folded": folded_text(title)[:255],
        "text": text,
        "text_lower": word_text(text),
        "text_folded": folded_text(text),
        "summary": page_summary(page),
        "url_path": page.url_path,
        "ward_code": ward[0] or "",
        "ward_label": ward[1] or "",
        "audience": audience[0] or "",
        "audience_label": audience[1] or "",
        "delivery_mode": mode[0] or "",
        "delivery_mode_label": mode[1] or "",
        "topics": topics,
        "topic_slugs": f" {' '.join(slug for slug, _ in topics)} " if topics else "",
        "date": extras.get("date"),
        "meta": [str(line) for line in extras.get("meta") or [] if line],
        "boost": float(extras.get("boost") or 1.0),
    }


def _model_field(page: Page, name: str):
    try:
        return page._meta.get_field(name)
    except Exception:  # a method or property, not a model field
        return None

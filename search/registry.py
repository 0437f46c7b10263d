"""How apps tell search more about their page types, without search importing them
(DESIGN.md, "search knows no app"). Two Wagtail hooks, registered by the owning app:

`search_document(page) -> dict | None`
    Extra index fields for a page the app owns (None for pages it does not own):
    ``ward`` (code, label), ``topics`` [(slug, label)], ``audience`` (value, label),
    ``delivery_mode`` (value, label), ``date`` (a date: next session, publication),
    ``text`` (more words to match, e.g. the centre and ward names), ``meta`` (card lines known
    at index time, e.g. "Phường Cầu Giấy"), ``boost`` (a prior, 1.0 by default).

`search_result_cards(kind, page_ids) -> dict[int, list[str]]`
    Card lines that change without a publish (next session, seats left), read at query time
    for the page ids of one kind on the results page (one query per kind, not per card).
"""

from __future__ import annotations

import datetime as dt

from wagtail import hooks

DOCUMENT_HOOK = "search_document"
CARDS_HOOK = "search_result_cards"


def document_extras(page) -> dict:
    """The merged answers of every `search_document` hook for `page`."""
    extras: dict = {}
    for fn in hooks.get_hooks(DOCUMENT_HOOK):
        answer = fn(page)
        if answer:
            extras.update(answer)
    if "date" not in extras:
        # News and plans declare a `date`; other pages use their last publication.
        value = getattr(page, "date", None)
        if isinstance(value, dt.date):
            extras["date"] = value
        elif page.last_published_at:
            extras["date"] = page.last_published_at.date()
    return extras


def live_card_lines(kind: str, page_ids: list[int]) -> dict[int, list[str]]:
    lines: dict[int, list[str]] = {}
    for fn in hooks.get_hooks(CARDS_HOOK):
        for page_id, extra in (fn(kind, page_ids) or {}).items():
            lines.setdefault(page_id, []).extend(extra)
    return lines

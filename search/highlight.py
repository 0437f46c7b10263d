"""Matched words marked in titles and summaries. The text is split into words and the
pieces in between, every piece is escaped, and only our own <mark> tags are added, so
nothing in a page title or a query can inject markup."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import fold, nfc

_WORD = re.compile(r"[^\W_]+")


def highlight(text: str, terms: set[str], *, prefixes: set[str] = frozenset()) -> SafeString:
    """`text` escaped, with the words whose folded form is in `terms` (or starts with one of
    `prefixes`) wrapped in <mark>."""
    text = nfc(text or "")
    if not terms and not prefixes:
        return escape(text)
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        word = _fold_word(match.group())
        if word in terms or any(word.startswith(p) for p in prefixes):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece is escaped above


@lru_cache(maxsize=20_000)
def _fold_word(word: str) -> str:
    return fold(word)

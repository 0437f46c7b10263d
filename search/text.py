"""Vietnamese text normalisation and folding.

One folding function is used both to index and to query, so "tin hoc co ban" finds
"Tin học cơ bản" on every search backend.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str | None) -> str:
    """Normalise to NFC (composed) form; input from phones and Windows often is NFD."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str | None) -> str:
    """Lower-case, strip tone and vowel marks, map đ→d, collapse spaces.

    >>> fold("Tin HỌC  cơ bản – Đống Đa")
    'tin hoc co ban – dong da'
    """
    decomposed = unicodedata.normalize("NFD", (text or "").lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


# A "word" is a run of letters or digits (Vietnamese syllables are separated by spaces and
# punctuation). Everything else, including the syntax characters of FTS5 (" * : - ^),
# tsquery (& | ! : ( ) ') and LIKE (% _), is a separator, so no query text ever reaches an
# engine as syntax.
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def clean_query(text: str | None, *, max_length: int = 200) -> str:
    """A user's query made safe to echo and parse: NFC, control characters and replacement
    characters (from broken UTF-8) dropped, spaces collapsed, cut to `max_length`."""
    text = _CONTROL.sub(" ", nfc(text))
    return _SPACES.sub(" ", text).strip()[:max_length].strip()


def words(text: str | None) -> list[str]:
    """Lower-cased words with their marks kept (NFC)."""
    return _WORD.findall(nfc(text).lower())


def folded_words(text: str | None) -> list[str]:
    """Folded words: `fold` then split into letters/digits runs."""
    return _WORD.findall(fold(text))


def word_text(text: str | None) -> str:
    """Lower-cased words joined by single spaces (what the index stores with marks)."""
    return " ".join(words(text))


def folded_text(text: str | None) -> str:
    """Folded words joined by single spaces (what the index stores and engines tokenise
    identically: SQLite's unicode61, PostgreSQL's `simple` parser, Elasticsearch's
    whitespace tokenizer)."""
    return " ".join(folded_words(text))

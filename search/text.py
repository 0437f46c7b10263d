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

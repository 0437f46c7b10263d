"""Vietnamese mobile numbers: one normal form (0 + 9 digits) for storage and sign-in."""

import re

# Mobile prefixes in use since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x.
_MOBILE = re.compile(r"^0[35789]\d{8}$")


def normalize_vn_mobile(raw: str) -> str | None:
    """Return the number as 0xxxxxxxxx, or None when it is not a Vietnamese mobile number.

    Accepts spaces, dots and dashes, and the +84 / 84 country prefix.
    """
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _MOBILE.match(digits) else None

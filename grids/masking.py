"""One way to mask personal data: names, phone numbers in every common form, ID numbers.

Used by the pages, the API, Open311 and the exports alike, so that a number looks the same
wherever it is withheld. `redact()` finds numbers inside free text (a request's description,
a case write-up) and masks them in place.
"""

from __future__ import annotations

import re
import unicodedata

# A digit, ASCII or full-width (residents type both on phones).
_D = "[0-9０-９]"
_SEP = r"[ \-－‐\u00a0]?"
# +86 / 0086 / 86 before a mobile number, with or without a separator.
_CC = rf"(?:(?:\+|＋|00)?86{_SEP})?"
_MOBILE_IN_TEXT = re.compile(
    rf"(?<![0-9０-９]){_CC}1[3-9３-９]{_D}{_SEP}{_D}{{4}}{_SEP}{_D}{{4}}(?![0-9０-９])"
)
# 0370-1234567, 0371 12345678, (0370)1234567
_LANDLINE_IN_TEXT = re.compile(
    rf"(?<![0-9０-９])(?:[(（]0{_D}{{2,3}}[)）]|0{_D}{{2,3}}){_SEP}{_D}{{7,8}}(?![0-9０-９])"
)
_ID_IN_TEXT = re.compile(r"(?<![0-9０-９Xx])[0-9０-９]{17}[0-9０-９XxＸｘ](?![0-9０-９Xx])")


def _ascii_digits(value: str) -> str:
    """Full-width digits and letters as ASCII (NFKC), everything else untouched."""
    return unicodedata.normalize("NFKC", value)


def _star(value: str, keep_start: int, keep_end: int) -> str:
    """138****1234: keep the ends, star the middle, keep the length."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: the family name's first character, the rest starred."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_phone(value: str) -> str:
    """Any common form of a phone number, masked to a canonical shape.

    Mobiles (with or without +86, spaces, dashes, full-width digits) → 138****5678;
    landlines keep their area code and last four digits → 0370-***4567.
    """
    if not value:
        return ""
    text = _ascii_digits(value)
    digits = re.sub(r"\D", "", text)
    if len(digits) == 13 and digits.startswith("86") and digits[2] == "1":
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    if len(digits) == 11 and digits[0] == "1":
        return _star(digits, 3, 4)
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        # the area code is 3 digits for 010/02x, else 4
        code_len = 3 if digits[1] in "12" else 4
        code, local = digits[:code_len], digits[code_len:]
        return f"{code}-{_star(local, 0, 4)}"
    return _star(digits or text, 3, 4)


def mask_id_number(value: str) -> str:
    """4101**********1234: the region's first four and the last four characters."""
    return _star(_ascii_digits(value or "").upper(), 4, 4)


def redact(text: str) -> str:
    """Free text with every ID number and phone number in it masked."""
    if not text:
        return ""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    text = _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)
    return _LANDLINE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)


def contains_personal_data(text: str) -> bool:
    """Whether `text` still holds a phone or ID number (checked before publishing)."""
    return redact(text) != (text or "")

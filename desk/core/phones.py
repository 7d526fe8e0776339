"""Mainland mobile numbers: checked by libphonenumber, stored as E.164, shown masked.

Decision: the showroom takes what libphonenumber (the `phonenumbers` port)
knows as a mainland *mobile* number, in any usual writing (spaces, dashes,
+86 / 0086 / a leading 0). Numbers of segments it does not know yet (e.g. the
reserved 92x/98x) are refused with a message that says so.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from desk.core.errors import InvalidInput

_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_SEPARATORS = re.compile(r"[\s\-().·]")


def normalize_mobile(raw: str, field: str = "phone") -> str:
    """'138 1234 5678' -> '+8613812345678', or InvalidInput naming the field."""
    text = (raw or "").strip()
    if not text:
        raise InvalidInput("请填写手机号。", "Enter a mobile number.", field=field)
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not re.fullmatch(r"\+?\d{5,16}", compact):
        raise InvalidInput(
            f"手机号“{text}”含有数字以外的字符。",
            f"The mobile number '{text}' has characters other than digits.",
            field=field,
        )
    try:
        number = phonenumbers.parse(compact, "CN")
    except NumberParseException:
        number = None
    if number is None or number.country_code != 86:
        raise InvalidInput(
            f"“{text}”不是中国大陆手机号。",
            f"'{text}' is not a mainland China mobile number.",
            field=field,
        )
    national = str(number.national_number)
    if len(national) != 11:
        raise InvalidInput(
            f"手机号应为 11 位数字，“{text}”有 {len(national)} 位。",
            f"A mobile number has 11 digits; '{text}' has {len(national)}.",
            field=field,
        )
    if not national.startswith("1"):
        raise InvalidInput(
            f"手机号以 1 开头，“{text}”不是手机号。",
            f"Mobile numbers start with 1; '{text}' is not one.",
            field=field,
        )
    if not phonenumbers.is_valid_number(number) or (
        phonenumbers.number_type(number) not in _MOBILE_TYPES
    ):
        raise InvalidInput(
            f"号段 {national[:3]} 不是已开通的手机号段，请核对“{text}”。",
            f"{national[:3]} is not an assigned mobile segment: check '{text}'.",
            field=field,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national(e164: str) -> str:
    return e164[3:] if e164.startswith("+86") else e164


def mask(e164: str) -> str:
    """+8613812345678 -> 138****5678."""
    n = national(e164)
    return n[:3] + "****" + n[-4:] if len(n) >= 8 else "****"

"""Resident ID numbers (居民身份证, GB 11643-1999), as the showroom accepts them.

Decisions, tested against ../shared/testdata/cn_resident_id_vectors.csv:
- 18 characters: 17 digits and a check character (a lowercase x is taken as X),
  the ISO 7064 MOD 11-2 check, a real birth date not in the future;
- the first two digits must be a province-level code, or 81/82/83 (residence
  permits of Hong Kong, Macao and Taiwan residents), or 9 and a province code
  (the 2023 foreign permanent residence ID card);
- county codes are not checked: python-stdnum's county table refuses real,
  still-used historic codes (e.g. 441282 罗定市) and raises KeyError on some
  unknown ones, so only its check-digit and date functions are used;
- 15-digit first-generation IDs are refused: they were withdrawn in 2013 and a
  contract needs the 18-digit number.
"""

from __future__ import annotations

import re
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from desk.core.errors import InvalidInput

PROVINCES = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
}


def normalize_id(raw: str, field: str = "id_number", today: date | None = None) -> str:
    """The checked 18-character number, or InvalidInput saying exactly what is wrong."""
    text = re.sub(r"[\s-]", "", raw or "").upper()
    if not text:
        raise InvalidInput("请填写身份证号。", "Enter the ID number.", field=field)
    if len(text) == 15 and text.isdigit():
        raise InvalidInput("15 位第一代身份证已停止使用，请填写 18 位号码。",
                           "15-digit first-generation IDs are withdrawn: enter the 18-digit "
                           "number.", field=field)
    if len(text) != 18:
        raise InvalidInput(f"身份证号应为 18 位，这里有 {len(text)} 位。",
                           f"An ID number has 18 characters; this has {len(text)}.", field=field)
    if not re.fullmatch(r"\d{17}[\dX]", text):
        raise InvalidInput("身份证号前 17 位应为数字，最后一位为数字或 X。",
                           "The first 17 characters are digits, the last a digit or X.",
                           field=field)
    # The foreign permanent residence card: 9, then the issuing province.
    region = int(text[1:3]) if text[0] == "9" else int(text[:2])
    if region not in PROVINCES or (text[0] == "9" and region > 80):
        raise InvalidInput(f"身份证号开头的地区码 {text[:2]} 不存在。",
                           f"There is no region {text[:2]}.", field=field)
    try:
        born = ric.get_birth_date(text)
    except ValidationError:
        raise InvalidInput(f"出生日期 {text[6:14]} 不存在。",
                           f"The birth date {text[6:14]} does not exist.", field=field) from None
    if born.year < 1900 or born > (today or date.today()):
        raise InvalidInput(f"出生日期 {born:%Y-%m-%d} 不合理。",
                           f"The birth date {born:%Y-%m-%d} is not plausible.", field=field)
    expected = ric.calc_check_digit(text)  # stdnum takes the whole number
    if text[17] != expected:
        raise InvalidInput("身份证号校验位不对，请核对每一位数字。",
                           "The check character is wrong: check every digit.", field=field)
    return text


def mask_id(number: str) -> str:
    """110101199003074477 -> 110101********4477."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "****"

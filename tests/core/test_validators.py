"""Phone numbers and resident IDs: the showroom's decisions, tested against the
vectors gathered from other libraries' test suites, and with hypothesis."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.core.errors import InvalidInput
from desk.core.idnumbers import mask_id, normalize_id
from desk.core.phones import mask, normalize_mobile
from tests.conftest import TESTDATA

needs_testdata = pytest.mark.skipif(not TESTDATA.exists(), reason="../shared/testdata is absent")
TODAY = date(2026, 11, 22)

# Where the showroom knowingly decides otherwise than the vector's source.
ID_DECISIONS = {
    # county codes are not checked (stdnum's table refuses real historic codes)
    "110111198012010078": True, "110201199312010077": True,
    "500154199301135886": True, "411082198901010002": True,
    # a lowercase x is read as X (hutool's strict mode refuses it)
    "33010219200403064x": True,
    # 15-digit first-generation IDs are withdrawn: refused, asking for 18 digits
    "110101491001001": False, "150102880730303": False, "111111111111111": False,
    "410001910101123": False, "610104620927690": False,
    # a Hong Kong identity card is not a mainland resident ID
    "U193683453": False,
}


def _valid_id(number: str) -> bool:
    try:
        normalize_id(number, today=TODAY)
        return True
    except InvalidInput:
        return False


@needs_testdata
def test_id_vectors() -> None:
    rows = list(csv.DictReader((TESTDATA / "cn_resident_id_vectors.csv").open(encoding="utf-8")))
    checked = 0
    for r in rows:
        if r["expected_valid"] == "format-only":
            continue
        expected = ID_DECISIONS.get(r["id"], r["expected_valid"].startswith("true"))
        assert _valid_id(r["id"]) == expected, (r["id"], r["reason"])
        checked += 1
    assert checked >= 85


@pytest.mark.parametrize("number,message", [
    ("", "请填写身份证号"),
    ("11010119900307447", "应为 18 位，这里有 17 位"),
    ("1101011990030744A7", "前 17 位应为数字"),
    ("110101199003074478", "校验位不对"),
    ("440308199902301512", "出生日期 19990230 不存在"),
    ("110101203003074477", "不合理"),  # born in the future
    ("990426199112010074", "地区码"),
    ("610104620927690", "15 位第一代身份证"),
])
def test_id_messages_are_specific(number: str, message: str) -> None:
    with pytest.raises(InvalidInput) as e:
        normalize_id(number, today=TODAY)
    assert message in str(e.value) and e.value.field == "id_number"


def test_id_normalises_and_masks() -> None:
    assert normalize_id(" 44011320141005001x ", today=TODAY) == "44011320141005001X"
    assert mask_id("110101199003074477") == "110101********4477"


@given(st.text(max_size=30))
def test_any_text_gives_an_id_or_one_message(text: str) -> None:
    try:
        n = normalize_id(text, today=TODAY)
        assert len(n) == 18
    except InvalidInput as e:
        assert e.field == "id_number" and str(e)


@given(st.integers(min_value=0, max_value=10**17 - 1))
def test_a_valid_id_with_any_other_check_digit_is_refused(body: int) -> None:
    number = "110101199003" + f"{body % 10**5:05d}"
    good = normalize_id(number + "0", today=TODAY) if _valid_id(number + "0") else None
    for c in "0123456789X":
        if good is None or c == good[-1]:
            continue
        assert not _valid_id(number + c)


# --- phones ---------------------------------------------------------------------

@needs_testdata
def test_phone_vectors_follow_libphonenumber() -> None:
    """The showroom follows libphonenumber: reserved segments it does not know
    (92x/98x, listed valid by validator.js) are refused; punctuated and prefixed
    forms (+86-…, 0086…, a leading 0; listed invalid by validator.js) are read,
    since the desk types what the customer says."""
    rows = list(csv.DictReader((TESTDATA / "cn_mobile_phone_vectors.csv").open(encoding="utf-8")))
    for r in rows:
        try:
            got = normalize_mobile(r["number"])
        except InvalidInput:
            got = None
        lib_valid = r["phonenumbers_9.0.43_is_valid(region=CN)"] == "True" and r[
            "phonenumbers_9.0.43_type"] in ("MOBILE", "FIXED_LINE_OR_MOBILE")
        assert (got is not None) == lib_valid, (r["number"], r["reason"])
        if got:
            assert got == r["phonenumbers_9.0.43_e164"]


@needs_testdata
def test_every_known_mobile_prefix_is_accepted() -> None:
    rows = list(csv.DictReader(
        (TESTDATA / "cn_mobile_prefix_carrier_libphonenumber.csv").open(encoding="utf-8")))
    for r in rows:
        prefix = r["national_prefix"]
        number = prefix + "0" * (11 - len(prefix) - 4) + "1234" if len(prefix) < 11 else prefix
        assert normalize_mobile(number).startswith("+86" + prefix), r


@pytest.mark.parametrize("raw,message", [
    ("", "请填写手机号"), ("1381234567", "11 位"), ("138-1234-567a", "数字以外"),
    ("92012345678", "以 1 开头"), ("14012345678", "号段 140"),
])
def test_phone_messages_are_specific(raw: str, message: str) -> None:
    with pytest.raises(InvalidInput) as e:
        normalize_mobile(raw)
    assert message in str(e.value) and e.value.field == "phone"


@given(st.text(max_size=25))
def test_any_text_gives_a_phone_or_one_message(text: str) -> None:
    try:
        e164 = normalize_mobile(text)
        assert e164.startswith("+861") and len(e164) == 14
        assert mask(e164).count("*") == 4
    except InvalidInput as e:
        assert e.field == "phone" and str(e)

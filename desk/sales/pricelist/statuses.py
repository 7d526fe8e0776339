"""Sale statuses as price lists publish them, and what each means here.

A unit sold or subscribed before the showroom used this system is imported with
an active claim that names no customer (an external sale)."""

from __future__ import annotations

from desk.models.enums import UnitStatus

BLANK = {"", "--", "-", "—", "无", "none", "null", "n/a"}

WORDS = {
    UnitStatus.AVAILABLE: ("在售", "可售", "未售", "待售", "未签约", "未认购", "available", "forsale"),
    UnitStatus.SUBSCRIBED: ("已签认购书", "已认购", "已签认购", "认购", "subscribed"),
    UnitStatus.SIGNED: ("已签预售合同", "初始登记", "已产权备案", "已网签", "已签约", "已售",
                        "已转移登记", "已备案", "已签合同", "签约", "sold", "signed"),
}
_EXACT = {w: status for status, words in WORDS.items() for w in words}


def published_status(text: str) -> UnitStatus | None:
    """The status a published word means; None for a word this table does not know."""
    t = text.strip().lower().replace(" ", "")
    if t in BLANK:
        return UnitStatus.AVAILABLE
    if t in _EXACT:
        return _EXACT[t]
    for status in (UnitStatus.SIGNED, UnitStatus.SUBSCRIBED):  # '已签约(网签)' and the like
        if any(w in t for w in WORDS[status] if len(w) >= 2):
            return status
    return None

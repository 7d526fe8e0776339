"""Amounts in Chinese capitals (人民币大写), as written on contracts and cheques.

The convention of the People's Bank of China's 《支付结算办法》 and the
accounting rules (会计基础工作规范):
- 元, and 整 after 元 or 角 when nothing follows; never after 分;
- one 零 for any run of zeros between non-zero digits, across 万 and 亿 sections
  too (壹拾亿零壹佰万零贰拾壹; 壹拾贰万亿零壹仟…, as hutool writes it);
- 元零X分 when the 角 is zero; no 零 before 角 (壹拾元伍角整);
- below one yuan, no 元 (壹角整, 壹分);
- amounts are rounded half-up to the fen first; a negative amount starts with 负.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL = ("", "拾", "佰", "仟")
LIMIT = Decimal(10) ** 16


def _group(n: int) -> str:
    """0 < n < 10000: 壹仟零贰拾 for 1020 (no trailing zeros)."""
    out, zero = "", False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + SMALL[pos]
    return out


def _integer(n: int) -> str:
    """Sections of four digits (万亿, 亿, 万, units); a zero section, or a section
    with leading zeros, between non-zero ones gives one 零. Above 亿 the 万 joins
    the 亿 that follows (壹拾贰万肆仟…亿), or stands as 万亿 when that is zero."""
    sections = [n // 10**12 % 10**4, n // 10**8 % 10**4, n // 10**4 % 10**4, n % 10**4]
    units = ("万", "亿", "万", "")
    out, zero = "", False
    for i, sec in enumerate(sections):
        if sec == 0:
            if i == 1 and sections[0]:
                out += "亿"  # 壹拾贰万亿
            zero = zero or bool(out)
            continue
        if out and (zero or sec < 1000):
            out += "零"
        out += _group(sec) + units[i]
        zero = False
    return out


def rmb_upper(amount: object) -> str:
    """12345.60 -> '壹万贰仟叁佰肆拾伍元陆角整'."""
    try:
        value = Decimal(str(amount).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"not an amount: {amount!r}") from None
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    fen_total = int((abs(value) * 100).quantize(Decimal(1), ROUND_HALF_UP))
    if fen_total >= LIMIT * 100:
        raise ValueError(f"amount too large: {amount!r}")
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    sign = "负" if value < 0 and fen_total else ""
    if fen_total == 0:
        return "零元整"
    out = _integer(yuan) + "元" if yuan else ""
    if jiao:
        out += DIGITS[jiao] + "角"
    elif fen and yuan:
        out += "零"
    if fen:
        out += DIGITS[fen] + "分"
    else:
        out += "整"
    return sign + out

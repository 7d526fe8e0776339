"""The unit codes (房号) of published price lists (一房一价), read into their parts.

Shenzhen's published lists have no building column: zone, building, wing (座),
entrance (单元), a shop section and the floor all live in the code. A code is
read in two steps, after normalising it (NFKC, so full-width ``３栋Ｃ座`` is
``3栋C座``; latin letters upper-cased; all white space removed):

1. *named parts*, each a name followed by its marker, in any order and each at
   most once: zone ``A区``, building ``3栋``/``3幢``/``1号楼``/``2号``, wing
   ``C座``, entrance ``2单元``, section ``商业``/``商铺``/``裙楼``. A name is a
   number (``12``), a letter (``E``), both (``T2``, ``2A``) or a Chinese
   numeral 一…九十九 (``二单元``), and is kept as written. Two positional forms
   name a part without a marker: a leading ``12-``/``5.`` (building; a second
   ``3-2-`` number is the entrance) and a letter glued to a 3–4 digit room
   (``A1203``: wing). A ``-`` between parts is a separator.
2. *the room*: with an explicit floor (``12层05``) or, far more often, a room
   number whose leading digits are the floor (``1502``: floor 15, ``02``).

Grammar (``name`` = ``building_name``, ``group`` = the column group in it;
"(given)" = the floor is written with 层 and ``floor_inferred`` is False; every
other floor is read from the room number and ``floor_inferred`` is True):

| shape | example | name | group | floor | position | room |
|---|---|---|---|---|---|---|
| building, wing, floor+letter | `3栋C座45F` | 3栋 | C座 | 45 | F | 45F |
| building, room | `12栋2301` | 12栋 |  | 23 | 01 | 2301 |
| wing, room | `A座2301` | A座 |  | 23 | 01 | 2301 |
| bare room | `2301` |  |  | 23 | 01 | 2301 |
| dotted building | `5.1203` | 5栋 |  | 12 | 03 | 1203 |
| dashed building | `12-1502` | 12栋 |  | 15 | 02 | 1502 |
| dashed building, entrance | `3-2-1502` | 3栋 | 2单元 | 15 | 02 | 1502 |
| room with a letter suffix | `3栋1203A` | 3栋 |  | 12 | 03A | 1203A |
| floor, letter, position | `2A05` |  |  | 2 | A05 | 2A05 |
| 号楼, wing, floor+letter | `1号楼B座12A` | 1号楼 | B座 | 12 | A | 12A |
| letter wing on the room | `A1203` | A座 |  | 12 | 03 | 1203 |
| 号楼 | `3号楼1502` | 3号楼 |  | 15 | 02 | 1502 |
| explicit floor | `3栋12层05` | 3栋 |  | 12 (given) | 05 | 05 |
| numbered wing | `3座1502` | 3座 |  | 15 | 02 | 1502 |
| wing, explicit floor | `3栋A座12层05` | 3栋 | A座 | 12 (given) | 05 | 05 |
| wing and entrance | `3栋A座2单元1502` | 3栋 | A座2单元 | 15 | 02 | 1502 |
| entrance | `3栋2单元1502` | 3栋 | 2单元 | 15 | 02 | 1502 |
| lettered entrance | `3栋A单元1502` | 3栋 | A单元 | 15 | 02 | 1502 |
| Chinese-numeral entrance | `3栋一单元1502` | 3栋 | 一单元 | 15 | 02 | 1502 |
| lettered building, 单元 | `E栋二单元4206` | E栋 | 二单元 | 42 | 06 | 4206 |
| dash before the room | `3栋A座-1502` | 3栋 | A座 | 15 | 02 | 1502 |
| zone | `A区3栋A座1502` | A区3栋 | A座 | 15 | 02 | 1502 |
| zone, wing | `B区3栋F座3305` | B区3栋 | F座 | 33 | 05 | 3305 |
| 号房, 1–2 digits | `A座12号房` | A座 |  | 1 | 12号房 | 12号房 |
| 号房, 3–4 digits | `A座502号房` | A座 |  | 5 | 02号房 | 502号房 |
| 号 building (力高) | `2号B单元404` | 2号 | B单元 | 4 | 04 | 404 |
| podium shop | `裙楼1层138号` | 裙楼 |  | 1 (given) | 138号 | 138号 |
| section in a building | `1栋商业317` | 1栋 | 商业 | 3 | 17 | 317 |
| basement | `1栋商业-101` | 1栋 | 商业 | -1 | 01 | -101 |
| explicit basement | `地下1层05` `负一层05` `B1层05` `-1层05` |  |  | -1 (given) | 05 | 05 |
| Chinese-numeral floor | `3栋十二层05` | 3栋 |  | 12 (given) | 05 | 05 |
| floor + flat letter | `29J` `03B` `20F` |  |  | 29, 3, 20 | J, B, F | 29J, 03B, 20F |
| building, floor+letter | `3栋18F` | 3栋 |  | 18 | F | 18F |
| shop number, remark 裙楼商铺 | `01` | 裙楼 |  | 1 | 01 | 01 |
| bare room, remark B座住宅 | `3005` | B座 |  | 30 | 05 | 3005 |

Readings worth knowing:

- ``F`` after a floor is the flat's letter, not 楼层: the lists number flats
  A–F on each floor (``20A`` … ``20F``), so ``45F`` is floor 45, flat F, and its
  floor counts as inferred. Only 层 marks an explicit floor.
- A 3–4 digit room number is floor + two-digit position (``0301``: floor 3);
  letters after it are part of the position (``1203A``: ``03A``); a 1–2 digit
  number before letters is the floor (``12A``); ``2A05`` is floor 2, ``A05``.
- ``-`` before the room is a basement when the floor it gives is at most 6
  levels down (``商业-101``: floor -1); a deeper one after a named part is a
  separator (``3栋A座-1502``: floor 15), and with nothing before it is refused.
- ``position`` is the room with its floor digits (and basement sign) taken off;
  ``room`` is the room as written after the named parts (after 层 when the floor
  is explicit, so ``3栋12层05`` gives room ``05``). ``号``/``号房`` stay on both.
- A part named without its marker gets the customary one: ``12-1502`` and
  ``5.1203`` give building ``12栋``/``5栋`` (the same names a list with a
  building column gives), ``3-2-1502`` entrance ``2单元``, ``A1203`` wing ``A座``.
  So ``building_name`` is not always a substring of the code.
- A 1–2 digit number with ``号``/``号房`` (``A座12号房``) is a numbered room on
  floor 1 (inferred).
- The remark (``hint``) helps when the code names neither building nor wing:
  a leading zone/building/wing/``裙楼`` in it is taken (``B座住宅``: wing
  ``B座``); and when it says 商铺/商业/裙楼, a bare 1–2 digit code is a podium
  shop on floor 1 (inferred), in building ``裙楼`` unless it names another.
- ``building_name`` is zone + building, or zone + wing when there is no
  building (the wing is then the building), or the zone alone, or "".
  ``group`` is the wing (unless it became the name) + entrance + section.

Refused, each with its own reason (``CodeProblem``), because no reading is safe:
an empty code; one longer than 40 characters; a code with no digits (no room);
a number with one or two decimals (``73.66``: an area or price in a shifted
row); five or more digits in a row (``12345``: floor 1, 12 or 123?); a bare
1–2 digit number without a shop remark (``12``: floor or flat?); floor 0;
a floor above 200; a basement deeper than 6 levels; a part named twice
(``3栋4栋1502``); named parts with no room after them; anything left over that
fits no shape (the unread text is quoted).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_LENGTH = 40  # a code with every part ("A区3栋A座2单元商业1502号房") is under 20
MAX_FLOOR = 200
MAX_BASEMENT = 6

_CN_DIGIT = "一二三四五六七八九"
# 一 … 九十九, each number written one way only (十一, not 一十一).
_CN = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# A part's name: 12, E, T2, 2A, AB, 二.
_NAME = f"(?:[A-Z]?[0-9]{{1,3}}[A-Z]?|[A-Z]{{1,2}}|{_CN})"

# Named parts, tried in this order at each point of the code.
_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("zone", re.compile(f"{_NAME}区")),
    # "2号" names a building only when more follows: "138号" and "12号房" are rooms.
    ("building", re.compile(f"{_NAME}(?:栋|幢|号楼)|[0-9]{{1,3}}[A-Z]?号(?![房室]|$)")),
    ("wing", re.compile(f"{_NAME}座")),
    ("entrance", re.compile(f"{_NAME}单元")),
    ("section", re.compile("商业|商铺|裙楼")),
)
# "12-1502", "5.1203", "3-2-1502": a building (and entrance) by position alone.
_DASHED = re.compile(r"([0-9]{1,3})([-.])(?:([0-9]{1,2})\2)?(?=[0-9])")
# "A1203": a wing letter glued to a 3–4 digit room number.
_LETTER_WING = re.compile(r"([A-Z])(?=[0-9]{3,4}(?![0-9]))")
# An area or a price ("73.66", "36113.00") where a code should be: a shifted row.
_DECIMAL = re.compile(r"[0-9]+\.[0-9]{1,2}")

_SUFFIX = "(?P<suffix>号房|号|室|房)?"
# A room after an explicit floor: "12层05", "1层138号", "地下1层05", "负一层3号".
_FLOORED = re.compile(
    f"(?P<below>地下|负|B|-)?(?P<floor>[0-9]{{1,3}}|{_CN})层"
    f"(?P<room>[0-9]{{1,4}}[A-Z]{{0,2}}|[A-Z]{{1,2}}[0-9]{{0,2}}){_SUFFIX}")
# A room number carrying its floor: "1502", "45F", "1203A", "2A05", "-101", "502号房".
_NUMBERED = re.compile(
    f"(?P<dash>-)?(?P<digits>[0-9]+)(?P<tail>[A-Z]{{1,2}}(?P<more>[0-9]{{1,2}})?)?{_SUFFIX}")
_SHOP_WORD = re.compile("商铺|商业|裙楼")

_KINDS = {"zone": ("区", "zone"), "building": ("楼栋", "building"), "wing": ("座", "wing"),
          "entrance": ("单元", "entrance"), "section": ("商业/裙楼部分", "shop section")}
_CUSTOMARY = {"building": "栋", "wing": "座", "entrance": "单元"}


@dataclass(frozen=True, slots=True)
class UnitCode:
    """One code's parts; see the module's table."""

    zone: str
    building: str
    wing: str
    entrance: str
    section: str
    floor: int
    position: str
    room: str
    floor_inferred: bool

    @property
    def building_name(self) -> str:
        """The grid's tab: zone + building, or zone + wing when there is no building."""
        return self.zone + (self.building or self.wing)

    @property
    def group(self) -> str:
        """The column group inside the building: wing + entrance + section."""
        return (self.wing if self.building else "") + self.entrance + self.section


@dataclass(frozen=True, slots=True)
class CodeProblem:
    """Why a code was refused, in Chinese and English."""

    zh: str
    en: str


def normalise(text: str) -> str:
    """Full-width forms folded, latin letters upper-cased, white space removed."""
    return "".join(unicodedata.normalize("NFKC", text).upper().split())


def parse_code(text: str, hint: str = "") -> UnitCode | CodeProblem:
    """Read a unit code; `hint` is the row's remark (备注). Never raises."""
    code = normalise(text)
    shown = _shown(code)
    if not code:
        return CodeProblem("房号为空", "the unit code is empty")
    if len(code) > MAX_LENGTH:
        return CodeProblem(f"房号太长（{len(code)} 个字符，最多 {MAX_LENGTH} 个）",
                           f"the unit code is too long ({len(code)} characters, {MAX_LENGTH} at most)")
    if not re.search("[0-9]", code) and not re.search(f"{_CN}层", code):
        return CodeProblem(f"房号“{shown}”里没有房间号（没有数字）",
                           f"the unit code '{shown}' has no room number (no digits)")
    if _DECIMAL.fullmatch(code):
        return CodeProblem(f"“{shown}”像是面积或金额（带小数），不是房号；这一行的字段可能错位了",
                           f"'{shown}' looks like an area or an amount (it has decimals), not a unit "
                           "code; the row's fields may be shifted")
    scanned = _scan(code, shown, positional=True)
    if isinstance(scanned, CodeProblem):
        return scanned
    parts, rest = scanned
    remark = normalise(hint)
    if not parts.get("building") and not parts.get("wing"):
        # Only the remark's leading named parts: "B座住宅", "裙楼商铺", never "73.66".
        hinted = _scan(remark, "", positional=False)
        if not isinstance(hinted, CodeProblem):
            for kind in ("zone", "building", "wing"):
                parts[kind] = parts.get(kind) or hinted[0].get(kind, "")
    if not rest:
        return CodeProblem(f"房号“{shown}”缺少房间号", f"the unit code '{shown}' has no room number")
    shop = bool(_SHOP_WORD.search(remark))
    room = _room(rest, preceded=len(rest) < len(code), shop=shop, shown=shown)
    if isinstance(room, CodeProblem):
        return room
    floor, position, written, inferred = room
    if shop and written.isdigit() and len(written) <= 2 and not (parts.get("building") or parts.get("wing")):
        parts["building"] = "裙楼"  # a podium shop numbered on its own
    return UnitCode(zone=parts.get("zone", ""), building=parts.get("building", ""),
                    wing=parts.get("wing", ""), entrance=parts.get("entrance", ""),
                    section=parts.get("section", ""), floor=floor, position=position,
                    room=written, floor_inferred=inferred)


def _scan(code: str, shown: str, positional: bool) -> tuple[dict[str, str], str] | CodeProblem:
    """The named parts at the start of `code`, and what follows them; `positional`
    admits the parts named by position alone ("12-1502", "A1203")."""
    parts: dict[str, str] = {}
    pos = 0
    dashed = _DASHED.match(code) if positional else None
    if dashed:
        parts["building"] = dashed.group(1) + _CUSTOMARY["building"]
        if dashed.group(3):
            parts["entrance"] = dashed.group(3) + _CUSTOMARY["entrance"]
        pos = dashed.end()
    while pos < len(code):
        # A dash between two named parts only separates them.
        start = pos + 1 if code[pos] == "-" and pos > 0 else pos
        found = _next_part(code, start, parts, positional)
        if found is None:
            break
        kind, value, pos = found
        if parts.get(kind):
            zh, en = _KINDS[kind]
            return CodeProblem(f"房号“{shown}”写了两个{zh}（“{parts[kind]}”和“{value}”）",
                               f"the unit code '{shown}' names two {en}s ('{parts[kind]}' and '{value}')")
        parts[kind] = value
    return parts, code[pos:]


def _next_part(code: str, pos: int, parts: dict[str, str],
               positional: bool) -> tuple[str, str, int] | None:
    for kind, pattern in _PARTS:
        m = pattern.match(code, pos)
        if m:
            # 裙楼 first (or after a zone only) is the podium building, later a section of one.
            if m.group() == "裙楼" and not parts.get("building") and not parts.get("wing"):
                kind = "building"
            return kind, m.group(), m.end()
    m = _LETTER_WING.match(code, pos) if positional else None
    if m and not parts.get("wing"):
        return "wing", m.group(1) + _CUSTOMARY["wing"], m.end()
    return None


def _room(rest: str, preceded: bool, shop: bool, shown: str) -> tuple[int, str, str, bool] | CodeProblem:
    """Floor, position, room as written, whether the floor was inferred."""
    m = _FLOORED.fullmatch(rest)
    if m:
        floor = _number(m.group("floor"))
        room = m.group("room") + (m.group("suffix") or "")
        return _checked(-floor if m.group("below") else floor, room, room, False, shown)
    m = _NUMBERED.fullmatch(rest)
    # Quote the unread part when named parts came before it.
    what, what_en = (f"中的“{_shown(rest)}”", f"'{_shown(rest)}' in ") if preceded else ("", "")
    if m is None:
        return CodeProblem(f"房号“{shown}”{what}无法识别（不是已知的房号写法）",
                           f"{what_en}the unit code '{shown}' is not understood (no known shape)")
    digits, tail, suffix = m.group("digits"), m.group("tail") or "", m.group("suffix") or ""
    written = digits + tail + suffix
    if len(digits) >= 5:
        return CodeProblem(f"房号“{shown}”有 {len(digits)} 位数字，无法确定楼层",
                           f"the unit code '{shown}' has {len(digits)} digits; the floor cannot be told")
    if len(digits) <= 2 and not tail:
        if suffix:  # "12号房": a numbered room, not a floor
            return _checked(1, written, written, True, shown)
        if shop:  # "01" with remark 裙楼商铺: a shop's own number
            return _checked(1, digits, digits, True, shown)
        return CodeProblem(f"房号“{shown}”只有 {len(digits)} 位数字，无法确定楼层（备注未注明商铺）",
                           f"the unit code '{shown}' has only {len(digits)} digit(s); the floor cannot "
                           "be told (the remark does not say it is a shop)")
    if len(digits) >= 3 and m.group("more"):  # "1203A05": floor 12 or 1203?
        return CodeProblem(f"房号“{shown}”{what}无法确定楼层",
                           f"the floor of {what_en}the unit code '{shown}' cannot be told")
    floor_digits = digits[:-2] if len(digits) >= 3 else digits
    floor, position = int(floor_digits), written[len(floor_digits):]
    if m.group("dash"):
        if 0 < floor <= MAX_BASEMENT:
            return _checked(-floor, position, "-" + written, True, shown)
        if not preceded:
            return CodeProblem(f"房号“{shown}”表示地下 {floor} 层，不合理（最多地下 {MAX_BASEMENT} 层）",
                               f"the unit code '{shown}' would be {floor} levels below ground "
                               f"({MAX_BASEMENT} at most)")
    return _checked(floor, position, written, True, shown)


def _checked(floor: int, position: str, room: str, inferred: bool,
             shown: str) -> tuple[int, str, str, bool] | CodeProblem:
    if floor == 0:
        return CodeProblem(f"房号“{shown}”的楼层为 0", f"the floor in the unit code '{shown}' is 0")
    if floor > MAX_FLOOR:
        return CodeProblem(f"房号“{shown}”的楼层 {floor} 高于 {MAX_FLOOR} 层",
                           f"floor {floor} in the unit code '{shown}' is above {MAX_FLOOR}")
    if floor < -MAX_BASEMENT:
        return CodeProblem(f"房号“{shown}”表示地下 {-floor} 层，不合理（最多地下 {MAX_BASEMENT} 层）",
                           f"the unit code '{shown}' would be {-floor} levels below ground "
                           f"({MAX_BASEMENT} at most)")
    return floor, position, room, inferred


def _number(text: str) -> int:
    """12 or 十二 (the pattern admits only well-formed numerals up to 九十九)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CN_DIGIT.index(text) + 1
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT.index(tens) + 1 if tens else 1) * 10 + (_CN_DIGIT.index(ones) + 1 if ones else 0)


def _shown(text: str) -> str:
    """The code as quoted in a message: printable, at most 20 characters."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return clean if len(clean) <= 20 else clean[:19] + "…"


def format_code(code: UnitCode, shape: str) -> str:
    """Write `code` in one of the shapes of the module's table; the inverse of
    `parse_code`, and used to test it. The room is spelled from floor and
    position (`room` is not read). Shapes:

    - ``named``: the named parts in the order zone, building, wing, entrance,
      section, then the room number carrying its floor (``A区3栋A座2单元1502``,
      ``2301``, ``29J``, ``1栋商业-101``, ``A座12号房``);
    - ``floored``: the same parts, then ``12层05`` (``地下1层05`` below ground);
    - ``dash``: the named parts, ``-``, the room (``3栋A座-1502``; floor above 6);
    - ``dotted``: ``5.1203`` (building ``5栋`` only);
    - ``dashed``: ``12-1502``, or ``3-2-1502`` with entrance ``2单元``;
    - ``letter``: zone and building, then the wing letter on the room (``A1203``).

    Raises ValueError when the parts cannot be written in that shape.
    """
    named = code.zone + code.building + code.wing + code.entrance + code.section
    if shape == "named":
        return named + _room_text(code.floor, code.position)
    if shape == "floored":
        floor = f"地下{-code.floor}" if code.floor < 0 else str(code.floor)
        return f"{named}{floor}层{code.position}"
    if shape == "dash" and named and code.floor > MAX_BASEMENT:
        return f"{named}-{_room_text(code.floor, code.position)}"
    bare = re.fullmatch(r"([0-9]{1,3})栋", code.building)
    if shape in ("dotted", "dashed") and bare and not (code.zone or code.wing or code.section):
        entrance = re.fullmatch(r"([0-9]{1,2})单元", code.entrance)
        sep = "." if shape == "dotted" else "-"
        middle = entrance.group(1) + sep if entrance and shape == "dashed" else ""
        if code.entrance and not middle:
            raise ValueError(f"{shape} cannot carry the entrance {code.entrance!r}")
        return f"{bare.group(1)}{sep}{middle}{_room_text(code.floor, code.position)}"
    letter = re.fullmatch("([A-Z])座", code.wing)
    if shape == "letter" and letter and not (code.entrance or code.section):
        return code.zone + code.building + letter.group(1) + _room_text(code.floor, code.position)
    raise ValueError(f"{code!r} cannot be written in the shape {shape!r}")


def _room_text(floor: int, position: str) -> str:
    if floor == 1 and re.fullmatch("[0-9]{1,2}(号房|号|室|房)", position):
        return position  # "12号房": a numbered room carries no floor
    return ("-" if floor < 0 else "") + str(abs(floor)) + position


_NAME_RUN = re.compile(f"[0-9]+|{_CN}|.", re.DOTALL)


def name_key(text: str) -> tuple[tuple[tuple[int, int, str], ...], str]:
    """Sort key for building and group names: numbers (also 一…九十九) by value,
    so 2栋 < 10栋 and 一单元 < 二单元 < 十一单元, numbers before letters, letters
    in order; the name itself breaks ties (02栋 / 2栋)."""
    name = normalise(text)
    runs = []
    for m in _NAME_RUN.finditer(name):
        run = m.group()
        if re.fullmatch(f"[0-9]+|{_CN}", run):
            runs.append((0, _number(run), ""))
        else:
            runs.append((1, 0, run))
    return tuple(runs), name

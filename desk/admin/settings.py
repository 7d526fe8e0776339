"""Configurable rules, stored as JSON in the database so every PC shares them."""

from __future__ import annotations

import copy
import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desk.admin.permissions import Actor, require
from desk.core import cached, labels
from desk.core.changes import ChangeKind
from desk.core.errors import InvalidInput, pick
from desk.core.uow import UnitOfWork
from desk.models import Setting
from desk.models.enums import OrderMode

# Every setting with its default; the keys are the only ones accepted.
DEFAULTS: dict[str, Any] = {
    "hold.ttl_minutes": 30,
    "hold.max_total_minutes": 120,
    "hold.reminder_minutes": 5,
    "discount.max_percent_without_approval": 2.0,
    "subscription.sign_within_days": 7,
    "rotation.order_mode": OrderMode.CHECKIN.value,
    "showroom.timezone": "Asia/Shanghai",
    "ui.lock_after_minutes": 10,
    "rotation.undo_seconds": 120,
    # A reception's length for the waiting estimate until one ends today.
    "rotation.reception_minutes": 30,
    "ownership.visit_days": 15,
    "ownership.call_days": 7,
    # Commission sharing (desk.sales.commission): the rate on the deal amount,
    # and the shares of a covering rep (代接) and of the previous owner.
    "commission.rate_permille": 3.0,
    "commission.cover_percent": 30.0,
    "commission.transfer_percent": 30.0,
    "followup.escalate_after_days": 3,
    "complaint.first_response_hours": 24,
    # The assessment's score (desk.reporting.assessment): points for each
    # achievement ratio, and the points off for each complaint against the rep.
    "assessment.weights": {"signed": 30, "collected": 25, "conversion": 20, "followups": 15,
                           "satisfaction": 10, "complaint": 5},
    # The daily copy of a SQLite database while the application runs: how many
    # days are kept (0: none made) and where ("": the data folder's backups).
    "backup.keep": 30,
    "backup.folder": "",
    "visitors.sources": ["路过", "朋友介绍", "老带新", "网络广告", "户外广告", "中介", "电话咨询", "其他"],
    # What a visitor agrees to; a changed text is asked for again (desk.visitors.consent).
    "visitors.consent_text": "本人同意售楼处为购房咨询与服务保存以上信息，售楼处不将其用于其他用途。",
    # Clause templates of the printed documents: {total}, {total_upper}, {deposit},
    # {deposit_upper}, {sign_by}, {buyer}, {unit}, {gross_area}, {unit_price},
    # {project}, {seller}, {permit} are filled in.
    "print.subscription_clauses": [
        "认购人于本认购书签订之日向出卖人支付定金{deposit}（人民币{deposit_upper}），"
        "出卖人向认购人开具收款凭证。",
        "该房屋以建筑面积{gross_area}平方米计价，单价{unit_price}元/平方米，总价款为{total}"
        "（人民币{total_upper}）。",
        "双方应于{sign_by}前签订《商品房买卖合同》，定金抵作房价款；认购人逾期未签订的，"
        "出卖人有权另行出售该房屋，定金不予退还；因出卖人原因未能签订的，出卖人双倍返还定金。",
        "本认购书一式两份，双方各执一份，自双方签字或盖章之日起生效。",
    ],
    "print.contract_clauses": [
        "出卖人依据{project}项目的预售许可（{permit}）出售该商品房，买受人已阅读并知晓该商品房的"
        "基本状况。",
        "该商品房按建筑面积计价，总价款为{total}（人民币{total_upper}）；买受人按付款计划付款，"
        "已付定金{deposit}抵作房价款。",
        "出卖人应当按照约定的时间和条件将该商品房交付买受人；逾期交付的，按照本合同附件的约定"
        "承担违约责任。",
        "面积差异以房产测绘机构实测的建筑面积为准；面积误差比绝对值在3%以内（含3%）的，"
        "据实结算房价款。",
        "出卖人对买受人的个人信息负有保密义务，不得泄露或用于本合同以外的用途。",
        "本合同自双方签字或盖章之日起生效，一式四份，出卖人两份，买受人一份，房屋登记机构一份。",
    ],
}
# Settings whose value is one of a few words.
CHOICES: dict[str, tuple[StrEnum, ...]] = {
    "rotation.order_mode": tuple(OrderMode),
}


def get(uow: UnitOfWork, key: str) -> Any:
    return get_many(uow, key)[0]


def get_many(uow: UnitOfWork, *keys: str) -> list[Any]:
    """Several settings, as this process last read them (`desk.core.cached`),
    else in one query. A transaction that changed a setting reads its own."""
    for key in keys:
        if key not in DEFAULTS:
            raise KeyError(key)
    cache = cached.of(uow)
    if cache is None or ChangeKind.SETTINGS in uow.changed:
        return _read(uow, keys)
    kept = cache.get(ChangeKind.SETTINGS, "\x1f".join(keys), lambda: tuple(_read(uow, keys)))
    # A list or a mapping is the caller's to change: a copy, the kept one stays.
    return [copy.deepcopy(v) if isinstance(v, (list, dict)) else v for v in kept]


def _read(uow: UnitOfWork, keys: tuple[str, ...]) -> list[Any]:
    rows = uow.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys)))
    stored = {k: v for k, v in rows}
    return [json.loads(stored[k]) if k in stored else DEFAULTS[k] for k in keys]


def all_values(uow: UnitOfWork) -> dict[str, Any]:
    stored = {s.key: json.loads(s.value) for s in uow.query(Setting).all()}
    return {k: stored.get(k, v) for k, v in DEFAULTS.items()}


def put(uow: UnitOfWork, actor: Actor, key: str, value: Any) -> None:
    require(actor, "settings.manage")
    if key not in DEFAULTS:
        raise InvalidInput(f"没有这个设置项：{key}", f"No such setting: {key}", field=key)
    default = DEFAULTS[key]
    zh, en = labels.SETTING_NAMES.get(key, (key, key))  # the rule in words, as the rules tab names it
    if isinstance(default, list):
        items = value if isinstance(value, list) else str(value).replace("，", ",").split(",")
        value = [str(x).strip() for x in items if str(x).strip()]
        if not value:
            raise InvalidInput(f"「{zh}」至少要有一项。", f"'{en}' needs one item at least.",
                               field=key)
    elif isinstance(default, (int, float)) and not isinstance(default, bool):
        try:
            value = type(default)(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"「{zh}」请填写数字。", f"'{en}' needs a number.",
                               field=key) from None
        if value < 0:
            raise InvalidInput(f"「{zh}」不能为负数。", f"'{en}' cannot be negative.", field=key)
    if key in ("commission.cover_percent", "commission.transfer_percent") and value > 100:
        raise InvalidInput(f"「{zh}」不能超过 100。", f"'{en}' cannot exceed 100.", field=key)
    if isinstance(default, dict):
        value = _mapping(key, value, default)
    if key == "visitors.consent_text" and not str(value).strip():
        raise InvalidInput("请填写客户同意条款。", "The consent text cannot be empty.", field=key)
    if key == "backup.folder" and str(value).strip() and not Path(str(value)).is_absolute():
        raise InvalidInput("备份文件夹请写完整路径（留空为数据文件夹下的 backups）。",
                           "Give the backup folder as a full path (empty: backups in the data "
                           "folder).", field=key)
    if key == "showroom.timezone":
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"没有时区“{value}”（例如 Asia/Shanghai）。",
                               f"No time zone '{value}' (e.g. Asia/Shanghai).", field=key) from None
    if key in CHOICES and value not in CHOICES[key]:
        options = " / ".join(CHOICES[key])
        raise InvalidInput(f"设置项 {key} 只能是：{options}", f"Setting {key} is one of: {options}",
                           field=key)
    row = uow.get(Setting, key)
    if row is None:
        uow.add(Setting(key=key, value=json.dumps(value)))
    else:
        row.value = json.dumps(value)
    uow.record(ChangeKind.SETTINGS, key)


# The assessment weights' names in words (签约 / signed …), keyed by the stored
# names; either language's name, or the stored one, is accepted when typed.
WEIGHT_NAMES: dict[str, tuple[str, str]] = {
    "signed": ("签约", "signed"),
    "collected": ("回款", "collected"),
    "conversion": ("转化", "conversion"),
    "followups": ("跟进", "follow-ups"),
    "satisfaction": ("满意度", "satisfaction"),
    "complaint": ("投诉扣分", "per-complaint"),
}


def weights_text(weights: dict[str, Any]) -> str:
    """The weights as typed in the rules tab, named in the current language:
    "签约=30, 回款=25, …"."""
    return ", ".join(f"{pick(*WEIGHT_NAMES.get(k, (k, k)))}={v}" for k, v in weights.items())


def _weight_key(name: str) -> str | None:
    folded = name.strip().casefold()
    for key, (zh, en) in WEIGHT_NAMES.items():
        if folded in (key, zh, en.casefold()):
            return key
    return None


def _mapping(key: str, value: Any, default: dict[str, Any]) -> dict[str, float]:
    """The assessment weights ("签约=30, 投诉扣分=5", "signed=30", or a JSON
    object): each from 0 to 100; a name left out keeps its default."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = json.loads(text) if text.startswith("{") else {
                name: number for name, _, number in (
                    part.partition("=") for part in text.replace("，", ",").replace("＝", "=")
                    .split(",") if part.strip())}
        except ValueError:
            value = None
    zh_all = "、".join(zh for zh, _ in WEIGHT_NAMES.values())
    en_all = ", ".join(en for _, en in WEIGHT_NAMES.values())
    if not isinstance(value, dict):
        raise InvalidInput("考核权重应写成 名称=数字，用逗号分隔（如 签约=30, 回款=25）。",
                           "Write the assessment weights as name=number, separated by commas "
                           "(e.g. signed=30, collected=25).", field=key)
    out: dict[str, float] = {}
    for name, number in value.items():
        found = _weight_key(str(name))
        if found is None or found not in default:
            shown = str(name).strip()[:30]
            raise InvalidInput(f"考核权重中没有「{shown}」（可用：{zh_all}）。",
                               f"The assessment weights have no '{shown}' (one of: {en_all}).",
                               field=key)
        try:
            n = float(str(number).strip())
        except ValueError:
            n = float("nan")
        if not 0 <= n <= 100:  # also refuses nan
            zh, en = WEIGHT_NAMES[found]
            raise InvalidInput(f"考核权重中「{zh}」应为 0 到 100 的数。",
                               f"The assessment weight '{en}' must be a number from 0 to 100.",
                               field=key)
        out[found] = int(n) if n == int(n) else n
    merged = {**default, **out}
    if not any(v for k, v in merged.items() if k != "complaint"):
        raise InvalidInput("考核权重至少要有一项大于零。", "At least one assessment weight must be "
                           "above zero.", field=key)
    return merged


def today(uow: UnitOfWork) -> date:
    """The showroom's date (its time zone) by the database clock: the default date
    of every form and the day every daily figure and the rotation belong to."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(get(uow, "showroom.timezone"))
    return uow.now.replace(tzinfo=ZoneInfo("UTC")).astimezone(tz).date()

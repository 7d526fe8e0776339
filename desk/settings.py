"""Configurable rules, stored as JSON in the database so every PC shares them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk import changes
from desk.auth import Actor, require
from desk.errors import InvalidInput
from desk.models import Setting

# Every setting with its default; the keys are the only ones accepted.
DEFAULTS: dict[str, Any] = {
    "hold.ttl_minutes": 30,
    "hold.max_total_minutes": 120,
    "hold.reminder_minutes": 5,
    "discount.max_percent_without_approval": 2.0,
    "subscription.sign_within_days": 7,
    "rotation.order_mode": "checkin",
    "showroom.timezone": "Asia/Shanghai",
    "rotation.undo_seconds": 120,
    "ownership.visit_days": 15,
    "ownership.call_days": 7,
    "followup.escalate_after_days": 3,
    "complaint.first_response_hours": 24,
    "visitors.sources": ["路过", "朋友介绍", "老带新", "网络广告", "户外广告", "中介", "电话咨询", "其他"],
}
# Settings whose value is one of a few words.
CHOICES: dict[str, tuple[str, ...]] = {
    "rotation.order_mode": ("checkin", "carry", "manual"),
}


def get(session: Session, key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(key)
    row = session.get(Setting, key)
    return DEFAULTS[key] if row is None else json.loads(row.value)


def get_many(session: Session, *keys: str) -> list[Any]:
    """Several settings in one query."""
    for key in keys:
        if key not in DEFAULTS:
            raise KeyError(key)
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys)))
    stored = {k: v for k, v in rows}
    return [json.loads(stored[k]) if k in stored else DEFAULTS[k] for k in keys]


def all_values(session: Session) -> dict[str, Any]:
    stored = {s.key: json.loads(s.value) for s in session.query(Setting).all()}
    return {k: stored.get(k, v) for k, v in DEFAULTS.items()}


def put(session: Session, actor: Actor, key: str, value: Any) -> None:
    require(actor, "settings.manage")
    if key not in DEFAULTS:
        raise InvalidInput(f"没有这个设置项：{key}", f"No such setting: {key}", field=key)
    default = DEFAULTS[key]
    if isinstance(default, list):
        items = value if isinstance(value, list) else str(value).replace("，", ",").split(",")
        value = [str(x).strip() for x in items if str(x).strip()]
        if not value:
            raise InvalidInput(f"设置项 {key} 至少要有一项", f"Setting {key} needs one item at least",
                               field=key)
    elif isinstance(default, (int, float)) and not isinstance(default, bool):
        try:
            value = type(default)(value)
        except (TypeError, ValueError):
            raise InvalidInput(
                f"设置项 {key} 需要一个数字", f"Setting {key} needs a number", field=key
            ) from None
        if value < 0:
            raise InvalidInput(
                f"设置项 {key} 不能为负数", f"Setting {key} cannot be negative", field=key
            )
    if key in CHOICES and value not in CHOICES[key]:
        options = " / ".join(CHOICES[key])
        raise InvalidInput(f"设置项 {key} 只能是：{options}", f"Setting {key} is one of: {options}",
                           field=key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=json.dumps(value)))
    else:
        row.value = json.dumps(value)
    changes.record(session, "settings", key)

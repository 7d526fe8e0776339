"""Display names of the closed sets (statuses, kinds, actions), in both languages.

One place per language: services, screens, the command line and documents
take their labels from here, so the same thing is never named two ways.
"""

from __future__ import annotations

from desk.core.errors import pick

STATUS_NAMES = {
    "available": ("可售", "available"),
    "held": ("预留", "held"),
    "subscribed": ("认购", "subscribed"),
    "signed": ("签约", "signed"),
    "withheld": ("不可售", "withheld"),
}
ACTION_NAMES = {
    "import": ("导入", "imported"),
    "hold": ("预留", "hold"),
    "extend": ("延期", "extend"),
    "release": ("释放", "release"),
    "expire": ("预留到期", "hold expired"),
    "subscribe": ("认购", "subscribe"),
    "contract": ("签约", "contract"),
    "cancel": ("退订", "cancel"),
    "change_out": ("换出", "changed to another unit"),
    "change_in": ("换入", "changed from another unit"),
    "rename": ("更名", "buyer renamed"),
    "withhold": ("下架", "withheld"),
    "unwithhold": ("上架", "back on sale"),
    "reprice": ("调价", "repriced"),
}


def status_name(status: str) -> str:
    return pick(*STATUS_NAMES[status])

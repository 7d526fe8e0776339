"""Errors a service raises for the user to read.

Every message exists in Chinese and English; the UI and the CLI show the one of
the current language as is, so a service never returns a bare code.
"""

from __future__ import annotations

_language = "zh_CN"


def set_language(lang: str) -> None:
    """Choose the language of service messages ("zh_CN" or "en")."""
    global _language
    _language = "en" if lang.lower().startswith("en") else "zh_CN"


def language() -> str:
    return _language


def pick(zh: str, en: str) -> str:
    """The text of the current language."""
    return en if _language == "en" else zh


class DeskError(Exception):
    """A refusal the user can act on. `field` names the form field at fault."""

    exit_code = 1

    def __init__(self, zh: str, en: str, *, field: str | None = None) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en
        self.field = field

    def __str__(self) -> str:
        return pick(self.zh, self.en)


class NotFound(DeskError):
    exit_code = 4


class PermissionDenied(DeskError):
    exit_code = 5


class InvalidInput(DeskError):
    exit_code = 2


class Conflict(DeskError):
    """The thing changed or is taken: losing a race is a normal outcome."""

    exit_code = 3


class NeedsConfirmation(DeskError):
    """Allowed, but the user must confirm first (e.g. the hall would be empty):
    the screen asks, the command line wants --force; then the call runs again
    with force."""

    exit_code = 7


class AuthenticationFailed(DeskError):
    exit_code = 6


class FieldErrors(InvalidInput):
    """Several fields are wrong at once; `errors` maps field -> DeskError."""

    def __init__(self, errors: dict[str, DeskError]) -> None:
        first = next(iter(errors.values()))
        super().__init__(first.zh, first.en, field=first.field)
        self.errors = errors


class ConfigurationError(DeskError):
    """This PC is not set up for the job (no key file, a malformed database
    address, a folder that cannot be made): fix the setup, not the input."""

    exit_code = 9


class Unavailable(DeskError):
    """The database server cannot be reached now; trying again later may work."""

    exit_code = 10

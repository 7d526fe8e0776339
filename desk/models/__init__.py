"""SQLAlchemy mapped classes. Importing this package registers every table."""

from desk.models.base import Base
from desk.models.core import Change, Project, Setting
from desk.models.user import ROLES, User

__all__ = ["ROLES", "Base", "Change", "Project", "Setting", "User"]

"""UI tests drive the main window as the application builds it (`open_window`
and `settle` live in tests/conftest.py, shared with the document tests)."""

from tests.conftest import settle

__all__ = ["settle"]

"""Qt widgets. Only this package (and desk.app) imports PySide6."""

"""Alembic migrations. HEAD names the newest revision so that a start-up on an
up-to-date database can skip loading Alembic (a test keeps it true)."""

HEAD = "0020"

"""Alembic revisions of the schema, applied when a database is opened (engine.migrate)."""

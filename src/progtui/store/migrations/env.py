"""Alembic environment: always run with a connection handed over by progtui.store.engine."""

from alembic import context
from sqlmodel import SQLModel

import progtui.store.tables  # noqa: F401  (registers the tables)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

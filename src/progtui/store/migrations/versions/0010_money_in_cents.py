"""Money as integers of cents: FLOAT budgets and costs lost digits (9007199254740993).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

MONEY = {
    "program": ("budget",),
    "person": ("cost_rate",),
    "project": ("budget", "actual_cost"),
    "baseline_project": ("budget",),
}


def upgrade() -> None:
    # On SQLite the batch copies each table; progtui.store.engine runs migrations with foreign
    # keys off there, so that dropping the old program table cascades into nothing.
    for table, columns in MONEY.items():
        for column in columns:
            op.execute(f"UPDATE {table} SET {column} = ROUND({column} * 100)")
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(
                    column,
                    existing_type=sa.Float(),
                    type_=sa.BigInteger(),
                    existing_nullable=True,
                    postgresql_using=f"{column}::bigint",
                )


def downgrade() -> None:
    for table, columns in MONEY.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(
                    column,
                    existing_type=sa.BigInteger(),
                    type_=sa.Float(),
                    existing_nullable=True,
                    postgresql_using=f"{column}::double precision",
                )
        for column in columns:
            op.execute(f"UPDATE {table} SET {column} = {column} / 100.0")

"""Group audit rows into batches (one per user action), so that undo and redo revert whole
actions, and keep the whole of a created or deleted entity so that it can be re-created.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change") as batch:
        batch.add_column(sa.Column("batch", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("action", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("reverts", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("data", sa.String(), nullable=True))
        batch.create_index("ix_change_batch", ["batch"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("change") as batch:
        batch.drop_index("ix_change_batch")
        batch.drop_column("data")
        batch.drop_column("reverts")
        batch.drop_column("action")
        batch.drop_column("batch")

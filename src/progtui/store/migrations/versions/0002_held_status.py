"""Remember the status an on_hold project left, so that it can go back to it.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project") as batch:
        batch.add_column(sa.Column("held_status", sa.String(), nullable=True))
    # Projects already on hold go back to active when they had started, else to approved.
    op.execute(
        "UPDATE project SET held_status = CASE WHEN actual_start IS NULL "
        "THEN 'approved' ELSE 'active' END WHERE status = 'on_hold'"
    )


def downgrade() -> None:
    with op.batch_alter_table("project") as batch:
        batch.drop_column("held_status")

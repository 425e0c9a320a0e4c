"""A project's finish as its project manager's own plan forecasts it (progtui sync), shown
beside progtui's forecast: project.reported_end.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER on both databases: a batch would re-create the project table on SQLite,
    # and dropping it cascades into its milestones, allocations and dependencies.
    op.add_column("project", sa.Column("reported_end", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("project", "reported_end")

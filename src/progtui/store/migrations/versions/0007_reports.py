"""Steering reports made, with the KPIs they showed.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("made", sa.DateTime(), nullable=False),
        sa.Column("today", sa.Date(), nullable=False),
        sa.Column("kpis", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            ondelete="CASCADE",
            name=op.f("fk_report_program_id_program"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
    )
    with op.batch_alter_table("report") as batch:
        batch.create_index(batch.f("ix_report_program_id"), ["program_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.drop_index(batch.f("ix_report_program_id"))
    op.drop_table("report")

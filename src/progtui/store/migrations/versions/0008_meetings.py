"""Triage meetings' minutes, and each report's project health (for "amber twice").

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("health", sa.String(), nullable=True))
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("started", sa.DateTime(), nullable=False),
        sa.Column("ended", sa.DateTime(), nullable=False),
        sa.Column("attendees", sa.String(), nullable=False),
        sa.Column("minutes", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            ondelete="CASCADE",
            name=op.f("fk_meeting_program_id_program"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting") as batch:
        batch.create_index(batch.f("ix_meeting_program_id"), ["program_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.drop_index(batch.f("ix_meeting_program_id"))
    op.drop_table("meeting")
    with op.batch_alter_table("report") as batch:
        batch.drop_column("health")

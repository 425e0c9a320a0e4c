"""Objective values over time (benefits history).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "objective_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            ondelete="CASCADE",
            name=op.f("fk_objective_value_objective_id_objective"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective_value")),
        sa.UniqueConstraint(
            "objective_id", "day", name=op.f("uq_objective_value_objective_id_day")
        ),
    )
    with op.batch_alter_table("objective_value") as batch:
        batch.create_index(
            batch.f("ix_objective_value_objective_id"), ["objective_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("objective_value") as batch:
        batch.drop_index(batch.f("ix_objective_value_objective_id"))
    op.drop_table("objective_value")

"""Baselines: saved plans, projects and milestones named by key.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "baseline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("taken", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            ondelete="CASCADE",
            name=op.f("fk_baseline_program_id_program"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline")),
        sa.UniqueConstraint("program_id", "name", name=op.f("uq_baseline_program_id_name")),
    )
    with op.batch_alter_table("baseline") as batch:
        batch.create_index(batch.f("ix_baseline_program_id"), ["program_id"], unique=False)
    op.create_table(
        "baseline_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("baseline_id", sa.Integer(), nullable=False),
        sa.Column("project", AutoString(length=40), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("forecast", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["baseline.id"],
            ondelete="CASCADE",
            name=op.f("fk_baseline_milestone_baseline_id_baseline"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline_milestone")),
    )
    with op.batch_alter_table("baseline_milestone") as batch:
        batch.create_index(
            batch.f("ix_baseline_milestone_baseline_id"), ["baseline_id"], unique=False
        )
    op.create_table(
        "baseline_project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("baseline_id", sa.Integer(), nullable=False),
        sa.Column("project", AutoString(length=40), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("budget", sa.Float(), nullable=True),
        sa.Column("forecast_start", sa.Date(), nullable=True),
        sa.Column("forecast_end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["baseline.id"],
            ondelete="CASCADE",
            name=op.f("fk_baseline_project_baseline_id_baseline"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline_project")),
        sa.UniqueConstraint(
            "baseline_id", "project", name=op.f("uq_baseline_project_baseline_id_project")
        ),
    )
    with op.batch_alter_table("baseline_project") as batch:
        batch.create_index(
            batch.f("ix_baseline_project_baseline_id"), ["baseline_id"], unique=False
        )


def downgrade() -> None:
    for table, column in (
        ("baseline_project", "baseline_id"),
        ("baseline_milestone", "baseline_id"),
        ("baseline", "program_id"),
    ):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(batch.f(f"ix_{table}_{column}"))
        op.drop_table(table)

"""Who may change or read a program (program.access in the YAML).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "program_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.CheckConstraint("role IN ('editor','viewer')", name=op.f("ck_program_access_role")),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            ondelete="CASCADE",
            name=op.f("fk_program_access_program_id_program"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_access")),
        sa.UniqueConstraint(
            "program_id", "account", name=op.f("uq_program_access_program_id_account")
        ),
    )
    with op.batch_alter_table("program_access") as batch:
        batch.create_index(batch.f("ix_program_access_program_id"), ["program_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("program_access") as batch:
        batch.drop_index(batch.f("ix_program_access_program_id"))
    op.drop_table("program_access")

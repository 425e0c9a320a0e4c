"""A program's access list may be explicitly empty (owner only): program.access_listed.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER on both databases: a batch would re-create the program table on SQLite,
    # and dropping it cascades into everything the program holds.
    op.add_column(
        "program",
        sa.Column("access_listed", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    program = sa.table("program", sa.column("id"), sa.column("access_listed", sa.Boolean))
    access = sa.table("program_access", sa.column("program_id"))
    op.execute(  # until now a list was known only by its rows
        program.update()
        .where(program.c.id.in_(sa.select(access.c.program_id)))
        .values(access_listed=True)
    )


def downgrade() -> None:
    op.drop_column("program", "access_listed")

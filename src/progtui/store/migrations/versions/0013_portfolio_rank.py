"""Programs carry a gapless portfolio rank 1..n (SPEC 6): program.portfolio_rank, set in key
order for the programs already there.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "program",
        sa.Column("portfolio_rank", sa.Integer(), server_default="0", nullable=False),
    )
    program = sa.table("program", sa.column("id"), sa.column("key"), sa.column("portfolio_rank"))
    conn = op.get_bind()
    keys = conn.execute(sa.select(program.c.id).order_by(program.c.key)).scalars().all()
    for rank, pid in enumerate(keys, start=1):
        op.execute(program.update().where(program.c.id == pid).values(portfolio_rank=rank))


def downgrade() -> None:
    with op.batch_alter_table("program") as batch:
        batch.drop_column("portfolio_rank")

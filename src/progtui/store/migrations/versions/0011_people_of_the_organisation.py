"""People are the organisation's: one person row per key across programs (SPEC 6), and
program_person for the people each program lists.

The same key in two programs with equal name, role, capacity and cost rate becomes one
person. Where they differ, the oldest program keeps the key and each newer program's person
gets the key KEY-PROGRAM (lower case; -2, -3 ... if that is taken too) in that program:
its allocations, managers, owners and decisions follow, an audit row records the rename, and
the upgrade says so on standard error, one line a person.

Revision ID: 0011
Revises: 0010
"""

import sys
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

FIELDS = ("name", "role", "capacity", "cost_rate")
# who refers to a person, by column
REFERENCES = (("allocation", "person_id"), ("project", "manager_id"), ("risk", "owner_id"))


def _tables() -> dict[str, sa.TableClause]:  # what the upgrade touches, as it is then
    return {
        "person": sa.table(
            "person",
            sa.column("id"),
            sa.column("program_id"),
            sa.column("key"),
            *(sa.column(f) for f in FIELDS),
        ),
        "program": sa.table("program", sa.column("id"), sa.column("key")),
        "program_person": sa.table(
            "program_person", sa.column("id"), sa.column("program_id"), sa.column("person_id")
        ),
        "decision": sa.table("decision", sa.column("id"), sa.column("program_id")),
        "decision_about": sa.table("decision_about", sa.column("decision_id"), sa.column("ref")),
        "change": sa.table(
            "change",
            *(sa.column(c) for c in ("program_key", "when", "who", "entity", "field")),
            *(sa.column(c) for c in ("old", "new", "action")),
        ),
    }


def _differences(a: sa.Row[Any], b: sa.Row[Any]) -> str:
    return ", ".join(
        f"{f} {getattr(b, f)!r}, not {getattr(a, f)!r}"
        for f in FIELDS
        if getattr(a, f) != getattr(b, f)
    )


def _repoint(old: int, new: int, program_id: int) -> None:
    """Make one program's references to person *old* refer to person *new*."""
    project = sa.table("project", sa.column("id"), sa.column("program_id"))
    in_program = sa.select(project.c.id).where(project.c.program_id == program_id)
    for name, column in REFERENCES:
        by = "project_id" if name == "allocation" else "program_id"
        table = sa.table(name, sa.column(column), sa.column(by))
        mine = table.c[by].in_(in_program) if by == "project_id" else table.c[by] == program_id
        op.execute(table.update().where(table.c[column] == old, mine).values({column: new}))


def upgrade() -> None:
    op.create_table(
        "program_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_program_person_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_program_person_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_person")),
        sa.UniqueConstraint(
            "program_id", "person_id", name=op.f("uq_program_person_program_id_person_id")
        ),
    )
    op.create_index(op.f("ix_program_person_program_id"), "program_person", ["program_id"])
    op.create_index(op.f("ix_program_person_person_id"), "program_person", ["person_id"])

    t = _tables()
    conn = op.get_bind()
    program_key = dict(conn.execute(sa.select(t["program"].c.id, t["program"].c.key)).all())
    person = t["person"]
    rows = conn.execute(sa.select(person).order_by(person.c.program_id, person.c.id)).all()
    taken = {r.key for r in rows}
    kept: dict[str, sa.Row[Any]] = {}  # key -> the row that keeps it (its oldest program's)
    listed: list[tuple[int, int, int]] = []  # (original row id, program, person) in file order
    gone: list[int] = []
    for r in rows:
        first = kept.setdefault(r.key, r)
        if first is r:
            listed.append((r.id, r.program_id, r.id))
            continue
        differs = _differences(first, r)
        if not differs:  # the same person: one row, the program's references follow
            _repoint(r.id, first.id, r.program_id)
            listed.append((r.id, r.program_id, first.id))
            gone.append(r.id)
            continue
        base = f"{r.key}-{program_key[r.program_id].lower()}"[:40]
        new_key, n = base, 2
        while new_key in taken:
            new_key, n = f"{base[:37]}-{n}", n + 1
        taken.add(new_key)
        op.execute(person.update().where(person.c.id == r.id).values(key=new_key))
        decision, about = t["decision"], t["decision_about"]
        op.execute(
            about.update()
            .where(
                about.c.ref == r.key,
                about.c.decision_id.in_(
                    sa.select(decision.c.id).where(decision.c.program_id == r.program_id)
                ),
            )
            .values(ref=new_key)
        )
        op.execute(
            t["change"]
            .insert()
            .values(
                program_key=program_key[r.program_id],
                when=datetime.now().replace(microsecond=0),
                who="progtui upgrade",
                entity=f"person:{new_key}",
                field="key",
                old=r.key,
                new=new_key,
                action="do",
            )
        )
        listed.append((r.id, r.program_id, r.id))
        sys.stderr.write(
            f"progtui: upgrade: person '{r.key}' of {program_key[r.program_id]} differs from "
            f"{program_key[first.program_id]}'s ({differs}): {program_key[r.program_id]} now "
            f"calls them '{new_key}'\n"
        )
    links = t["program_person"]
    for _, program_id, person_id in sorted(listed):
        op.execute(links.insert().values(program_id=program_id, person_id=person_id))
    if gone:
        op.execute(person.delete().where(person.c.id.in_(gone)))
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint("uq_person_program_id_key", type_="unique")
        batch.drop_index("ix_person_program_id")
        batch.drop_constraint("fk_person_program_id_program", type_="foreignkey")
        batch.drop_column("program_id")
        batch.create_unique_constraint("uq_person_key", ["key"])


def downgrade() -> None:
    """Back to a person row per program: a person listed by several programs is copied into
    each after the first, and that program's references follow the copy."""
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint("uq_person_key", type_="unique")
        batch.add_column(sa.Column("program_id", sa.Integer(), nullable=True))
    t = _tables()
    conn = op.get_bind()
    person, links = t["person"], t["program_person"]
    listing = conn.execute(
        sa.select(links.c.program_id, links.c.person_id).order_by(links.c.id)
    ).all()
    owner: dict[int, int] = {}
    for program_id, person_id in listing:
        if owner.setdefault(person_id, program_id) == program_id:
            op.execute(
                person.update().where(person.c.id == person_id).values(program_id=program_id)
            )
            continue
        row = conn.execute(sa.select(person).where(person.c.id == person_id)).one()
        copy = conn.execute(
            person.insert()
            .values(program_id=program_id, key=row.key, **{f: getattr(row, f) for f in FIELDS})
            .returning(person.c.id)
        ).scalar_one()
        _repoint(person_id, copy, program_id)
    op.execute(person.delete().where(person.c.program_id.is_(None)))  # listed by no program
    op.drop_table("program_person")
    with op.batch_alter_table("person") as batch:
        batch.alter_column("program_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(
            "fk_person_program_id_program", "program", ["program_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_person_program_id", ["program_id"])
        batch.create_unique_constraint("uq_person_program_id_key", ["program_id", "key"])

"""Visit ratings and SKM questionnaires; each closed day's visit timelines for the reports;
events indexed by time and by ticket.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ELEMENTS = [f"u{i}" for i in range(1, 10)]


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_at", ["at"], unique=False)
        batch_op.create_index("ix_events_ticket", ["ticket_id", "id"], unique=False)

    op.create_table(
        "ratings",
        sa.Column("ticket_id", sa.String(length=16), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_ratings")),
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index("ix_ratings_day", ["service_day", "service"], unique=False)

    op.create_table(
        "skm_responses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=True),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.String(length=16), nullable=True),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in ELEMENTS),
        sa.Column("age_group", sa.String(length=20), nullable=True),
        sa.Column("sex", sa.String(length=20), nullable=True),
        sa.Column("education", sa.String(length=30), nullable=True),
        sa.Column("occupation", sa.String(length=40), nullable=True),
        sa.Column("suggestion", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skm_responses")),
    )
    with op.batch_alter_table("skm_responses", schema=None) as batch_op:
        batch_op.create_index("ix_skm_responses_day", ["service_day", "service"], unique=False)
        batch_op.create_index("uq_skm_responses_ticket", ["ticket_id"], unique=True,
                              sqlite_where=sa.text("ticket_id IS NOT NULL"),
                              postgresql_where=sa.text("ticket_id IS NOT NULL"))

    op.create_table(
        "visit_facts",
        sa.Column("ticket_id", sa.String(length=16), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("arrival", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("assisted", sa.Boolean(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("queued_s", sa.Integer(), nullable=True),
        sa.Column("called_s", sa.Integer(), nullable=True),
        sa.Column("ended_s", sa.Integer(), nullable=True),
        sa.Column("wait_s", sa.Integer(), nullable=True),
        sa.Column("walk_s", sa.Integer(), nullable=True),
        sa.Column("service_s", sa.Integer(), nullable=True),
        sa.Column("occupancy_s", sa.Integer(), nullable=True),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("print_failures", sa.Integer(), nullable=False),
        sa.Column("transferred_to", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_visit_facts")),
    )
    with op.batch_alter_table("visit_facts", schema=None) as batch_op:
        batch_op.create_index("ix_visit_facts_day", ["service_day"], unique=False)

    op.create_table(
        "visit_days",
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("through_event", sa.Integer(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("service_day", name=op.f("pk_visit_days")),
    )


def downgrade() -> None:
    op.drop_table("visit_days")
    with op.batch_alter_table("visit_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_facts_day")
    op.drop_table("visit_facts")
    with op.batch_alter_table("skm_responses", schema=None) as batch_op:
        batch_op.drop_index("uq_skm_responses_ticket", sqlite_where=sa.text("ticket_id IS NOT NULL"),
                            postgresql_where=sa.text("ticket_id IS NOT NULL"))
        batch_op.drop_index("ix_skm_responses_day")
    op.drop_table("skm_responses")
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_ratings_day")
    op.drop_table("ratings")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_ticket")
        batch_op.drop_index("ix_events_at")

"""The queue read by its heads: indexes for the call and the repeat visit, a kept waiting count.

- `ix_tickets_waiting` (day, state, service, priority, arrival, number, id) replaces
  `ix_tickets_queue`: a counter reads the oldest waiting ticket of each service and class
  instead of every waiting ticket (`QueueStore.call_candidates`).
- `ix_tickets_nik_hash`: a NIK's waiting ticket (a repeat visit) without reading the queue.
- `number_sequences.waiting_count`: how many tickets of a service wait now, kept by triggers on
  `tickets` in the same transaction as the change, so `issue` never counts the queue. A ticket
  transferred to a service that has issued no number that day gets its row (`last_seq` 0).
  On PostgreSQL the trigger function is `SECURITY DEFINER`: a machine role that may insert or
  move a ticket needs no right to the count's column.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER tickets_waiting_insert AFTER INSERT ON tickets WHEN NEW.state = 'waiting' BEGIN
        INSERT INTO number_sequences (service_day, service, last_seq, waiting_count)
        VALUES (NEW.service_day, NEW.service, 0, 1)
        ON CONFLICT (service_day, service) DO UPDATE SET waiting_count = waiting_count + 1;
    END""",
    """CREATE TRIGGER tickets_waiting_leave AFTER UPDATE OF state, service, service_day ON tickets
    WHEN OLD.state = 'waiting' BEGIN
        UPDATE number_sequences SET waiting_count = waiting_count - 1
        WHERE service_day = OLD.service_day AND service = OLD.service;
    END""",
    """CREATE TRIGGER tickets_waiting_enter AFTER UPDATE OF state, service, service_day ON tickets
    WHEN NEW.state = 'waiting' BEGIN
        INSERT INTO number_sequences (service_day, service, last_seq, waiting_count)
        VALUES (NEW.service_day, NEW.service, 0, 1)
        ON CONFLICT (service_day, service) DO UPDATE SET waiting_count = waiting_count + 1;
    END""",
    """CREATE TRIGGER tickets_waiting_delete AFTER DELETE ON tickets WHEN OLD.state = 'waiting' BEGIN
        UPDATE number_sequences SET waiting_count = waiting_count - 1
        WHERE service_day = OLD.service_day AND service = OLD.service;
    END""",
)
_SQLITE_TRIGGER_NAMES = ("tickets_waiting_insert", "tickets_waiting_leave", "tickets_waiting_enter",
                         "tickets_waiting_delete")

_PG_FUNCTION = """
    CREATE OR REPLACE FUNCTION anjungan_count_waiting() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = {path} AS $fn$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state = 'waiting' THEN
            UPDATE number_sequences SET waiting_count = waiting_count - 1
            WHERE service_day = OLD.service_day AND service = OLD.service;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state = 'waiting' THEN
            INSERT INTO number_sequences AS n (service_day, service, last_seq, waiting_count)
            VALUES (NEW.service_day, NEW.service, 0, 1)
            ON CONFLICT (service_day, service) DO UPDATE SET waiting_count = n.waiting_count + 1;
        END IF;
        RETURN NULL;
    END;
    $fn$"""
_PG_TRIGGERS = (
    "CREATE TRIGGER tickets_waiting_insert AFTER INSERT ON tickets FOR EACH ROW "
    "WHEN (NEW.state = 'waiting') EXECUTE FUNCTION anjungan_count_waiting()",
    "CREATE TRIGGER tickets_waiting_update AFTER UPDATE OF state, service, service_day ON tickets FOR EACH ROW "
    "WHEN (OLD.state = 'waiting' OR NEW.state = 'waiting') EXECUTE FUNCTION anjungan_count_waiting()",
    "CREATE TRIGGER tickets_waiting_delete AFTER DELETE ON tickets FOR EACH ROW "
    "WHEN (OLD.state = 'waiting') EXECUTE FUNCTION anjungan_count_waiting()",
)
_PG_TRIGGER_NAMES = ("tickets_waiting_insert", "tickets_waiting_update", "tickets_waiting_delete")

# The counts of the tickets waiting before this revision (rows for services that issued no
# number that day but hold a transferred ticket are made).
_FILL = (
    "UPDATE number_sequences SET waiting_count = (SELECT count(*) FROM tickets t WHERE t.state = 'waiting' "
    "AND t.service_day = number_sequences.service_day AND t.service = number_sequences.service)",
    "INSERT INTO number_sequences (service_day, service, last_seq, waiting_count) "
    "SELECT t.service_day, t.service, 0, count(*) FROM tickets t WHERE t.state = 'waiting' AND NOT EXISTS "
    "(SELECT 1 FROM number_sequences n WHERE n.service_day = t.service_day AND n.service = t.service) "
    "GROUP BY t.service_day, t.service",
)


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    with op.batch_alter_table("number_sequences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waiting_count", sa.Integer(), server_default=sa.text("0"), nullable=False))
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_queue")
        batch_op.create_index("ix_tickets_waiting", ["service_day", "state", "service", "priority", "arrived_at",
                                                     "seq", "ticket_id"], unique=False)
        batch_op.create_index("ix_tickets_nik_hash", ["nik_hash", "service_day", "service", "state"], unique=False)
    for statement in _FILL:
        op.execute(statement)
    if postgres:
        schema = bind.exec_driver_sql("SELECT current_schema()").scalar_one()
        op.execute(_PG_FUNCTION.format(path='"' + schema.replace('"', '""') + '", pg_temp'))
        for statement in _PG_TRIGGERS:
            op.execute(statement)
    else:
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name in _PG_TRIGGER_NAMES if postgres else _SQLITE_TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON tickets" if postgres else f"DROP TRIGGER IF EXISTS {name}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS anjungan_count_waiting()")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_nik_hash")
        batch_op.drop_index("ix_tickets_waiting")
        batch_op.create_index("ix_tickets_queue", ["service_day", "state", "service"], unique=False)
    with op.batch_alter_table("number_sequences", schema=None) as batch_op:
        batch_op.drop_column("waiting_count")

"""PostgreSQL: each schema notifies on a channel of its own, `anjungan_events_<schema>`.

Before this, every schema of a database sent on `anjungan_events`, so two queues kept in one
database (two branches, or a test beside a live one) woke each other's listeners. The channel
is derived from the schema the `events` table lives in; a name longer than PostgreSQL's 63
bytes becomes `anjungan_events_<md5 of the schema name>`. `kiosk.store.db.channel_for_schema`
computes the same name for the listeners.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The trigger `events_notify` (0002) calls this function by its identity: replacing the body
    # is enough. TG_TABLE_SCHEMA is the schema of the table the row went into, whatever the
    # search_path of the session that wrote it.
    op.execute("""
        CREATE OR REPLACE FUNCTION anjungan_notify_event() RETURNS trigger AS $$
        DECLARE
            channel text := 'anjungan_events_' || TG_TABLE_SCHEMA;
        BEGIN
            IF octet_length(channel) > 63 THEN
                channel := 'anjungan_events_' || md5(TG_TABLE_SCHEMA);
            END IF;
            PERFORM pg_notify(channel, NEW.id::text);
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
    """)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE OR REPLACE FUNCTION anjungan_notify_event() RETURNS trigger AS $$
        BEGIN
            PERFORM pg_notify('anjungan_events', NEW.id::text);
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
    """)

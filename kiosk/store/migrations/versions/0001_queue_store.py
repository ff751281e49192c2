"""queue store

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None


def upgrade() -> None:
    op.create_table('branch_secret',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik_key', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_branch_secret'))
    )
    op.create_table('counter_states',
    sa.Column('counter', sa.Integer(), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('counter', name=op.f('pk_counter_states'))
    )
    op.create_table('events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ticket_id', sa.String(length=16), nullable=True),
    sa.Column('number', sa.String(length=8), nullable=True),
    sa.Column('service', sa.String(length=16), nullable=True),
    sa.Column('counter', sa.Integer(), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_kind', ['kind', 'id'], unique=False)

    op.create_table('number_sequences',
    sa.Column('service_day', sa.Date(), nullable=False),
    sa.Column('service', sa.String(length=16), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('service_day', 'service', name=op.f('pk_number_sequences'))
    )
    op.create_table('participants',
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_text', sa.String(length=100), nullable=False),
    sa.Column('segment', sa.String(length=16), nullable=True),
    sa.Column('programs', sa.String(length=100), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('last_paid', sa.String(length=7), nullable=True),
    sa.PrimaryKeyConstraint('nik', name=op.f('pk_participants'))
    )
    op.create_table('tickets',
    sa.Column('ticket_id', sa.String(length=16), nullable=False),
    sa.Column('service_day', sa.Date(), nullable=False),
    sa.Column('service', sa.String(length=16), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=8), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('priority', sa.Boolean(), nullable=False),
    sa.Column('priority_reason', sa.String(length=40), nullable=True),
    sa.Column('assisted', sa.Boolean(), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('documents_complete', sa.Boolean(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('nik_hash', sa.String(length=64), nullable=True),
    sa.Column('nik_last4', sa.String(length=4), nullable=True),
    sa.Column('kiosk_id', sa.String(length=40), nullable=True),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('counter', sa.Integer(), nullable=True),
    sa.Column('call_count', sa.Integer(), nullable=False),
    sa.Column('origin_ticket_id', sa.String(length=16), nullable=True),
    sa.Column('transfer_reason', sa.String(length=200), nullable=True),
    sa.Column('print_state', sa.String(length=10), nullable=False),
    sa.Column('print_reason', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['origin_ticket_id'], ['tickets.ticket_id'], name=op.f('fk_tickets_origin_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('ticket_id', name=op.f('pk_tickets'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_counter', ['counter', 'state'], unique=False)
        batch_op.create_index('ix_tickets_queue', ['service_day', 'state', 'service'], unique=False)
        batch_op.create_index('uq_tickets_number', ['service_day', 'service', 'seq'], unique=True, sqlite_where=sa.text('origin_ticket_id IS NULL'), postgresql_where=sa.text('origin_ticket_id IS NULL'))



def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('uq_tickets_number', sqlite_where=sa.text('origin_ticket_id IS NULL'), postgresql_where=sa.text('origin_ticket_id IS NULL'))
        batch_op.drop_index('ix_tickets_queue')
        batch_op.drop_index('ix_tickets_counter')

    op.drop_table('tickets')
    op.drop_table('participants')
    op.drop_table('number_sequences')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_kind')

    op.drop_table('events')
    op.drop_table('counter_states')
    op.drop_table('branch_secret')

"""PostgreSQL: PIN checks made inside the server, so no machine role reads a PIN hash.

`anjungan_pin_salts()` and `anjungan_check_pin(role, admin_digest, staff_digest, local)` are
`SECURITY DEFINER` functions (owned by the owner role once `anjungan db roles` has run): a
machine hands in the PBKDF2 digest it computed from the entered PIN and the salt, the server
compares it with the stored one and keeps the attempt limit (kiosk/store/pins.py). SQLite: no
change.

Revision ID: 0009
Revises: 0008
"""
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from kiosk.store import pins

    pins.install(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS anjungan_check_pin(text, text, text, text)")
    op.execute("DROP FUNCTION IF EXISTS anjungan_pin_salts()")

from alembic import context

from kiosk.store.models import metadata

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  on_version_apply=config.attributes.get("on_version_apply"))    # a step done (kiosk/store/schema.py)
with context.begin_transaction():
    context.run_migrations()

"""Alembic environment of the centre: the engine comes from workstation.centre.registry; the
version table is the centre's own, so a centre may share a database server with anything."""
from alembic import context

from workstation.centre.models import CentreBase

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=CentreBase.metadata,
                      version_table="centre_alembic_version",
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()

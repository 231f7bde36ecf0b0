"""The campaign's Alembic environment: same database as the enrollments, own version table
(`campaign_alembic_version`) and only the `campaign_` tables (see workstation/campaign/models.py)."""
from alembic import context

from workstation.campaign.models import CampaignBase

VERSION_TABLE = "campaign_alembic_version"


def _ours(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    return type_ != "table" or str(name).startswith("campaign_")


engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=CampaignBase.metadata, version_table=VERSION_TABLE,
                      include_object=_ours, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()

"""The campaign at the centre: the workstations' signed daily progress reports, each commune's
published plan, and who checked each invitation in first.

Revision ID: c0014
Revises: c0013
"""
import sqlalchemy as sa
from alembic import op

revision = "c0014"
down_revision = "c0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "centre_campaign_reports",
        sa.Column("workstation_id", sa.String(64), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("commune", sa.String(16), nullable=False),
        sa.Column("commune_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quota", sa.Integer, nullable=True),
        sa.Column("eligible", sa.Integer, nullable=False),
        sa.Column("enrolled", sa.Integer, nullable=False),
        sa.Column("still_due", sa.Integer, nullable=False),
        sa.Column("pace_per_day", sa.String(16), nullable=False),
        sa.Column("forecast_date", sa.Date, nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("report", sa.Text, nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
    )
    op.create_table(
        "centre_campaign_plans",
        sa.Column("commune", sa.String(16), primary_key=True),
        sa.Column("publisher", sa.String(64), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invitations", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("envelope", sa.Text, nullable=False),
    )
    op.create_table(
        "centre_campaign_checkins",
        sa.Column("commune", sa.String(16), primary_key=True),
        sa.Column("ref", sa.String(16), primary_key=True),
        sa.Column("workstation_id", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    # the console: the newest report of each commune
    op.create_index("ix_campaign_reports_commune_day", "centre_campaign_reports", ["commune", "day"])


def downgrade() -> None:
    op.drop_index("ix_campaign_reports_commune_day", table_name="centre_campaign_reports")
    op.drop_table("centre_campaign_reports")
    op.drop_table("centre_campaign_checkins")
    op.drop_table("centre_campaign_plans")

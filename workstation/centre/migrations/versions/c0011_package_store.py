"""Packages in the object store (docs/centre-storage.md): the `package` column becomes nullable.
New packages are written to the store (folder or S3) before their index row, and their row keeps
only the reference (sha256, size, which the table already had). Rows received before this
revision keep their bytes in the column and are read from there, re-verified against their
sha256 like a store's object: nothing is copied at upgrade time (a province's table of 250 GB
would be read and written once more inside a migration); moving them is a separate step, not
built yet (docs/centre-storage.md).

Revision ID: c0011
Revises: c0010
"""
import sqlalchemy as sa
from alembic import op

revision = "c0011"
down_revision = "c0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("centre_packages") as batch:
        batch.alter_column("package", existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    # only possible while every row still has its bytes in the column
    with op.batch_alter_table("centre_packages") as batch:
        batch.alter_column("package", existing_type=sa.LargeBinary(), nullable=False)

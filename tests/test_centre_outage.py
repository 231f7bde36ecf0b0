"""A centre whose database breaks while workstations sync (issue 20, finding 18): the centre answers
503 "unavailable" (never a 500), and the workstation says "the centre is down", not "the centre
refused (bad_answer)"; the package stays to be sent. A real `workstation centre serve` on its own
database of the suite's PostgreSQL, which stops taking connections under it."""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.centre.conftest import contents_for
from tests.support.centre_process import running_centre
from workstation.cli.main import main
from workstation.core.context import AppContext
from workstation.core.package.keys import load_or_create_identity, load_server_public
from workstation.core.package.seal import seal
from workstation.storage.enrollments import COMPLETE

pytestmark = [pytest.mark.timeout(240)]


def _database(postgres: str, name: str) -> tuple[str, object]:
    admin = create_engine(postgres.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    return postgres.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + f"/{name}", admin


def _outage(admin, name: str) -> None:  # noqa: ANN001
    with admin.connect() as conn:
        conn.execute(text(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false"))
        conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))


def test_a_centre_database_outage_is_the_centre_down_not_a_refusal(isolated_home: Path, tmp_path: Path,
                                                                      postgres: str, capsys) -> None:  # noqa: ANN001
    url, admin = _database(postgres, "centre_outage")
    with running_centre(tmp_path / "centre", url) as centre:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["register", "--centre", centre.url, "--token", centre.token()]) == 0
        ctx = AppContext.load()
        db = ctx.open_database()
        identity = load_or_create_identity(ctx.keys_dir, db.workstation_id)
        store = ctx.enrollment_store(db)
        contents = contents_for(identity.workstation_id, citizen="001099088001")
        eid = store.new_draft("officer-01", "001099088001", "Citizen", simulated=False)
        store.complete(eid, contents.package_id,
                       seal(contents, identity, load_server_public(ctx.keys_dir / "centre" / "package.pub.pem")),
                       "officer-01")
        _outage(admin, "centre_outage")                                    # the database goes away
        capsys.readouterr()
        assert main(["sync"]) == 1
        err = capsys.readouterr().err
        assert "The centre is down" in err and "bad_answer" not in err and "The centre refused" not in err
        assert err.count("\n") == 1
        assert store.get(eid).state == COMPLETE
        db.close()
    with admin.connect() as conn:                                          # the shared server as it was
        conn.execute(text("ALTER DATABASE centre_outage WITH ALLOW_CONNECTIONS true"))
        conn.execute(text("DROP DATABASE centre_outage"))
    admin.dispose()

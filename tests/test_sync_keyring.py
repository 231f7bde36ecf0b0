"""Sync where the OS keyring protects the keys (issue 20, finding 15): on a desktop with GNOME
Keyring the signing key's secret is wrapped, and `workstation sync` must still open a mutual TLS
connection to the centre. A real centre (`workstation centre serve`) and a real gnome-keyring on a
private D-Bus session; the same flow in file mode (no keyring) for comparison."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.support.centre_process import running_centre
from tests.support.keyring_session import NEEDS, in_keyring_session

pytestmark = [pytest.mark.timeout(240)]

SCRIPT = textwrap.dedent("""
    import contextlib, io, json, sys
    from pathlib import Path
    from tests.centre.conftest import contents_for
    from workstation.cli.main import main
    from workstation.core.context import AppContext
    from workstation.core.package.keys import load_or_create_identity, load_server_public
    from workstation.core.package.seal import seal
    from workstation.storage.key_vault import KeyringVault, is_wrapped

    url, token, citizen = sys.argv[1:4]
    out = {"vault": (lambda v: v.name if v else None)(KeyringVault.system())}
    with contextlib.redirect_stdout(io.StringIO()):
        out["register"] = main(["register", "--centre", url, "--token", token])
    ctx = AppContext.load()
    db = ctx.open_database()
    identity = load_or_create_identity(ctx.keys_dir, db.workstation_id, ctx.settings.storage.data_key_protection)
    out["secret_wrapped"] = is_wrapped((ctx.keys_dir / ".key-secret").read_bytes())
    store = ctx.enrollment_store(db)
    contents = contents_for(identity.workstation_id, citizen=citizen)
    eid = store.new_draft("officer-01", citizen, "Citizen", simulated=False)
    store.complete(eid, contents.package_id,
                   seal(contents, identity, load_server_public(ctx.keys_dir / "centre" / "package.pub.pem")),
                   "officer-01")
    db.close()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        out["sync"] = main(["sync", "--json"])
    out["report"] = json.loads(printed.getvalue())
    print(json.dumps(out))
""")


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    with running_centre(tmp_path_factory.mktemp("centre")) as running:
        yield running


@pytest.mark.skipif(bool(NEEDS), reason=f"{', '.join(NEEDS)} not installed (./test.sh installs them)")
def test_sync_works_when_the_keyring_protects_the_signing_key(centre, tmp_path: Path) -> None:  # noqa: ANN001
    out = in_keyring_session(tmp_path, SCRIPT, centre.url, centre.token(), "001099077001",
                             env={"WORKSTATION_HOME": str(tmp_path / "ws-home")})
    assert out["vault"] == "SecretService" and out["secret_wrapped"]          # the case of the finding
    assert out["register"] == 0
    assert out["sync"] == 0, out
    assert out["report"]["accepted"] == 1 and out["report"]["rejected"] == {}


def test_sync_works_with_the_keys_in_plain_files(centre, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import subprocess
    import sys

    script = tmp_path / "script.py"
    script.write_text(SCRIPT)
    monkeypatch.setenv("WORKSTATION_HOME", str(tmp_path / "ws-home"))
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[1]))
    done = subprocess.run([sys.executable, str(script), centre.url, centre.token(), "001099077002"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["vault"] is None and not out["secret_wrapped"]
    assert (out["register"], out["sync"], out["report"]["accepted"]) == (0, 0, 1)

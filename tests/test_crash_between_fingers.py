"""SIGKILL at every step of a real enrollment, between fingers included, loses no accepted capture,
and the draft, resumed with the same card, continues from the prints it holds (issue 15 item 3).

The crashing process runs the real workflow: the emulated card read through the simulated reader,
the fingerprint sequence on the simulated scanner, each kept print committed by the store; it kills
itself with SIGKILL right after step N. The test then opens the database as the next start would.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.cards import read_fixture_card
from workstation.core.enrollment.workflow import EnrollmentWorkflow, Step
from workstation.devices.base import DriverParams
from workstation.devices.fingerprint.simulated import SimulatedScannerDriver
from workstation.storage.at_rest import BlobCipher
from workstation.storage.database import open_database, sqlite_url
from workstation.storage.enrollments import DRAFT, EnrollmentStore

CARD = "an-genuine"

CRASHER = textwrap.dedent('''
    import os, signal, sys
    from pathlib import Path
    from tests.test_crash_between_fingers import open_store, read, scanner
    from workstation.core.enrollment.workflow import EnrollmentWorkflow
    folder, kill_after = Path(sys.argv[1]), int(sys.argv[2])
    db, store = open_store(folder)
    workflow = EnrollmentWorkflow("officer-01", simulated=True, workstation_id=db.workstation_id, store=store)
    step = 0
    def tick(what):
        global step
        step += 1
        print(step, what, workflow.enrollment_id, flush=True)
        if step == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
    workflow.chip_read(read()); tick("chip")
    sequence = workflow.fingerprint_sequence()
    device = scanner()
    while not sequence.done:
        finger = sequence.current
        outcome = sequence.submit_touch(sequence.examine(device.capture(finger, 5.0), device.info()))
        tick(f"{finger}:{outcome}")
''')


def open_store(folder: Path) -> tuple[object, EnrollmentStore]:
    db = open_database(sqlite_url(folder / "ws.sqlite3"))
    return db, EnrollmentStore(db.sessions, BlobCipher.from_folder(folder / "keys"))


def read():  # noqa: ANN201 - CardRead
    return read_fixture_card(CARD)


def scanner() -> SimulatedScannerDriver:
    return SimulatedScannerDriver(DriverParams({"citizen": "crash citizen"}))


def _prints(store: EnrollmentStore, eid: str) -> list[str]:
    return [c.name for c in store.captures(eid) if c.name.endswith(".fir")]


@pytest.mark.parametrize("kill_after", [1, 2, 3])
def test_a_kill_between_fingers_loses_no_kept_print_and_the_draft_goes_on(tmp_path: Path, kill_after: int) -> None:
    repo = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", CRASHER, str(tmp_path), str(kill_after)], capture_output=True,
                          text=True, timeout=120, cwd=repo, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    steps = done.stdout.split("\n")
    eid = steps[0].split()[2]
    kept_before = [line.split()[1].split(":")[0] for line in steps[1:kill_after] if ":accepted" in line]

    db, store = open_store(tmp_path)
    draft = store.get(eid)
    assert draft.state == DRAFT
    assert any(c.kind == "chip" for c in store.captures(eid))
    assert _prints(store, eid) == [f"finger/{f}.fir" for f in kept_before]        # every accepted print, no more

    workflow = EnrollmentWorkflow("officer-01", simulated=True, workstation_id=db.workstation_id, store=store)
    workflow.resume_id = eid
    workflow.chip_read(read())
    assert workflow.enrollment_id == eid and workflow.step == Step.FACE
    sequence = workflow.fingerprint_sequence()
    assert [c.finger for c in sequence.captures] == kept_before                  # continues from them
    assert sequence.current not in kept_before
    device = scanner()
    while not sequence.done:
        sequence.submit_touch(sequence.examine(device.capture(sequence.current, 5.0), device.info()))
    assert sequence.complete and len(sequence.captures) == 2
    prints = _prints(store, eid)
    assert len(prints) == len(set(prints)) == 2                                  # each finger once
    assert sum(1 for c in store.captures(eid) if c.kind == "chip") == len(read().chip.files)   # not twice
    db.close()

"""What the main window and its helpers (window_*.py) share about the steps: which row of the step
list shows each workflow step, which checks the chip page shows, how long a green verdict stays.
A module of its own so the helpers need not import main_window (which imports them)."""
from __future__ import annotations

from workstation.core.enrollment.workflow import Step

CHIP_CHECKS = ("chip", "expiry", "qr", "repeat")     # what the chip page shows
STEP_ROWS = {Step.CARD: 0, Step.CHIP: 1, Step.FACE: 2, Step.FINGERPRINTS: 3, Step.REVIEW: 4, Step.SAVED: 5}
AUTO_ADVANCE_MS = 800    # long enough to see a green verdict, short enough not to keep the queue waiting

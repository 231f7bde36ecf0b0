import os
from pathlib import Path

import pytest

from workstation.core.context import AppContext


@pytest.fixture
def gui(qtbot, isolated_home: Path):  # noqa: ANN001, ANN201
    from workstation.ui.app import start_gui

    context = AppContext.load(mode="simulated")
    started = start_gui(context)
    qtbot.addWidget(started.window)
    started.window.show()
    yield started
    started.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """WORKSTATION_SCREENSHOTS=folder keeps the screenshots for a person to look at."""
    folder = Path(os.environ.get("WORKSTATION_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder

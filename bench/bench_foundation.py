"""Start-up costs: interpreter and imports, the CLI, opening the database, choosing devices."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import benchmark

PYTHON = sys.executable
WORKSTATION = str(Path(sys.executable).with_name("workstation"))


def _env() -> dict[str, str]:
    return {**os.environ, "WORKSTATION_HOME": tempfile.mkdtemp(prefix="bench-home-")}


@benchmark("startup.python_bare", repeat=10, description="python -c pass (the floor)")
def python_bare():  # noqa: ANN201
    return lambda: subprocess.run([PYTHON, "-c", "pass"], check=True)


@benchmark("startup.import_core", baseline="startup.python_bare", repeat=10,
           description="python -c 'import workstation.core.context'")
def import_core():  # noqa: ANN201
    return lambda: subprocess.run([PYTHON, "-c", "import workstation.core.context"], check=True)


@benchmark("startup.cli_devices", baseline="startup.python_bare", repeat=5,
           description="workstation --simulate devices --json (probes real drivers too)")
def cli_devices():  # noqa: ANN201
    env = _env()
    return lambda: subprocess.run([WORKSTATION, "--simulate", "devices", "--json"], check=True,
                                  env=env, stdout=subprocess.DEVNULL)


@benchmark("storage.open_fresh", repeat=10, description="open a new SQLite database and migrate it to head")
def open_fresh():  # noqa: ANN201
    from workstation.storage.database import open_database, sqlite_url

    folder = Path(tempfile.mkdtemp(prefix="bench-db-"))
    counter = iter(range(10**6))

    def run() -> None:
        open_database(sqlite_url(folder / f"{next(counter)}.sqlite3")).close()
    return run


@benchmark("storage.open_existing", baseline="storage.open_fresh", repeat=20,
           description="open an already migrated database")
def open_existing():  # noqa: ANN201
    from workstation.storage.database import open_database, sqlite_url

    url = sqlite_url(Path(tempfile.mkdtemp(prefix="bench-db-")) / "ws.sqlite3")
    open_database(url).close()
    return lambda: open_database(url).close()


@benchmark("devices.select_auto", repeat=10, description="auto mode: probe every real driver, pick a mode")
def select_auto():  # noqa: ANN201
    from workstation.core.device_manager import select_devices
    from workstation.devices.driver_config import load_declarations
    from workstation.devices.registry import DriverRegistry
    from workstation.paths import SOURCE_ROOT

    registry = DriverRegistry.discover(load_declarations(SOURCE_ROOT / "drivers_config"))
    return lambda: select_devices(registry, "auto")


@benchmark("ui.window_ready", repeat=5, description="offscreen: build the main window until every device shows its state")
def window_ready():  # noqa: ANN201
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from workstation.core.context import AppContext
    from workstation.ui.app import start_gui

    os.environ["WORKSTATION_HOME"] = tempfile.mkdtemp(prefix="bench-home-")
    app = QApplication.instance() or QApplication([])

    def run() -> None:
        gui = start_gui(AppContext.load(mode="simulated"))
        gui.window.show()
        indicators = gui.window.devices_bar.indicators.values()
        while not all(i.status is not None for i in indicators):
            QCoreApplication.processEvents()
        gui.close()
        gui.window.close()
        gui.window.deleteLater()
        app.processEvents()
    return run

"""The state of every driver the registry knows, for `workstation devices` and the settings page."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from workstation.core.device_manager import DeviceSelection, probe_drivers
from workstation.devices.base import DeviceState
from workstation.devices.registry import DriverRegistry


@dataclass(frozen=True)
class DriverReport:
    kind: str
    driver: str
    simulated: bool
    enabled: bool
    state: str
    detail: str
    config_file: str | None
    selected: bool

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def report_drivers(registry: DriverRegistry, selection: DeviceSelection, probe_timeout: float = 2.0) -> list[DriverReport]:
    entries = registry.entries()
    reasons = {e.key: e.unavailable_reason() for e in entries}
    probe = [e for e in entries if e.enabled and reasons[e.key] is None]
    statuses = {e.key: s for e, s in zip(probe, probe_drivers(probe, probe_timeout), strict=True)}
    selected = {e.key for e in selection.drivers.values()}
    reports = []
    for e in entries:
        if reasons[e.key] is not None:
            state, detail = DeviceState.UNAVAILABLE, reasons[e.key] or ""
        elif not e.enabled:
            state = DeviceState.DISABLED
            detail = "disabled in drivers_config" if e.declaration else "not declared in drivers_config"
        else:
            state, detail = statuses[e.key].state, statuses[e.key].detail
        reports.append(DriverReport(
            kind=str(e.kind), driver=e.name, simulated=e.simulated, enabled=e.enabled,
            state=str(state), detail=detail,
            config_file=str(e.declaration.file) if e.declaration else None,
            selected=e.key in selected,
        ))
    return reports

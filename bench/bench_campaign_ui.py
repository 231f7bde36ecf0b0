"""The campaign's progress page in the window (F12), offscreen, on the 24,000-resident commune with
12,000 invitations: counting (campaign.progress), filling the table and painting both charts.
Goal (issue 21): progress view ≤ 200 ms."""
from __future__ import annotations

import os

from bench.bench_campaign import START, planned_store
from bench.harness import benchmark


@benchmark("campaign.progress_view", repeat=10, warmup=1,
           description="the progress page (F12): count, fill the table, paint the burn-up and village bars (goal ≤ 200 ms)")
def progress_view_window():  # noqa: ANN201
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from workstation.core.campaign_desk import CampaignDesk
    from workstation.ui.campaign_progress import ProgressPage

    app = QApplication.instance() or QApplication([])
    store, _ = planned_store()
    page = ProgressPage(CampaignDesk(store, today=lambda: START))
    page.resize(1366, 700)
    page.show()

    def run() -> dict[str, int]:
        page.refresh()
        page.repaint()                 # the table and both charts painted now, not at the next event loop
        app.processEvents()
        return {"villages": page.table.rowCount() - 1}
    return run

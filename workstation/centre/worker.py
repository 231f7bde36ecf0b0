"""`centre worker`: runs the jobs after intake (jobs.py) on the node that holds the package key:
packages an intake node stored unopened decided (opening.py), duplicate reviews prepared for
their reviewer (review.py), export batches written and signed
(export.py). Several workers (processes or nodes) may share one PostgreSQL."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from workstation.centre import export, jobs, opening, review
from workstation.centre.authority import Centre
from workstation.centre.object_store import ObjectStore
from workstation.centre.registry import Registry

log = logging.getLogger(__name__)


@dataclass
class Worker:
    registry: Registry
    store: ObjectStore
    centre: Centre
    passphrase: bytes
    export_dir: Path
    duplicate_days: float = 30.0
    accept_simulated: bool = False      # a test centre's worker: simulated enrollments may be accepted

    def run_one(self) -> jobs.Claimed | None:
        """Claim and run one job; None when the queue has nothing to run."""
        job = jobs.claim(self.registry)
        if job is None:
            return None
        try:
            if job.kind == "open":
                opening.open_received(self.registry, self.store, self.centre, job, self.duplicate_days,
                                      self.accept_simulated)
            elif job.kind == "review":
                review.prepare(self.registry, self.store, self.centre.package_key, job)
            elif job.kind == "export":
                key = export.signing_key(self.centre.folder, self.passphrase)
                batch = export.export_batch(self.registry, self.store, key, self.export_dir,
                                            self.centre, actor=str(job.payload.get("by", "-")))
                jobs.finish(self.registry, job.id, jobs.DONE,
                            f"batch {batch.batch_id}: {batch.count} packages" if batch else "nothing to export",
                            {**job.payload, "batch": batch.batch_id if batch else "", "count": batch.count if batch else 0})
            else:
                jobs.finish(self.registry, job.id, jobs.FAILED, f"unknown job kind {job.kind[:16]!r}")
        except Exception as exc:  # noqa: BLE001 - a failed job is retried, the worker goes on
            log.warning("job %d (%s) failed: %s", job.id, job.kind, type(exc).__name__)
            jobs.finish(self.registry, job.id, jobs.FAILED, f"{type(exc).__name__}: {str(exc)[:300]}")
        return job

    def run(self, once: bool = False, idle_seconds: float = 2.0) -> int:
        """Until stopped (or, with once, until the queue has nothing to run); the jobs run."""
        done = 0
        while True:
            if self.run_one() is not None:
                done += 1
                continue
            if once:
                return done
            time.sleep(idle_seconds)

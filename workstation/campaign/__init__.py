"""The campaign: a commune's residents, door-to-door outcomes, quotas and capacity, invitations with
time slots, check-in at the counter, and progress toward the quota.

Qt-free (the CLI today, a window later, both sit on it). It may import workstation.storage,
workstation.config, workstation.errors, workstation.messages and workstation.verify (the card's QR);
never workstation.ui, workstation.devices or the core's enrollment workflow. The counter (core)
calls `checkin.close_for_enrollment` after it saves an enrollment; the campaign also reads the
enrollments' outcomes itself (`outcomes.sync_from_enrollments`), so nothing is lost when a counter
did not call it.
"""

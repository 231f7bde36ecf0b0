"""Capacity and the quota: counters × shift minutes ÷ minutes per citizen on working days."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from tests.campaign.conftest import TODAY
from workstation.campaign.calendar import parse_shifts
from workstation.campaign.errors import CampaignError
from workstation.campaign.plan import evaluate, load_plan, make_plan, measured_minutes, save_plan
from workstation.campaign.store import CampaignStore
from workstation.storage.enrollments import EnrollmentStore


def test_capacity_is_counters_times_minutes_over_minutes_per_citizen(imported: CampaignStore) -> None:
    # 8-20 Dec 2026 (invitations start the day after today, 7 Dec): 13 days, 2 Sundays off -> 11 working
    # days; 4 counters, default shifts 240+210+180 min
    plan = make_plan(imported, quota=300, until=date(2026, 12, 20), start=TODAY, counters=4,
                     minutes_per_citizen=10, today=TODAY)
    assert [s.minutes for s in plan.shifts] == [240, 210, 180]
    assert plan.day_capacity() == 96 + 84 + 72
    result = evaluate(imported, plan, TODAY)
    assert result.working_days == 11 and result.capacity == 11 * 252
    assert result.fits and result.shortfall == 0 and result.reached_on == date(2026, 12, 9)
    # a plan that ends today has no working day left: slips go out the day before
    today_only = make_plan(imported, quota=10, until=TODAY, start=TODAY, counters=4, minutes_per_citizen=10,
                           today=TODAY)
    with pytest.raises(CampaignError, match="no working day"):
        evaluate(imported, today_only, TODAY)


def test_a_quota_that_cannot_fit_says_by_how_much(imported: CampaignStore) -> None:
    plan = make_plan(imported, quota=5000, until=date(2026, 12, 12), start=TODAY, counters=1,
                     shifts="sáng", minutes_per_citizen=20, today=TODAY, holidays="2026-12-10")
    result = evaluate(imported, plan, TODAY)
    # 8-12 Dec (from the day after today): 5 days, none a Sunday, one holiday -> 4 days of 12
    assert (result.working_days, result.capacity) == (4, 48)
    assert not result.fits and result.shortfall == 5000 - 48
    assert result.extra_days_needed == 5000 // 12 + 1 - 4


@pytest.mark.parametrize("kwargs, words", [
    ({"counters": 0}, "no counter"),
    ({"until": date(2026, 12, 13), "start": date(2026, 12, 13)}, "no working day"),
])
def test_a_capacity_of_zero_is_refused_in_words(imported: CampaignStore, kwargs: dict, words: str) -> None:
    base = {"quota": 100, "until": date(2026, 12, 31), "start": TODAY, "today": TODAY}
    plan = make_plan(imported, **{**base, **kwargs})
    with pytest.raises(CampaignError, match=f"capacity is zero: {words}"):
        evaluate(imported, plan, TODAY)


def test_bad_plan_inputs_are_refused(imported: CampaignStore) -> None:
    with pytest.raises(CampaignError, match="overlap"):
        parse_shifts("sáng=07:00-12:00,chiều=11:00-15:00")
    with pytest.raises(CampaignError, match="before the start"):
        make_plan(imported, quota=1, until=date(2026, 1, 1), start=TODAY, today=TODAY)
    with pytest.raises(CampaignError, match="more than 0"):
        make_plan(imported, quota=0, until=date(2027, 1, 1), today=TODAY)
    with pytest.raises(CampaignError, match=r"^The number of counters cannot be negative \(-1\)\.$"):
        make_plan(imported, quota=1, until=date(2027, 1, 1), counters=-1, today=TODAY)
    with pytest.raises(CampaignError, match=r"^A slot of 3 minutes: slots are 5 to 120 minutes\.$"):
        make_plan(imported, quota=1, until=date(2027, 1, 1), slot_minutes=3, today=TODAY)
    # a 5-minute shift cannot serve one citizen, whatever the counters (they pool no minutes)
    with pytest.raises(CampaignError, match=r"The shift sáng is not long enough for one citizen \(5 minutes, one "
                                            r"citizen takes 10\)"):
        make_plan(imported, quota=1, until=date(2027, 1, 1), shifts="sáng=07:00-07:05,tối", counters=4,
                  minutes_per_citizen=10, today=TODAY)


def test_the_plan_learns_minutes_per_citizen_from_the_counter(imported: CampaignStore,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from workstation.storage import enrollments as module

    assert make_plan(imported, quota=10, until=date(2027, 1, 1), today=TODAY).minutes_source == "default"
    enrollments = EnrollmentStore(imported.sessions, imported.cipher)
    start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    for minutes in (4, 5, 6, 7, 30):             # the audit log's clock, as the counter's enrollments wrote it
        monkeypatch.setattr(module, "_now", lambda: start)
        draft = enrollments.new_draft("ca", f"00108501234{minutes % 10}", "x", simulated=True)
        monkeypatch.setattr(module, "_now", lambda m=minutes: start + timedelta(minutes=m))
        enrollments.complete(draft, f"00000000-0000-4000-8000-0000000000{minutes:02d}", b"p", "ca")
    assert measured_minutes(imported) == (6.0, 5)
    plan = make_plan(imported, quota=10, until=date(2027, 1, 1), today=TODAY)
    assert (plan.minutes_per_citizen, plan.minutes_source) == (6.0, "measured (median of 5)")
    save_plan(imported, plan)
    assert load_plan(imported) == plan

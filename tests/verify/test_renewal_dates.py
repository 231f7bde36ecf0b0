"""The BAC expiry candidates under both renewal rules (2014 law: 25/40/60; Law 26/2023: 14/25/40/60;
the MRZ expiry is the birthday in that year, ../shared/REFERENCE-CCCD.md), for every birth date from
1900 to 2030, 29 February included (it raised 'day is out of range for month' before)."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from workstation.verify.access_keys import expiry_candidates, keys_from_qr
from workstation.verify.qr import parse_qr


def _is_birthday_of(day: date, dob: date) -> bool:
    if (dob.month, dob.day) == (2, 29):
        return (day.month, day.day) in ((2, 29), (2, 28), (3, 1))
    return (day.month, day.day) == (dob.month, dob.day)


def _around_milestones(dob: date) -> list[date]:
    out = []
    for age in (14, 25, 40, 60):
        year = dob.year + age
        anchor = date(year, dob.month, 28 if (dob.month, dob.day) == (2, 29) else dob.day)
        out += [anchor - timedelta(days=d) for d in (1, 365 * 2 - 1, 365 * 2 + 1)] + [anchor + timedelta(days=1)]
    return out


def test_every_birth_date_from_1900_to_2030_gives_candidates() -> None:
    day, last = date(1900, 1, 1), date(2030, 12, 31)
    while day <= last:
        for issued in _around_milestones(day)[::3]:
            for candidate in expiry_candidates(day, issued):
                assert candidate is None or (_is_birthday_of(candidate, day) and candidate > issued), (day, issued)
        day += timedelta(days=1)


@settings(max_examples=400, deadline=None)
@given(dob=st.dates(date(1900, 1, 1), date(2030, 12, 31)), offset=st.integers(-800, 800),
       age=st.sampled_from([14, 25, 40, 60]))
def test_the_card_s_true_expiry_is_among_the_candidates(dob: date, offset: int, age: int) -> None:
    """A card of either law: the expiry is the first renewal age after the issue date, or the one
    after that when the card was issued within two years before it."""
    try:
        milestone = dob.replace(year=dob.year + age)
    except ValueError:
        milestone = date(dob.year + age, 3, 1)
    issued = milestone + timedelta(days=offset)
    if issued < dob + timedelta(days=365 * 6):
        return
    candidates = expiry_candidates(dob, issued)
    for ages in ((14, 25, 40, 60), (25, 40, 60)):
        expected = _reference(dob, issued, ages)
        assert expected is None and None in candidates or any(
            c is not None and abs((c - expected).days) <= 1 for c in candidates), (dob, issued, ages, candidates)


def _reference(dob: date, issued: date, ages: tuple[int, ...]) -> date | None:
    def birthday(age: int) -> date:
        try:
            return dob.replace(year=dob.year + age)
        except ValueError:
            return date(dob.year + age, 3, 1)
    for i, age in enumerate(ages):
        if issued < birthday(age):
            if issued >= birthday(age) - timedelta(days=730):
                return birthday(ages[i + 1]) if i + 1 < len(ages) else None
            return birthday(age)
    return None


def test_worked_examples_of_the_reference() -> None:
    assert expiry_candidates(date(1999, 1, 1), date(2023, 4, 15))[0] == date(2039, 1, 1)
    assert date(2038, 8, 18) in expiry_candidates(date(1998, 8, 18), date(2021, 5, 1))
    leap = expiry_candidates(date(2000, 2, 29), date(2024, 8, 1))          # issued at 24: to age 40 (2040)
    assert leap[0] == date(2040, 2, 29)
    odd = expiry_candidates(date(2000, 2, 29), date(2037, 1, 1))           # 2040 exists; 2060 too
    assert date(2060, 2, 29) in odd
    non_leap = expiry_candidates(date(1996, 2, 29), date(2019, 6, 1))      # to age 40: 2036 is a leap year
    assert date(2036, 2, 29) in non_leap
    born_1999 = expiry_candidates(date(1999, 3, 1), date(2023, 1, 1))
    assert date(2039, 3, 1) in born_1999


def test_a_citizen_born_on_29_february_gets_access_keys() -> None:
    qr = parse_qr("001096012345||Trần Văn Nhuận|29021996|Nam|Hà Nội|01062019")
    labels = [k.label for k in keys_from_qr(qr)]
    assert labels[0].startswith("CAN") and any("360229" in label for label in labels)

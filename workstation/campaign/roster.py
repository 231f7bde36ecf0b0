"""Who is due: each resident in one category on a given day, from the list, the door-to-door
outcomes, the counter's outcomes and this workstation's enrollments (matched by keyed hash)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.campaign.models import Resident, Village
from workstation.campaign.store import CampaignSettings
from workstation.storage.enrollments import ACKNOWLEDGED, COMPLETE, EXPORTED, SYNCED
from workstation.storage.models import Enrollment

SAVED_STATES = (COMPLETE, EXPORTED, SYNCED, ACKNOWLEDGED)
# categories, in the order they are decided
LEVEL2, ENROLLED, GONE, DECLINED, NO_CARD, REFUSED, UNDER_AGE, DUE = (
    "level2", "enrolled", "gone", "declined", "no_card", "refused", "under_age", "due")
NOT_DUE_DOOR = {"moved": GONE, "deceased": GONE, "declined": DECLINED, "no_card": NO_CARD}


def age(resident: Resident, day: date) -> int:
    return day.year - resident.birth_year - ((day.month * 100 + day.day) < resident.birth_doy)


def enrolled_keys(session: Session) -> set[str]:
    """Keyed hashes of the citizens this workstation has saved an enrollment for."""
    return set(session.scalars(select(Enrollment.citizen_key).where(
        Enrollment.state.in_(SAVED_STATES), Enrollment.citizen_key.is_not(None))))


@dataclass(frozen=True)
class Flags:
    category: str
    elderly: bool
    disabled: bool
    bedridden: bool

    @property
    def priority(self) -> bool:
        """Invited first (or to the mobile team): elderly, disabled, bedridden."""
        return self.elderly or self.disabled or self.bedridden


def category_of(id_key: str, birth_year: int, birth_doy: int, level2: bool, outcome: str | None, door: str | None,
                settings: CampaignSettings, day: date, enrolled: set[str]) -> str:
    """The one category of a resident, from its columns (progress reads columns, not objects)."""
    if level2:
        return LEVEL2
    if outcome == "enrolled" or id_key in enrolled:
        return ENROLLED
    if door in NOT_DUE_DOOR:
        return NOT_DUE_DOOR[door]
    if outcome == "refused":
        return REFUSED
    if day.year - birth_year - ((day.month * 100 + day.day) < birth_doy) < settings.min_age:
        return UNDER_AGE
    return DUE


def category_sql(settings: CampaignSettings, day: date):  # noqa: ANN201 - a SQL expression
    """category_of as one SQL CASE (the same order of rules), for counting in the database."""
    from sqlalchemy import case, exists, literal, or_

    saved = exists().where(Enrollment.citizen_key == Resident.id_key, Enrollment.state.in_(SAVED_STATES))
    years = literal(day.year) - Resident.birth_year - case(
        (Resident.birth_doy > day.month * 100 + day.day, 1), else_=0)
    return case(
        (Resident.level2.is_(True), LEVEL2),
        (or_(Resident.outcome == "enrolled", saved), ENROLLED),
        *((Resident.door == door, category) for door, category in NOT_DUE_DOOR.items()),
        (Resident.outcome == "refused", REFUSED),
        (years < settings.min_age, UNDER_AGE),
        else_=DUE)


def counts_by_village(session: Session, settings: CampaignSettings, day: date) -> dict[str, dict[str, int]]:
    """{village: {category: residents}} counted in the database (every village, even an empty one)."""
    from sqlalchemy import func

    counts = {name: dict.fromkeys(CATEGORIES, 0) for name in session.scalars(select(Village.name))}
    category = category_sql(settings, day).label("category")
    for village, kind, count in session.execute(
            select(Resident.village, category, func.count()).group_by(Resident.village, category)):
        counts[village][kind] = count
    return counts


def classify(resident: Resident, settings: CampaignSettings, day: date, enrolled: set[str]) -> Flags:
    category = category_of(resident.id_key, resident.birth_year, resident.birth_doy, resident.level2,
                           resident.outcome, resident.door, settings, day, enrolled)
    return Flags(category, age(resident, day) >= settings.elderly_age, resident.disabled, resident.bedridden)


CATEGORIES = (DUE, UNDER_AGE, LEVEL2, ENROLLED, GONE, DECLINED, NO_CARD, REFUSED)


def roster(store, village: str | None = None, category: str | None = None, names: bool = False,  # noqa: ANN001
           day: date | None = None) -> dict[str, object]:
    """Counts per category (and `home_visit`: due and bedridden, or proposed after missed
    invitations); with `names`, the people themselves, decrypted, for the officer's round."""
    from workstation.campaign.errors import CampaignError

    settings = store.require_settings()
    day = day or date.today()
    if category is not None and category not in (*CATEGORIES, "home_visit"):
        raise CampaignError(f"Không có nhóm '{category}'; chọn: {', '.join((*CATEGORIES, 'home_visit'))}.",
                            f"No category '{category}'; one of: {', '.join((*CATEGORIES, 'home_visit'))}.")
    people: list[dict[str, object]] = []
    with store.sessions() as session:
        name = store.village_named(session, village).name if village is not None else None
        by_village = counts_by_village(session, settings, day)
        counts = {c: sum(v[c] for n, v in by_village.items() if name is None or n == name) for c in CATEGORIES}
        query = select(Resident).where(Resident.bedridden.is_(True) | Resident.home_visit.is_(True))
        if names:
            query = select(Resident).order_by(Resident.village, Resident.household_key, Resident.id)
        if name is not None:
            query = query.where(Resident.village == name)
        enrolled = enrolled_keys(session)
        counts["home_visit"] = 0
        for resident in session.scalars(query):
            flags = classify(resident, settings, day, enrolled)
            home = flags.category == DUE and (resident.bedridden or resident.home_visit)
            counts["home_visit"] += home
            if names and (category is None or category == flags.category or (category == "home_visit" and home)):
                person = store.person(resident)
                people.append({"village": resident.village, "name": person.full_name, "age": age(resident, day),
                               "category": flags.category, "elderly": flags.elderly, "disabled": resident.disabled,
                               "bedridden": resident.bedridden, "home_visit": home, "door": resident.door,
                               "phone": person.phone})
    out: dict[str, object] = {"day": day.isoformat(), "village": village, "counts": counts}
    if names:
        out["people"] = people
    return out


def village_table(store, day: date | None = None) -> list[dict[str, object]]:  # noqa: ANN001
    settings = store.require_settings()
    with store.sessions() as session:
        counts = counts_by_village(session, settings, day or date.today())
        return [{"village": v.name, "officer": v.officer, "quota": v.quota, "residents": sum(counts[v.name].values()),
                 "due": counts[v.name][DUE]} for v in session.scalars(select(Village).order_by(Village.name))]

"""Independent review of issue 7 fix 7 (helper `legalreview`): the guard's last day of the
waiting period, computed by hand for chains the guard's own tests do not cover.

Hand count (wvp-timeline §0, §2.1 rules 2, 4 and 5): the last day of the waiting period is the
728th sick day; Wazo leave days on a bridge are neither sick nor fit, so they push it on.
"""

from __future__ import annotations

import datetime as dt

import pytest

from poortwachter.errors import InvalidTransitionError
from poortwachter.events import EventBase, parse_events
from poortwachter.workflows import CaseStatus, apply, fold

CASE = "case-review"


def _status(events: list[dict[str, object]]) -> CaseStatus:
    return fold(parse_events(events), case_id=CASE)


def _sanction(day: dt.date, weeks: int = 6) -> list[EventBase]:
    return parse_events([{"type": "wage_sanction_imposed", "effective": day, "weeks": weeks}])


#: Sick Mon 2025-06-02 .. Sun 2025-09-14 (105 days), Wazo leave Mon 2025-09-15 .. Sun 2026-01-04
#: (112 days), sick again Mon 2026-01-05 with the same cause (the bridge): day(728) =
#: 2026-01-05 + (728 - 105 - 1) = Sun 2027-09-19.
BRIDGE = [
    {"type": "sick_reported", "effective": dt.date(2025, 6, 2)},
    {"type": "maternity_leave", "effective": dt.date(2025, 9, 15), "end": dt.date(2026, 1, 4)},
    {"type": "sick_reported", "effective": dt.date(2026, 1, 5), "same_cause_as_before": True},
]
#: Sick from the leap day Thu 2024-02-29: day(728) = F + 727 = Wed 2026-02-25.
LEAP = [{"type": "sick_reported", "effective": dt.date(2024, 2, 29)}]


@pytest.mark.parametrize(
    ("events", "last"),
    [(BRIDGE, dt.date(2027, 9, 19)), (LEAP, dt.date(2026, 2, 25))],
    ids=["wazo-bridge", "leap-day"],
)
def test_a_sanction_is_accepted_on_the_last_day_and_refused_the_day_after(
    events: list[dict[str, object]], last: dt.date
) -> None:
    (on_last,) = _sanction(last)
    apply(_status(events), on_last, case_id=CASE)
    (too_late,) = _sanction(last + dt.timedelta(days=1))
    with pytest.raises(InvalidTransitionError) as info:
        apply(_status(events), too_late, case_id=CASE)
    assert last.isoformat() in info.value.reason


def test_an_extension_of_13_weeks_moves_the_limit_by_91_days() -> None:
    extended = [*LEAP, {"type": "waiting_period_extended", "effective": "2026-01-05", "weeks": 13}]
    last = dt.date(2026, 2, 25) + dt.timedelta(days=91)  # Wed 2026-05-27
    (on_last,) = _sanction(last)
    apply(_status(extended), on_last, case_id=CASE)
    (too_late,) = _sanction(last + dt.timedelta(days=1))
    with pytest.raises(InvalidTransitionError):
        apply(_status(extended), too_late, case_id=CASE)
